/** Neovim (0.7, Debian's) as a second real LSP client: diagnostics and hover on AlexNet. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.error ? 'nvim is not installed (apt-get install neovim; .ci/run installs it)' : false;

test('Neovim sees the diagnostics and the hover of AlexNet', { skip: missing }, () => {
  const result = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(repoRoot, 'test', 'server', 'neovim.lua')}`], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      NETLINT_NODE: process.execPath,
      NETLINT_SERVER: join(repoRoot, 'dist', 'server.js'),
      NETLINT_FILE: join(repoRoot, 'examples', 'alexnet.net'),
    },
  });
  const report = JSON.parse(result.stdout.trim().split('\n').pop()!);
  assert.equal(report.error, undefined, report.error);
  assert.equal(result.status, 0);
  assert.deepEqual(
    report.diagnostics.map((d: { line: number; col: number; code: string }) => `${d.line}:${d.col} ${d.code}`),
    ['5:3 large-kernel', '8:3 costly-layer', '8:3 large-kernel', '15:3 heavy-layer', '15:3 fc-dominant', '17:3 heavy-layer'],
  );
  assert.match(report.hover, /\| weights \| 307,200 \(\+256 biases\) \| 0\.5% \|/);
  assert.match(report.hover, /`connections = 186,624·5·5·48 = 223,948,800`/);
});
