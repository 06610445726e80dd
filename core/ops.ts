/**
 * The built-in ops: their arguments, output shapes and costs, exactly as the spec's
 * Ops and Costs tables define them. Each op is a pure function of its resolved
 * arguments and its input shape.
 */
import { ZERO_COUNTS, type Counts } from './counts';
import { elementCount, exactWindowOutput, isFeatureMap, sameShape, windowOutput, type Shape, type Window } from './shapes';
import { formatCount, formatFactors, formatShape } from './format';
import type { Formula } from './formulas';

/** The largest single dimension or count an argument may hold. */
export const MAX_DIMENSION = 2 ** 31 - 1;

/**
 * What a parameter takes: a count (an integer ≥ 1), a size (an integer or HxW, ≥ 1), a pad
 * (the same, ≥ 0), true or false, one of an enumeration's names, or a probability.
 */
export type ParamType = 'count' | 'size' | 'pad' | 'bool' | 'enum' | 'probability';

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

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'gelu', 'none'] as const;

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
  /** How its counts are worked out, with the layer's numbers, for the hover; none for ops without weights. */
  readonly formulas?: (layer: FormulaInput) => Formula[];
  readonly apply: (args: ResolvedArgs, inputs: readonly Shape[]) => OpOutcome;
}

export interface OpDefinition extends OpSpec {
  readonly pointwise: boolean;
  /** Merge ops take two or more tensors as arguments instead of one implicit input. */
  readonly merge: boolean;
  /** Slides a window over a C×H×W input: it has `kernel`, `stride` and `pad` arguments. */
  readonly windowed: boolean;
}

const hasParam = (params: readonly ParamSpec[], name: string) => params.some((param) => param.name === name);

export function defineOp(spec: OpSpec): OpDefinition {
  const windowed = hasParam(spec.params, 'kernel') && hasParam(spec.params, 'stride') && hasParam(spec.params, 'pad');
  return { ...spec, pointwise: spec.pointwise ?? false, merge: spec.role === 'merge', windowed };
}

/*
 * Typed reads of resolved arguments. Binding (core/arguments.ts) gives each argument its
 * parameter's type, so a value of another type is a bug: an op read with the params of
 * another, or a name misspelt. It throws, and the server's guard logs it.
 */
function wrongArg(args: ResolvedArgs, name: string, wanted: string): never {
  const value = args[name];
  throw new Error(`argument '${name}' is ${value === undefined ? 'missing' : `${typeof value} ${String(value)}`}, not ${wanted}`);
}

/** A `count` argument. */
export function countArg(args: ResolvedArgs, name: string): number {
  const value = args[name];
  return typeof value === 'number' ? value : wrongArg(args, name, 'a count');
}

/** A `size` argument; `absent` when the op has no such parameter (a pool's dilation). */
export function pairArg(args: ResolvedArgs, name: string, absent?: Pair): Pair {
  const value = args[name];
  if (Array.isArray(value)) return value as Pair;
  return value === undefined && absent ? absent : wrongArg(args, name, 'a size');
}

/** A `pad` argument: sizes, or one of the names it takes (`same`). */
export function padArg(args: ResolvedArgs, name: string): Pair | string {
  const value = args[name];
  return Array.isArray(value) || typeof value === 'string' ? (value as Pair | string) : wrongArg(args, name, 'a pad');
}

/** A `bool` argument; `absent` when the op has no such parameter (a conv's ceil). */
export function boolArg(args: ResolvedArgs, name: string, absent?: boolean): boolean {
  const value = args[name];
  if (typeof value === 'boolean') return value;
  return value === undefined && absent !== undefined ? absent : wrongArg(args, name, 'true or false');
}

/** An `enum` argument: the name of its value. */
export function nameArg(args: ResolvedArgs, name: string): string {
  const value = args[name];
  return typeof value === 'string' ? value : wrongArg(args, name, 'a name');
}

function fail(code: OpError['code'], message: string, argument?: string): { error: OpError } {
  return { error: { code, message, ...(argument ? { argument } : {}) } };
}

/** The costs of a weightless layer by its output shape: a chain of activations and norms shares one. */
const weightlessCounts = new WeakMap<Shape, Counts>();

/** Costs of a layer without weights: only its output size. */
function weightless(shape: Shape): OpResult {
  let counts = weightlessCounts.get(shape);
  if (!counts) {
    counts = { ...ZERO_COUNTS, activations: elementCount(shape) };
    weightlessCounts.set(shape, counts);
  }
  return { shape, counts };
}

/**
 * Pairs of small sizes, made once: every conv holds four (kernel, stride, pad, dilation),
 * nearly always of a few small values. A pair is read, never changed.
 */
const SMALL_PAIRS: readonly Pair[][] = Array.from({ length: 16 }, (_, h) => Array.from({ length: 16 }, (_, w) => [h, w] as const));

export function makePair(h: number, w: number): Pair {
  return h < 16 && w < 16 && h >= 0 && w >= 0 ? SMALL_PAIRS[h]![w]! : [h, w];
}

function needFeatureMap(op: string, input: Shape): { error: OpError } | undefined {
  if (isFeatureMap(input)) return undefined;
  return fail('shape', `${op} needs a C×H×W input, but its input is ${describeShape(input)}`);
}

export function describeShape(shape: Shape): string {
  return shape.length === 1 ? `a vector of ${shape[0]}` : formatShape(shape);
}

interface WindowArgs {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilation: Pair;
}

/** Resolves `pad=same` to d·(k−1)/2, which needs an odd kernel. */
export function resolvePad(args: ResolvedArgs, kernel: Pair, dilation: Pair): Pair | { error: OpError } {
  const written = padArg(args, 'pad');
  if (written !== 'same') return typeof written === 'string' ? wrongArg(args, 'pad', 'sizes or same') : written;
  if (kernel[0] % 2 === 0 || kernel[1] % 2 === 0) {
    return fail('bad-argument', `pad=same needs an odd kernel, not ${kernel[0]}x${kernel[1]}`, 'pad');
  }
  // In bigints: d·(k − 1) of two 31-bit sizes is past what a double holds exactly.
  const same = [0, 1].map((i) => (BigInt(dilation[i]!) * BigInt(kernel[i]! - 1)) / 2n);
  const largest = same[0]! > same[1]! ? same[0]! : same[1]!;
  if (largest > BigInt(MAX_DIMENSION)) {
    return fail('bad-argument', `pad=same would pad by ${formatCount(largest)}, past ${formatCount(MAX_DIMENSION)}`, 'pad');
  }
  return [Number(same[0]), Number(same[1])];
}

function slide(op: string, input: readonly [number, number, number], window: WindowArgs, ceil: boolean): Pair | { error: OpError } {
  const rows: Window = { kernel: window.kernel[0], stride: window.stride[0], pad: window.pad[0], dilation: window.dilation[0] };
  const columns: Window = { kernel: window.kernel[1], stride: window.stride[1], pad: window.pad[1], dilation: window.dilation[1] };
  const height = windowOutput(input[1], rows, ceil);
  const width = windowOutput(input[2], columns, ceil);
  // Only padding makes a window's output larger than its input, so it is what is named.
  if (height > MAX_DIMENSION || width > MAX_DIMENSION) {
    return fail('shape', `${op}'s output would be ${formatCount(height)}×${formatCount(width)}: a size is at most ${formatCount(MAX_DIMENSION)}`, 'pad');
  }
  if (height >= 1 && width >= 1) return [height, width];
  const dilated = window.dilation[0] > 1 || window.dilation[1] > 1 ? ` with dilation ${window.dilation.join('x')}` : '';
  // Worked out again exactly: a window far larger than its input gives a size no double holds.
  const output = `${exactWindowOutput(input[1], rows, ceil)}×${exactWindowOutput(input[2], columns, ceil)}`;
  return fail(
    'shape',
    `${op}'s ${window.kernel.join('x')} window${dilated} does not fit its ${input[1]}×${input[2]} input with pad ${window.pad.join('x')}: the output would be ${output}`,
    'kernel',
  );
}

function convolve(op: string, args: ResolvedArgs, input: Shape, filters: number, groups: number): OpOutcome {
  const notMap = needFeatureMap(op, input);
  if (notMap) return notMap;
  const [channels] = input as readonly [number, number, number];
  const kernel = pairArg(args, 'kernel');
  const stride = pairArg(args, 'stride');
  const dilation = pairArg(args, 'dilation');
  const pad = resolvePad(args, kernel, dilation);
  if ('error' in pad) return pad;
  if (channels % groups !== 0) {
    return fail('shape', `the ${channels} input channels are not divisible by groups=${groups}`, 'groups');
  }
  if (filters % groups !== 0) {
    return fail('shape', `${filters} filters are not divisible by groups=${groups}`, 'groups');
  }
  const size = slide(op, input as readonly [number, number, number], { kernel, stride, pad, dilation }, false);
  if ('error' in size) return size;
  const shape: Shape = [filters, size[0], size[1]];
  const units = elementCount(shape);
  const fanIn = BigInt(kernel[0]) * BigInt(kernel[1]) * BigInt(channels / groups);
  const weights = fanIn * BigInt(filters);
  const biases = boolArg(args, 'bias') ? BigInt(filters) : 0n;
  return {
    shape,
    counts: { units, weights, biases, params: weights + biases, connections: units * fanIn, activations: units },
  };
}

/** `pad=same`: the padding that keeps the size at stride 1. */
const SAME: readonly NamedValue[] = [{ name: 'same', detail: 'pad = d·(k−1)/2, odd kernels' }];

const windowParams = (kernelDoc: string): ParamSpec[] => [
  { name: 'kernel', type: 'size', doc: kernelDoc },
  { name: 'stride', type: 'size', defaultText: '1', doc: 'Step of the window: an integer or HxW.' },
  { name: 'pad', type: 'pad', values: SAME, defaultText: '0', doc: 'Zero padding on each side: an integer, HxW, or `same` (odd kernels).' },
  { name: 'dilation', type: 'size', defaultText: '1', doc: 'Spacing between kernel taps.' },
];

/** units = C'·H'·W'; weights = kH·kW·(C/g)·C'; connections = units·kH·kW·(C/g). */
function convFormulas({ args, input, shape, counts }: FormulaInput, groups: number): Formula[] {
  const [kh, kw] = pairArg(args, 'kernel');
  const perGroup = input[0]! / groups;
  return [
    { count: 'units', factors: formatFactors(...shape), value: counts.units },
    { count: 'weights', factors: formatFactors(kh, kw, perGroup, shape[0]!), value: counts.weights },
    { count: 'connections', factors: formatFactors(counts.units, kh, kw, perGroup), value: counts.connections },
  ];
}

const biasParam: ParamSpec = { name: 'bias', type: 'bool', defaultText: 'true', doc: 'Whether the layer adds a learned bias.' };
const actParam: ParamSpec = {
  name: 'act',
  type: 'enum',
  values: ACTIVATIONS.map((name) => ({ name })),
  valueNoun: 'activation',
  defaultText: 'none',
  doc: 'Fused activation: relu, sigmoid, tanh, gelu or none. Changes no count.',
};

const conv = defineOp({
  name: 'conv',
  summary: 'A 2-D convolution.',
  role: 'weighted',
  params: [
    { name: 'filters', type: 'count', doc: 'Output channels.' },
    ...windowParams('Kernel size: an integer or HxW.'),
    { name: 'groups', type: 'count', defaultText: '1', doc: 'Channel groups; input channels and filters must divide by it.' },
    biasParam,
    actParam,
  ],
  apply: (args, [input]) => convolve('conv', args, input!, countArg(args, 'filters'), countArg(args, 'groups')),
  formulas: (layer) => convFormulas(layer, countArg(layer.args, 'groups')),
});

const dwconv = defineOp({
  name: 'dwconv',
  summary: 'A depthwise convolution: a conv with one group per input channel.',
  role: 'weighted',
  params: [
    ...windowParams('Kernel size: an integer or HxW.').slice(0, 1),
    { name: 'multiplier', type: 'count', defaultText: '1', doc: 'Output channels per input channel.' },
    ...windowParams('').slice(1),
    biasParam,
    actParam,
  ],
  apply: (args, [input]) => {
    const notMap = needFeatureMap('dwconv', input!);
    if (notMap) return notMap;
    const channels = input![0]!;
    // In bigints: two 31-bit sizes multiply past what a double holds exactly.
    const filters = BigInt(channels) * BigInt(countArg(args, 'multiplier'));
    if (filters > BigInt(MAX_DIMENSION)) {
      return fail('shape', `dwconv would make ${formatCount(filters)} channels (${formatCount(channels)}·${formatCount(countArg(args, 'multiplier'))}), past ${formatCount(MAX_DIMENSION)}`, 'multiplier');
    }
    return convolve('dwconv', args, input!, Number(filters), channels);
  },
  formulas: (layer) => convFormulas(layer, layer.input[0]!),
});

const dense = defineOp({
  name: 'dense',
  summary: 'A fully connected layer; a C×H×W input is flattened first.',
  role: 'weighted',
  params: [{ name: 'units', type: 'count', doc: 'Output units.' }, biasParam, actParam],
  apply: (args, [input]) => {
    const units = BigInt(countArg(args, 'units'));
    const fanIn = elementCount(input!);
    const weights = fanIn * units;
    const biases = boolArg(args, 'bias') ? units : 0n;
    return {
      shape: [countArg(args, 'units')],
      counts: { units, weights, biases, params: weights + biases, connections: weights, activations: units },
    };
  },
  formulas: ({ input, shape, counts }) => {
    // A C×H×W input is flattened: its fan-in is written as the product it is.
    const product = `${input.length === 1 ? formatCount(input[0]!) : `(${formatFactors(...input)})`}·${formatCount(shape[0]!)}`;
    return [
      { count: 'weights', factors: product, value: counts.weights },
      { count: 'connections', factors: product, value: counts.connections },
    ];
  },
});

function pool(name: 'maxpool' | 'avgpool'): OpDefinition {
  return defineOp({
    name,
    summary: name === 'maxpool' ? 'Max pooling over a window.' : 'Average pooling over a window.',
    role: 'window',
    params: [
      { name: 'kernel', type: 'size', doc: 'Window size: an integer or HxW.' },
      { name: 'stride', type: 'size', defaultFrom: 'kernel', defaultText: 'kernel', doc: 'Step of the window; the kernel size by default.' },
      { name: 'pad', type: 'pad', values: SAME, defaultText: '0', doc: 'Padding on each side, at most half the kernel.' },
      { name: 'ceil', type: 'bool', defaultText: 'false', doc: 'Round the output size up (Caffe); a last window starting in the padding is dropped.' },
    ],
    apply: (args, [input]) => {
      const notMap = needFeatureMap(name, input!);
      if (notMap) return notMap;
      const kernel = pairArg(args, 'kernel');
      const pad = resolvePad(args, kernel, [1, 1]);
      if ('error' in pad) return pad;
      if (pad[0] * 2 > kernel[0] || pad[1] * 2 > kernel[1]) {
        return fail('bad-argument', `pad ${pad.join('x')} is more than half the ${kernel.join('x')} window (PyTorch refuses it)`, 'pad');
      }
      const window = { kernel, stride: pairArg(args, 'stride'), pad, dilation: [1, 1] as Pair };
      const size = slide(name, input as readonly [number, number, number], window, boolArg(args, 'ceil'));
      if ('error' in size) return size;
      return weightless([input![0]!, size[0], size[1]]);
    },
  });
}

function globalPool(name: 'globalavgpool' | 'globalmaxpool'): OpDefinition {
  return defineOp({
    name,
    summary: `Global ${name === 'globalavgpool' ? 'average' : 'max'} pooling: one value per channel.`,
    role: 'window',
    params: [],
    apply: (_args, [input]) => needFeatureMap(name, input!) ?? weightless([input![0]!, 1, 1]),
  });
}

/** An op that keeps its input's shape and learns nothing. */
function elementwise(name: string, summary: string, role: OpRole, pointwise: boolean, params: ParamSpec[] = []): OpDefinition {
  return defineOp({ name, summary, role, pointwise, params, apply: (_args, [input]) => weightless(input!) });
}

const batchnorm = defineOp({
  name: 'batchnorm',
  summary: 'Batch normalisation: a learned scale and shift per channel.',
  role: 'norm',
  pointwise: true,
  extraParams: 'batchnorm',
  params: [],
  apply: (_args, [input]) => {
    const channels = BigInt(input![0]!);
    return { shape: input!, counts: { ...ZERO_COUNTS, params: 2n * channels, activations: elementCount(input!) } };
  },
  formulas: ({ input, counts }) => [{ count: 'params', factors: formatFactors(2, input[0]!), value: counts.params }],
});

const flatten = defineOp({
  name: 'flatten',
  summary: 'Flattens a C×H×W tensor into a vector.',
  role: 'shape',
  params: [],
  apply: (_args, [input]) => {
    const size = elementCount(input!);
    if (size > BigInt(MAX_DIMENSION)) return fail('shape', `flatten would make a vector of ${size}, past ${MAX_DIMENSION}`);
    return weightless([Number(size)]);
  },
});

const add = defineOp({
  name: 'add',
  summary: 'Element-wise sum of two or more tensors of equal shape.',
  role: 'merge',
  params: [],
  apply: (_args, inputs) => {
    const first = inputs[0]!;
    const other = inputs.findIndex((shape) => !sameShape(shape, first));
    if (other >= 0) {
      return fail('shape', `add needs inputs of equal shape, but input 1 is ${formatShape(first)} and input ${other + 1} is ${formatShape(inputs[other]!)}`);
    }
    return weightless(first);
  },
});

const concat = defineOp({
  name: 'concat',
  summary: 'Concatenates two or more tensors along channels; H and W must match.',
  role: 'merge',
  params: [],
  apply: (_args, inputs) => {
    const first = inputs[0]!;
    for (let i = 1; i < inputs.length; i++) {
      const shape = inputs[i]!;
      if (shape.length !== first.length) {
        return fail('shape', `concat cannot join ${describeShape(first)} (input 1) with ${describeShape(shape)} (input ${i + 1}): both must be C×H×W, or both vectors`);
      }
      if (shape.length === 3 && (shape[1] !== first[1] || shape[2] !== first[2])) {
        return fail('shape', `concat needs inputs with equal H and W, but input 1 is ${formatShape(first)} and input ${i + 1} is ${formatShape(shape)}`);
      }
    }
    const channels = inputs.reduce((sum, shape) => sum + BigInt(shape[0]!), 0n);
    if (channels > BigInt(MAX_DIMENSION)) {
      const what = first.length === 3 ? `${formatCount(channels)} channels` : `a vector of ${formatCount(channels)}`;
      return fail('shape', `concat would make ${what}, past ${formatCount(MAX_DIMENSION)}`);
    }
    return weightless([Number(channels), ...first.slice(1)]);
  },
});

export const OPS: ReadonlyMap<string, OpDefinition> = new Map(
  [
    conv,
    dwconv,
    dense,
    pool('maxpool'),
    pool('avgpool'),
    globalPool('globalavgpool'),
    globalPool('globalmaxpool'),
    batchnorm,
    elementwise('lrn', 'Local response normalisation across channels (AlexNet).', 'norm', false, [
      { name: 'size', type: 'count', defaultText: '5', doc: 'Channels in the normalisation window.' },
    ]),
    elementwise('relu', 'Rectified linear activation.', 'activation', true),
    elementwise('sigmoid', 'Logistic sigmoid activation.', 'activation', true),
    elementwise('tanh', 'Hyperbolic tangent activation.', 'activation', true),
    elementwise('gelu', 'Gaussian error linear unit activation.', 'activation', true),
    elementwise('softmax', 'Softmax over the channels or vector.', 'activation', false),
    elementwise('dropout', 'Dropout; active in training only.', 'regulariser', true, [
      { name: 'p', type: 'probability', defaultText: '0.5', doc: 'Probability of dropping an element, from 0 up to 1.' },
    ]),
    flatten,
    add,
    concat,
  ].map((op) => [op.name, op]),
);

/** Other names for ops: `fc` is `dense`. */
export const OP_ALIASES: ReadonlyMap<string, string> = new Map([['fc', 'dense']]);

export function findOp(name: string): OpDefinition | undefined {
  return OPS.get(OP_ALIASES.get(name) ?? name);
}

/** Ops whose layers hold weights. */
export function hasWeights(op: string): boolean {
  return findOp(op)?.role === 'weighted';
}

/**
 * The names that are values of some op's parameter: the members of enumerations (`act=`)
 * first, then the names other parameters take besides numbers (`pad=same`); each once.
 */
export const VALUE_NAMES: readonly string[] = (() => {
  const params = [...OPS.values()].flatMap((op) => op.params);
  const ordered = [...params.filter((p) => p.type === 'enum'), ...params.filter((p) => p.type !== 'enum')];
  return [...new Set(ordered.flatMap((p) => (p.values ?? []).map((value) => value.name)))];
})();

/** The labels of the params ops learn beyond weights and biases (`batchnorm`), each once, in the ops' order. */
export const EXTRA_PARAM_LABELS: readonly string[] = [...new Set([...OPS.values()].flatMap((op) => (op.extraParams ? [op.extraParams] : [])))];
