// Writes the parts of package.json, schemas/netlintrc.schema.json and docs/rules.md that
// manifest/rules.ts builds from the rule registry (core/rules/). `--check` writes nothing
// and exits 1 when a file on disk differs from what would be written.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTypeScript } from './import-ts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const { GENERATED } = await importTypeScript(join(root, 'manifest', 'rules.ts'));

let stale = 0;
for (const { path, render } of GENERATED) {
  const target = join(root, path);
  const current = readFileSync(target, 'utf8');
  let generated;
  try {
    generated = render(current);
  } catch (error) {
    // The message alone: a stack through the bundle's data: URL is pages of base64.
    console.error(`${path}: ${error.message}`);
    process.exit(1);
  }
  if (current === generated) {
    console.log(`${path} is up to date`);
    continue;
  }
  if (!check) {
    writeFileSync(target, generated);
    console.log(`wrote ${path}`);
    continue;
  }
  stale++;
  const have = current.split('\n');
  const want = generated.split('\n');
  let line = 0;
  while (line < have.length && have[line] === want[line]) line++;
  console.error(`${path} is out of date with core/rules/: run npm run rules`);
  console.error(`  first difference at line ${line + 1}:`);
  console.error(`  - ${have[line] ?? '(end of file)'}`);
  console.error(`  + ${want[line] ?? '(end of file)'}`);
}
process.exit(stale > 0 ? 1 : 0);
