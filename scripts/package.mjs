// Makes the .vsix in a staging folder, so that dist/ (the development build) is left as it is:
// production bundles, then `vsce package --no-dependencies` (everything is bundled).
// `node scripts/package.mjs [--out FILE]`; the default is netlint-<version>.vsix here.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReportScript } from './report-script.mjs';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, `netlint-${version}.vsix`));

const stage = mkdtempSync(join(tmpdir(), 'netlint-package-'));
try {
  const shipped = [
    'package.json',
    '.vscodeignore',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    'language-configuration.json',
    'syntaxes',
    'snippets',
    'schemas',
    'images',
    'docs',
  ];
  for (const entry of shipped) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  }
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [join(root, 'server', 'main.ts')], outfile: join(stage, 'dist', 'server.js') }),
    esbuild.build({ ...common, entryPoints: [join(root, 'client', 'extension.ts')], outfile: join(stage, 'dist', 'client.js'), external: ['vscode'] }),
  ]);
  writeFileSync(join(stage, 'dist', 'report.js'), await buildReportScript(root));
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
