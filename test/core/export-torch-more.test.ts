/**
 * The PyTorch export of Inception-v3, ResNet-50, SqueezeNet and VGG-16, checked by PyTorch (the others:
 * export-torch.test.ts, -convnets, -v2, -seq, -bert and -gpt2), and that every example exports.
 */
import { describeTorchChecks } from '../helpers/export-torch';
import { examplePath, readExample } from '../helpers/paths';
import { readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../core';
import { exportPyTorch } from '../../core/export/pytorch';

/** Each checked by one of the export-torch test files (the sequences: -seq, -bert and -gpt2). */
const CHECKED = [
  'alexnet.net',
  'bert_base.net',
  'convnext_tiny.net',
  'efficientnet_b0.net',
  'googlenet.net',
  'gpt2_small.net',
  'inception_v3.net',
  'lstm_tagger.net',
  'm5_audio.net',
  'mobilenet_v3_small.net',
  'mobilenetv2.net',
  'regnet_y_400mf.net',
  'resnet50.net',
  'shufflenet_v2_x1_0.net',
  'squeezenet.net',
  'unet.net',
  'vgg16.net',
  'vit_b_16.net',
];

test('every example exports and is checked by PyTorch in an export-torch test file: none is refused', () => {
  const examples = readdirSync(examplePath('.')).filter((file) => file.endsWith('.net'));
  assert.deepEqual(examples.sort(), CHECKED);
  for (const name of examples) {
    const result = exportPyTorch(analyze(readExample(name)));
    assert.equal(result.kind, 'exported', `${name}: ${result.kind === 'not-exportable' ? result.problems.map((p) => p.message).join('; ') : result.kind}`);
  }
});

describeTorchChecks(
  ['inception_v3.net', 'resnet50.net', 'squeezenet.net', 'vgg16.net'].map((name) => ({
    title: `${name}: params, output shape and every layer's shape as netlint's; pyflakes clean`,
    text: readExample(name),
  })),
);
