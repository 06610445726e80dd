/**
 * No dead code: knip (configured in knip.jsonc) finds no unused file, export, type or
 * dependency. A failure names each one, with its file and line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { repoRoot, toolBin } from './helpers/paths';

test('knip finds no unused files, exports or dependencies', () => {
  const run = spawnSync(process.execPath, [toolBin('knip'), '--no-progress'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const output = `${run.stdout}${run.stderr}`.trim();
  assert.equal(output, '', `knip found unused code (remove it, or un-export what only its own file uses):\n${output}`);
  assert.equal(run.status, 0);
});
