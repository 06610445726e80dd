/** What several families of ops share: errors, weightless costs, windows, common parameters. */
import { ZERO_COUNTS, type Counts } from '../counts';
import { formatCount, formatShape } from '../format';
import { elementCount, exactWindowOutput, isFeatureMap, windowOutput, type Shape, type Window } from '../shapes';
import { padArg, wrongArg } from './args';
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

export function needFeatureMap(op: string, input: Shape): { error: OpError } | undefined {
  if (isFeatureMap(input)) return undefined;
  return fail('shape', `${op} needs a C×H×W input, but its input is ${describeShape(input)}`);
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

export function slide(op: string, input: readonly [number, number, number], window: WindowArgs, ceil: boolean): Pair | { error: OpError } {
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
