/**
 * Where the repository is. The benchmark runs its bundles from a private copy (other
 * builds may wipe out/ during a run), so the root comes from the environment
 * when set, and otherwise from the nearest package.json above this file.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ROOT_VARIABLE = 'NETLINT_BENCH_ROOT';

export const repoRoot: string = (() => {
  const given = process.env[ROOT_VARIABLE];
  if (given) return given;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}; set ${ROOT_VARIABLE}`);
    dir = parent;
  }
  return dir;
})();
