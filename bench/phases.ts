/**
 * One input, measured in a fresh process (run by bench/run.ts, never alone in CI):
 *
 *   node --expose-gc out/bench/phases.js time <input>      per phase timings and end to end
 *   node --expose-gc --trace-gc out/bench/phases.js heap <input>   heap peak of one analysis
 *   node --cpu-prof out/bench/phases.js profile <input> <analyze|fixes> <seconds>
 *   node --expose-gc out/bench/phases.js snapshot <input> <dir>   heap snapshots around analyze()
 *
 * Prints one line `BENCH_RESULT <json>` on stdout.
 */
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { analyze } from '../core/analyze';
import { DiagnosticSink } from '../core/diagnostics';
import { expandNetworks } from '../core/expand';
import { fixesFor, mayHaveFixes } from '../core/fixes';
import { scan } from '../core/lexer';
import { resolveNames } from '../core/names';
import { parse, type ParseResult } from '../core/parser';
import { lintNetwork } from '../core/rules';
import { DEFAULT_SETTINGS } from '../core/settings';
import { LineIndex } from '../core/text';
import { makeInput, type BenchInput } from './inputs';
import { median, now } from './stats';
import { PHASES, type Phase, type TimeResult } from './types';

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  collect();
};

function result(value: unknown): void {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(value)}\n`);
}

/** Repetitions and warm-up runs by size: big inputs take long enough to be timed alone. */
function plan(input: BenchInput): { repetitions: number; warmups: number } {
  if (input.text.length > 2_000_000) return { repetitions: 7, warmups: 1 };
  if (input.text.length > 200_000) return { repetitions: 21, warmups: 3 };
  return { repetitions: 41, warmups: 5 };
}

/**
 * Times `run`, repeated in a batch long enough (≥ 5 ms) for the clock; returns ms per run.
 * No collection is forced first: a forced full GC shrinks V8's young generation, and the
 * allocation-heavy run after it then pays for collections that a long-running process (a
 * language server) does not: 13 ms instead of 5 for flat-1000's analyze(), while
 * JSON.parse did not change. Every run meets the heap as the runs before it left it.
 */
function timed<T>(run: () => T, batch: number): { ms: number; value: T } {
  const start = now();
  let value = run();
  for (let i = 1; i < batch; i++) value = run();
  return { ms: (now() - start) / batch, value };
}

const batchFor = (oneRunMs: number): number => (oneRunMs >= 5 ? 1 : Math.min(1000, Math.ceil(5 / Math.max(oneRunMs, 0.001))));

function runTime(id: string): void {
  const input = makeInput(id);
  const { text, json } = input;
  const { repetitions, warmups } = plan(input);
  const big = text.length > 2_000_000;
  const declarationsOf = (parsed: ParseResult) => parsed.file.declarations.flatMap((d) => (d.kind === 'network' ? [d] : []));

  // What the input is, from one analysis dropped before any timing.
  const facts = (() => {
    const analysis = analyze(text);
    const diagnostics: Record<string, number> = {};
    for (const d of analysis.diagnostics) diagnostics[d.code] = (diagnostics[d.code] ?? 0) + 1;
    const fixable = analysis.diagnostics.filter(mayHaveFixes).length;
    return { diagnostics, fixable, expandedLayers: analysis.networks.reduce((sum, n) => sum + n.layerCount, 0) };
  })();
  // Fixes re-analyse the whole text per candidate: on big inputs, the first diagnostic, in
  // the first repetition only. Reported per diagnostic.
  const fixTargetCount = big ? Math.min(1, facts.fixable) : facts.fixable;
  let fixesFound = 0;

  /**
   * One repetition: JSON.parse, the lexer and analyze(), each with nothing of the others
   * kept alive; then the pipeline's phases one by one, each given what the one before made
   * (as inside analyze()); then the fixes, on an analysis made for them. All of it is
   * dropped at the end.
   */
  const repetition = (batches: Record<Phase, number>, record: (phase: Phase, ms: number) => void, withFixes: boolean): void => {
    const time = <T>(phase: Phase, run: () => T): T => {
      const t = timed(run, batches[phase]);
      record(phase, t.ms);
      return t.value;
    };
    time('json', () => JSON.parse(json));
    time('lex', () => scan(text));
    // From nothing: no previous analysis or parse is given, so nothing is reused.
    time('analyze', () => analyze(text));
    const parsed = time('parse', () => parse(text));
    const symbols = time('names', () => resolveNames(parsed.file, new DiagnosticSink(), new LineIndex(text)));
    const networks = time('expand', () => expandNetworks(declarationsOf(parsed), symbols, DEFAULT_SETTINGS, new DiagnosticSink(), text).networks);
    time('rules', () => networks.flatMap((network) => lintNetwork(network, DEFAULT_SETTINGS)));
    if (withFixes && fixTargetCount > 0) {
      const reference = analyze(text);
      const targets = reference.diagnostics.filter(mayHaveFixes).slice(0, fixTargetCount);
      fixesFound = time('fixes', () => targets.reduce((found, diagnostic) => found + fixesFor(reference, diagnostic).length, 0));
    }
  };

  // Warm up, and learn how long one run of each phase takes: phases shorter than 5 ms are
  // timed in batches.
  const batches = Object.fromEntries(PHASES.map((p) => [p, 1])) as Record<Phase, number>;
  const fastest = Object.fromEntries(PHASES.map((p) => [p, Infinity])) as Record<Phase, number>;
  for (let i = 0; i < warmups; i++) repetition(batches, (phase, ms) => (fastest[phase] = Math.min(fastest[phase], ms)), true);
  for (const phase of PHASES) batches[phase] = batchFor(fastest[phase]);

  const samples = Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<Phase, number[]>;
  for (let r = 0; r < repetitions; r++) {
    repetition(batches, (phase, ms) => samples[phase].push(phase === 'fixes' ? ms / fixTargetCount : ms), !big || r === 0);
  }
  const medians = Object.fromEntries(PHASES.map((p) => [p, median(samples[p])])) as Record<Phase, number>;
  const ratios = Object.fromEntries(PHASES.map((p) => [p, medians[p] / medians.json])) as Record<Phase, number>;
  const out: TimeResult = {
    id,
    description: input.description,
    bytes: { net: Buffer.byteLength(text), json: Buffer.byteLength(json) },
    statements: input.statements,
    lines: input.lines,
    expandedLayers: facts.expandedLayers,
    diagnostics: facts.diagnostics,
    fixableDiagnostics: facts.fixable,
    fixesMeasuredOn: fixTargetCount,
    fixesFound,
    repetitions,
    samples,
    medians,
    ratios,
  };
  result(out);
}

/** Keeps a result alive across the GC that measures what it retains; exported so that nothing can prove it unread. */
export const held: { value?: unknown } = {};

/**
 * Under --trace-gc, V8 prints each collection as `Scavenge 12.3 (14.0) -> 8.1 (15.0) MB`;
 * the figure before the arrow is the heap in use when the collection began. The markers
 * let bench/run.ts read only the collections made during a run.
 */
function measureHeap(label: string, run: () => unknown): { start: number; end: number; retained: number } {
  gc();
  gc();
  const start = process.memoryUsage().heapUsed;
  process.stdout.write(`BENCH_MARK start ${label} ${start}\n`);
  held.value = run();
  const end = process.memoryUsage().heapUsed;
  process.stdout.write(`BENCH_MARK end ${label} ${end}\n`);
  gc();
  gc();
  const retained = process.memoryUsage().heapUsed - start;
  held.value = undefined;
  return { start, end, retained };
}

function runHeap(id: string): void {
  // Warm the code first, on a small input, so that the run measured is not the compiler's.
  const warm = makeInput('flat-1000');
  for (let i = 0; i < 3; i++) {
    analyze(warm.text);
    JSON.parse(warm.json);
  }
  const input = makeInput(id);
  const json = measureHeap('json', () => JSON.parse(input.json));
  const analysis = measureHeap('analyze', () => analyze(input.text));
  // bench/run.ts completes the peaks from the GC trace between the markers.
  result({ id, json, analysis, maxRss: process.resourceUsage().maxRSS * 1024 });
}

function runProfile(id: string, what: string, seconds: number): void {
  const input = makeInput(id);
  const until = now() + seconds * 1000;
  let runs = 0;
  const reference = analyze(input.text);
  while (now() < until) {
    if (what === 'fixes') {
      for (const d of reference.diagnostics) if (mayHaveFixes(d)) fixesFor(reference, d);
    } else {
      // From nothing, as the timings are: no previous analysis is given.
      analyze(input.text);
    }
    runs++;
  }
  result({ id, what, runs });
}

/** Heap snapshots before analyze() and after it, the analysis kept alive: see bench/heap-snapshot.ts. */
function runSnapshot(id: string, dir: string): void {
  const input = makeInput(id);
  analyze(makeInput('flat-1000').text);
  gc();
  gc();
  const before = writeHeapSnapshot(join(dir, `${id}-before.heapsnapshot`));
  const analysis = analyze(input.text);
  gc();
  gc();
  const after = writeHeapSnapshot(join(dir, `${id}-after.heapsnapshot`));
  result({ id, before, after, layers: analysis.networks.reduce((sum, n) => sum + n.layerCount, 0) });
}

const [mode, id, ...rest] = process.argv.slice(2);
if (!id) throw new Error('usage: phases.js time|heap|profile <input> [analyze|fixes] [seconds]');
if (mode === 'time') runTime(id);
else if (mode === 'heap') runHeap(id);
else if (mode === 'snapshot') runSnapshot(id, rest[0] ?? '.');
else if (mode === 'profile') runProfile(id, rest[0] ?? 'analyze', Number(rest[1] ?? 10));
else throw new Error(`unknown mode '${mode}'`);
