/** `netlint export`: the module on standard output or in a file, and the refusals with their exit codes. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../core';
import { exportPyTorch } from '../../core/export/pytorch';
import { runCli } from '../helpers/cli';
import { readExample } from '../helpers/paths';

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-export-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const TWO = 'network A {\n  input x: 8\n  dense(4)\n}\n\nnetwork B {\n  input y: 3x8x8\n  conv(4, 3x3)\n}\n';

describe('netlint export', () => {
  test('writes the AlexNet module to standard output, as the core makes it', () => {
    const { code, stdout, stderr } = runCli(['export', 'examples/alexnet.net']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const outcome = exportPyTorch(analyze(readExample('alexnet.net')), { source: 'alexnet.net' });
    assert.equal(outcome.kind, 'exported');
    assert.equal(stdout, outcome.kind === 'exported' ? outcome.text : '');
    assert.match(stdout, /^"""AlexNet: PyTorch code exported by netlint from alexnet\.net\./);
  });

  test('--out writes the file, and a second export gives the same bytes', () => {
    const dir = scratch({});
    const out = join(dir, 'model.py');
    assert.equal(runCli(['export', 'examples/resnet50.net', '--out', out]).code, 0);
    const first = readFileSync(out);
    const { code, stdout } = runCli(['export', 'examples/resnet50.net', '-o', out]);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.ok(first.equals(readFileSync(out)));
    assert.deepEqual(readdirSync(dir), ['model.py']);
  });

  test('--network picks one network; all of them by default', () => {
    const dir = scratch({ 'two.net': TWO });
    const all = runCli(['export', join(dir, 'two.net')]);
    assert.equal(all.code, 0);
    assert.deepEqual(all.stdout.match(/^class \w+/gm), ['class A', 'class B']);
    const one = runCli(['export', join(dir, 'two.net'), '--network', 'B']);
    assert.deepEqual(one.stdout.match(/^class \w+/gm), ['class B']);
  });

  test('a network that does not exist: exit 2, with the names that do', () => {
    const dir = scratch({ 'two.net': TWO });
    const { code, stdout, stderr } = runCli(['export', join(dir, 'two.net'), '--network', 'C', '--out', join(dir, 'model.py')]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `netlint: no network 'C' in ${join(dir, 'two.net')}; its networks: A, B\n`);
    assert.equal(existsSync(join(dir, 'model.py')), false);
  });

  test('a file with errors: exit 1, its errors listed, nothing written', () => {
    const dir = scratch({ 'bad.net': 'network N {\n  input x: 3x8x8\n  conv(4, 9x9)\n  dense(10, act=rleu)\n}\n' });
    const out = join(dir, 'model.py');
    writeFileSync(out, 'earlier\n');
    const { code, stdout, stderr } = runCli(['export', join(dir, 'bad.net'), '--out', out]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.split('\n'), [
      `${join(dir, 'bad.net')}:3:11: error: conv's 9x9 window does not fit its 8×8 input with pad 0x0: the output would be 0×0 (shape)`,
      `${join(dir, 'bad.net')}:4:17: error: act must be one of relu, sigmoid, tanh, gelu, silu, swish, hardswish, hardsigmoid, relu6, leakyrelu, elu, none: 'rleu' is not a known activation (did you mean 'relu'?) (bad-argument)`,
      `netlint: ${join(dir, 'bad.net')} has errors: nothing exported`,
      '',
    ]);
    assert.equal(readFileSync(out, 'utf8'), 'earlier\n');
  });

  test('a layer PyTorch code cannot be written for: exit 1, naming the op and line, nothing written', () => {
    const text = 'block B(a) {\n  conv(8, 3x3, act=a)\n}\n\nnetwork N {\n  input x: 3x8x8\n  B(relu)\n}\n';
    const dir = scratch({ 'act.net': text });
    const out = join(dir, 'model.py');
    const { code, stderr } = runCli(['export', join(dir, 'act.net'), '--out', out]);
    assert.equal(code, 1);
    assert.equal(
      stderr,
      `${join(dir, 'act.net')}:2: error: conv's act=a is chosen by its block's caller; write the activation in the block instead\n` +
        `netlint: ${join(dir, 'act.net')} cannot be exported to PyTorch: nothing exported\n`,
    );
    assert.equal(existsSync(out), false);
  });

  test('usage: one file; --network and --out belong to export; an unwritable --out is exit 2', () => {
    assert.deepEqual(runCli(['export', 'examples/alexnet.net', 'examples/vgg16.net']).stderr, 'netlint: export takes one file\n');
    assert.deepEqual(runCli(['analyze', 'examples/alexnet.net', '--network', 'AlexNet']).stderr, 'netlint: --network belongs to export and report\n');
    const result = runCli(['export', 'examples/alexnet.net', '--out', join(tmpdir(), 'no-such-folder-netlint', 'model.py')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^netlint: cannot write '.*model\.py': no such file\n$/);
  });
});
