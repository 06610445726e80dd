/**
 * `netlint import` beside Netscope: importing and analysing resnet-152.prototxt against
 * Netscope's own parse and analysis of the same file, both in this process, each timed in
 * a loop of its own after a warm-up (interleaved, each would run in the other's garbage),
 * medians compared. Netscope's analyser is loaded from shared/tools/netscope as its
 * run.js loads it. `node scripts/build.mjs --bench && node out/bench/import.js`
 */
import { existsSync, readFileSync } from 'node:fs';
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
console.log(`resnet-152.prototxt (${bytes.length} bytes), median of 40 after 10 warm-up runs:`);
console.log(`  Netscope parse + analysis:         ${netscopeMs.toFixed(2)} ms`);
console.log(`  netlint import + analysis:         ${netlintMs.toFixed(2)} ms`);
console.log(`  Netscope / netlint:                ${(netscopeMs / netlintMs).toFixed(1)}x (target: at least 5x)`);
