/**
 * The settings are written in three places: core's DEFAULT_SETTINGS (what runs), the
 * editor's `contributes.configuration` in package.json, and the schema of `.netlintrc.json`
 * that the extension ships. They must say the same. The rules' part of the last two, and
 * the index of docs/rules.md, are written from the rule registry (`npm run rules`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, DIAGNOSTIC_CODES, findRule, mayHaveFixes, parseConfig, RULE_CODES, RULES, type Diagnostic, type RuleCode } from '../core';
import { GENERATED, renderRulesIndex } from '../manifest/rules';
import { repoRoot } from './helpers/paths';

interface Property {
  readonly type?: string;
  readonly default?: unknown;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly scope?: string;
  readonly properties?: Record<string, Property>;
  readonly anyOf?: readonly Property[];
  readonly $ref?: string;
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const configuration: Record<string, Property> = manifest.contributes.configuration.properties;
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'netlintrc.schema.json'), 'utf8'));

/** Every rule setting as `code.key = default`, from core. */
const fromCore = RULE_CODES.flatMap((code) => Object.entries(DEFAULT_SETTINGS.rules[code]).map(([key, value]) => `${code}.${key} = ${value}`));

test('package.json: one resource-scoped setting per rule key, with core’s default', () => {
  const rules = Object.entries(configuration)
    .filter(([name]) => name.startsWith('netlint.rules.'))
    .map(([name, property]) => `${name.slice('netlint.rules.'.length)} = ${property.default}`);
  assert.deepEqual(rules.sort(), [...fromCore].sort());
  assert.equal(configuration['netlint.maxLayers']!.default, DEFAULT_SETTINGS.maxLayers);
  for (const [name, property] of Object.entries(configuration)) assert.equal(property.scope, 'resource', name);
});

test('the schema: every rule, its keys and defaults as core has them', () => {
  const rules: Record<string, Property> = schema.properties.rules.properties;
  assert.deepEqual(Object.keys(rules), [...RULE_CODES]);
  const fromSchema = Object.entries(rules).flatMap(([code, rule]) => {
    const object = rule.anyOf!.find((form) => form.type === 'object')!;
    assert.equal(rule.default, object.properties!['severity']!.default, code);
    return Object.entries(object.properties!).map(([key, property]) => `${code}.${key} = ${property.default}`);
  });
  assert.deepEqual(fromSchema, fromCore);
  assert.equal(schema.properties.maxLayers.default, DEFAULT_SETTINGS.maxLayers);
  assert.equal(schema.properties.maxDepth.default, DEFAULT_SETTINGS.maxDepth);
  assert.deepEqual(Object.keys(schema.properties), ['$schema', 'rules', 'maxLayers', 'maxDepth']);
  assert.equal(schema.additionalProperties, false);
});

test('the schema’s severities and ranges are those the core accepts', () => {
  const severities: string[] = schema.definitions.severity.enum;
  for (const severity of severities) assert.deepEqual(parseConfig(`{"rules": {"unused": "${severity}"}}`).problems, [], severity);
  assert.equal(parseConfig('{"rules": {"unused": "loud"}}').problems.length, 1);
  const heavy = schema.properties.rules.properties['heavy-layer'].anyOf[1].properties;
  assert.deepEqual([heavy.share.minimum, heavy.share.maximum, heavy.minimum.minimum, heavy.minimum.maximum], [0, 1, 0, Number.MAX_SAFE_INTEGER]);
  assert.deepEqual(parseConfig(`{"rules": {"heavy-layer": {"share": 1, "minimum": ${Number.MAX_SAFE_INTEGER}}}}`).problems, []);
  assert.equal(parseConfig(`{"rules": {"heavy-layer": {"minimum": ${Number.MAX_SAFE_INTEGER + 1}}}}`).problems.length, 1);
});

test('the extension validates .netlintrc.json with the schema it ships', () => {
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.netlintrc.json', url: './schemas/netlintrc.schema.json' }]);
});

test('package.json, the schema and docs/rules.md hold what core/rules/ writes', () => {
  for (const { path, render } of GENERATED) {
    const committed = readFileSync(join(repoRoot, path), 'utf8');
    assert.equal(committed, render(committed), `${path} drifted from core/rules/: run npm run rules`);
  }
});

test('npm run rules -- --check finds every generated part up to date', () => {
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'generate-rules.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, 'package.json is up to date\nschemas/netlintrc.schema.json is up to date\ndocs/rules.md is up to date\n');
  assert.equal(run.status, 0);
});

test('the registry: the codes, the defaults, the index and which rules have fixes, in its order', () => {
  assert.deepEqual(
    RULES.map((rule) => rule.code),
    ['heavy-layer', 'fc-dominant', 'costly-layer', 'large-kernel', 'lossy-stride', 'unused'],
  );
  assert.deepEqual(
    RULE_CODES,
    RULES.map((rule) => rule.code),
  );
  assert.deepEqual(DIAGNOSTIC_CODES.slice(-RULES.length), RULE_CODES);
  assert.deepEqual(Object.keys(DEFAULT_SETTINGS.rules), RULE_CODES);
  assert.deepEqual(DEFAULT_SETTINGS.rules['heavy-layer'], { severity: 'warning', share: 0.25, minimum: 1_000_000 });
  assert.deepEqual(DEFAULT_SETTINGS.rules['unused'], { severity: 'warning' });
  // Only the rules that list fixes ask for the work of finding them; unused has no walk.
  const withFixes = (code: RuleCode) => mayHaveFixes({ code, target: { network: 'N', path: 'x', statement: 'x' } } as Diagnostic);
  assert.deepEqual(RULE_CODES.filter(withFixes), ['heavy-layer', 'fc-dominant', 'costly-layer', 'large-kernel']);
  assert.deepEqual(
    RULE_CODES.filter((code) => !findRule(code)!.walk),
    ['unused'],
  );
  assert.equal(findRule('shape'), undefined);
  assert.equal(
    renderRulesIndex(),
    [
      '- Errors: [syntax](#syntax), [unknown-op](#unknown-op), [bad-argument](#bad-argument),',
      '  [unknown-name](#unknown-name), [duplicate-name](#duplicate-name), [shape](#shape),',
      '  [recursive-block](#recursive-block), [limit](#limit), [not-text](#not-text).',
      '- Lint rules: [heavy-layer](#heavy-layer), [fc-dominant](#fc-dominant),',
      '  [costly-layer](#costly-layer), [large-kernel](#large-kernel),',
      '  [lossy-stride](#lossy-stride), [unused](#unused).',
    ].join('\n'),
  );
});

test('manifest/ reads core/, and core/ reads nothing of manifest/', () => {
  const importsOf = (folder: string): string[] =>
    readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [...readFileSync(join(repoRoot, folder, name), 'utf8').matchAll(/ from '([^']+)'/g)].map((m) => `${folder}/${name} → ${m[1]}`));
  assert.deepEqual(
    importsOf('core').filter((line) => line.includes('manifest')),
    [],
  );
  assert.deepEqual(
    importsOf('manifest').filter((line) => !line.includes('../core/')),
    [],
  );
});
