import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyseClean, caffeDir, caffeMissing, importText } from '../helpers/import';
import { onnxModel } from '../helpers/onnx';

/** An auxiliary classifier of GoogLeNet's train_val.prototxt (BVLC), reading `bottom`, its loss left out as training-only. */
function googlenetHead(n: number, bottom: string): string {
  const layer = (name: string, type: string, from: string, to: string, rest = '') =>
    `layer { name: "loss${n}/${name}" type: "${type}" bottom: "${from}" top: "${to}" ${rest}}\n`;
  return [
    layer('ave_pool', 'Pooling', bottom, `loss${n}/ave_pool`, 'pooling_param { pool: AVE kernel_size: 5 stride: 3 } '),
    layer('conv', 'Convolution', `loss${n}/ave_pool`, `loss${n}/conv`, 'convolution_param { num_output: 128 kernel_size: 1 } '),
    layer('relu_conv', 'ReLU', `loss${n}/conv`, `loss${n}/conv`),
    layer('fc', 'InnerProduct', `loss${n}/conv`, `loss${n}/fc`, 'inner_product_param { num_output: 1024 } '),
    layer('relu_fc', 'ReLU', `loss${n}/fc`, `loss${n}/fc`),
    layer('drop_fc', 'Dropout', `loss${n}/fc`, `loss${n}/fc`, 'dropout_param { dropout_ratio: 0.7 } '),
    layer('classifier', 'InnerProduct', `loss${n}/fc`, `loss${n}/classifier`, 'inner_product_param { num_output: 1000 } '),
    `layer { name: "loss${n}/loss" type: "SoftmaxWithLoss" bottom: "loss${n}/classifier" bottom: "label" top: "loss${n}/loss${n}" loss_weight: 0.3 }\n`,
  ].join('');
}

describe('several outputs', () => {
  test("GoogLeNet with its auxiliary heads: each head's classifier an output, the modules still one block", { skip: caffeMissing }, () => {
    let text = readFileSync(join(caffeDir!, 'googlenet.prototxt'), 'utf8');
    // Each head where train_val.prototxt has it: right after the module it reads.
    for (const [n, bottom] of [
      [1, 'inception_4a/output'],
      [2, 'inception_4d/output'],
    ] as const) {
      const end = text.indexOf('\n}\n', text.indexOf(`top: "${bottom}"`)) + 3;
      text = text.slice(0, end) + googlenetHead(n, bottom) + text.slice(end);
    }
    const deploy = analyseClean(importText('googlenet.prototxt', readFileSync(join(caffeDir!, 'googlenet.prototxt'))).text);
    const result = importText('googlenet.prototxt', text);
    const lines = result.text.split('\n');
    const at = lines.indexOf('  inception_4a = Branches(192, 96, 208, 16, 48, 64)');
    assert.deepEqual(lines.slice(at, at + 9), [
      '  inception_4a = Branches(192, 96, 208, 16, 48, 64)',
      '  avgpool(5x5, stride=3, ceil=true)',
      '  loss1_conv = conv(128, 1x1)',
      '  relu()',
      '  loss1_fc = dense(1024)',
      '  relu()',
      '  dropout(0.7)',
      '  output loss1_classifier = dense(1000)',
      '  inception_4b = Branches(160, 112, 224, 24, 64, 64) from inception_4a',
    ]);
    assert.equal(lines.filter((line) => / = Branches\(/.test(line)).length, 9);
    assert.equal(lines.at(-3), '  prob = softmax()');
    const network = analyseClean(result.text);
    assert.deepEqual(
      network.outputs.map((output) => `${output.name} ${output.shape!.join('x')}`),
      ['loss1_classifier 1000', 'loss2_classifier 1000', 'prob 1000'],
    );
    // Each head: a 1x1 conv of 512 (loss1) or 528 (loss2) channels to 128, then 128·4·4 → 1024 → 1000, with biases.
    const head = (channels: bigint) => channels * 128n + 128n + 2048n * 1024n + 1024n + 1024n * 1000n + 1000n;
    assert.equal(network.totals.params, deploy.totals.params + head(512n) + head(528n));
  });

  test("an ONNX graph's outputs: a head off the trunk, and a tensor that is read on", () => {
    const conv = { op: 'Conv', inputs: ['x', 'conv.weight', 'conv.bias'], outputs: ['c'], attributes: { pads: { ints: [1, 1, 1, 1] } } };
    const stem = [
      conv,
      { op: 'Relu', inputs: ['c'], outputs: ['r'] },
      { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['g'] },
      { op: 'Flatten', inputs: ['g'], outputs: ['features'] },
    ];
    const gemm = (name: string, from: string, to: string) => ({
      op: 'Gemm',
      inputs: [from, `${name}.weight`, `${name}.bias`],
      outputs: [to],
      attributes: { transB: { i: 1 } },
    });
    const initializers = [
      { name: 'conv.weight', dims: [4, 3, 3, 3] },
      { name: 'conv.bias', dims: [4] },
      { name: 'aux.weight', dims: [10, 4] },
      { name: 'aux.bias', dims: [10] },
      { name: 'fc.weight', dims: [5, 4] },
      { name: 'fc.bias', dims: [5] },
    ];
    const inputs = [{ name: 'x', dims: [1, 3, 8, 8] }];
    const twoHeads = importText(
      'heads.onnx',
      onnxModel({
        inputs,
        outputs: [{ name: 'aux_out' }, { name: 'logits' }],
        initializers,
        nodes: [...stem, gemm('aux', 'features', 'aux_out'), gemm('fc', 'features', 'logits')],
      }),
    );
    assert.deepEqual(twoHeads.leftOut, []);
    assert.deepEqual(twoHeads.text.split('\n').slice(-5), ['  Flatten = flatten()', '  output aux = dense(10)', '  fc = dense(5) from Flatten', '}', '']);
    const network = analyseClean(twoHeads.text);
    assert.deepEqual(
      network.outputs.map((output) => `${output.name} ${output.shape!.join('x')}`),
      ['aux 10', 'fc 5'],
    );
    assert.equal(network.totals.params, 4n * 27n + 4n + 40n + 10n + 20n + 5n);

    const featuresToo = importText(
      'features.onnx',
      onnxModel({ inputs, outputs: [{ name: 'features' }, { name: 'logits' }], initializers, nodes: [...stem, gemm('fc', 'features', 'logits')] }),
    );
    assert.deepEqual(featuresToo.text.split('\n').slice(-4), ['  output features = flatten()', '  fc = dense(5)', '}', '']);
    assert.deepEqual(
      analyseClean(featuresToo.text).outputs.map((output) => `${output.name} ${output.shape!.join('x')}`),
      ['features 4', 'fc 5'],
    );
  });
});
