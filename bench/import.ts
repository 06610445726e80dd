/**
 * `netlint import` beside Netscope: importing and analysing resnet-152.prototxt against
 * Netscope's own parse and analysis of the same file, both in this process, each timed in
 * a loop of its own after a warm-up (interleaved, each would run in the other's garbage),
 * medians compared. Netscope's analyser is loaded from shared/tools/netscope as its
 * run.js loads it. `node scripts/build.mjs --bench && node out/bench/import.js`
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { analyze, DEFAULT_SETTINGS } from '../core';
import { bytesSource, importModel } from '../import';

function sharedDir(): string {
  for (let dir = process.cwd(); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'shared', 'tools', 'netscope'))) return join(dir, 'shared');
  }
  throw new Error('shared/tools/netscope not found above the current folder');
}

function loadNetscope(folder: string): (text: string) => unknown {
  const source = readFileSync(join(folder, 'netscope.js'), 'utf8');
  const start = source.indexOf('({1:[function(require,module,exports){');
  const global = globalThis as Record<string, unknown>;
  global['window'] = globalThis;
  global['_'] = createRequire(join(folder, 'run.js'))('./lodash.min.js');
  global['$'] = { inArray: (x: unknown, list: unknown[]) => list.indexOf(x) };
  global['do_variants_analysis'] = false;
  global['onerror'] = () => undefined;
  runInThisContext('globalThis.__mods = (function(t,n,r){return t;})' + source.slice(start));
  type Module = [(this: unknown, require: (name: string) => unknown, module: { exports: unknown }, exports: unknown) => void, Record<string, number>];
  const modules = global['__mods'] as Record<number, Module>;
  const cache = new Map<number, { exports: unknown }>();
  const load = (id: number): unknown => {
    const cached = cache.get(id);
    if (cached) return cached.exports;
    const [body, deps] = modules[id]!;
    const module = { exports: {} as unknown };
    cache.set(id, module);
    body.call(module.exports, (name) => load(deps[name]!), module, module.exports);
    return module.exports;
  };
  const parser = load(6) as { parse: (text: string, phase: string) => { sortTopologically(): unknown[] } };
  return (text) => parser.parse(text, 'test').sortTopologically();
}

function median(run: () => void, rounds: number): number {
  for (let i = 0; i < 10; i++) run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const shared = sharedDir();
const file = join(shared, 'data', 'caffe', 'resnet-152.prototxt');
const bytes = readFileSync(file);
const netscope = loadNetscope(join(shared, 'tools', 'netscope'));
const text = bytes.toString('utf8');
const netscopeMs = median(() => void netscope(text), 40);
const netlintMs = median(() => {
  const imported = importModel('resnet-152.prototxt', bytesSource(bytes));
  if (analyze(imported.text, DEFAULT_SETTINGS).hasErrors) throw new Error('resnet-152 does not analyse clean');
}, 40);
// Its two halves, to say where the time goes.
const imported = importModel('resnet-152.prototxt', bytesSource(bytes));
const importMs = median(() => void importModel('resnet-152.prototxt', bytesSource(bytes)), 40);
const analyseMs = median(() => void analyze(imported.text, DEFAULT_SETTINGS), 40);
const ratio = netscopeMs / netlintMs;
const report = [
  '# `netlint import` beside Netscope',
  '',
  `- ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; Node ${process.version}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}; ${new Date().toISOString()}`,
  '- Command: `node scripts/build.mjs --bench && node out/bench/import.js`; medians of 40 runs after 10 warm-ups, each side in its own loop, in one process',
  '',
  `| resnet-152.prototxt (${bytes.length} bytes, 515 layers) | median ms |`,
  '|---|---:|',
  `| Netscope: parse + analysis | ${netscopeMs.toFixed(2)} |`,
  `| netlint: import + analysis | ${netlintMs.toFixed(2)} |`,
  `| of which the import (prototxt to .net text, ${imported.text.split('\n').length - 1} lines) | ${importMs.toFixed(2)} |`,
  `| of which the analysis of that text | ${analyseMs.toFixed(2)} |`,
  '',
  `Netscope / netlint: ${ratio.toFixed(2)}× (target: at least 5×): ${ratio >= 5 ? 'pass' : '**miss**'}.`,
  '',
].join('\n');
writeFileSync(join(dirname(__dirname), '..', 'bench', 'import-results.md'), report);
console.log(report);
