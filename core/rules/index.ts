/**
 * The lint rules, one module each, and the one walk that runs them. The list's order is
 * the rules' order everywhere: `RULE_CODES`, the settings, the docs' index, and which of
 * two diagnostics at one place comes first.
 */
import { ERROR_CODES, type Diagnostic, type Severity } from '../diagnostics';
import { forEachLeaf, type LayerNode, type NetworkAnalysis } from '../expand';
import type { Settings } from '../settings';
import { costlyLayer } from './costly-layer';
import { fcDominant } from './fc-dominant';
import { heavyLayer } from './heavy-layer';
import { largeKernel } from './large-kernel';
import { lossyStride } from './lossy-stride';
import type { RuleDefinition, RuleWalk } from './rule';
import { unused } from './unused';

export const RULES = [heavyLayer, fcDominant, costlyLayer, largeKernel, lossyStride, unused] as const;

export type RuleCode = (typeof RULES)[number]['code'];

/** Codes that are lint rules: their severity and thresholds are settings. */
export const RULE_CODES: readonly RuleCode[] = RULES.map((rule) => rule.code);

/** Every diagnostic code: the errors', then the rules'. */
export const DIAGNOSTIC_CODES = [...ERROR_CODES, ...RULE_CODES] as const;

export function isRuleCode(code: string): code is RuleCode {
  return (RULE_CODES as readonly string[]).includes(code);
}

const BY_CODE: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((rule) => [rule.code, rule]));

/** The rule of a diagnostic code; undefined for an error's. */
export const findRule = (code: string): RuleDefinition | undefined => BY_CODE.get(code);

/** The rules the walk runs, in order. */
const WALKED = RULES.flatMap((rule) => (rule.walk ? [{ code: rule.code, walk: rule.walk }] : []));

interface Running {
  readonly walk: RuleWalk<unknown>;
  readonly state: unknown;
  readonly severity: Severity;
}

/**
 * Lints one network: one walk over its leaves, in which each rule that is on looks at
 * each leaf and keeps what it needs, then each rule words its diagnostics.
 */
export function lintNetwork(network: NetworkAnalysis, settings: Settings): Diagnostic[] {
  if (!network.complete) return [];
  const running: Running[] = [];
  for (const { code, walk } of WALKED) {
    const setting = settings.rules[code];
    if (setting.severity === 'off') continue;
    const state = walk.start(network, setting);
    if (state !== undefined) running.push({ walk, state, severity: setting.severity });
  }
  const visiting = running.filter((rule) => rule.walk.visit !== undefined);
  if (visiting.length > 0) {
    // One closure for the network, none per leaf.
    forEachLeaf(network.layers, (leaf: LayerNode, path: string, top: LayerNode) => {
      for (let i = 0; i < visiting.length; i++) {
        const rule = visiting[i]!;
        rule.walk.visit!(rule.state, leaf, path, top);
      }
    });
  }
  // Concatenated, not pushed with a spread: a spread of 130,000 items overflows the stack.
  return running.map((rule) => rule.walk.finish(rule.state, network, rule.severity)).flat();
}
