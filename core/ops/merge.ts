/** Merges: ops that join two or more tensors, named as their arguments. */
import { formatCount, formatShape } from '../format';
import { sameShape } from '../shapes';
import { describeShape, fail, weightless } from './common';
import { defineOp, MAX_DIMENSION, type OpDefinition } from './definition';

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
        return fail(
          'shape',
          `concat cannot join ${describeShape(first)} (input 1) with ${describeShape(shape)} (input ${i + 1}): both must be C×H×W, or both vectors`,
        );
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

export const mergeOps: readonly OpDefinition[] = [add, concat];
