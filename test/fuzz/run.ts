/**
 * `npm run fuzz [-- --seconds N]`: runs the core's fuzz properties with fresh seeds for as
 * long as asked (60 s by default), and saves each failing input as a regression fixture
 * in test/fuzz/regressions/, which `npm test` replays from then on.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { repoRoot } from '../helpers/paths';
import { deepNesting, mutatedExample, tokenSoup, validNetwork, type Reference } from './generators';
import { checkAnalysis, checkFixes, checkReference, checkRefactorings } from './properties';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' } } });
const deadline = Date.now() + Number(values.seconds) * 1000;

const properties: { name: string; property: fc.IProperty<[string]> | fc.IProperty<[Reference]>; text: (value: unknown) => string }[] = [
  { name: 'token-soup', property: fc.property(tokenSoup, (text) => void checkAnalysis(text)), text: (v) => v as string },
  {
    name: 'mutated-example',
    property: fc.property(mutatedExample, (text) => {
      const analysis = checkAnalysis(text);
      checkFixes(analysis);
      checkRefactorings(analysis);
    }),
    text: (v) => v as string,
  },
  { name: 'deep-nesting', property: fc.property(deepNesting, (text) => void checkAnalysis(text)), text: (v) => v as string },
  { name: 'valid-network', property: fc.property(validNetwork, checkReference), text: (v) => (v as Reference).text },
];

let rounds = 0;
let failures = 0;
while (Date.now() < deadline) {
  for (const { name, property, text } of properties) {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const result = fc.check(property as fc.IProperty<[unknown]>, { seed, numRuns: 200 });
    rounds++;
    if (!result.failed || !result.counterexample) continue;
    failures++;
    const input = text(result.counterexample[0]);
    const file = join(repoRoot, 'test', 'fuzz', 'regressions', `${name}-${createHash('sha1').update(input).digest('hex').slice(0, 10)}.net`);
    writeFileSync(file, input);
    console.log(`✖ ${name} (seed ${seed}): saved ${file}\n  ${String(result.errorInstance ?? '').split('\n')[0]}`);
  }
}
console.log(`${rounds - failures} passed, ${failures} failed`);
process.exitCode = failures ? 1 : 0;
