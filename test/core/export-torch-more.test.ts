/**
 * The PyTorch export of Inception-v3, ResNet-50, SqueezeNet and VGG-16, checked by PyTorch (the others:
 * export-torch.test.ts, export-torch-convnets.test.ts and export-torch-v2.test.ts).
 */
import { describeTorchChecks } from '../helpers/export-torch';
import { examplePath, readExample } from '../helpers/paths';
import { readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../core';
import { exportPyTorch } from '../../core/export/pytorch';

const CHECKED = [
  'alexnet.net',
  'convnext_tiny.net',
  'efficientnet_b0.net',
  'googlenet.net',
  'inception_v3.net',
  'mobilenet_v3_small.net',
  'mobilenetv2.net',
  'regnet_y_400mf.net',
  'resnet50.net',
  'shufflenet_v2_x1_0.net',
  'squeezenet.net',
  'unet.net',
  'vgg16.net',
];

test('the export-torch test files check every example that exports; the others are refused, each layer named', () => {
  for (const name of readdirSync(examplePath('.')).filter((file) => file.endsWith('.net'))) {
    if (CHECKED.includes(name)) continue;
    // Language v2's ops and rank-2 tensors have no PyTorch code yet: refused, never half written.
    const result = exportPyTorch(analyze(readExample(name)));
    assert.equal(result.kind, 'not-exportable', name);
    if (result.kind === 'not-exportable')
      assert.ok(
        result.problems.some((p) => /not (exportable|written) yet/.test(p.message)),
        name,
      );
  }
});

describeTorchChecks(
  ['inception_v3.net', 'resnet50.net', 'squeezenet.net', 'vgg16.net'].map((name) => ({
    title: `${name}: params, output shape and every layer's shape as netlint's; pyflakes clean`,
    text: readExample(name),
  })),
);
