/** The PyTorch export of GPT-2 small, checked by PyTorch (the other sequence examples: export-torch-seq.test.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../core';
import { describeTorchChecks } from '../helpers/export-torch';
import { readExample } from '../helpers/paths';

/**
 * GPT-2 small on a context of 64 tokens instead of 1,024: the same module (its position
 * table keeps max=1024 rows, so the params are the same), but a forward pass 16 times
 * cheaper; at 1,024 tokens it is 146 billion MACs, minutes on a test machine's CPU. The
 * example as it is runs on the meta device, where shapes are worked out and nothing computed.
 */
const GPT2_SHORT = readExample('gpt2_small.net').replace('input ids: 1024', 'input ids: 64');

test('GPT-2 small on 64 tokens has the params of the example on 1,024', () => {
  assert.notEqual(GPT2_SHORT, readExample('gpt2_small.net'));
  assert.equal(analyze(GPT2_SHORT).networks[0]!.totals.params, 124_439_808n);
  assert.equal(analyze(readExample('gpt2_small.net')).networks[0]!.totals.params, 124_439_808n);
});

describeTorchChecks([
  { title: "gpt2_small.net on 64 tokens: params, output shape and every layer's shape as netlint's; pyflakes clean", text: GPT2_SHORT },
  {
    title: "gpt2_small.net as it is, on 1,024 tokens, on the meta device: params, output shape and every layer's shape as netlint's",
    text: readExample('gpt2_small.net'),
    meta: true,
  },
]);
