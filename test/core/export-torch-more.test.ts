/** The PyTorch export of ResNet-50, SqueezeNet and VGG-16, checked by PyTorch (the others: export-torch.test.ts). */
import { describeTorchChecks } from '../helpers/export-torch';
import { examplePath, readExample } from '../helpers/paths';
import { readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const CHECKED = ['alexnet.net', 'googlenet.net', 'mobilenetv2.net', 'resnet50.net', 'squeezenet.net', 'vgg16.net'];

test('the two files check every example', () => {
  assert.deepEqual(
    readdirSync(examplePath('.')).filter((name) => name.endsWith('.net')),
    CHECKED,
  );
});

describeTorchChecks(
  ['resnet50.net', 'squeezenet.net', 'vgg16.net'].map((name) => ({
    title: `${name}: params, output shape and every layer's shape as netlint's; pyflakes clean`,
    text: readExample(name),
  })),
);
