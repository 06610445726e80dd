/**
 * Recurrent layers (language v2): `lstm` and `gru` over a T×D sequence, as PyTorch's
 * `nn.LSTM` and `nn.GRU` with `batch_first` on an unbatched input: each layer's gates read
 * its input and its own previous state at every token.
 */
import { formatCount, formatFactors } from '../format';
import type { Formula } from '../formulas';
import type { Shape } from '../shapes';
import { boolArg, countArg } from './args';
import { biasParam, fail } from './common';
import { defineOp, MAX_DIMENSION, type FormulaInput, type OpDefinition, type ResolvedArgs } from './definition';
import { needSequence } from './sequence';

/** The most layers a recurrent op stacks (the spec's limit). */
const MAX_RECURRENT_LAYERS = 1000;

/** What one recurrent layer is made of: its gates (LSTM 4, GRU 3), sizes and stacking. */
interface Stack {
  readonly gates: number;
  readonly tokens: number;
  readonly features: number;
  readonly hidden: number;
  readonly layers: number;
  readonly dirs: number;
}

function stackOf(gates: number, args: ResolvedArgs, input: Shape): Stack {
  return {
    gates,
    tokens: input[0]!,
    features: input[1]!,
    hidden: countArg(args, 'hidden'),
    layers: countArg(args, 'layers'),
    dirs: boolArg(args, 'bidirectional') ? 2 : 1,
  };
}

/**
 * Σ over layers and directions of gates·hidden·(in + hidden): the first layer reads the
 * D features, each one above it the hidden·dirs outputs of the one below.
 */
function recurrentWeights({ gates, features, hidden, layers, dirs }: Stack): bigint {
  const [g, h, d] = [BigInt(gates), BigInt(hidden), BigInt(dirs)];
  const first = g * h * (BigInt(features) + h);
  const above = g * h * (h * d + h);
  return d * (first + BigInt(layers - 1) * above);
}

function recurrent(name: 'lstm' | 'gru', gates: number, summary: string): OpDefinition {
  return defineOp({
    name,
    summary,
    role: 'weighted',
    params: [
      { name: 'hidden', type: 'count', doc: 'Features of the hidden state, per direction.' },
      { name: 'layers', type: 'count', defaultText: '1', doc: 'Recurrent layers stacked, each reading the outputs of the one below; at most 1,000.' },
      { name: 'bidirectional', type: 'bool', defaultText: 'false', doc: 'Whether each layer also runs backwards, its two outputs joined.' },
      { ...biasParam, doc: `Whether each gate adds its two learned biases (PyTorch's b_ih and b_hh).` },
    ],
    apply: (args, [input]) => {
      const notSequence = needSequence(name, input!);
      if (notSequence) return notSequence;
      const stack = stackOf(gates, args, input!);
      if (stack.layers > MAX_RECURRENT_LAYERS) {
        return fail('bad-argument', `${name} stacks at most ${formatCount(MAX_RECURRENT_LAYERS)} layers, not ${formatCount(stack.layers)}`, 'layers');
      }
      const outputs = BigInt(stack.hidden) * BigInt(stack.dirs);
      if (outputs > BigInt(MAX_DIMENSION)) {
        return fail(
          'shape',
          `${name} would make ${formatCount(outputs)} features (${formatFactors(stack.hidden, 2)}), past ${formatCount(MAX_DIMENSION)}`,
          'hidden',
        );
      }
      const tokens = BigInt(stack.tokens);
      const weights = recurrentWeights(stack);
      const perToken = BigInt(gates) * BigInt(stack.hidden) * BigInt(stack.dirs) * BigInt(stack.layers);
      const biases = boolArg(args, 'bias') ? 2n * perToken : 0n;
      return {
        shape: [stack.tokens, Number(outputs)],
        counts: { units: tokens * perToken, weights, biases, params: weights + biases, connections: tokens * weights, activations: tokens * outputs },
      };
    },
    formulas: (layer) => recurrentFormulas(stackOf(gates, layer.args, layer.input), layer),
  });
}

/**
 * units = T·gates·hidden·dirs·layers; weights = gates·hidden·(D + hidden)·dirs for the first
 * layer, + gates·hidden·(hidden·dirs + hidden)·dirs·(layers − 1) above it; biases =
 * 2·gates·hidden·dirs·layers; connections = T·weights. A factor dirs or layers of 1 is left out.
 */
function recurrentFormulas(stack: Stack, { args, counts }: FormulaInput): Formula[] {
  const { gates, tokens, features, hidden, layers, dirs } = stack;
  const stacked = [...(dirs > 1 ? [dirs] : []), ...(layers > 1 ? [layers] : [])];
  const first = formatFactors(gates, hidden, `(${formatCount(features)} + ${formatCount(hidden)})`, ...(dirs > 1 ? [dirs] : []));
  const above = formatFactors(
    gates,
    hidden,
    `(${formatCount(hidden * dirs)} + ${formatCount(hidden)})`,
    ...(dirs > 1 ? [dirs] : []),
    ...(layers > 2 ? [layers - 1] : []),
  );
  const formulas: Formula[] = [
    { count: 'units', factors: formatFactors(tokens, gates, hidden, ...stacked), value: counts.units },
    { count: 'weights', factors: layers > 1 ? `${first} + ${above}` : first, value: counts.weights },
  ];
  if (boolArg(args, 'bias')) formulas.push({ count: 'biases', factors: formatFactors(2 * gates, hidden, ...stacked), value: counts.biases });
  formulas.push({ count: 'connections', factors: formatFactors(tokens, counts.weights), value: counts.connections });
  return formulas;
}

export const recurrentOps: readonly OpDefinition[] = [
  recurrent('lstm', 4, 'A long short-term memory over a T×D sequence: T×(hidden·dirs), its four gates per layer and direction.'),
  recurrent('gru', 3, 'A gated recurrent unit over a T×D sequence: T×(hidden·dirs), its three gates per layer and direction.'),
];
