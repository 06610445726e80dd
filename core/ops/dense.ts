/** The fully connected layer. */
import { formatCount, formatFactors } from '../format';
import { elementCount } from '../shapes';
import { boolArg, countArg } from './args';
import { actParam, biasParam } from './common';
import { defineOp, type OpDefinition } from './definition';

const dense = defineOp({
  name: 'dense',
  aliases: ['fc'],
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

export const denseOps: readonly OpDefinition[] = [dense];
