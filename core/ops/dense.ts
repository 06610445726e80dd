/** The fully connected layer: on a vector, on a flattened map, or once per token of a sequence. */
import { formatCount, formatFactors } from '../format';
import { elementCount, type Shape } from '../shapes';
import { boolArg, countArg, nameArg } from './args';
import { actParam, biasParam, fail } from './common';
import { defineOp, type OpDefinition, type OpOutcome, type ReferencedLayer, type ResolvedArgs } from './definition';

/** The input features one unit reads: the last size of a sequence (per token), else every element (a map is flattened). */
export function denseFeatures(input: Shape): bigint {
  return input.length === 2 ? BigInt(input[1]!) : elementCount(input);
}

/** What a rank-2 input repeats the layer over: its tokens (`nn.Linear` acts on the last size). */
const tokensOf = (input: Shape): bigint => (input.length === 2 ? BigInt(input[0]!) : 1n);

/** `tied=NAME` names an earlier `embedding` whose table is this layer's weight matrix: vocab = units, dim = input features. */
function checkTied(tied: ReferencedLayer, units: number, features: bigint): OpOutcome | undefined {
  const what = tied.kind === 'block' ? `a use of block ${tied.op}` : tied.kind === 'repeat' ? `a repeat of ${tied.op}` : `a ${tied.op} layer`;
  if (tied.kind !== 'op' || tied.op !== 'embedding' || !tied.args)
    return fail('bad-argument', `tied must name an embedding, but '${tied.name}' is ${what}`, 'tied');
  const vocab = countArg(tied.args, 'vocab');
  const dim = countArg(tied.args, 'dim');
  if (vocab !== units) {
    return fail(
      'bad-argument',
      `tied=${tied.name} needs an embedding of ${formatCount(units)} rows (the units), but ${tied.name} has vocab ${formatCount(vocab)}`,
      'tied',
    );
  }
  if (BigInt(dim) !== features) {
    return fail(
      'bad-argument',
      `tied=${tied.name} needs an embedding of dim ${formatCount(features)} (this layer's input features), but ${tied.name} has dim ${formatCount(dim)}`,
      'tied',
    );
  }
  return undefined;
}

function connect(args: ResolvedArgs, input: Shape, tied: ReferencedLayer | undefined): OpOutcome {
  const written = countArg(args, 'units');
  const features = denseFeatures(input);
  if (tied) {
    const mismatch = checkTied(tied, written, features);
    if (mismatch) return mismatch;
  }
  const tokens = tokensOf(input);
  const units = BigInt(written);
  const matrix = features * units;
  const weights = tied ? 0n : matrix;
  const biases = boolArg(args, 'bias') ? units : 0n;
  return {
    shape: input.length === 2 ? [input[0]!, written] : [written],
    counts: { units: tokens * units, weights, biases, params: weights + biases, connections: tokens * matrix, activations: tokens * units },
  };
}

const dense = defineOp({
  name: 'dense',
  aliases: ['fc'],
  summary: 'A fully connected layer: once per token of a T×D sequence; a C×H×W input is flattened first.',
  role: 'weighted',
  params: [
    { name: 'units', type: 'count', doc: 'Output units.' },
    biasParam,
    actParam,
    {
      name: 'tied',
      type: 'layer',
      values: [{ name: 'none', detail: 'its own weights' }],
      defaultText: 'none',
      doc: "An earlier embedding whose table is this layer's weights (vocab = units, dim = input features), counted once: GPT-2's head.",
    },
  ],
  apply: (args, [input], references) => connect(args, input!, references['tied']),
  formulas: ({ args, input, shape, counts }) => {
    const units = shape[shape.length - 1]!;
    // A C×H×W input is flattened: its fan-in is written as the product it is.
    const fanIn = input.length === 1 ? formatCount(input[0]!) : input.length === 2 ? formatCount(input[1]!) : `(${formatFactors(...input)})`;
    const product = `${fanIn}·${formatCount(units)}`;
    const perToken = input.length === 2 ? `${formatCount(input[0]!)}·` : '';
    return [
      ...(perToken ? [{ count: 'units' as const, factors: formatFactors(input[0]!, units), value: counts.units }] : []),
      ...(nameArg(args, 'tied') === 'none' ? [{ count: 'weights' as const, factors: product, value: counts.weights }] : []),
      { count: 'connections', factors: `${perToken}${product}`, value: counts.connections },
    ];
  },
  notes: ({ args, input, shape }) => {
    const tied = nameArg(args, 'tied');
    if (tied === 'none') return [];
    const features = input.length === 2 ? input[1]! : Number(elementCount(input));
    return [`weights = 0: tied to ${tied}, whose ${formatFactors(shape[shape.length - 1]!, features)} table is counted once, there`];
  },
});

export const denseOps: readonly OpDefinition[] = [dense];
