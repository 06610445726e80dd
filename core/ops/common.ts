/** What several families of ops share: errors, weightless costs, windows, common parameters. */
import { ZERO_COUNTS, type Counts } from '../counts';
import { formatCount, formatShape } from '../format';
import { elementCount, exactWindowOutput, isFeatureMap, windowOutput, type Shape, type Window } from '../shapes';
import { padArg, pairArg, wrongArg, writtenAsPair } from './args';
import {
  defineOp,
  MAX_DIMENSION,
  type NamedValue,
  type OpDefinition,
  type OpError,
  type OpResult,
  type OpRole,
  type Pair,
  type ParamSpec,
  type ResolvedArgs,
} from './definition';

export function fail(code: OpError['code'], message: string, argument?: string): { error: OpError } {
  return { error: { code, message, ...(argument ? { argument } : {}) } };
}

/** The costs of a weightless layer by its output shape: a chain of activations and norms shares one. */
const weightlessCounts = new WeakMap<Shape, Counts>();

/** Costs of a layer without weights: only its output size. */
export function weightless(shape: Shape): OpResult {
  let counts = weightlessCounts.get(shape);
  if (!counts) {
    counts = { ...ZERO_COUNTS, activations: elementCount(shape) };
    weightlessCounts.set(shape, counts);
  }
  return { shape, counts };
}

/** A window or channel op reads a rank-2 input as a signal, channels first (`Conv1d`, `BatchNorm1d`). */
export function needFeatureMap(op: string, input: Shape): { error: OpError } | undefined {
  if (isFeatureMap(input)) return undefined;
  return fail('shape', `${op} needs a C×H×W input, but its input is ${describeShape(input)}`);
}

export function isSignal(shape: Shape): shape is readonly [number, number] {
  return shape.length === 2;
}

/** For the ops that take a C×L signal as well as a C×H×W map. */
export function needSignalOrMap(op: string, input: Shape): { error: OpError } | undefined {
  if (isFeatureMap(input) || isSignal(input)) return undefined;
  return fail('shape', `${op} needs a C×L or C×H×W input, but its input is ${describeShape(input)}`);
}

/**
 * On a signal every size is one integer: the first of the named size arguments written
 * as two sizes (`HxW`, `[h, w]`), as an error at it.
 */
export function needSingleSizes(args: ResolvedArgs, input: Shape, names: readonly string[]): { error: OpError } | undefined {
  if (!isSignal(input)) return undefined;
  for (const name of names) {
    if (writtenAsPair(args, name)) {
      return fail(
        'bad-argument',
        `${name} must be one integer on a signal, not ${pairArg(args, name).join('x')} (the input is ${formatShape(input)}, channels × length)`,
        name,
      );
    }
  }
  return undefined;
}

export function describeShape(shape: Shape): string {
  if (shape.length === 1) return `a vector of ${shape[0]}`;
  // Rank 2 is read by the op that takes it: channels×length or tokens×features.
  return shape.length === 2 ? `${formatShape(shape)} (rank 2)` : formatShape(shape);
}

interface WindowArgs {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilation: Pair;
}

/** A window's sizes as messages write them: one number over a signal's length, HxW over a map. */
export function windowText(sizes: Pair, signal: boolean): string {
  return signal ? String(sizes[0]) : sizes.join('x');
}

/** An input as a window's messages name it: `length-16000 input`, `224×224 input`. */
export function inputText(input: readonly number[]): string {
  return input.length === 2 ? `length-${input[1]} input` : `${input.slice(1).join('×')} input`;
}

/** Resolves `pad=same` to d·(k−1)/2, which needs an odd kernel. */
export function resolvePad(args: ResolvedArgs, kernel: Pair, dilation: Pair, signal = false): Pair | { error: OpError } {
  const written = padArg(args, 'pad');
  if (written !== 'same') return typeof written === 'string' ? wrongArg(args, 'pad', 'sizes or same') : written;
  if (kernel[0] % 2 === 0 || kernel[1] % 2 === 0) {
    return fail('bad-argument', `pad=same needs an odd kernel, not ${windowText(kernel, signal)}`, 'pad');
  }
  // In bigints: d·(k − 1) of two 31-bit sizes is past what a double holds exactly.
  const same = [0, 1].map((i) => (BigInt(dilation[i]!) * BigInt(kernel[i]! - 1)) / 2n);
  const largest = same[0]! > same[1]! ? same[0]! : same[1]!;
  if (largest > BigInt(MAX_DIMENSION)) {
    return fail('bad-argument', `pad=same would pad by ${formatCount(largest)}, past ${formatCount(MAX_DIMENSION)}`, 'pad');
  }
  return [Number(same[0]), Number(same[1])];
}

/**
 * The output sizes of a window slid over a signal's length ([L']) or a map's height and
 * width ([H', W']); a signal's window is the first of each pair (one integer k is k×k).
 */
export function slide(op: string, input: readonly number[], window: WindowArgs, ceil: boolean): number[] | { error: OpError } {
  const spatial = input.slice(1);
  const signal = spatial.length === 1;
  const windows: Window[] = spatial.map((_, i) => ({
    kernel: window.kernel[i]!,
    stride: window.stride[i]!,
    pad: window.pad[i]!,
    dilation: window.dilation[i]!,
  }));
  const sizes = spatial.map((size, i) => windowOutput(size, windows[i]!, ceil));
  // Only padding makes a window's output larger than its input, so it is what is named.
  if (sizes.some((size) => size > MAX_DIMENSION)) {
    return fail('shape', `${op}'s output would be ${sizes.map(formatCount).join('×')}: a size is at most ${formatCount(MAX_DIMENSION)}`, 'pad');
  }
  if (sizes.every((size) => size >= 1)) return sizes;
  const dilated = window.dilation[0] > 1 || window.dilation[1] > 1 ? ` with dilation ${windowText(window.dilation, signal)}` : '';
  // Worked out again exactly: a window far larger than its input gives a size no double holds.
  const output = spatial.map((size, i) => exactWindowOutput(size, windows[i]!, ceil)).join('×');
  return fail(
    'shape',
    `${op}'s ${windowText(window.kernel, signal)} window${dilated} does not fit its ${inputText(input)} with pad ${windowText(window.pad, signal)}: the output would be ${output}`,
    'kernel',
  );
}

/** What `act=` fuses: the activation ops of the same names (`swish` is `silu`), or none. */
export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'gelu', 'silu', 'swish', 'hardswish', 'hardsigmoid', 'relu6', 'leakyrelu', 'elu', 'none'] as const;

/** `pad=same`: the padding that keeps the size at stride 1. */
export const SAME: readonly NamedValue[] = [{ name: 'same', detail: 'pad = d·(k−1)/2, odd kernels' }];

export const windowParams = (kernelDoc: string): ParamSpec[] => [
  { name: 'kernel', type: 'size', doc: kernelDoc },
  { name: 'stride', type: 'size', defaultText: '1', doc: 'Step of the window: an integer or HxW.' },
  { name: 'pad', type: 'pad', values: SAME, defaultText: '0', doc: 'Zero padding on each side: an integer, HxW, or `same` (odd kernels).' },
  { name: 'dilation', type: 'size', defaultText: '1', doc: 'Spacing between kernel taps.' },
];

export const biasParam: ParamSpec = { name: 'bias', type: 'bool', defaultText: 'true', doc: 'Whether the layer adds a learned bias.' };
export const actParam: ParamSpec = {
  name: 'act',
  type: 'enum',
  values: ACTIVATIONS.map((name) => ({ name })),
  valueNoun: 'activation',
  defaultText: 'none',
  doc: 'Fused activation: relu, sigmoid, tanh, gelu, silu (or swish), hardswish, hardsigmoid, relu6, leakyrelu, elu or none. Changes no count.',
};

/** An op that keeps its input's shape and learns nothing. */
export function elementwise(name: string, summary: string, role: OpRole, pointwise: boolean, params: ParamSpec[] = []): OpDefinition {
  return defineOp({ name, summary, role, pointwise, params, apply: (_args, [input]) => weightless(input!) });
}
