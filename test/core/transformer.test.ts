/**
 * The transformer's weighted ops (language v2): `embedding`, `attention`, `dense` per token
 * and `dense(…, tied=NAME)`, held to the spec's worked examples and to PyTorch, which
 * builds each layer and counts its params and its multiply-accumulates at each matmul
 * (torch/transformer_ops.py).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { costFormulas, costNotes, formatFormula } from '../../core';
import { analyzeNet, countRow, errors, net, nodeAt } from '../helpers/net';
import { runPython, torchMissing, torchScripts } from '../helpers/torch';

describe('the spec’s worked examples', () => {
  test('ViT-B/16’s attention(12) on 197×768: weights 2,359,296, biases 3,072, connections 524,391,936', () => {
    const { analysis, network } = analyzeNet(net('197x768', 'y = attention(12)'));
    assert.deepEqual(errors(analysis), []);
    const y = nodeAt(network, 'y');
    assert.deepEqual(y.shape, [197, 768]);
    // units 197·(768 + 2·768 + 768); params 2,359,296 + 3,072 = nn.MultiheadAttention(768, 12)'s 2,362,368
    assert.deepEqual(countRow(y.counts), [605_184, 2_359_296, 3_072, 2_362_368, 524_391_936, 151_296]);
    assert.deepEqual(costFormulas(y).map(formatFormula), [
      'units = 197·(768 + 2·768 + 768) = 605,184',
      'weights = 768·768 + 2·768·768 + 768·768 = 2,359,296',
      'biases = 768 + 2·768 + 768 = 3,072',
      'connections = 197·2,359,296 + 2·197²·768 = 464,781,312 + 59,610,624 = 524,391,936',
    ]);
    assert.deepEqual(costNotes(y), [
      "causal changes no count: the full T×T products (QKᵀ, then the weighted sum of V) are counted, as fvcore and PyTorch's FLOP counter count them",
    ]);
  });

  test('causal=true counts the full T×T product, and its hover says so', () => {
    const { network } = analyzeNet(net('197x768', 'y = attention(12, causal=true)'));
    const y = nodeAt(network, 'y');
    assert.equal(y.counts.connections, 524_391_936n);
    assert.match(costNotes(y)[0]!, /^causal=true changes no count: the full T×T products/);
  });

  test('the T² term is exact at any length (bigint)', () => {
    // T = 2,000,000,000, D = 2: 2·T²·q = 2·4·10¹⁸·2 = 1.6·10¹⁹, past 2⁶³; T·weights = 2·10⁹·16
    const { network } = analyzeNet(net('2000000000x2', 'y = attention(1)'));
    assert.equal(nodeAt(network, 'y').counts.connections, 16_000_000_032_000_000_000n);
  });

  /**
   * GPT-2 small, as far as this tree's ops go: 12 blocks of attention(12) and an MLP of
   * 3,072, the token table, and the head tied to it. With its 786,432 position weights and
   * its 25 layernorms (38,400 params) it is the spec's 124,439,808; untied, 38,597,376 more
   * (the spec's 163,037,184).
   */
  const GPT2 = [
    'block Layer(d) {',
    '  attention(12, causal=true)',
    '  dense(4 * d, act=gelu)',
    '  dense(d)',
    '}',
    'network GPT2 {',
    '  input ids: 1024',
    '  wte = embedding(50257, 768)',
    '  Layer(768) * 12',
    '  head = dense(50257, bias=false, tied=wte)',
    '}',
    '',
  ].join('\n');

  test('GPT-2 small with its head tied counts the table once', () => {
    const { analysis, network } = analyzeNet(GPT2);
    assert.deepEqual(errors(analysis), []);
    assert.equal(network.totals.params + 786_432n + 38_400n, 124_439_808n);
    assert.deepEqual(countRow(nodeAt(network, 'head').counts).slice(0, 5), [51_463_168, 0, 0, 0, 39_523_713_024]);
    const untied = analyzeNet(GPT2.replace(', tied=wte', '')).network;
    assert.equal(untied.totals.params + 786_432n + 38_400n, 163_037_184n);
  });
});

describe('dense per token and tied, in the hover', () => {
  test('dense on T×D writes T in its formulas', () => {
    const { network } = analyzeNet(net('4x8', 'y = dense(3)'));
    assert.deepEqual(costFormulas(nodeAt(network, 'y')).map(formatFormula), ['units = 4·3 = 12', 'weights = 8·3 = 24', 'connections = 4·8·3 = 96']);
  });

  test('a tied dense writes no weights formula, and says whose they are', () => {
    const { network } = analyzeNet(net('4', 'wte = embedding(100, 8)', 'y = dense(100, tied=wte)'));
    const y = nodeAt(network, 'y');
    assert.deepEqual(costFormulas(y).map(formatFormula), ['units = 4·100 = 400', 'connections = 4·8·100 = 3,200']);
    assert.deepEqual(costNotes(y), ['weights = 0: tied to wte, whose 100·8 table is counted once, there']);
  });

  test('tied= inside a block names an embedding of the block', () => {
    const text = ['block Lm(v) {', '  e = embedding(v, 8)', '  dense(v, tied=e)', '}', 'network N {', '  input ids: 5', '  Lm(30)', '}', ''].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), []);
    // 30·8 weights once, 30 biases
    assert.equal(network.totals.params, 270n);
  });
});

interface TorchLayer {
  readonly params: number;
  readonly macs: number;
  readonly shape: number[];
  readonly mha_params?: number;
}

/** Each layer as netlint writes it, and as torch/transformer_ops.py builds it. */
const LAYERS: readonly { readonly input: string; readonly line: string; readonly torch: Record<string, unknown> }[] = [
  { input: '197x768', line: 'attention(12)', torch: { op: 'attention', T: 197, D: 768, heads: 12, kv_heads: 12, head_dim: 64, bias: true } },
  { input: '128x768', line: 'attention(12, bias=false)', torch: { op: 'attention', T: 128, D: 768, heads: 12, kv_heads: 12, head_dim: 64, bias: false } },
  { input: '50x512', line: 'attention(8, kv_heads=2)', torch: { op: 'attention', T: 50, D: 512, heads: 8, kv_heads: 2, head_dim: 64, bias: true } },
  {
    input: '5x32',
    line: 'attention(8, kv_heads=2, head_dim=3, bias=false)',
    torch: { op: 'attention', T: 5, D: 32, heads: 8, kv_heads: 2, head_dim: 3, bias: false },
  },
  { input: '7x10', line: 'attention(3, head_dim=4)', torch: { op: 'attention', T: 7, D: 10, heads: 3, kv_heads: 3, head_dim: 4, bias: true } },
  { input: '16', line: 'embedding(1000, 32)', torch: { op: 'embedding', T: 16, vocab: 1000, dim: 32 } },
  { input: '9x20', line: 'dense(30)', torch: { op: 'dense', T: 9, D: 20, units: 30, bias: true } },
  { input: '9x20', line: 'dense(30, bias=false)', torch: { op: 'dense', T: 9, D: 20, units: 30, bias: false } },
];

/** One run of the script for every layer and the tied pair: importing torch takes seconds. */
let measured: TorchLayer[] | undefined;
function measuredByTorch(): TorchLayer[] {
  const input = [...LAYERS.map((layer) => layer.torch), { op: 'tied', vocab: 50257, dim: 768 }].map((line) => JSON.stringify(line)).join('\n');
  measured ??= runPython(join(torchScripts, 'transformer_ops.py'), [], { input })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TorchLayer);
  assert.equal(measured.length, LAYERS.length + 1);
  return measured;
}

test('each layer’s params, connections and shape are PyTorch’s', { skip: torchMissing() }, () => {
  const torchLayers = measuredByTorch();
  LAYERS.forEach((layer, i) => {
    const { analysis, network } = analyzeNet(net(layer.input, `y = ${layer.line}`));
    assert.deepEqual(errors(analysis), [], layer.line);
    const y = nodeAt(network, 'y');
    const torch = torchLayers[i]!;
    assert.deepEqual([y.counts.params, y.counts.connections, y.shape], [BigInt(torch.params), BigInt(torch.macs), torch.shape], layer.line);
    // Where nn.MultiheadAttention can be built, it has the same params.
    if (torch.mha_params !== undefined) assert.equal(y.counts.params, BigInt(torch.mha_params), layer.line);
  });
});

test('a head tied to its embedding counts the table once, as PyTorch’s parameters() do', { skip: torchMissing() }, () => {
  const tied = measuredByTorch()[LAYERS.length]!;
  const { network } = analyzeNet(net('16', 'wte = embedding(50257, 768)', 'y = dense(50257, bias=false, tied=wte)'));
  assert.equal(network.totals.params, BigInt(tied.params));
});
