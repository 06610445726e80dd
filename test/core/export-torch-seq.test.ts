/**
 * The PyTorch export of language v2's sequences and signals, checked by PyTorch: ViT-B/16,
 * the LSTM tagger and M5, and a design that uses every sequence op, grouped-query
 * attention and the 1-D windows (BERT-base and GPT-2 small: export-torch-bert.test.ts and
 * export-torch-gpt2.test.ts; a test file has two minutes, and a forward pass through
 * ViT-B/16 or BERT-base takes half a minute on a shared CPU).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../core';
import { exportPyTorch } from '../../core/export/pytorch';
import { describeTorchChecks } from '../helpers/export-torch';
import { readExample } from '../helpers/paths';
import { runPython, torchMissing, torchScripts } from '../helpers/torch';

/** Every sequence op, attention as nn.MultiheadAttention and as the file's own module, and the windows on C×L signals. */
const ALL_SEQUENCE_OPS = [
  'block Mixer(heads, dim) {',
  '  n = rmsnorm()',
  '  a = attention(heads, kv_heads=2, causal=true, bias=false)',
  '  r = add(a, in)',
  '  layernorm(bias=false)',
  '  dense(dim, act=silu)',
  '}',
  'block Wave(f) {',
  '  conv(f, 5, pad=same, act=relu)',
  '  dwconv(3, stride=2, pad=1)',
  '  batchnorm()',
  '}',
  'network Text {',
  '  input ids: 16',
  '  wte = embedding(100, 32)',
  '  posembed(max=64)',
  '  clstoken()',
  '  m = Mixer(8, 32) * 2',
  '  g = attention(4, head_dim=16)',
  '  s = gru(16, layers=2, bidirectional=true)',
  '  l = lstm(32, bias=false)',
  '  t = token(-1)',
  '  u = tokenmean() from l',
  '  v = add(t, u)',
  '  dense(10)',
  '}',
  'network LM {',
  '  input ids: 12',
  '  wte = embedding(50, 24)',
  '  attention(4, causal=true)',
  '  rmsnorm()',
  '  dense(50, bias=false, tied=wte)',
  '}',
  'network Image {',
  '  input image: 3x16x16',
  '  conv(8, 4x4, stride=4)',
  '  tokens()',
  '  transpose()',
  '  conv(8, 3, pad=1)',
  '  transpose()',
  '  layernorm()',
  '  spatial(4, 4)',
  '  globalavgpool()',
  '  dense(3)',
  '}',
  'network Signal {',
  '  input audio: 2x100',
  '  w = Wave(8) * 2',
  '  upsample(2)',
  '  a = avgpool(3, stride=2, ceil=true)',
  '  b = conv(4, 1) from a',
  '  c = concat(a, b)',
  '  globalmaxpool()',
  '  dense(5)',
  '}',
  '',
].join('\n');

const example = (name: string) => ({ title: `${name}: params, output shape and every layer's shape as netlint's; pyflakes clean`, text: readExample(name) });

describeTorchChecks([
  example('vit_b_16.net'),
  example('lstm_tagger.net'),
  example('m5_audio.net'),
  {
    title: 'every sequence op, attention and grouped-query attention, tied weights, and the windows on signals',
    text: ALL_SEQUENCE_OPS,
    modules: [
      ['Text', 16],
      ['LM', 4],
      ['Image', 5],
      ['Signal', 14],
    ],
  },
]);

test("the file's own GroupedQueryAttention and RMSNorm compute what PyTorch's modules do", { skip: torchMissing() }, () => {
  const outcome = exportPyTorch(analyze(ALL_SEQUENCE_OPS));
  assert.equal(outcome.kind, 'exported');
  if (outcome.kind !== 'exported') return;
  const file = join(mkdtempSync(join(tmpdir(), 'netlint-export-')), 'helpers.py');
  writeFileSync(file, outcome.text);
  assert.deepEqual(JSON.parse(runPython(join(torchScripts, 'check_helpers.py'), [file])), {
    multihead: true,
    'multihead causal': true,
    grouped: true,
    'grouped causal': true,
    rmsnorm: true,
  });
});
