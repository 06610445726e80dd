/**
 * Language v2's additions, analysed: size lists and `//` and a leading minus, tensor
 * parameters of blocks, several outputs, and defaults that name the parameters before them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, renderTables } from '../../core';
import { analyzeNet, countRow, errors, net, nodeAt } from '../helpers/net';

describe('computed sizes', () => {
  test('[k] is k, and [h, w] is hxw, wherever a size or a pad is taken', () => {
    const listed = analyzeNet(net('3x8x8', 'a = conv(4, [3], pad=[1], stride=[1])', 'b = conv(4, [3, 5], pad=[1, 2])', 'c = maxpool([2])'));
    const written = analyzeNet(net('3x8x8', 'a = conv(4, 3, pad=1, stride=1)', 'b = conv(4, 3x5, pad=1x2)', 'c = maxpool(2)'));
    assert.deepEqual(errors(listed.analysis), []);
    for (const path of ['a', 'b', 'c']) {
      assert.deepEqual(nodeAt(listed.network, path).shape, nodeAt(written.network, path).shape);
      assert.deepEqual(countRow(nodeAt(listed.network, path).counts), countRow(nodeAt(written.network, path).counts));
    }
    // 3·5·4·4 = 240 weights on 4×8×8
    assert.deepEqual(nodeAt(listed.network, 'b').shape, [4, 8, 8]);
    assert.equal(nodeAt(listed.network, 'b').counts.weights, 240n);
  });

  test("'//' rounds down, as Python's does, negatives included; one leading minus negates", () => {
    const { analysis, network } = analyzeNet(
      net('3x8x8', 'a = conv(7 // 2, 1x1)', 'b = conv(8 + -7 // 2, 1x1)', 'c = conv(8 + 7 // -2, 1x1)', 'd = conv(-(-6), 1x1)'),
    );
    assert.deepEqual(
      [nodeAt(network, 'a'), nodeAt(network, 'b'), nodeAt(network, 'c'), nodeAt(network, 'd')].map((node) => node.shape?.[0]),
      [3, 4, 4, 6],
    );
    assert.deepEqual(errors(analysis), []);
  });

  test("a block's computed padding: [0, k // 2] keeps the width for any odd k", () => {
    const text = `block Row(c, k) {\n  conv(c, [1, k], pad=[0, k // 2])\n}\n${net('3x9x9', 'a = Row(4, 7)', 'b = Row(4, 3)')}`;
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), []);
    assert.deepEqual(nodeAt(network, 'a').shape, [4, 9, 9]);
    // 1·7·3·4 = 84 weights, 4·81·21 = 6,804 connections
    assert.deepEqual(countRow(nodeAt(network, 'a').counts), [324, 84, 4, 88, 6_804, 324]);
  });

  test("a '/' that leaves a remainder suggests '//'", () => {
    const { analysis } = analyzeNet(net('3x8x8', 'a = conv(4, 3, pad=3 / 2)'));
    assert.deepEqual(errors(analysis), ["shape: 3 / 2 is not a whole number: '/' must divide exactly (write '//' to round down, or pad=same for a padding)"]);
  });
});

const UP = ['block Up(skip: tensor, filters) {', '  upsample(2)', '  c = concat(upsample_1, skip)', '  conv(filters, 3x3, pad=1, act=relu)', '}', ''].join(
  '\n',
);

describe('tensor parameters', () => {
  test("U-Net's decoder step reads its skip connection by name", () => {
    const text = `${UP}${net('3x16x16', 'e1 = conv(8, 3x3, pad=1)', 'p1 = maxpool(2)', 'e2 = conv(16, 3x3, pad=1)', 'u1 = Up(e1, 8)', 'out = conv(2, 1x1)')}`;
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(analysis.diagnostics, []);
    // upsample: 16×16×16; concat with e1's 8×16×16: 24×16×16; conv: 3·3·24·8 = 1,728 weights
    assert.deepEqual(nodeAt(network, 'u1.c').shape, [24, 16, 16]);
    assert.deepEqual(nodeAt(network, 'u1').inputs, [
      [16, 8, 8],
      [8, 16, 16],
    ]);
    assert.deepEqual(countRow(nodeAt(network, 'u1.conv_1').counts), [2_048, 1_728, 8, 1_736, 442_368, 2_048]);
    assert.deepEqual(nodeAt(network, 'out').shape, [2, 16, 16]);
  });

  test('a tensor parameter is read by `from`, passed on, and given `in` or an input', () => {
    const blocks = [
      'block Side(t: tensor) {\n  a = relu() from t\n  add(a, in)\n}',
      'block Pass(s: tensor) {\n  Side(s)\n}',
      'block Self() {\n  Side(in)\n}',
      'block Cat(t: tensor) {\n  concat(in, t)\n}',
    ].join('\n');
    const text = `${blocks}\n${net('4x8x8', 'y = conv(4, 1x1)', 's1 = Side(x)', 's2 = Pass(y)', 's3 = Self()', 'z = conv(8, 1x1)', 'output c1 = Cat(x) from y', 'c2 = Cat(z) from y')}`;
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), []);
    assert.deepEqual(
      ['s1', 's2', 's3', 'c1', 'c2'].map((path) => nodeAt(network, path).shape),
      [
        [4, 8, 8],
        [4, 8, 8],
        [4, 8, 8],
        [8, 8, 8],
        [12, 8, 8],
      ],
    );
    // Nothing is unused: x, y and z are read through the tensor parameters, c1 is an output.
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.message),
      [],
    );
  });
});

describe('several outputs', () => {
  const HEADS = net('3x8x8', 'c = conv(4, 3x3, pad=1)', 'g = globalavgpool()', 'f = flatten()', 'output aux = dense(10)', 'main = dense(5) from f');

  test("a network's outputs are its marked statements then its last; a marked one is never unused", () => {
    const { analysis, network } = analyzeNet(HEADS);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(
      network.outputs.map((output) => [output.name, output.shape]),
      [
        ['aux', [10]],
        ['main', [5]],
      ],
    );
    assert.deepEqual(network.output, [5]);
    // Every layer counts, the auxiliary head included: 108 + 40 + 20 weights.
    assert.equal(network.totals.weights, 168n);
  });

  test('the table header lists every output with its shape, the last last; one output reads as in v1', () => {
    const text = `${HEADS}network Last {\n  input x: 4\n  output main = dense(5)\n}\n`;
    const tables = renderTables(analyze(text), 'table', { expand: false, all: false }).split('\n');
    assert.ok(tables.includes('T: input 3×8×8 → outputs aux 10, main 5'), tables.join('\n'));
    assert.ok(tables.includes('params 187 (weights 168 + biases 19) · activations 279 · 5 layers'), tables.join('\n'));
    assert.ok(tables.includes('Last: input 4 → output 5'), tables.join('\n'));
    assert.equal(renderTables(analyze(text), 'markdown', { expand: false, all: false }).split('\n')[0], '### T: input 3×8×8 → outputs aux 10, main 5');
  });

  test("CSV's total row names every output as the header does; one output is its shape alone, as in v1", () => {
    const text = `${HEADS}network Last {\n  input x: 4\n  output main = dense(5)\n}\n`;
    const csv = renderTables(analyze(text), 'csv', { expand: false, all: false }).split('\n');
    assert.deepEqual(
      csv.filter((line) => /^\w+,total,/.test(line)),
      ['T,total,,,"aux 10, main 5",271,168,19,187,6972,279', 'Last,total,,,5,5,20,5,25,20,5'],
    );
  });

  test('without the marker the head is unused, as in v1', () => {
    const analysis = analyze(HEADS.replace('output aux', 'aux'));
    assert.deepEqual(
      analysis.diagnostics.map((d) => `${d.code}: ${d.message}`),
      ["unused: the output 'aux' is never read"],
    );
  });

  test("layers and blocks named 'output' or 'tensor' keep working", () => {
    const text = `block output(tensor) {\n  conv(tensor, 1x1)\n}\n${net('3x8x8', 'output = conv(4, 1x1)', 'tensor = output(4)', 'r = relu() from tensor', 'output s = add(r, output)')}`;
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(nodeAt(network, 'tensor').shape, [4, 8, 8]);
    assert.deepEqual(
      network.outputs.map((output) => output.name),
      ['s'],
    );
  });
});

describe('defaults', () => {
  test('a default may name the parameters before it', () => {
    const text = `block B(d, m=2 * d, h=m // 3) {\n  conv(m, 1x1)\n  conv(h, 1x1)\n}\n${net('3x4x4', 'b = B(4)')}`;
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), []);
    assert.deepEqual(nodeAt(network, 'b.conv_1').shape, [8, 4, 4]);
    assert.deepEqual(nodeAt(network, 'b.conv_2').shape, [2, 4, 4]);
  });
});
