/**
 * The parts of the extension's files that the rule registry (core/rules/) writes, so that
 * a rule is described once: the `netlint.rules.*` settings in package.json
 * `contributes.configuration`, the rules of the `.netlintrc.json` schema, and the index of
 * codes in docs/rules.md (between its `rules:start` and `rules:end` markers). This folder
 * reads the core, never the other way. scripts/generate-rules.mjs (`npm run rules`)
 * writes the files; test/settings-drift.test.ts checks them against this code.
 */
import { ERROR_CODES } from '../core/diagnostics';
import { RULES } from '../core/rules';
import type { RuleDefinition } from '../core/rules/rule';
import { SEVERITIES } from '../core/settings';

const DOCS = 'https://github.com/netlint/netlint/blob/main/docs/rules.md';
const SETTING_PREFIX = 'netlint.rules.';

/** The largest whole number a JSON number holds exactly: what the core accepts as a minimum. */
const LARGEST = Number.MAX_SAFE_INTEGER;

const severityDoc = (rule: RuleDefinition): string => `Severity of [\`${rule.code}\`](${DOCS}#${rule.code}): ${rule.summary} \`off\` silences it.`;

/** The editor's settings of one rule: its severity, then its thresholds, each for one resource. */
function ruleSettings(rule: RuleDefinition): [string, object][] {
  const name = `${SETTING_PREFIX}${rule.code}`;
  const { share, minimum } = rule.thresholds;
  const settings: [string, object][] = [
    [`${name}.severity`, { type: 'string', enum: SEVERITIES, default: rule.severity, scope: 'resource', markdownDescription: severityDoc(rule) }],
  ];
  if (share)
    settings.push([`${name}.share`, { type: 'number', minimum: 0, maximum: 1, default: share.default, scope: 'resource', markdownDescription: share.doc }]);
  if (minimum)
    settings.push([`${name}.minimum`, { type: 'integer', minimum: 0, default: minimum.default, scope: 'resource', markdownDescription: minimum.doc }]);
  return settings;
}

/**
 * package.json with its `netlint.rules.*` settings written from the registry, where the
 * first of them stood (or first), the other settings as they are.
 */
export function renderPackageJson(text: string): string {
  const manifest = JSON.parse(text);
  const properties: Record<string, object> = manifest.contributes.configuration.properties;
  const entries = Object.entries(properties);
  const at = Math.max(
    0,
    entries.findIndex(([name]) => name.startsWith(SETTING_PREFIX)),
  );
  const others = entries.filter(([name]) => !name.startsWith(SETTING_PREFIX));
  const rules = RULES.flatMap((rule: RuleDefinition) => ruleSettings(rule));
  manifest.contributes.configuration.properties = Object.fromEntries([...others.slice(0, at), ...rules, ...others.slice(at)]);
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** A rule in the schema: a severity, or an object with `severity` and its thresholds. */
function ruleSchema(rule: RuleDefinition): object {
  const { share, minimum } = rule.thresholds;
  const severity = { $ref: '#/definitions/severity' };
  return {
    markdownDescription: severityDoc(rule),
    default: rule.severity,
    anyOf: [
      severity,
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          severity: { ...severity, default: rule.severity },
          ...(share ? { share: { type: 'number', minimum: 0, maximum: 1, default: share.default, markdownDescription: share.doc } } : {}),
          ...(minimum ? { minimum: { type: 'integer', minimum: 0, maximum: LARGEST, default: minimum.default, markdownDescription: minimum.doc } } : {}),
        },
      },
    ],
  };
}

/** The `.netlintrc.json` schema with its `rules` written from the registry. */
export function renderSchema(text: string): string {
  const schema = JSON.parse(text);
  schema.properties.rules.properties = Object.fromEntries(RULES.map((rule: RuleDefinition) => [rule.code, ruleSchema(rule)]));
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export const INDEX_START = '<!-- rules:start';
export const INDEX_END = '<!-- rules:end -->';
const START_LINE = `${INDEX_START}: written by npm run rules from core/diagnostics.ts and core/rules/ -->`;

/** The docs' width: a list item's words wrapped at 90 columns, its later lines indented by two. */
function listItem(words: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= 90) line += ` ${word}`;
    else {
      lines.push(line);
      line = `  ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

const codeLinks = (label: string, codes: readonly string[]): string =>
  listItem(['-', `${label}:`, ...codes.map((code, i) => `[${code}](#${code})${i === codes.length - 1 ? '.' : ','}`)]);

/** The index of docs/rules.md: every code, linked to its section, errors first. */
export function renderRulesIndex(): string {
  return [
    codeLinks('Errors', ERROR_CODES),
    codeLinks(
      'Lint rules',
      RULES.map((rule: RuleDefinition) => rule.code),
    ),
  ].join('\n');
}

/** docs/rules.md with the index between its markers written from the registry. */
export function renderRulesDoc(text: string): string {
  const start = text.indexOf(INDEX_START);
  const end = text.indexOf(INDEX_END);
  if (start < 0 || end < start) throw new Error(`docs/rules.md has no '${INDEX_START} … -->' and '${INDEX_END}' lines around its index`);
  return `${text.slice(0, start)}${START_LINE}\n${renderRulesIndex()}\n${text.slice(end)}`;
}

/** Each file the registry writes part of, by its path from the repository's root. */
export const GENERATED: readonly { readonly path: string; readonly render: (text: string) => string }[] = [
  { path: 'package.json', render: renderPackageJson },
  { path: 'schemas/netlintrc.schema.json', render: renderSchema },
  { path: 'docs/rules.md', render: renderRulesDoc },
];
