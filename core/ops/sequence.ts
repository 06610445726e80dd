/**
 * Sequences (language v2): a T×D tensor, T tokens of D features, read per token as
 * PyTorch's `nn.Linear` reads its last size; the learned position table and class token,
 * the reads of one token or their mean, and the moves between a map and a sequence.
 */
import { ZERO_COUNTS } from '../counts';
import { formatCount, formatFactors } from '../format';
import { elementCount, type Shape } from '../shapes';
import { countArg } from './args';
import { describeShape, fail, needFeatureMap, weightless } from './common';
import { defineOp, MAX_DIMENSION, type OpDefinition, type OpError } from './definition';

/** The error of a feature op given anything but a T×D sequence; a map is pointed to `tokens()`. */
export function needSequence(op: string, input: Shape): { error: OpError } | undefined {
  if (input.length === 2) return undefined;
  const hint = input.length === 3 ? ': tokens() reads a C×H×W map as an (H·W)×C sequence' : '';
  return fail('shape', `${op} needs a T×D sequence, but its input is ${describeShape(input)}${hint}`);
}

/** A learned table of `max` rows, of which the first T are added to the T tokens (ViT's `pos_embedding`). */
const posembed = defineOp({
  name: 'posembed',
  summary: 'Adds a learned position embedding: a table of max rows of D, its first T rows added to the T tokens.',
  role: 'weighted',
  params: [{ name: 'max', type: 'count', defaultText: 'T', defaultFromInput: true, doc: 'Rows of the table, the longest sequence it takes; T by default.' }],
  apply: (args, [input]) => {
    const notSequence = needSequence('posembed', input!);
    if (notSequence) return notSequence;
    const [tokens, features] = input as readonly [number, number];
    const rows = countArg(args, 'max', tokens);
    if (rows < tokens) {
      return fail('shape', `posembed's table has ${formatCount(rows)} rows, fewer than the ${formatCount(tokens)} tokens of its input`, 'max');
    }
    const weights = BigInt(rows) * BigInt(features);
    return { shape: input!, counts: { ...ZERO_COUNTS, weights, params: weights, activations: elementCount(input!) } };
  },
  formulas: ({ args, input, counts }) => [{ count: 'weights', factors: formatFactors(countArg(args, 'max', input[0]!), input[1]!), value: counts.weights }],
});

/** A learned token put before the others (ViT's `class_token`). */
const clstoken = defineOp({
  name: 'clstoken',
  summary: 'Puts a learned class token of D features before the T tokens.',
  role: 'weighted',
  params: [],
  apply: (_args, [input]) => {
    const notSequence = needSequence('clstoken', input!);
    if (notSequence) return notSequence;
    const [tokens, features] = input as readonly [number, number];
    if (tokens + 1 > MAX_DIMENSION) return fail('shape', `clstoken would make ${formatCount(tokens + 1)} tokens, past ${formatCount(MAX_DIMENSION)}`);
    const shape: Shape = [tokens + 1, features];
    const weights = BigInt(features);
    return { shape, counts: { ...ZERO_COUNTS, weights, params: weights, activations: elementCount(shape) } };
  },
  formulas: ({ input, counts }) => [{ count: 'weights', factors: formatFactors(input[1]!), value: counts.weights }],
});

/** One token's features, as `x[index]`: negative indices count from the end. */
const token = defineOp({
  name: 'token',
  summary: 'Reads one token of a sequence: its D features.',
  role: 'shape',
  params: [{ name: 'index', type: 'index', defaultText: '0', doc: 'Which token: from −T to T−1, negative counting from the end.' }],
  apply: (args, [input]) => {
    const notSequence = needSequence('token', input!);
    if (notSequence) return notSequence;
    const [tokens, features] = input as readonly [number, number];
    const index = countArg(args, 'index');
    if (index >= tokens || index < -tokens) {
      const range = `from −${formatCount(tokens)} to ${formatCount(tokens - 1)}`;
      return fail(
        'bad-argument',
        `token index ${index < 0 ? `−${formatCount(-index)}` : formatCount(index)} is out of range for ${formatCount(tokens)} tokens: it must be ${range}`,
        'index',
      );
    }
    return weightless([features]);
  },
});

/** The mean over the tokens, as `x.mean(0)`: a global average pool of a sequence. */
const tokenmean = defineOp({
  name: 'tokenmean',
  summary: 'The mean of the tokens of a sequence: D features.',
  role: 'window',
  params: [],
  apply: (_args, [input]) => needSequence('tokenmean', input!) ?? weightless([input![1]!]),
});

/** A map read as a sequence, as `x.flatten(1).transpose(0, 1)`: each position a token of C features. */
const tokens = defineOp({
  name: 'tokens',
  summary: 'Reads a C×H×W map as a sequence of H·W tokens of C features.',
  role: 'shape',
  params: [],
  apply: (_args, [input]) => {
    const notMap = needFeatureMap('tokens', input!);
    if (notMap) return notMap;
    const [channels, height, width] = input as readonly [number, number, number];
    const count = BigInt(height) * BigInt(width);
    if (count > BigInt(MAX_DIMENSION))
      return fail('shape', `tokens would make ${formatCount(count)} tokens (${formatFactors(height, width)}), past ${formatCount(MAX_DIMENSION)}`);
    return weightless([Number(count), channels]);
  },
});

/** `x.transpose(0, 1)`: swaps a rank-2 tensor's two readings, signal and sequence. */
const transpose = defineOp({
  name: 'transpose',
  summary: 'Swaps the two sizes of a rank-2 tensor: A×B becomes B×A.',
  role: 'shape',
  params: [],
  apply: (_args, [input]) => {
    if (input!.length !== 2) return fail('shape', `transpose needs a rank-2 input (A×B), but its input is ${describeShape(input!)}`);
    return weightless([input![1]!, input![0]!]);
  },
});

/** A sequence read as a map, the inverse of `tokens`: `x.transpose(0, 1).reshape(D, height, width)`. */
const spatial = defineOp({
  name: 'spatial',
  summary: 'Reads a sequence of height·width tokens as a D×height×width map (the inverse of tokens).',
  role: 'shape',
  params: [
    { name: 'height', type: 'count', doc: 'Rows of the map.' },
    { name: 'width', type: 'count', doc: 'Columns of the map.' },
  ],
  apply: (args, [input]) => {
    const notSequence = needSequence('spatial', input!);
    if (notSequence) return notSequence;
    const [count, features] = input as readonly [number, number];
    const height = countArg(args, 'height');
    const width = countArg(args, 'width');
    const cells = BigInt(height) * BigInt(width);
    if (cells !== BigInt(count)) {
      return fail(
        'shape',
        `spatial needs height·width to be the ${formatCount(count)} tokens of its input, but ${formatFactors(height, width)} is ${formatCount(cells)}`,
      );
    }
    return weightless([features, height, width]);
  },
});

export const sequenceOps: readonly OpDefinition[] = [posembed, clstoken, token, tokenmean, tokens, transpose, spatial];
