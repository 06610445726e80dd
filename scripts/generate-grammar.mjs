// Writes syntaxes/netdsl.tmLanguage.json from grammar/textmate.ts, which builds it from the
// token table in core/tokens.ts. `--check` writes nothing and exits 1 when the file on
// disk differs from what would be generated.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTypeScript } from './import-ts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'syntaxes', 'netdsl.tmLanguage.json');
const shown = relative(process.cwd(), target) || target;
const check = process.argv.includes('--check');

const { renderTextMateGrammar } = await importTypeScript(join(root, 'grammar', 'textmate.ts'));
const generated = renderTextMateGrammar();

if (!check) {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, generated);
  console.log(`wrote ${shown}`);
  process.exit(0);
}

const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
if (current === generated) {
  console.log(`${shown} is up to date`);
  process.exit(0);
}
if (current === undefined) {
  console.error(`${shown} is missing: run node scripts/generate-grammar.mjs`);
} else {
  const have = current.split('\n');
  const want = generated.split('\n');
  let line = 0;
  while (line < have.length && have[line] === want[line]) line++;
  console.error(`${shown} is out of date with grammar/textmate.ts: run node scripts/generate-grammar.mjs`);
  console.error(`  first difference at line ${line + 1}:`);
  console.error(`  - ${have[line] ?? '(end of file)'}`);
  console.error(`  + ${want[line] ?? '(end of file)'}`);
}
process.exit(1);
