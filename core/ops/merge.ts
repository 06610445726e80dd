/** Merges: ops that join two or more tensors, named as their arguments. */
import { formatCount, formatShape } from '../format';
import { sameShape, type Shape } from '../shapes';
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

/** A size's place in mul's message: a tensor has at most three. */
const ORDINALS = ['first', 'second', 'third'];

/**
 * `torch.mul(a, b)` between two tensors of the same rank, broadcast as PyTorch does: each
 * size equal, or one of them 1 and the output the other (a squeeze-and-excitation gate,
 * C×H×W by C×1×1). Tensors of different ranks are refused, though PyTorch would align
 * their last sizes: a vector of C against C×H×W would scale along W, which a gate never means.
 */
const mul = defineOp({
  name: 'mul',
  summary: 'Element-wise product of two tensors of the same rank, a size of 1 broadcast (a gate).',
  role: 'merge',
  inputs: 2,
  params: [],
  apply: (_args, [a, b]) => {
    if (a!.length !== b!.length) {
      return fail('shape', `mul needs two tensors of the same rank, but input 1 is ${describeShape(a!)} and input 2 is ${describeShape(b!)}`);
    }
    const shape: number[] = [];
    for (let i = 0; i < a!.length; i++) {
      const [x, y] = [a![i]!, b![i]!];
      if (x !== y && x !== 1 && y !== 1) {
        return fail(
          'shape',
          `mul cannot broadcast ${formatShape(a!)} (input 1) with ${formatShape(b!)} (input 2): their ${ORDINALS[i]} sizes are ${x} and ${y}, and neither is 1`,
        );
      }
      shape.push(Math.max(x, y));
    }
    return weightless(sameShape(shape, a!) ? a! : sameShape(shape, b!) ? b! : shape);
  },
});

/** A shape in concat's message on ranks, which says the ranks itself. */
const named = (shape: Shape): string => (shape.length === 1 ? `a vector of ${shape[0]}` : formatShape(shape));

/** What concat's output is called when it is too large: channels of a map, the first size of rank 2, a vector's length. */
function joined(size: bigint, rank: number): string {
  if (rank === 3) return `${formatCount(size)} channels`;
  return rank === 2 ? `a first size of ${formatCount(size)}` : `a vector of ${formatCount(size)}`;
}

/** `torch.cat` along the first size: channels of a map or a signal, the tokens of a sequence, a vector's length. */
const concat = defineOp({
  name: 'concat',
  summary: 'Concatenates two or more tensors along the first size (channels, or tokens); the other sizes must match.',
  role: 'merge',
  params: [],
  apply: (_args, inputs) => {
    const first = inputs[0]!;
    for (let i = 1; i < inputs.length; i++) {
      const shape = inputs[i]!;
      if (shape.length !== first.length) {
        return fail(
          'shape',
          `concat cannot join ${named(first)} (input 1) with ${named(shape)} (input ${i + 1}): both must be C×H×W, both of rank 2, or both vectors`,
        );
      }
      if (shape.length === 3 && (shape[1] !== first[1] || shape[2] !== first[2])) {
        return fail('shape', `concat needs inputs with equal H and W, but input 1 is ${formatShape(first)} and input ${i + 1} is ${formatShape(shape)}`);
      }
      if (shape.length === 2 && shape[1] !== first[1]) {
        return fail(
          'shape',
          `concat joins rank-2 inputs along their first size, so their second must be equal, but input 1 is ${formatShape(first)} and input ${i + 1} is ${formatShape(shape)}`,
        );
      }
    }
    const size = inputs.reduce((sum, shape) => sum + BigInt(shape[0]!), 0n);
    if (size > BigInt(MAX_DIMENSION)) return fail('shape', `concat would make ${joined(size, first.length)}, past ${formatCount(MAX_DIMENSION)}`);
    return weightless([Number(size), ...first.slice(1)]);
  },
});

export const mergeOps: readonly OpDefinition[] = [add, concat, mul];
