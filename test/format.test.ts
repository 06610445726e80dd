/**
 * One layout for every source file: Prettier (configured in .prettierrc.json, what it
 * leaves alone in .prettierignore) finds nothing to change. `npx prettier --write .`
 * formats; a failure names each file that differs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { repoRoot, toolBin } from './helpers/paths';

test('prettier finds every source file formatted', () => {
  const run = spawnSync(process.execPath, [toolBin('prettier'), '--list-different', '.'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const output = `${run.stdout}${run.stderr}`.trim();
  assert.equal(output, '', `these files are not formatted (npx prettier --write .):\n${output}`);
  assert.equal(run.status, 0);
});
