/** The PyTorch export of Inception-v3, ResNet-50, SqueezeNet and VGG-16, checked by PyTorch (the others: export-torch.test.ts). */
import { describeTorchChecks } from '../helpers/export-torch';
import { examplePath, readExample } from '../helpers/paths';
import { readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../core';
import { exportPyTorch } from '../../core/export/pytorch';

const CHECKED = ['alexnet.net', 'googlenet.net', 'inception_v3.net', 'mobilenetv2.net', 'resnet50.net', 'squeezenet.net', 'vgg16.net'];
/** Checked by export-torch-seq.test.ts, export-torch-bert.test.ts and export-torch-gpt2.test.ts. */
const CHECKED_SEQUENCES = ['bert_base.net', 'gpt2_small.net', 'lstm_tagger.net', 'm5_audio.net', 'vit_b_16.net'];

test('the five files check every example that exports; the others are refused, each layer named', () => {
  for (const name of readdirSync(examplePath('.')).filter((file) => file.endsWith('.net'))) {
    if (CHECKED.includes(name) || CHECKED_SEQUENCES.includes(name)) continue;
    // Some of language v2's convnet ops have no PyTorch code yet: refused, never half written.
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
