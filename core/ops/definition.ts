/**
 * What an op is: the definition each op writes once (its parameters and their kinds, its
 * role, its output shape and costs, its formulas), and what the rest of the core derives
 * from it (`defineOp`).
 */
import type { Counts } from '../counts';
import type { Formula } from '../formulas';
import type { Shape } from '../shapes';

/** The largest single dimension or count an argument may hold. */
export const MAX_DIMENSION = 2 ** 31 - 1;

/**
 * What a parameter takes: a count (an integer ≥ 1), a size (an integer or HxW, ≥ 1), a pad
 * (the same, ≥ 0), true or false, one of an enumeration's names, a probability, an
 * index (an integer of either sign, negative counting from the end: `token(-1)`), or the
 * name of an earlier layer of the same scope (`tied=wte`), which the expansion looks up
 * and gives `apply` as a `ReferencedLayer`. A size or pad written as one integer resolves
 * to a number, and as two sizes to a `Pair`: a signal's window takes only the first
 * (`writtenAsPair`), a map's reads both (`pairArg`).
 */
export type ParamType = 'count' | 'size' | 'pad' | 'bool' | 'enum' | 'probability' | 'index' | 'layer';

/** A name a parameter takes as its value (`relu`, `same`), with what it means for completion. */
export interface NamedValue {
  readonly name: string;
  readonly detail?: string;
}

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  /**
   * The names it takes as values: all it takes for an `enum`, besides numbers for the
   * others (`pad=same`). Argument checking, completion and the grammar's colours read them.
   */
  readonly values?: readonly NamedValue[];
  /** What one of an enum's values is called in a message: `activation`. */
  readonly valueNoun?: string;
  /** The default as written in the docs; undefined for a required argument. */
  readonly defaultText?: string;
  /** A default that depends on another argument (pooling's stride is its kernel). */
  readonly defaultFrom?: string;
  /**
   * A default the op works out from its input (posembed's `max` is its T, attention's
   * `head_dim` is D/heads): binding leaves the argument out when it is not given, and the
   * op reads it with `optionalCountArg` or `countArg(args, name, absent)`.
   */
  readonly defaultFromInput?: boolean;
  readonly doc: string;
}

export type Pair = readonly [number, number];

/** Arguments after type checks, defaults filled in. */
export interface ResolvedArgs {
  readonly [name: string]: number | Pair | boolean | string;
}

export interface OpError {
  readonly code: 'shape' | 'bad-argument';
  readonly message: string;
  /** The argument the error is about; the error points at the call when undefined. */
  readonly argument?: string;
}

export interface OpResult {
  readonly shape: Shape;
  readonly counts: Counts;
}

export type OpOutcome = OpResult | { readonly error: OpError };

/** A layer an argument names (`tied=wte`), as the expansion found it earlier in the same scope. */
export interface ReferencedLayer {
  readonly name: string;
  /** The canonical op, or the block's name for a block use. */
  readonly op: string;
  readonly kind: 'op' | 'block' | 'repeat';
  /** An op layer's arguments, defaults filled in. */
  readonly args: ResolvedArgs | undefined;
  readonly input: Shape;
  readonly shape: Shape;
}

/**
 * What `apply` is given besides its arguments and inputs: the layer each `layer` parameter
 * names, by parameter name (none for a parameter left at `none`). Plain data, so an op
 * stays a pure function of what it is given.
 */
export type LayerReferences = Readonly<Record<string, ReferencedLayer>>;

export const NO_REFERENCES: LayerReferences = {};

/**
 * What an op does in a network, which the rules, fixes and tables read instead of lists
 * of op names: `weighted` layers hold weights, a `window` pools, a `merge` joins tensors,
 * a `regulariser` acts in training only, `shape` ops only rearrange.
 */
export type OpRole = 'weighted' | 'norm' | 'activation' | 'window' | 'merge' | 'regulariser' | 'shape';

/** A worked-out layer, as its formulas read it. */
export interface FormulaInput {
  readonly args: ResolvedArgs;
  /** The first input's shape. */
  readonly input: Shape;
  readonly shape: Shape;
  readonly counts: Counts;
}

/** What an op's definition says of itself; the rest is derived from it (`defineOp`). */
export interface OpSpec {
  readonly name: string;
  /** Other names it answers to: `fc` for `dense`. */
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly role: OpRole;
  readonly params: readonly ParamSpec[];
  /**
   * Each output element depends only on the input element at its place (per channel at
   * most): such a layer serves the one before it, and goes when that one is removed.
   */
  readonly pointwise?: boolean;
  /** What the table calls the params this op learns beyond weights and biases. */
  readonly extraParams?: string;
  /** A merge that takes exactly this many tensors (`mul`: 2); two or more when left out. */
  readonly inputs?: number;
  /**
   * Whether it slides a window over its input, which may leave input rows unread: derived
   * from `kernel`, `stride` and `pad` parameters unless said (a transposed conv has them,
   * but spreads each input element over its output and reads them all).
   */
  readonly windowed?: boolean;
  /** How its counts are worked out, with the layer's numbers, for the hover; none for ops without weights. */
  readonly formulas?: (layer: FormulaInput) => Formula[];
  /** What the hover says after the formulas, one line each: what a count leaves out or why (attention's `causal`). */
  readonly notes?: (layer: FormulaInput) => string[];
  readonly apply: (args: ResolvedArgs, inputs: readonly Shape[], references: LayerReferences) => OpOutcome;
}

export interface OpDefinition extends OpSpec {
  readonly pointwise: boolean;
  /** Merge ops take two or more tensors as arguments instead of one implicit input. */
  readonly merge: boolean;
  /** Slides a window over a C×H×W or C×L input (`OpSpec.windowed`). */
  readonly windowed: boolean;
  /** Its `layer` parameters, which name other layers (`tied`): the names and editors read them as references. */
  readonly references: readonly string[];
}

const hasParam = (params: readonly ParamSpec[], name: string) => params.some((param) => param.name === name);

export function defineOp(spec: OpSpec): OpDefinition {
  const windowed = spec.windowed ?? (hasParam(spec.params, 'kernel') && hasParam(spec.params, 'stride') && hasParam(spec.params, 'pad'));
  const references = spec.params.filter((param) => param.type === 'layer').map((param) => param.name);
  return { ...spec, pointwise: spec.pointwise ?? false, merge: spec.role === 'merge', windowed, references };
}
