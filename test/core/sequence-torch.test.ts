/**
 * The sequence, recurrent and feature-norm ops of language v2 against PyTorch, live: each
 * layer is built by torch/sequence_ops.py as the same module and run on a tensor of its
 * input's shape without a batch; its output shape and parameter counts must be netlint's.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeNet, errors, net, nodeAt } from '../helpers/net';
import { runPython, torchMissing, torchScripts } from '../helpers/torch';

interface TorchCase {
  readonly op: string;
  readonly args?: Readonly<Record<string, number | boolean>>;
  readonly input: readonly number[];
}

interface TorchCounts {
  readonly shape: number[];
  /** The sizes of its parameters named weight…, named bias…, and of them all. */
  readonly weights: number;
  readonly biases: number;
  readonly params: number;
}

const CASES: readonly TorchCase[] = [
  { op: 'posembed', input: [197, 768] },
  { op: 'posembed', args: { max: 512 }, input: [10, 64] },
  { op: 'clstoken', input: [196, 768] },
  { op: 'token', input: [5, 12] },
  { op: 'token', args: { index: 4 }, input: [5, 12] },
  { op: 'token', args: { index: -1 }, input: [5, 12] },
  { op: 'token', args: { index: -5 }, input: [5, 12] },
  { op: 'tokenmean', input: [5, 12] },
  { op: 'tokens', input: [768, 14, 14] },
  { op: 'transpose', input: [3, 7] },
  { op: 'spatial', args: { height: 14, width: 14 }, input: [196, 768] },
  { op: 'spatial', args: { height: 2, width: 3 }, input: [6, 5] },
  { op: 'layernorm', input: [197, 768] },
  { op: 'layernorm', input: [100] },
  { op: 'layernorm', input: [96, 56, 56] },
  { op: 'layernorm', args: { bias: false }, input: [16, 64] },
  { op: 'layernorm', args: { bias: false }, input: [8, 5, 5] },
  { op: 'rmsnorm', input: [16, 64] },
  { op: 'rmsnorm', input: [64] },
  { op: 'rmsnorm', input: [8, 5, 5] },
  { op: 'layerscale', input: [16, 64] },
  { op: 'layerscale', input: [96, 56, 56] },
  { op: 'lstm', args: { hidden: 20 }, input: [5, 10] },
  { op: 'lstm', args: { hidden: 20, layers: 3, bidirectional: true }, input: [5, 10] },
  { op: 'lstm', args: { hidden: 8, layers: 2, bias: false }, input: [4, 30] },
  { op: 'gru', args: { hidden: 20 }, input: [5, 10] },
  { op: 'gru', args: { hidden: 7, layers: 2, bidirectional: true, bias: false }, input: [6, 40] },
];

/** A case as a layer of a `.net` file; a negative index as a subtraction, which binding lets through. */
const written = ({ op, args = {} }: TorchCase): string =>
  `y = ${op}(${Object.entries(args)
    .map(([name, value]) => `${name}=${typeof value === 'number' && value < 0 ? `0 - ${-value}` : value}`)
    .join(', ')})`;

test('sequence, recurrent and feature-norm ops: shapes and params as PyTorch builds them', { skip: torchMissing() }, () => {
  const measured = JSON.parse(runPython(join(torchScripts, 'sequence_ops.py'), [], { input: JSON.stringify(CASES) })) as TorchCounts[];
  assert.equal(measured.length, CASES.length);
  CASES.forEach((c, i) => {
    const torch = measured[i]!;
    const line = written(c);
    const { analysis, network } = analyzeNet(net(c.input.join('x'), line));
    assert.deepEqual(errors(analysis), [], line);
    const node = nodeAt(network, 'y');
    assert.deepEqual(node.shape, torch.shape, `${line} on ${c.input.join('×')}`);
    assert.equal(node.counts.params, BigInt(torch.params), line);
    // A recurrent layer's weight_* and bias_* are its weights and biases; posembed's and
    // clstoken's tables are weights; a norm's scale and shift are params of neither kind.
    const recurrent = c.op === 'lstm' || c.op === 'gru';
    const weights = recurrent ? torch.weights : c.op === 'posembed' || c.op === 'clstoken' ? torch.params : 0;
    assert.deepEqual([node.counts.weights, node.counts.biases], [BigInt(weights), BigInt(recurrent ? torch.biases : 0)], line);
  });
});
