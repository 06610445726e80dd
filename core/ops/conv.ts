/** Convolutions: conv and dwconv, and the transposed deconv; over a C×H×W map or a C×L signal. */
import { formatCount, formatFactors } from '../format';
import type { Formula } from '../formulas';
import { elementCount, type Shape } from '../shapes';
import { boolArg, countArg, pairArg } from './args';
import { actParam, biasParam, fail, inputText, isSignal, needSignalOrMap, needSingleSizes, resolvePad, slide, windowParams, windowText } from './common';
import { defineOp, MAX_DIMENSION, type FormulaInput, type OpDefinition, type OpError, type OpOutcome, type Pair, type ResolvedArgs } from './definition';

const WINDOW_SIZES = ['kernel', 'stride', 'pad', 'dilation'] as const;

/** The kernel's taps as factors: k over a signal, kH and kW over a map. */
const kernelFactors = (kernel: Pair, input: Shape): number[] => (isSignal(input) ? [kernel[0]] : [kernel[0], kernel[1]]);

function checkGroups(channels: number, filters: number, groups: number): { error: OpError } | undefined {
  if (channels % groups !== 0) return fail('shape', `the ${channels} input channels are not divisible by groups=${groups}`, 'groups');
  if (filters % groups !== 0) return fail('shape', `${filters} filters are not divisible by groups=${groups}`, 'groups');
  return undefined;
}

function convolve(op: string, args: ResolvedArgs, input: Shape, filters: number, groups: number): OpOutcome {
  const wrong = needSignalOrMap(op, input) ?? needSingleSizes(args, input, WINDOW_SIZES);
  if (wrong) return wrong;
  const channels = input[0]!;
  const kernel = pairArg(args, 'kernel');
  const stride = pairArg(args, 'stride');
  const dilation = pairArg(args, 'dilation');
  const pad = resolvePad(args, kernel, dilation, isSignal(input));
  if ('error' in pad) return pad;
  const grouping = checkGroups(channels, filters, groups);
  if (grouping) return grouping;
  const size = slide(op, input, { kernel, stride, pad, dilation }, false);
  if ('error' in size) return size;
  const shape: Shape = [filters, ...size];
  const units = elementCount(shape);
  const fanIn = kernelFactors(kernel, input).reduce((product, k) => product * BigInt(k), 1n) * BigInt(channels / groups);
  const weights = fanIn * BigInt(filters);
  const biases = boolArg(args, 'bias') ? BigInt(filters) : 0n;
  return {
    shape,
    counts: { units, weights, biases, params: weights + biases, connections: units * fanIn, activations: units },
  };
}

/** units = C'·H'·W'; weights = kH·kW·(C/g)·C'; connections = units·kH·kW·(C/g) (k alone over a signal). */
function convFormulas({ args, input, shape, counts }: FormulaInput, groups: number): Formula[] {
  const taps = kernelFactors(pairArg(args, 'kernel'), input);
  const perGroup = input[0]! / groups;
  return [
    { count: 'units', factors: formatFactors(...shape), value: counts.units },
    { count: 'weights', factors: formatFactors(...taps, perGroup, shape[0]!), value: counts.weights },
    { count: 'connections', factors: formatFactors(counts.units, ...taps, perGroup), value: counts.connections },
  ];
}

const conv = defineOp({
  name: 'conv',
  summary: 'A convolution: 2-D over a C×H×W map, 1-D over a C×L signal.',
  role: 'weighted',
  params: [
    { name: 'filters', type: 'count', doc: 'Output channels.' },
    ...windowParams('Kernel size: an integer, or HxW on a map.'),
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
    ...windowParams('Kernel size: an integer, or HxW on a map.').slice(0, 1),
    { name: 'multiplier', type: 'count', defaultText: '1', doc: 'Output channels per input channel.' },
    ...windowParams('').slice(1),
    biasParam,
    actParam,
  ],
  apply: (args, [input]) => {
    const wrong = needSignalOrMap('dwconv', input!);
    if (wrong) return wrong;
    const channels = input![0]!;
    // In bigints: two 31-bit sizes multiply past what a double holds exactly.
    const filters = BigInt(channels) * BigInt(countArg(args, 'multiplier'));
    if (filters > BigInt(MAX_DIMENSION)) {
      return fail(
        'shape',
        `dwconv would make ${formatCount(filters)} channels (${formatCount(channels)}·${formatCount(countArg(args, 'multiplier'))}), past ${formatCount(MAX_DIMENSION)}`,
        'multiplier',
      );
    }
    return convolve('dwconv', args, input!, Number(filters), channels);
  },
  formulas: (layer) => convFormulas(layer, layer.input[0]!),
});

/**
 * `nn.ConvTranspose2d` (`ConvTranspose1d` on a signal): H' = (H − 1)·s − 2p + d·(k − 1) +
 * outpad + 1. Each input element is spread over kH·kW·(C'/g) outputs, so those are its
 * multiply-accumulates.
 */
function transpose(args: ResolvedArgs, input: Shape): OpOutcome {
  const wrong = needSignalOrMap('deconv', input) ?? needSingleSizes(args, input, [...WINDOW_SIZES, 'outpad']);
  if (wrong) return wrong;
  const signal = isSignal(input);
  const channels = input[0]!;
  const filters = countArg(args, 'filters');
  const groups = countArg(args, 'groups');
  const kernel = pairArg(args, 'kernel');
  const stride = pairArg(args, 'stride');
  const pad = pairArg(args, 'pad');
  const outpad = pairArg(args, 'outpad');
  const dilation = pairArg(args, 'dilation');
  const spatial = input.slice(1);
  // PyTorch: "output padding must be smaller than either stride or dilation".
  if (spatial.some((_, i) => outpad[i]! >= stride[i]! && outpad[i]! >= dilation[i]!)) {
    return fail(
      'bad-argument',
      `outpad ${windowText(outpad, signal)} must be smaller than the stride ${windowText(stride, signal)} or the dilation ${windowText(dilation, signal)} (PyTorch's rule)`,
      'outpad',
    );
  }
  const grouping = checkGroups(channels, filters, groups);
  if (grouping) return grouping;
  // In bigints: (H − 1)·s and d·(k − 1) of 31-bit sizes are past what a double holds exactly.
  const sizes = spatial.map((size, i) => {
    const [k, s, p, o, d] = [kernel[i]!, stride[i]!, pad[i]!, outpad[i]!, dilation[i]!].map(BigInt) as [bigint, bigint, bigint, bigint, bigint];
    return (BigInt(size) - 1n) * s - 2n * p + d * (k - 1n) + o + 1n;
  });
  if (sizes.some((size) => size < 1n)) {
    return fail(
      'shape',
      `deconv's output would be ${sizes.join('×')}: pad ${windowText(pad, signal)} trims more than its ${inputText(input)} spreads to`,
      'pad',
    );
  }
  if (sizes.some((size) => size > BigInt(MAX_DIMENSION))) {
    return fail('shape', `deconv's output would be ${sizes.map(formatCount).join('×')}: a size is at most ${formatCount(MAX_DIMENSION)}`);
  }
  const shape: Shape = [filters, ...sizes.map(Number)];
  const units = elementCount(shape);
  const taps = kernelFactors(kernel, input).reduce((product, k) => product * BigInt(k), 1n);
  const weights = taps * BigInt(channels / groups) * BigInt(filters);
  const biases = boolArg(args, 'bias') ? BigInt(filters) : 0n;
  const connections = elementCount(input) * taps * BigInt(filters / groups);
  return { shape, counts: { units, weights, biases, params: weights + biases, connections, activations: units } };
}

/** units = C'·H'·W'; weights = kH·kW·(C/g)·C'; connections = C·H·W·kH·kW·(C'/g) (k alone over a signal). */
function deconvFormulas({ args, input, shape, counts }: FormulaInput): Formula[] {
  const taps = kernelFactors(pairArg(args, 'kernel'), input);
  const groups = countArg(args, 'groups');
  return [
    { count: 'units', factors: formatFactors(...shape), value: counts.units },
    { count: 'weights', factors: formatFactors(...taps, input[0]! / groups, shape[0]!), value: counts.weights },
    { count: 'connections', factors: formatFactors(...input, ...taps, shape[0]! / groups), value: counts.connections },
  ];
}

const deconv = defineOp({
  name: 'deconv',
  summary: 'A transposed convolution (ConvTranspose2d, ConvTranspose1d on a C×L signal): upsamples with learned weights.',
  role: 'weighted',
  params: [
    { name: 'filters', type: 'count', doc: 'Output channels.' },
    { name: 'kernel', type: 'size', doc: 'Kernel size: an integer, or HxW on a map.' },
    { name: 'stride', type: 'size', defaultText: '1', doc: 'Step between the places each input element is spread to: the upsampling factor.' },
    { name: 'pad', type: 'pad', defaultText: '0', doc: 'Rows and columns taken off each side of the output: an integer or HxW (no `same`).' },
    { name: 'outpad', type: 'pad', defaultText: '0', doc: 'Rows and columns added on one side of the output; smaller than the stride or the dilation.' },
    { name: 'dilation', type: 'size', defaultText: '1', doc: 'Spacing between kernel taps.' },
    { name: 'groups', type: 'count', defaultText: '1', doc: 'Channel groups; input channels and filters must divide by it.' },
    biasParam,
    actParam,
  ],
  // It spreads each input element over the output rather than sliding over the input: it reads every row.
  windowed: false,
  apply: (args, [input]) => transpose(args, input!),
  formulas: deconvFormulas,
});

export const convOps: readonly OpDefinition[] = [conv, dwconv, deconv];
