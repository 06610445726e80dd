/**
 * Inputs for the fuzz tests: token soups, mutations of the examples, deep nesting, and
 * random valid networks with an independent, simple reference of their counts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../helpers/paths';

const examplesDir = join(repoRoot, 'examples');
export const EXAMPLES: readonly string[] = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.net'))
  .sort()
  .map((name) => readFileSync(join(examplesDir, name), 'utf8'));

const WORDS = [
  'network',
  'block',
  'input',
  'from',
  'true',
  'false',
  'in',
  'conv',
  'dwconv',
  'dense',
  'fc',
  'maxpool',
  'avgpool',
  'globalavgpool',
  'batchnorm',
  'lrn',
  'relu',
  'softmax',
  'dropout',
  'flatten',
  'add',
  'concat',
  'same',
  'stride',
  'pad',
  'groups',
  'act',
  'x',
  'a',
  'b',
  'B',
  'N',
  '0',
  '1',
  '3',
  '64',
  '4_096',
  '99999999999999999999',
  '3x3',
  '1x7',
  '3x224x224',
  '0x0',
  '0.5',
  '1e-3',
  '{',
  '}',
  '(',
  ')',
  ',',
  '=',
  ':',
  '*',
  '+',
  '-',
  '/',
  '//',
  '[',
  ']',
  'output',
  'tensor',
  '#',
  '# netlint-disable unused',
  '\n',
  '@',
  '\u00e9',
];

/** Any sequence of the language's words, numbers and punctuation, and a few characters it does not know. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...WORDS), { maxLength: 120 })
  .chain((words) =>
    fc
      .array(fc.constantFrom(' ', '\n', '', '  '), { minLength: words.length, maxLength: words.length })
      .map((gaps) => words.map((w, i) => w + gaps[i]).join('')),
  );

type Mutation = { kind: 'delete' | 'duplicate' | 'swap' | 'number' | 'truncate' | 'insert'; at: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'swap', 'number', 'truncate', 'insert'),
  at: fc.nat(),
  value: fc.constantFrom(
    '0',
    '99999999999999999999',
    '1',
    '2147483648',
    '{',
    '(',
    ')',
    '}',
    'block',
    'network',
    'from',
    '*',
    '-',
    '[',
    ']',
    'output ',
    ': tensor',
  ),
});

/** Splits text into tokens and the whitespace between them, keeping every character. */
function pieces(text: string): string[] {
  return text.match(/\s+|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_x.eE]*|#[^\n]*|./g) ?? [];
}

function mutate(text: string, mutations: readonly Mutation[]): string {
  let parts = pieces(text);
  for (const m of mutations) {
    if (parts.length === 0) break;
    const i = m.at % parts.length;
    switch (m.kind) {
      case 'delete':
        parts.splice(i, 1);
        break;
      case 'duplicate':
        parts.splice(i, 0, parts[i]!);
        break;
      case 'swap':
        if (i + 2 < parts.length) [parts[i], parts[i + 2]] = [parts[i + 2]!, parts[i]!];
        break;
      case 'number': {
        const numbers = parts.map((p, j) => (/^[0-9]/.test(p) ? j : -1)).filter((j) => j >= 0);
        if (numbers.length) parts[numbers[m.at % numbers.length]!] = /^[0-9]+$/.test(m.value) ? m.value : '0';
        break;
      }
      case 'truncate':
        parts = parts.slice(0, i);
        break;
      case 'insert':
        parts.splice(i, 0, m.value);
        break;
    }
  }
  return parts.join('');
}

/** An example, and the same example with a few tokens deleted, duplicated, swapped, replaced by huge or zero numbers, or cut short. */
export const editedExample: fc.Arbitrary<[string, string]> = fc
  .tuple(fc.constantFrom(...EXAMPLES), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([text, mutations]) => [text, mutate(text, mutations)]);

export const mutatedExample: fc.Arbitrary<string> = editedExample.map(([, edited]) => edited);

/** Blocks that use each other `depth` deep, with repeats: the nesting limit and the expansion. */
export const deepNesting: fc.Arbitrary<string> = fc
  .record({ depth: fc.integer({ min: 1, max: 90 }), repeat: fc.integer({ min: 1, max: 4 }) })
  .map(({ depth, repeat }) => {
    const lines: string[] = [];
    for (let i = 0; i < depth; i++) lines.push(`block L${i}(c) {\n  L${i + 1}(c) * ${repeat}\n}`);
    lines.push(`block L${depth}(c) {\n  conv(c, 3x3, pad=1)\n}`);
    lines.push(`network Deep {\n  input x: 8x16x16\n  L0(8)\n}`);
    return lines.join('\n');
  });

// ---- random valid networks and their reference counts ------------------------------------

/** Layers as drawn; `reference` may shrink a kernel to fit, so a few stay impossible (stride 3) on purpose. */
export type Layer =
  | { op: 'conv'; filters: number; k: number; s: number; p: number; g: number; bias: boolean }
  | { op: 'dwconv'; k: number; s: number; p: number; m: number }
  | { op: 'maxpool' | 'avgpool'; k: number; s: number; p: number; ceil: boolean }
  | { op: 'dense'; units: number; bias: boolean }
  | { op: 'batchnorm' | 'relu' | 'dropout' | 'flatten' | 'globalavgpool' }
  | { op: 'add' | 'concat' };

export interface Reference {
  readonly text: string;
  /** The output shape, or undefined when some layer cannot be (the analysis must then report a shape error). */
  readonly output: number[] | undefined;
  readonly weights: bigint;
  readonly biases: bigint;
  readonly params: bigint;
  readonly connections: bigint;
  readonly units: bigint;
}

const layer: fc.Arbitrary<Layer> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('conv' as const),
      filters: fc.constantFrom(4, 8, 16, 24),
      k: fc.integer({ min: 1, max: 7 }),
      s: fc.integer({ min: 1, max: 3 }),
      p: fc.integer({ min: 0, max: 3 }),
      g: fc.constantFrom(1, 1, 2, 4),
      bias: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('dwconv' as const),
      k: fc.constantFrom(3, 5),
      s: fc.integer({ min: 1, max: 2 }),
      p: fc.integer({ min: 0, max: 2 }),
      m: fc.constantFrom(1, 2),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('maxpool' as const, 'avgpool' as const),
      k: fc.integer({ min: 1, max: 4 }),
      s: fc.integer({ min: 1, max: 3 }),
      p: fc.integer({ min: 0, max: 2 }),
      ceil: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dense' as const), units: fc.integer({ min: 1, max: 64 }), bias: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom('batchnorm' as const, 'relu' as const, 'dropout' as const, 'flatten' as const, 'globalavgpool' as const) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('add' as const, 'concat' as const) }) },
);

/** The window formula, written plainly: floor or ceil, and ceil's last window dropped when it starts in the padding. */
function slide(size: number, k: number, s: number, p: number, ceil: boolean): number {
  const span = size + 2 * p - k;
  if (span < 0) return 0;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

/** Writes a network and works out what it must cost, op by op, as the spec's tables say. */
function reference(input: number[], layers: readonly Layer[]): Reference {
  const lines = ['network R {', `  input x: ${input.join('x')}`];
  let shape: number[] | undefined = input;
  let previous: number[] | undefined;
  let previousName = 'x';
  const totals = { weights: 0n, biases: 0n, params: 0n, connections: 0n, units: 0n };
  layers.forEach((l, i) => {
    const name = `l${i}`;
    const before = shape;
    let text = '';
    if (shape) {
      const [c, h, w] = shape as [number, number, number];
      const map = shape.length === 3;
      switch (l.op) {
        case 'conv': {
          // Mostly possible layers: the kernel fits and the groups divide, most of the time.
          if (map && l.k > Math.min(h, w) + 2 * l.p && l.s !== 3) l.k = Math.max(1, Math.min(h, w) + 2 * l.p);
          if (map && (c % l.g || l.filters % l.g) && l.s !== 3) l.g = 1;
          text = `conv(${l.filters}, ${l.k}x${l.k}, stride=${l.s}, pad=${l.p}, groups=${l.g}, bias=${l.bias})`;
          if (!map || c % l.g || l.filters % l.g) {
            shape = undefined;
            break;
          }
          const oh = slide(h, l.k, l.s, l.p, false);
          const ow = slide(w, l.k, l.s, l.p, false);
          if (oh < 1 || ow < 1) {
            shape = undefined;
            break;
          }
          const units = BigInt(l.filters * oh * ow);
          const fanIn = BigInt(l.k * l.k * (c / l.g));
          totals.units += units;
          totals.weights += fanIn * BigInt(l.filters);
          totals.biases += l.bias ? BigInt(l.filters) : 0n;
          totals.connections += units * fanIn;
          shape = [l.filters, oh, ow];
          break;
        }
        case 'dwconv': {
          if (map && l.k > Math.min(h, w) + 2 * l.p) l.k = Math.max(1, Math.min(h, w) + 2 * l.p);
          text = `dwconv(${l.k}x${l.k}, multiplier=${l.m}, stride=${l.s}, pad=${l.p})`;
          if (!map) {
            shape = undefined;
            break;
          }
          const oh = slide(h, l.k, l.s, l.p, false);
          const ow = slide(w, l.k, l.s, l.p, false);
          if (oh < 1 || ow < 1) {
            shape = undefined;
            break;
          }
          const units = BigInt(c * l.m * oh * ow);
          totals.units += units;
          totals.weights += BigInt(l.k * l.k * c * l.m);
          totals.biases += BigInt(c * l.m);
          totals.connections += units * BigInt(l.k * l.k);
          shape = [c * l.m, oh, ow];
          break;
        }
        case 'maxpool':
        case 'avgpool': {
          if (map && l.k > Math.min(h, w) + 2 * l.p) l.k = Math.max(1, Math.min(h, w) + 2 * l.p);
          if (2 * l.p > l.k && l.s !== 3) l.p = Math.floor(l.k / 2);
          text = `${l.op}(${l.k}x${l.k}, stride=${l.s}, pad=${l.p}, ceil=${l.ceil})`;
          if (!map || 2 * l.p > l.k) {
            shape = undefined;
            break;
          }
          const oh = slide(h, l.k, l.s, l.p, l.ceil);
          const ow = slide(w, l.k, l.s, l.p, l.ceil);
          shape = oh < 1 || ow < 1 ? undefined : [c, oh, ow];
          break;
        }
        case 'dense': {
          text = `dense(${l.units}, bias=${l.bias})`;
          const fanIn = BigInt(shape.reduce((a, b) => a * b, 1));
          totals.units += BigInt(l.units);
          totals.weights += fanIn * BigInt(l.units);
          totals.biases += l.bias ? BigInt(l.units) : 0n;
          totals.connections += fanIn * BigInt(l.units);
          shape = [l.units];
          break;
        }
        case 'batchnorm':
          text = 'batchnorm()';
          totals.params += 2n * BigInt(c);
          break;
        case 'relu':
        case 'dropout':
          text = `${l.op}()`;
          break;
        case 'flatten':
          text = 'flatten()';
          shape = [shape.reduce((a, b) => a * b, 1)];
          break;
        case 'globalavgpool':
          text = 'globalavgpool()';
          shape = map ? [c, 1, 1] : undefined;
          break;
        case 'add':
        case 'concat': {
          text = `${l.op}(${previousName}, l${i - 1})`;
          if (i === 0 || !previous) {
            text = 'relu()';
            break;
          }
          if (l.op === 'add') shape = previous.join() === shape.join() ? shape : undefined;
          else if (previous.length === 3 && map && previous[1] === h && previous[2] === w) shape = [previous[0]! + c, h, w];
          else if (previous.length === 1 && shape.length === 1) shape = [previous[0]! + shape[0]!];
          else shape = undefined;
          break;
        }
      }
    } else {
      text = l.op === 'add' || l.op === 'concat' ? 'relu()' : 'relu()';
    }
    lines.push(`  ${name} = ${text}`);
    previous = before;
    previousName = i === 0 ? 'x' : `l${i - 1}`;
  });
  lines.push('}');
  totals.params += totals.weights + totals.biases;
  return { text: lines.join('\n') + '\n', output: shape, ...totals };
}

export const validNetwork: fc.Arbitrary<Reference> = fc
  .tuple(
    fc.constantFrom<number[]>([3, 32, 32], [8, 17, 23], [16, 9, 9], [64]),
    fc.array(layer, { minLength: 1, maxLength: 14 }).map((layers) => layers.map((l) => ({ ...l }))),
  )
  .map(([input, layers]) => reference(input, layers));
