/** The PyTorch export the client opens beside the editor: the module, or the message the user is shown. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { providePyTorchExport } from '../../../server/features/export';
import { fixture } from '../../helpers/fixture';
import { readExample } from '../../helpers/paths';

const URI = 'file:///work/my%20designs/alex.net';

test('the module, its docstring naming the file', () => {
  const result = providePyTorchExport(fixture(readExample('alexnet.net')).analysis, URI, undefined);
  assert.equal(result.error, undefined);
  assert.match(result.text!, /^"""AlexNet: PyTorch code exported by netlint from alex\.net\.\n/);
  assert.match(result.text!, /^ {8}self\.fc6 = nn\.Linear\(9216, 4096\)$/m);
});

const REFUSALS: readonly (readonly [title: string, source: string, network: string | undefined, message: string])[] = [
  [
    'a file with errors: the first three, and how many more',
    'network N {\n  input x: 8\n  dense(0)\n  dense(0)\n  dense(0)\n  dense(0)\n}\n',
    undefined,
    'alex.net has 4 errors, so nothing was exported: line 3: units must be an integer ≥ 1, not an integer 0; line 4: units must be an integer ≥ 1, not an integer 0; ' +
      'line 5: units must be an integer ≥ 1, not an integer 0; and 1 more',
  ],
  ['an unknown network', 'network N {\n  input x: 8\n  dense(2)\n}\n', 'M', "alex.net has no network 'M'; its networks: N"],
  [
    'a layer PyTorch code cannot be written for',
    'block B(a) {\n  dense(4, act=a)\n}\nnetwork N {\n  input x: 8\n  B(tanh)\n}\n',
    undefined,
    "alex.net cannot be exported to PyTorch: line 2: dense's act=a is chosen by its block's caller; write the activation in the block instead",
  ],
];

for (const [title, source, network, message] of REFUSALS) {
  test(title, () => assert.deepEqual(providePyTorchExport(fixture(source).analysis, URI, network), { error: message }));
}
