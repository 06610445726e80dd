/**
 * `netlint import` beside Netscope: importing and analysing resnet-152.prototxt against
 * Netscope's own parse and analysis of the same file, both in this process, each timed in
 * loops of its own after a warm-up (run by run interleaved, each would run in the other's
 * garbage), the loops of both sides alternated, medians compared; CPU time beside, which a
 * busy machine's waits do not inflate. Netscope's analyser is loaded from
 * shared/tools/netscope as its run.js loads it.
 * `node scripts/build.mjs --bench && node out/bench/import.js`
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

/** Runs before the timed ones: at least 50, and for at least a second, so that the optimising compiler, a background thread, has caught up even on a busy machine. */
const WARM_UP = { runs: 50, ms: 1000 };
/** Timed runs in a loop, and loops of each side, alternated: a busy minute then weighs on both. */
const RUNS = 40;
const LOOPS = 5;

interface Timing {
  /** The median run's wall-clock time. */
  readonly ms: number;
  /** The process's CPU time (all its threads: the collector's and the compiler's too) per run. */
  readonly cpuMs: number;
}

function warmUp(run: () => void): void {
  const start = process.hrtime.bigint();
  for (let i = 0; i < WARM_UP.runs || Number(process.hrtime.bigint() - start) / 1e6 < WARM_UP.ms; i++) run();
}

function loop(run: () => void): Timing {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const used = process.cpuUsage(cpu);
  return { ms: middle(times), cpuMs: (used.user + used.system) / 1000 / RUNS };
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Each side warmed up, then LOOPS loops of each in turn; the median loop's figures. */
function compare(sides: Record<string, () => void>): Record<string, Timing> {
  for (const run of Object.values(sides)) warmUp(run);
  const loops = new Map<string, Timing[]>(Object.keys(sides).map((name) => [name, []]));
  for (let i = 0; i < LOOPS; i++) for (const [name, run] of Object.entries(sides)) loops.get(name)!.push(loop(run));
  return Object.fromEntries([...loops].map(([name, timings]) => [name, { ms: middle(timings.map((t) => t.ms)), cpuMs: middle(timings.map((t) => t.cpuMs)) }]));
}

const shared = sharedDir();
const file = join(shared, 'data', 'caffe', 'resnet-152.prototxt');
const bytes = readFileSync(file);
const netscope = loadNetscope(join(shared, 'tools', 'netscope'));
const text = bytes.toString('utf8');
const imported = importModel('resnet-152.prototxt', bytesSource(bytes));
const timings = compare({
  netscope: () => void netscope(text),
  netlint: () => {
    const result = importModel('resnet-152.prototxt', bytesSource(bytes));
    if (analyze(result.text, DEFAULT_SETTINGS).hasErrors) throw new Error('resnet-152 does not analyse clean');
  },
  // Its two halves, to say where the time goes.
  import: () => void importModel('resnet-152.prototxt', bytesSource(bytes)),
  analyse: () => void analyze(imported.text, DEFAULT_SETTINGS),
});
const row = (label: string, timing: Timing) => `| ${label} | ${timing.ms.toFixed(2)} | ${timing.cpuMs.toFixed(2)} |`;
const ratio = timings['netscope']!.ms / timings['netlint']!.ms;
const cpuRatio = timings['netscope']!.cpuMs / timings['netlint']!.cpuMs;
const report = [
  '# `netlint import` beside Netscope',
  '',
  `- ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; Node ${process.version}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}; ${new Date().toISOString()}`,
  `- Command: \`node scripts/build.mjs --bench && node out/bench/import.js\`; in one process, each side warmed up (${WARM_UP.runs} runs and at least ${WARM_UP.ms} ms), then ${LOOPS} loops of ${RUNS} runs of each side in turn; the median loop's median run, and its CPU time per run (all of the process's threads)`,
  '',
  `| resnet-152.prototxt (${bytes.length} bytes, 515 layers) | median ms | CPU ms per run |`,
  '|---|---:|---:|',
  row('Netscope: parse + analysis', timings['netscope']!),
  row('netlint: import + analysis', timings['netlint']!),
  row(`of which the import (prototxt to .net text, ${imported.text.split('\n').length - 1} lines)`, timings['import']!),
  row('of which the analysis of that text', timings['analyse']!),
  '',
  `Netscope / netlint: ${ratio.toFixed(2)}× in the median run (target: at least 5×): ${ratio >= 5 ? 'pass' : '**miss**'}; ${cpuRatio.toFixed(2)}× in CPU time.`,
  '',
].join('\n');
writeFileSync(join(dirname(__dirname), '..', 'bench', 'import-results.md'), report);
console.log(report);
