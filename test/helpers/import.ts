/** What the import tests share: the Caffe presets' folder, an import from text or bytes, a clean analysis. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze, DEFAULT_SETTINGS, type NetworkAnalysis } from '../../core';
import { bytesSource, importModel } from '../../import';
import { repoRoot } from './paths';

/** The project's shared folder (`shared/` beside the clone): Netscope's Caffe presets live there. */
export const caffeDir: string | undefined = (() => {
  for (let dir = repoRoot; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'data', 'caffe');
    if (existsSync(join(candidate, 'SOURCES.md'))) return candidate;
  }
  return undefined;
})();
export const caffeMissing = caffeDir ? false : 'shared/data/caffe (the Caffe presets) is not beside the repository';

export function importText(name: string, text: string | Uint8Array) {
  return importModel(name, bytesSource(typeof text === 'string' ? Buffer.from(text) : text));
}

export function analyseClean(text: string): NetworkAnalysis {
  const analysis = analyze(text, DEFAULT_SETTINGS);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.deepEqual(errors, []);
  assert.equal(analysis.networks.length, 1);
  return analysis.networks[0]!;
}
