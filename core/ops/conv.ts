/** Convolutions: conv and dwconv. */
import { formatCount, formatFactors } from '../format';
import type { Formula } from '../formulas';
import { elementCount, type Shape } from '../shapes';
import { boolArg, countArg, pairArg } from './args';
import { actParam, biasParam, fail, needFeatureMap, resolvePad, slide, windowParams } from './common';
import { defineOp, MAX_DIMENSION, type FormulaInput, type OpDefinition, type OpOutcome, type ResolvedArgs } from './definition';

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

export const convOps: readonly OpDefinition[] = [conv, dwconv];
