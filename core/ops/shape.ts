/** Ops that only rearrange their input. */
import { elementCount } from '../shapes';
import { fail, weightless } from './common';
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

export const shapeOps: readonly OpDefinition[] = [flatten];
