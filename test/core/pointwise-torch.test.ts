/**
 * v2's ops that keep or join shapes, refereed live by PyTorch (torch/pointwise.py): over
 * grids of small shapes, netlint's output shape (or error) must be PyTorch's, and where
 * netlint is stricter than PyTorch by design (docs/language.md), exactly there.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../core';
import { errors, nodeAt } from '../helpers/net';
import { runPython, torchMissing, torchScripts } from '../helpers/torch';

interface Case {
  readonly op: string;
  readonly shapes: readonly (readonly number[])[];
  readonly args?: Readonly<Record<string, number>>;
}

type Outcome = { readonly shape: number[]; readonly params: number } | { readonly error: string };

/** netlint's answer: the layer `y` reading inputs `a`, `b`, … of the case's shapes. */
function netlint(c: Case): Outcome {
  const names = c.shapes.map((_, i) => String.fromCharCode(97 + i));
  const inputs = c.shapes.map((shape, i) => `  input ${names[i]}: ${shape.join('x')}`);
  const args = c.args ? Object.entries(c.args).map(([name, value]) => `${name}=${value}`) : [];
  const call = c.op === 'mul' || c.op === 'concat' ? `${c.op}(${names.join(', ')})` : `${c.op}(${args.join(', ')})`;
  const analysis = analyze(['network T {', ...inputs, `  y = ${call}`, '}', ''].join('\n'));
  const found = errors(analysis);
  if (found.length) return { error: found.join('; ') };
  const y = nodeAt(analysis.networks[0]!, 'y');
  return { shape: [...y.shape!], params: Number(y.counts.params) };
}

/** Every shape of the rank with sizes from `sizes`. */
function shapesOf(rank: number, sizes: readonly number[]): number[][] {
  if (rank === 0) return [[]];
  return shapesOf(rank - 1, sizes).flatMap((rest) => sizes.map((size) => [size, ...rest]));
}

const MUL: Case[] = [1, 2, 3].flatMap((rank) =>
  shapesOf(rank, [1, 2, 3]).flatMap((a) => shapesOf(rank, [1, 2, 3]).map((b) => ({ op: 'mul', shapes: [a, b] }))),
);
// Ranks apart: PyTorch aligns the last sizes, netlint refuses (a vector of C times C×H×W would scale along W).
const MUL_RANKS: Case[] = [
  { op: 'mul', shapes: [[3, 4, 4], [4]] },
  {
    op: 'mul',
    shapes: [
      [3, 4],
      [1, 1, 4],
    ],
  },
];
const CHUNK: Case[] = [];
const SHUFFLE: Case[] = [];
for (let c = 1; c <= 8; c++) {
  for (const rest of [[], [3], [2, 2]]) {
    for (let parts = 1; parts <= 4; parts++) {
      for (let index = 0; index < parts; index++) CHUNK.push({ op: 'chunk', shapes: [[c, ...rest]], args: { parts, index } });
      SHUFFLE.push({ op: 'channelshuffle', shapes: [[c, ...rest]], args: { groups: parts } });
    }
  }
}
const CONCAT: Case[] = shapesOf(2, [1, 2, 3]).flatMap((a) => shapesOf(2, [1, 2, 3]).map((b) => ({ op: 'concat', shapes: [a, b] })));
const SAME_SHAPE: Case[] = ['silu', 'hardswish', 'hardsigmoid', 'relu6', 'leakyrelu', 'elu', 'identity', 'droppath'].flatMap((op) =>
  [[5], [4, 6], [3, 4, 5]].map((shape) => ({ op, shapes: [shape], ...(op === 'droppath' ? { args: { p: 0.2 } } : {}) })),
);

/** PyTorch's answers to every case, from one run of the script (importing torch takes seconds). */
let answers: Map<string, Outcome> | undefined;
function torch(c: Case): Outcome {
  if (!answers) {
    const all = [...MUL, ...MUL_RANKS, ...CHUNK, ...SHUFFLE, ...CONCAT, ...SAME_SHAPE];
    const outcomes = JSON.parse(runPython(join(torchScripts, 'pointwise.py'), [], { input: JSON.stringify(all) })) as Outcome[];
    answers = new Map(all.map((one, i) => [JSON.stringify(one), outcomes[i]!]));
  }
  return answers.get(JSON.stringify(c))!;
}

/** Compares the two over the cases; returns the cases where PyTorch accepts what netlint refuses. */
function compare(cases: readonly Case[]): Case[] {
  const stricter: Case[] = [];
  for (const c of cases) {
    const [ours, their] = [netlint(c), torch(c)];
    const what = JSON.stringify(c);
    if ('error' in ours && !('error' in their)) {
      stricter.push(c);
      continue;
    }
    assert.equal('error' in ours, 'error' in their, `${what}: netlint ${JSON.stringify(ours)}, PyTorch ${JSON.stringify(their)}`);
    if (!('error' in ours) && !('error' in their)) assert.deepEqual(ours, their, what);
  }
  return stricter;
}

test('mul broadcasts as torch.mul on every pair of shapes of the same rank, sizes 1 to 3', { skip: torchMissing() }, () => {
  assert.equal(MUL.length, 819);
  assert.deepEqual(compare(MUL), []);
  assert.deepEqual(compare(MUL_RANKS), MUL_RANKS);
});

test('chunk keeps part index of x.chunk(parts, 0) wherever parts divides the first size', { skip: torchMissing() }, () => {
  const stricter = compare(CHUNK);
  // PyTorch makes parts of ceil(C/parts), fewer than asked at times; netlint refuses those, and only those.
  assert.ok(stricter.every((c) => c.shapes[0]![0]! % c.args!.parts! !== 0));
  // 50 indivisible cases a rank; PyTorch refuses 13 of them too (an index past the parts it makes): 37 a rank, 3 ranks.
  assert.equal(stricter.length, 111);
});

test('channelshuffle as nn.ChannelShuffle on a batch of one', { skip: torchMissing() }, () => {
  assert.deepEqual(compare(SHUFFLE), []);
});

test('concat of rank 2 as torch.cat along the first size', { skip: torchMissing() }, () => {
  assert.deepEqual(compare(CONCAT), []);
});

test('the activations, identity and droppath keep the shape at every rank, with no params', { skip: torchMissing() }, () => {
  assert.deepEqual(compare(SAME_SHAPE), []);
});
