/** The transformer's weighted ops (language v2): `embedding`, a table of token vectors, and multi-head self-`attention`. */
import { ZERO_COUNTS } from '../counts';
import { formatCount, formatFactors } from '../format';
import type { Formula } from '../formulas';
import { elementCount } from '../shapes';
import { boolArg, countArg, optionalCountArg } from './args';
import { biasParam, describeShape, fail } from './common';
import { defineOp, type FormulaInput, type OpDefinition } from './definition';
import { needSequence } from './sequence';

/** `nn.Embedding(vocab, dim)`: T token ids → T×dim. A table read: weights, and no multiply-accumulates. */
const embedding = defineOp({
  name: 'embedding',
  summary: 'A learned vector per token id: T token ids → T×dim.',
  role: 'weighted',
  params: [
    { name: 'vocab', type: 'count', doc: 'Rows of the table: the token ids it knows.' },
    { name: 'dim', type: 'count', doc: 'The size of each token vector.' },
  ],
  apply: (args, [input]) => {
    if (input!.length !== 1) return fail('shape', `embedding needs a vector of token ids, but its input is ${describeShape(input!)}`);
    const dim = countArg(args, 'dim');
    const shape = [input![0]!, dim];
    const weights = BigInt(countArg(args, 'vocab')) * BigInt(dim);
    return { shape, counts: { ...ZERO_COUNTS, weights, params: weights, activations: elementCount(shape) } };
  },
  formulas: ({ args, counts }) => [{ count: 'weights', factors: formatFactors(countArg(args, 'vocab'), countArg(args, 'dim')), value: counts.weights }],
});

/** The sizes of an attention layer: h = head_dim, q = heads·h, kv = kv_heads·h, on T×D. */
interface AttentionSizes {
  readonly t: bigint;
  readonly d: bigint;
  readonly q: bigint;
  readonly kv: bigint;
}

function attentionSizes({ args, input }: Pick<FormulaInput, 'args' | 'input'>): AttentionSizes {
  const d = input[1]!;
  const h = BigInt(optionalCountArg(args, 'head_dim') ?? d / countArg(args, 'heads'));
  return { t: BigInt(input[0]!), d: BigInt(d), q: BigInt(countArg(args, 'heads')) * h, kv: BigInt(countArg(args, 'kv_heads')) * h };
}

/**
 * Multi-head self-attention with its input and output projections (`nn.MultiheadAttention`
 * when kv_heads = heads): weights D·q + 2·D·kv + q·D; connections the projections per token,
 * then QKᵀ and the weighted sum of V, T²·q each. Exact in bigints at any length.
 */
const attention = defineOp({
  name: 'attention',
  summary: 'Multi-head self-attention with its Q, K, V and output projections: T×D → T×D.',
  role: 'weighted',
  params: [
    { name: 'heads', type: 'count', doc: 'Query heads; D must divide by it unless head_dim is given.' },
    {
      name: 'kv_heads',
      type: 'count',
      defaultText: 'heads',
      defaultFrom: 'heads',
      doc: 'Key and value heads (grouped-query attention); heads must divide by it.',
    },
    { name: 'head_dim', type: 'count', defaultText: 'D/heads', defaultFromInput: true, doc: 'The size of each head.' },
    biasParam,
    {
      name: 'causal',
      type: 'bool',
      defaultText: 'false',
      doc: "Masks the future (a decoder). Changes no count: the full T×T product is counted, as fvcore and PyTorch's FLOP counter do.",
    },
  ],
  apply: (args, [input]) => {
    const notSequence = needSequence('attention', input!);
    if (notSequence) return notSequence;
    const [, d] = input as readonly [number, number];
    const heads = countArg(args, 'heads');
    const kvHeads = countArg(args, 'kv_heads');
    if (optionalCountArg(args, 'head_dim') === undefined && d % heads !== 0) {
      return fail(
        'bad-argument',
        `the ${formatCount(d)} features do not divide by heads=${formatCount(heads)}: give head_dim, or heads that divide ${formatCount(d)}`,
        'heads',
      );
    }
    if (heads % kvHeads !== 0) return fail('bad-argument', `heads=${formatCount(heads)} does not divide by kv_heads=${formatCount(kvHeads)}`, 'kv_heads');
    const { t, d: features, q, kv } = attentionSizes({ args, input: input! });
    const weights = features * q + 2n * features * kv + q * features;
    const biases = boolArg(args, 'bias') ? q + 2n * kv + features : 0n;
    return {
      shape: input!,
      counts: {
        units: t * (q + 2n * kv + features),
        weights,
        biases,
        params: weights + biases,
        connections: t * weights + 2n * t * t * q,
        activations: t * features,
      },
    };
  },
  formulas: (layer) => {
    const { t, d, q, kv } = attentionSizes(layer);
    const { counts } = layer;
    // q, 2·kv, then the output projection: the same order in each formula.
    const sizes = `${formatCount(q)} + ${formatFactors(2, kv)} + ${formatCount(d)}`;
    const projections = t * counts.weights;
    const formulas: Formula[] = [
      { count: 'units', factors: `${formatCount(t)}·(${sizes})`, value: counts.units },
      { count: 'weights', factors: `${formatFactors(d, q)} + ${formatFactors(2, d, kv)} + ${formatFactors(q, d)}`, value: counts.weights },
    ];
    if (counts.biases > 0n) formulas.push({ count: 'biases', factors: sizes, value: counts.biases });
    formulas.push({
      count: 'connections',
      factors: `${formatFactors(t, counts.weights)} + 2·${formatCount(t)}²·${formatCount(q)} = ${formatCount(projections)} + ${formatCount(counts.connections - projections)}`,
      value: counts.connections,
    });
    return formulas;
  },
  notes: ({ args }) => [
    `${boolArg(args, 'causal') ? 'causal=true' : 'causal'} changes no count: the full T×T products (QKᵀ, then the weighted sum of V) are counted, as fvcore and PyTorch's FLOP counter count them`,
  ],
});

export const transformerOps: readonly OpDefinition[] = [embedding, attention];
