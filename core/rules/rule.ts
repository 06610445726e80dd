/**
 * What a lint rule is: one definition in one module of this folder, which everything that
 * knows about rules reads (the walk in `lintNetwork`, the settings and their checks, the
 * fixes, and by `npm run rules` the editor's settings, the config schema and the index of
 * `docs/rules.md`). See "Adding a rule" in ARCHITECTURE.md.
 */
import type { Diagnostic, Severity } from '../diagnostics';
import type { LayerNode, NetworkAnalysis } from '../expand';
import type { FixMaker } from '../rewrites';
import type { RuleSetting } from '../settings';
import { span } from '../text';
import type { RuleCode } from './index';

/** A threshold's default, and what it means, for the editor's settings and the schema. */
export interface Threshold {
  readonly default: number;
  readonly doc: string;
}

/**
 * The thresholds a rule takes besides its severity: `share` (of the network's total, 0 to
 * 1) and `minimum` (a whole count), as `RuleSetting` has them.
 */
export interface Thresholds {
  readonly share?: Threshold;
  readonly minimum?: Threshold;
}

/**
 * How a rule looks at one network that analysed without errors, in the one walk over its
 * layers that all rules share: a walk over 100,000 layers costs a cache miss per layer.
 * `visit` runs for each op layer (a leaf: inside blocks and repeats too), in order; it
 * allocates only for a layer it keeps.
 */
export interface RuleWalk<State> {
  /** Before the walk: what the rule keeps while it looks, or undefined when it cannot fire on this network. */
  readonly start: (network: NetworkAnalysis, setting: RuleSetting) => State | undefined;
  /** Each leaf with its path (`inc3a.b1`) and the layer of the network body that holds it; absent for a rule about the network alone. */
  readonly visit?: (state: State, leaf: LayerNode, path: string, top: LayerNode) => void;
  /** After the walk: the rule's diagnostics, at the severity the settings give it. */
  readonly finish: (state: State, network: NetworkAnalysis, severity: Severity) => readonly Diagnostic[];
}

export interface RuleSpec<Code extends string, State> {
  readonly code: Code;
  /** What it reports, for the editor's settings and the schema: "Severity of `code`: <summary> `off` silences it." */
  readonly summary: string;
  readonly severity: Severity;
  readonly thresholds?: Thresholds;
  /** How the walk finds it; absent for a rule checked elsewhere, which `checkedIn` names. */
  readonly walk?: RuleWalk<State>;
  readonly checkedIn?: string;
  /** The rewrites its diagnostics may offer, in the order they are listed. */
  readonly fixes?: readonly FixMaker[];
}

export interface RuleDefinition<Code extends string = string> {
  readonly code: Code;
  readonly summary: string;
  readonly severity: Severity;
  readonly thresholds: Thresholds;
  readonly walk: RuleWalk<unknown> | undefined;
  readonly checkedIn: string | undefined;
  readonly fixes: readonly FixMaker[];
}

/** A rule's definition; its walk's state is its own business. */
export function defineRule<Code extends string, State>(spec: RuleSpec<Code, State>): RuleDefinition<Code> {
  return {
    code: spec.code,
    summary: spec.summary,
    severity: spec.severity,
    thresholds: spec.thresholds ?? {},
    walk: spec.walk as RuleWalk<unknown> | undefined,
    checkedIn: spec.checkedIn,
    fixes: spec.fixes ?? [],
  };
}

/** The two thresholds of a rule about shares, worded alike for each rule. */
export function shareThresholds(code: string, share: number, minimum: number): Thresholds {
  return {
    share: { default: share, doc: `The share of the network total that \`${code}\` looks for, from 0 to 1 (\`${share}\` is ${share * 100}%).` },
    minimum: { default: minimum, doc: `The least count for \`${code}\` to fire, besides the share: small networks are left alone.` },
  };
}

/**
 * A rule's share and minimum as one test, worked out once per network, not per layer:
 * `part > share · whole`, exactly with the share taken to a millionth, is
 * `part · 10⁶ > s · whole`, which for an integer part is `part > ⌊s · whole / 10⁶⌋`.
 */
export interface Passing {
  readonly above: bigint;
  readonly minimum: bigint;
}

export function passing(whole: bigint, setting: RuleSetting): Passing {
  return {
    above: (BigInt(Math.round((setting.share ?? 0) * 1_000_000)) * whole) / 1_000_000n,
    minimum: BigInt(setting.minimum ?? 0),
  };
}

export const passes = (test: Passing, part: bigint): boolean => part > test.above && part >= test.minimum;

/** A leaf a rule keeps, with where it stands. */
export interface Leaf {
  readonly leaf: LayerNode;
  readonly path: string;
  readonly top: LayerNode;
}

/** Rules about a layer report at the statement in the network body that holds it. */
export function layerDiagnostic(code: RuleCode, severity: Severity, message: string, network: NetworkAnalysis, item: Leaf): Diagnostic {
  return {
    code,
    severity,
    message,
    span: span(item.top.statement.start, item.top.statement.end),
    target: { network: network.name, path: item.path, statement: item.top.name },
  };
}

/**
 * The walk of a rule about one layer's share of a network total (`weights`, `connections`):
 * the layers past `share` of it, and past `minimum`, each reported at its statement.
 */
export function layerShareWalk(
  code: RuleCode,
  count: 'weights' | 'connections',
  message: (path: string, part: bigint, whole: bigint) => string,
): RuleWalk<{ test: Passing; found: Leaf[] }> {
  return {
    start: (network, setting) => ({ test: passing(network.totals[count], setting), found: [] }),
    visit: (state, leaf, path, top) => {
      if (passes(state.test, leaf.counts[count])) state.found.push({ leaf, path, top });
    },
    finish: (state, network, severity) => {
      const whole = network.totals[count];
      return state.found.map((item) => layerDiagnostic(code, severity, message(item.path, item.leaf.counts[count], whole), network, item));
    },
  };
}

/**
 * Rules about a statement's own text report where it stands, inside a block if need be;
 * the instances of one block statement share one diagnostic, whose target is the first
 * (a fix rewrites the block's statement, for all of them).
 */
export function statementDiagnostics<Item extends Leaf>(
  code: RuleCode,
  severity: Severity,
  network: NetworkAnalysis,
  items: readonly Item[],
  message: (item: Item) => string,
): Diagnostic[] {
  const byStatement = new Map<LayerNode['statement'], Item[]>();
  for (const item of items) {
    const group = byStatement.get(item.leaf.statement);
    if (group) group.push(item);
    else byStatement.set(item.leaf.statement, [item]);
  }
  return [...byStatement.values()].map((group) => {
    const first = group[0]!;
    const others =
      group.length > 1
        ? ` (and in ${group.length - 1} more instance${group.length > 2 ? 's' : ''}: ${group
            .slice(1, 4)
            .map((item) => item.path)
            .join(', ')}${group.length > 4 ? ', …' : ''})`
        : '';
    return {
      code,
      severity,
      message: message(first) + others,
      span: span(first.leaf.statement.start, first.leaf.statement.end),
      target: { network: network.name, path: first.path, statement: first.top.name },
    };
  });
}
