/** The settings of the analysis: rule severities and thresholds, and the size limits. */
import type { Severity } from './diagnostics';
import { isRuleCode, RULE_CODES, RULES, type RuleCode } from './rules';

export type RuleSeverity = Severity | 'off';

export interface RuleSetting {
  readonly severity: RuleSeverity;
  /** The share of the network's total a layer (or the dense layers) must pass: 0.25 is 25%. */
  readonly share?: number;
  /** The least count, besides the share, for the rule to fire. */
  readonly minimum?: number;
}

export interface Settings {
  readonly rules: Readonly<Record<RuleCode, RuleSetting>>;
  /** The most layers a network may expand to, blocks and repeats included. */
  readonly maxLayers: number;
  /** The deepest block uses may nest. */
  readonly maxDepth: number;
}

/** A rule's defaults, from its definition: `severity`, then its thresholds (`share`, `minimum`). */
function ruleDefaults(rule: (typeof RULES)[number]): RuleSetting {
  const { share, minimum } = rule.thresholds;
  return {
    severity: rule.severity,
    ...(share !== undefined ? { share: share.default } : {}),
    ...(minimum !== undefined ? { minimum: minimum.default } : {}),
  };
}

export const DEFAULT_SETTINGS: Settings = {
  rules: Object.fromEntries(RULES.map((rule) => [rule.code, ruleDefaults(rule)])) as Record<RuleCode, RuleSetting>,
  maxLayers: 1_000_000,
  maxDepth: 64,
};

/** What a rule's severity may be set to, in the order messages and the editor list them. */
export const SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];

/** `"info"` and `"warn"` as eslint users write them, besides the LSP names. */
function parseSeverity(value: unknown): RuleSeverity | undefined {
  if (typeof value !== 'string') return undefined;
  const normal = value === 'warn' ? 'warning' : value === 'info' ? 'information' : value;
  return SEVERITIES.includes(normal as RuleSeverity) ? (normal as RuleSeverity) : undefined;
}

export interface SettingsInput {
  /** Checked here: a config file may hold anything, such as `"rules": 5`. */
  rules?: unknown;
  maxLayers?: unknown;
  maxDepth?: unknown;
}

/**
 * A setting that was not understood. `path` names it (`["rules", "heavy-layer", "share"]`)
 * so that a config file can point at it; `about` says whether its key or its value is wrong.
 */
export interface SettingsProblem {
  readonly message: string;
  readonly path: readonly string[];
  readonly about: 'key' | 'value';
}

/** The largest whole number a JSON number holds exactly: thresholds stop there. */
const LARGEST = Number.MAX_SAFE_INTEGER;

/** The keys a rule's object takes: `share` and `minimum` only where the rule has thresholds. */
function ruleKeys(code: RuleCode): readonly string[] {
  const defaults = DEFAULT_SETTINGS.rules[code];
  return ['severity', ...(defaults.share !== undefined ? ['share'] : []), ...(defaults.minimum !== undefined ? ['minimum'] : [])];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges user settings over a base. A rule is set by a severity (`"warning"`, `"off"`) or
 * an object (`{"severity": "warning", "share": 0.3, "minimum": 2000000}`). Returns the
 * settings and a problem for each entry that was not understood; such an entry is not applied.
 */
export function mergeSettings(base: Settings, input: SettingsInput): { settings: Settings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const problem = (path: readonly string[], message: string, about: 'key' | 'value' = 'value') => problems.push({ message, path, about });
  const rules: Record<RuleCode, RuleSetting> = { ...base.rules };
  if (input.rules !== undefined && !isPlainObject(input.rules)) {
    problem(['rules'], `'rules' must be an object, such as {"heavy-layer": "off"}`);
  }
  for (const [code, value] of Object.entries(isPlainObject(input.rules) ? input.rules : {})) {
    const path = ['rules', code];
    if (!isRuleCode(code)) {
      problem(path, `unknown rule '${code}' (rules: ${RULE_CODES.join(', ')})`, 'key');
      continue;
    }
    const asSeverity = parseSeverity(value);
    if (asSeverity) {
      rules[code] = { ...rules[code], severity: asSeverity };
      continue;
    }
    if (!isPlainObject(value)) {
      problem(path, `rule '${code}': expected a severity (${SEVERITIES.join(', ')}) or an object`);
      continue;
    }
    let merged: RuleSetting = { ...rules[code] };
    const keys = ruleKeys(code);
    for (const key of Object.keys(value)) {
      if (keys.includes(key)) continue;
      const threshold = key === 'share' || key === 'minimum';
      problem(
        [...path, key],
        threshold
          ? `rule '${code}' has no threshold: '${key}' does not apply to it (keys: ${keys.join(', ')})`
          : `rule '${code}': unknown key '${key}' (keys: ${keys.join(', ')})`,
        'key',
      );
    }
    if (value['severity'] !== undefined) {
      const severity = parseSeverity(value['severity']);
      if (severity) merged = { ...merged, severity };
      else problem([...path, 'severity'], `rule '${code}': severity must be one of ${SEVERITIES.join(', ')}`);
    }
    if (value['share'] !== undefined && keys.includes('share')) {
      const share = value['share'];
      if (typeof share === 'number' && share >= 0 && share <= 1) merged = { ...merged, share };
      else problem([...path, 'share'], `rule '${code}': share must be a number from 0 to 1`);
    }
    if (value['minimum'] !== undefined && keys.includes('minimum')) {
      const minimum = wholeNumber(value['minimum'], 0);
      if (minimum !== undefined) merged = { ...merged, minimum };
      else problem([...path, 'minimum'], `rule '${code}': minimum must be a whole number from 0 to ${LARGEST}`);
    }
    rules[code] = merged;
  }
  const limit = (name: 'maxLayers' | 'maxDepth'): number => {
    if (input[name] === undefined) return base[name];
    const value = wholeNumber(input[name], 1);
    if (value !== undefined) return value;
    problem([name], `${name} must be a whole number from 1 to ${LARGEST}`);
    return base[name];
  };
  const maxLayers = limit('maxLayers');
  const maxDepth = limit('maxDepth');
  return { settings: { rules, maxLayers, maxDepth }, problems };
}

function wholeNumber(value: unknown, least: number): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= least ? value : undefined;
}
