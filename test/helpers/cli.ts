import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { run } from '../../cli/main';
import { repoRoot } from './paths';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const CLI = join(repoRoot, 'dist', 'cli.js');

/** Runs the bundled CLI as a user would, from `cwd` (the repository by default). */
export function runCli(args: string[], options: { input?: string; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let bundled: { run: typeof run } | undefined;

/**
 * Runs the same bundle, dist/cli.js, inside the test's process: its `run`, required rather
 * than spawned, with what `runCli` gives (the text written, a line at a time, and the exit
 * code; no colour, as on a pipe). A node process per case made a file of fifty cases outlast
 * the test runner's timeout on a loaded machine. What needs a process of its own (standard
 * input, the `#!` line, the exit code set on the process, pipes) is run with `runCli`.
 */
export function runCliInProcess(args: string[], options: { cwd?: string } = {}): CliResult {
  if (args.includes('-')) throw new Error("standard input is the test runner's in process: use runCli");
  bundled ??= createRequire(__filename)(CLI) as { run: typeof run };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const home = process.cwd();
  process.chdir(options.cwd ?? repoRoot);
  try {
    const code = bundled.run(args, { out: (text) => stdout.push(text, '\n'), err: (text) => stderr.push(text, '\n') }, false);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.chdir(home);
  }
}

/** A fresh folder in the system's temporary folder holding these files (paths relative to it, folders made). */
export function scratch(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
