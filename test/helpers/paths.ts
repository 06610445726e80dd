import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Set to the repository when a bundle runs from a copy outside it: the bench runs its
 * bundles from a private copy, since other builds may wipe out/ during a run.
 */
export const ROOT_VARIABLE = 'NETLINT_ROOT';

/** The repository's root: the variable above, or the nearest folder above this file that holds package.json. */
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

export const examplePath = (name: string): string => join(repoRoot, 'examples', name);

export const readExample = (name: string): string => readFileSync(examplePath(name), 'utf8');

/** The script of a development tool's command, from its package.json `bin`, to run with node. */
export function toolBin(packageName: string, command: string = packageName): string {
  const packageDir = join(repoRoot, 'node_modules', packageName);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { bin: string | Record<string, string> };
  return join(packageDir, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[command]!);
}
