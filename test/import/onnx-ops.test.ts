import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseClean, importText } from '../helpers/import';
import { onnxModel } from '../helpers/onnx';

/** The network's statements: the lines between its input and its closing brace. */
function body(text: string): string[] {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((line) => line.startsWith('  input ')) + 2, lines.lastIndexOf('}'));
}

describe('ONNX activations written as several nodes, and 1-D signals', () => {
  test('a Conv1d, GELU as torch 1.13 writes it (x·(erf(x/√2) + 1)·0.5) and a mean over the length', () => {
    const model = onnxModel({
      inputs: [{ name: 'audio', dims: [1, 2, 100] }],
      outputs: [{ name: 'logits' }],
      initializers: [
        { name: 'conv.weight', dims: [8, 2, 5] },
        { name: 'conv.bias', dims: [8] },
        { name: 'fc.weight', dims: [3, 8] },
        { name: 'fc.bias', dims: [3] },
        { name: 'sqrt2', dims: [], values: [Math.SQRT2] },
        { name: 'one', dims: [], values: [1] },
        { name: 'half', dims: [], values: [0.5] },
      ],
      nodes: [
        { op: 'Conv', inputs: ['audio', 'conv.weight', 'conv.bias'], outputs: ['c'] },
        { op: 'Div', inputs: ['c', 'sqrt2'], outputs: ['d'] },
        { op: 'Erf', inputs: ['d'], outputs: ['e'] },
        { op: 'Add', inputs: ['e', 'one'], outputs: ['a'] },
        { op: 'Mul', inputs: ['c', 'a'], outputs: ['m'] },
        { op: 'Mul', inputs: ['m', 'half'], outputs: ['g'] },
        { op: 'ReduceMean', inputs: ['g'], outputs: ['pooled'], attributes: { axes: { ints: [2] }, keepdims: { i: 0 } } },
        { op: 'Gemm', inputs: ['pooled', 'fc.weight', 'fc.bias'], outputs: ['logits'], attributes: { transB: { i: 1 } } },
      ],
    });
    const result = importText('m5.onnx', model);
    assert.deepEqual(result.leftOut, []);
    assert.deepEqual(
      body(result.text),
      ['conv = conv(8, 5)', 'gelu()', 'globalavgpool()', 'fc = dense(3)'].map((line) => `  ${line}`),
    );
    const network = analyseClean(result.text);
    assert.deepEqual(network.output, [3]);
    // The conv: 8·2·5 + 8; its 8×96 outputs each read 2·5 inputs. The dense: 8·3 + 3.
    assert.equal(network.totals.params, 88n + 27n);
    assert.equal(network.totals.connections, 8n * 96n * 10n + 24n);
  });

  test("Hardswish before opset 14: x·hardsigmoid(x) with PyTorch's 1/6 and 0.5; with ONNX's 0.2, two layers", () => {
    const model = (alpha: number) =>
      onnxModel({
        inputs: [{ name: 'image', dims: [1, 3, 8, 8] }],
        outputs: [{ name: 'out' }],
        initializers: [{ name: 'conv.weight', dims: [4, 3, 1, 1] }],
        opset: 13,
        nodes: [
          { op: 'Conv', inputs: ['image', 'conv.weight'], outputs: ['c'] },
          { op: 'HardSigmoid', inputs: ['c'], outputs: ['h'], attributes: { alpha: { f: alpha }, beta: { f: 0.5 } } },
          { op: 'Mul', inputs: ['c', 'h'], outputs: ['hs'] },
          { op: 'GlobalAveragePool', inputs: ['hs'], outputs: ['g'] },
          { op: 'Flatten', inputs: ['g'], outputs: ['out'] },
        ],
      });
    const swish = importText('hs.onnx', model(1 / 6));
    assert.deepEqual(
      body(swish.text),
      ['conv = conv(4, 1x1, bias=false)', 'hardswish()', 'globalavgpool()', 'flatten()'].map((line) => `  ${line}`),
    );
    assert.deepEqual(analyseClean(swish.text).output, [4]);
    const sigmoid = importText('hs.onnx', model(0.2));
    assert.deepEqual(
      body(sigmoid.text),
      ['conv = conv(4, 1x1, bias=false)', 'HardSigmoid = hardsigmoid()', 'mul(conv, HardSigmoid)', 'globalavgpool()', 'flatten()'].map((line) => `  ${line}`),
    );
  });
});
