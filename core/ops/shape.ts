/** Ops that only rearrange their input, or pick a part of it. */
import { formatCount } from '../format';
import { elementCount, type Shape } from '../shapes';
import { countArg } from './args';
import { describeShape, fail, weightless } from './common';
import { defineOp, MAX_DIMENSION, type OpDefinition } from './definition';

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

/** `nn.Identity`: a place holder that passes its input on; it serves no layer, so a fix removing the one before keeps it. */
const identity = defineOp({
  name: 'identity',
  summary: 'Passes its input on unchanged.',
  role: 'shape',
  params: [],
  apply: (_args, [input]) => weightless(input!),
});

/** What splitting the first size by `parts` is refused as: channels (the reading of the channel ops), or a vector's length. */
function indivisible(input: Shape, parts: number, argument: string): ReturnType<typeof fail> {
  const what = input.length === 1 ? `a vector of ${formatCount(input[0]!)} is` : `the ${formatCount(input[0]!)} channels are`;
  return fail('shape', `${what} not divisible by ${argument}=${parts}`, argument);
}

/** `x.chunk(parts, 0)[index]`, the first size split into equal parts (a channel split, as ShuffleNet V2's). */
const chunk = defineOp({
  name: 'chunk',
  summary: 'Splits the channels (the first size) into equal parts and keeps one.',
  role: 'shape',
  params: [
    { name: 'parts', type: 'count', doc: 'How many equal parts the channels are split into.' },
    { name: 'index', type: 'index', doc: 'The part kept, counted from 0.' },
  ],
  apply: (args, [input]) => {
    const parts = countArg(args, 'parts');
    const index = countArg(args, 'index');
    if (index < 0 || index >= parts) return fail('bad-argument', `index ${index} is out of range: ${parts} parts are numbered 0 to ${parts - 1}`, 'index');
    const first = input![0]!;
    if (first % parts !== 0) return indivisible(input!, parts, 'parts');
    return weightless([first / parts, ...input!.slice(1)]);
  },
});

/** `nn.ChannelShuffle(groups)`, which needs channels and at least one size after them (PyTorch refuses a batch of vectors). */
const channelshuffle = defineOp({
  name: 'channelshuffle',
  summary: 'Interleaves the channels of its groups (ShuffleNet); the shape is unchanged.',
  role: 'shape',
  params: [{ name: 'groups', type: 'count', doc: 'How many groups the channels are shuffled across.' }],
  apply: (args, [input]) => {
    if (input!.length < 2) {
      return fail('shape', `channelshuffle needs channels and at least one more size (C×L or C×H×W), but its input is ${describeShape(input!)}`);
    }
    const groups = countArg(args, 'groups');
    if (input![0]! % groups !== 0) return indivisible(input!, groups, 'groups');
    return weightless(input!);
  },
});

export const shapeOps: readonly OpDefinition[] = [flatten, identity, chunk, channelshuffle];
