/**
 * The command line against input that could freeze, crash or exhaust it: each case run in
 * a process of its own, as a user meets it (pipes, standard input, a FIFO). Apart from
 * test/cli/cli.test.ts, as test/cli/large-files.test.ts is: these few take most of the
 * time, and each file stays well within the runner's per-file timeout.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli, scratch } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';

/** Runs the CLI with stdout a pipe that is closed after the first line, as `| head -1` does. */
function runClosingAfterFirstLine(args: string[]): Promise<{ code: number | null; firstLine: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, firstLine: stdout.split('\n')[0]!, stderr }));
  });
}

describe('no input freezes, crashes or exhausts the command', () => {
  const LIMIT = 64 * 1024 * 1024;
  const tooLarge = (what: string) => `netlint: cannot read ${what}: it holds more than 67,108,864 bytes (64 MiB), the most netlint reads\n`;

  test('a reader that closes the pipe early ends the output quietly, with the exit code of the findings', async () => {
    // Megabytes of JSON, far more than a pipe holds, so that most of it is written after the close.
    const layers = Array.from({ length: 20_000 }, (_, i) => `  l${i} = dense(16)\n`).join('');
    const dir = scratch({ 'long.net': `network Long {\n  input x: 16\n${layers}}\n` });
    const result = await runClosingAfterFirstLine(['analyze', join(dir, 'long.net'), '--format', 'json']);
    assert.deepEqual(result, { code: 0, firstLine: '{', stderr: '' });
  });

  test('a file larger than 64 MiB is refused after reading one byte past the limit', () => {
    const dir = scratch({});
    const fd = openSync(join(dir, 'huge.net'), 'w');
    ftruncateSync(fd, LIMIT + 1);
    closeSync(fd);
    assert.deepEqual(runCli(['analyze', join(dir, 'huge.net')]), { code: 2, stdout: '', stderr: tooLarge(`'${join(dir, 'huge.net')}'`) });
  });

  test('endless input is refused: /dev/zero, a FIFO, standard input', () => {
    assert.deepEqual(runCli(['analyze', '/dev/zero']), { code: 2, stdout: '', stderr: tooLarge("'/dev/zero'") });
    const dir = scratch({});
    const cli = join(repoRoot, 'dist', 'cli.js');
    const shell = (script: string) =>
      spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, CLI: cli, NODE: process.execPath } });
    const fifo = shell('mkfifo endless && { yes > endless 2>/dev/null & "$NODE" "$CLI" analyze endless; }');
    assert.deepEqual([fifo.status, fifo.stdout, fifo.stderr], [2, '', tooLarge("'endless'")]);
    const stdin = shell('yes | "$NODE" "$CLI" lint -');
    assert.deepEqual([stdin.status, stdin.stdout, stdin.stderr], [2, '', tooLarge('standard input')]);
  });
});
