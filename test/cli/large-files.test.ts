/**
 * The command line on files of 130,000 rows, where a spread of that many overflowed the
 * stack: each run in a process of its own, with its own heap and stack, as a user runs it.
 * A file of its own, for the time these two take (see test/cli/limits.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scratch } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';

describe('files with 130,000 rows (a spread of that many overflowed the stack)', () => {
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  test('analyze --expand of 130,000 dense layers prints them all', () => {
    const dir = scratch({ 'dense.net': 'network N {\n  input x: 8\n  d = dense(8) * 130000\n}\n' });
    const { code, stdout, stderr } = run(['analyze', '--expand', join(dir, 'dense.net')]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.split('\n').filter((line) => /^ {2}\d+ +dense /.test(line)).length, 130_000);
  });

  test('lint of 130,000 lines, each with a diagnostic', () => {
    const lines = Array.from({ length: 130_000 }, () => '  maxpool(2x2, stride=2) from a\n').join('');
    const dir = scratch({ 'pool.net': `network N {\n  input x: 3x5x5\n  a = relu()\n${lines}}\n` });
    const { code, stdout, stderr } = run(['lint', join(dir, 'pool.net')]);
    assert.equal(code, 0, stderr);
    assert.ok(
      stdout.endsWith(
        '  504:3  warning  and 258,999 more problems from here on, not shown: a file reports at most 1,000  limit\n\n✖ 259,999 problems (0 errors, 129,999 warnings, 130,000 infos)\n',
      ),
      stdout.slice(-300),
    );
  });
});
