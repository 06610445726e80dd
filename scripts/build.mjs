// Bundles the CLI, the language server and the VS Code client into dist/, and the tests into out/.
// `node scripts/build.mjs` builds everything; `--dist` or `--tests` one half. `--bench` bundles
// the benchmarks (bench/*.ts) and a language server for them into out/bench/; it is never
// part of the default build.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportScript } from './report-script.mjs';

const args = new Set(process.argv.slice(2));
const all = !args.has('--dist') && !args.has('--tests') && !args.has('--bench');

const reportScript = await buildReportScript('.');

const common = {
  bundle: true,
  define: { NETLINT_REPORT_SCRIPT: JSON.stringify(reportScript) },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const builds = [];
if (all || args.has('--dist')) {
  rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/report.js', reportScript);
  builds.push(
    esbuild.build({ ...common, entryPoints: { cli: 'cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
    esbuild.build({ ...common, entryPoints: { server: 'server/main.ts' }, outdir: 'dist' }),
    esbuild.build({ ...common, entryPoints: { client: 'client/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  );
}
if (all || args.has('--tests')) {
  rmSync('out', { recursive: true, force: true });
  // playwright-core stays a runtime require: it carries files that a bundle cannot.
  builds.push(
    esbuild.build({ ...common, sourcemap: 'inline', entryPoints: testFiles('test'), outdir: 'out/test', outbase: 'test', external: ['playwright-core'] }),
  );
  // The extension-host suite runs inside VS Code, which provides `vscode`; not a node --test file.
  builds.push(esbuild.build({ ...common, entryPoints: ['test/vscode/suite.ts', 'test/vscode/run.ts'], outdir: 'out/vscode', external: ['vscode'] }));
}
if (args.has('--bench')) {
  // The benchmarks, and a language server of their own (out/bench/server.js): measuring
  // the current source never touches dist/.
  rmSync('out/bench', { recursive: true, force: true });
  const benchFiles = readdirSync('bench')
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join('bench', name));
  // esbuild too: bench/compare.ts bundles an earlier commit's core with it, from its package.
  builds.push(
    esbuild.build({ ...common, entryPoints: benchFiles, outdir: 'out/bench', external: ['playwright-core', 'esbuild'] }),
    esbuild.build({ ...common, entryPoints: { server: 'server/main.ts' }, outdir: 'out/bench' }),
  );
}
await Promise.all(builds);
// The CLI is the package's `bin`: `npx netlint` runs the file itself, which a rebuild
// would otherwise leave without its execute bit (npm sets it only when it installs).
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
