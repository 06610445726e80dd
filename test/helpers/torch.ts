/**
 * PyTorch, the referee of every count: Debian's python3-torch, run with /usr/bin/python3
 * (never another python on the PATH). Tests that need it skip, saying why, when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

export const PYTHON = '/usr/bin/python3';

/** The folder of the repository's Python scripts that build networks in PyTorch. */
export const torchScripts = join(repoRoot, 'torch');

let missing: string | false | undefined;

/**
 * Why PyTorch cannot referee here, or false when it can: for `test(name, { skip: torchMissing() })`,
 * which node's runner reports as skipped with this reason.
 */
export function torchMissing(): string | false {
  if (missing !== undefined) return missing;
  if (!existsSync(PYTHON)) return (missing = `${PYTHON} is missing: apt-get install -y python3-torch python3-torchvision`);
  const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision; print(torch.__version__)'], { encoding: 'utf8' });
  missing =
    probe.status === 0 ? false : `PyTorch is missing (${(probe.stderr || '').trim().split('\n').pop()}): apt-get install -y python3-torch python3-torchvision`;
  return missing;
}

/** Runs a Python script under /usr/bin/python3 and returns its stdout; throws with its stderr when it fails. */
export function runPython(script: string, args: readonly string[] = [], options: { input?: string; timeoutMs?: number } = {}): string {
  const result = spawnSync(PYTHON, [script, ...args], {
    encoding: 'utf8',
    input: options.input,
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 256 * 1024 * 1024,
    // No network, no GPU, few threads: the counts do not depend on them and CI machines are shared.
    env: { ...process.env, CUDA_VISIBLE_DEVICES: '', OMP_NUM_THREADS: '2', PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${script} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}
