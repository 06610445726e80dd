/** The settings of the analysis: rule severities and thresholds, and the size limits. */
import { isRuleCode, RULE_CODES, type RuleCode, type Severity } from './diagnostics';

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

export const DEFAULT_SETTINGS: Settings = {
  rules: {
    'heavy-layer': { severity: 'warning', share: 0.25, minimum: 1_000_000 },
    'fc-dominant': { severity: 'warning', share: 0.5, minimum: 1_000_000 },
    'costly-layer': { severity: 'information', share: 0.25, minimum: 100_000_000 },
    'large-kernel': { severity: 'information' },
    'lossy-stride': { severity: 'information' },
    unused: { severity: 'warning' },
  },
  maxLayers: 1_000_000,
  maxDepth: 64,
};

const SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];

/** `"info"` and `"warn"` as eslint users write them, besides the LSP names. */
function parseSeverity(value: unknown): RuleSeverity | undefined {
  if (typeof value !== 'string') return undefined;
  const normal = value === 'warn' ? 'warning' : value === 'info' ? 'information' : value;
  return SEVERITIES.includes(normal as RuleSeverity) ? (normal as RuleSeverity) : undefined;
}

export interface SettingsInput {
  rules?: Record<string, unknown>;
  maxLayers?: unknown;
  maxDepth?: unknown;
}

/**
 * Merges user settings over a base. A rule is set by a severity (`"warning"`, `"off"`) or
 * an object (`{"severity": "warning", "share": 0.3, "minimum": 2000000}`). Returns the
 * settings and a message for each entry that was not understood.
 */
export function mergeSettings(base: Settings, input: SettingsInput): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const rules: Record<RuleCode, RuleSetting> = { ...base.rules };
  for (const [code, value] of Object.entries(input.rules ?? {})) {
    if (!isRuleCode(code)) {
      problems.push(`unknown rule '${code}' (rules: ${RULE_CODES.join(', ')})`);
      continue;
    }
    const asSeverity = parseSeverity(value);
    if (asSeverity) {
      rules[code] = { ...rules[code], severity: asSeverity };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`rule '${code}': expected a severity (${SEVERITIES.join(', ')}) or an object`);
      continue;
    }
    const entry = value as Record<string, unknown>;
    let merged: RuleSetting = { ...rules[code] };
    if (entry['severity'] !== undefined) {
      const severity = parseSeverity(entry['severity']);
      if (severity) merged = { ...merged, severity };
      else problems.push(`rule '${code}': severity must be one of ${SEVERITIES.join(', ')}`);
    }
    if (entry['share'] !== undefined) {
      const share = entry['share'];
      if (typeof share === 'number' && share >= 0 && share <= 1) merged = { ...merged, share };
      else problems.push(`rule '${code}': share must be a number from 0 to 1`);
    }
    if (entry['minimum'] !== undefined) {
      const minimum = entry['minimum'];
      if (typeof minimum === 'number' && Number.isSafeInteger(minimum) && minimum >= 0) merged = { ...merged, minimum };
      else problems.push(`rule '${code}': minimum must be a whole number ≥ 0`);
    }
    rules[code] = merged;
  }
  const maxLayers = positiveInteger(input.maxLayers, 'maxLayers', problems) ?? base.maxLayers;
  const maxDepth = positiveInteger(input.maxDepth, 'maxDepth', problems) ?? base.maxDepth;
  return { settings: { rules, maxLayers, maxDepth }, problems };
}

function positiveInteger(value: unknown, name: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  problems.push(`${name} must be a whole number ≥ 1`);
  return undefined;
}
