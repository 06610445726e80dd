/**
 * The benchmarks (`npm run bench`): the core's phases and end to end on generated and
 * bundled inputs, each in a fresh process; the heap peak; latencies over stdio with a
 * real LSP client; the targets, checked; a CPU profile of each target missed. Every
 * figure is also given as a ratio to V8's JSON.parse of the same layers, measured in the
 * same run, since the machines are shared and noisy. Writes bench/results.md and .json.
 *
 *   node scripts/build.mjs --bench && node out/bench/run.js [--quick] [--no-lsp] [--no-profile]
 *   node out/bench/run.js --only-lint   the lint figures alone, printed, no results written
 *   node out/bench/run.js --only-edits  the server's diagnostics after an edit alone, printed, no results written
 *   node out/bench/run.js --only-report the cost report's figures alone (bench/report.ts), printed, no results written
 *
 * The language server measured is out/bench/server.js, bundled from server/ by --bench
 * like dist/server.js; both bundles run from a private copy made at the start.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { inputIds, LINT_IDS, makeInput } from './inputs';
import { LSP_KINDS, runLsp, type LspKind, type LspResult } from './lsp';
import { repoRoot, ROOT_VARIABLE } from '../test/helpers/paths';
import { PHASES, type HeapResult, type LayoutResult, type LintResult, type Phase, type ReportResult, type TimeResult } from './types';
import { diffSnapshots, type SnapshotDiff } from './heap-snapshot';
import { formatSummary, summariseProfile, type ProfileSummary } from './profile';
import { mb, ms, now, ratio } from './stats';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const MiB = 1024 * 1024;

const PHASE_TITLES: Record<Phase, string> = {
  json: 'JSON.parse',
  lex: 'lex',
  parse: 'parse (incl. lex)',
  names: 'names',
  expand: 'shapes + costs',
  rules: 'rules',
  analyze: 'analyze (end to end)',
  fixes: 'fixes / diagnostic',
};

/**
 * The bundles run from a private copy: other builds (`npm test`, `npm run build`) wipe
 * out/, and may do so while the benchmark runs.
 */
function snapshot(): { dir: string; phases: string; server: string; lint: string; report: string } {
  const dir = mkdtempSync(join(os.tmpdir(), 'netlint-bench-'));
  const bench = join(repoRoot, 'out', 'bench');
  if (!existsSync(join(bench, 'phases.js')) || !existsSync(join(bench, 'server.js'))) {
    throw new Error('build first: node scripts/build.mjs --bench');
  }
  for (const name of readdirSync(bench)) copyFileSync(join(bench, name), join(dir, name));
  return { dir, phases: join(dir, 'phases.js'), server: join(dir, 'server.js'), lint: join(dir, 'lint.js'), report: join(dir, 'report.js') };
}

function child(script: string, nodeArgs: string[], rest: string[]): Promise<{ stdout: string; result: unknown }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...nodeArgs, script, ...rest], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [ROOT_VARIABLE]: repoRoot },
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk) => (stdout += chunk));
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    proc.on('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) reject(new Error(`${rest.join(' ')} failed (exit ${code}):\n${stderr}`));
      else resolve({ stdout, result: JSON.parse(line.slice('BENCH_RESULT '.length)) });
    });
  });
}

/** The heap in use at the start of each collection between two markers, from --trace-gc. */
function heapDuring(stdout: string, label: string): { peakBefore: number; gcs: number } {
  const lines = stdout.split('\n');
  const from = lines.findIndex((l) => l.startsWith(`BENCH_MARK start ${label} `));
  const to = lines.findIndex((l) => l.startsWith(`BENCH_MARK end ${label} `));
  let peakBefore = 0;
  let gcs = 0;
  for (const line of lines.slice(from + 1, to)) {
    const match = /: (?:Scavenge|Minor Mark-Compact|Minor Mark-Sweep|Mark-Compact|Mark-Sweep)\D*?([\d.]+) \([\d.]+\) -> [\d.]+ \([\d.]+\) MB/.exec(line);
    if (!match) continue;
    gcs++;
    peakBefore = Math.max(peakBefore, Number(match[1]) * MiB);
  }
  return { peakBefore, gcs };
}

async function measureHeap(script: string, id: string): Promise<HeapResult> {
  const { stdout, result } = await child(script, ['--expose-gc', '--trace-gc'], ['heap', id]);
  type Run = { start: number; end: number; retained: number };
  const r = result as { json: Run; analysis: Run; maxRss: number };
  const json = heapDuring(stdout, 'json');
  const analysis = heapDuring(stdout, 'analyze');
  return {
    id,
    baseline: r.analysis.start,
    analyzePeak: Math.max(analysis.peakBefore, r.analysis.end),
    analyzeRetained: r.analysis.retained,
    jsonBaseline: r.json.start,
    jsonPeak: Math.max(json.peakBefore, r.json.end),
    jsonRetained: r.json.retained,
    gcsDuringAnalyze: analysis.gcs,
    maxRss: r.maxRss,
  };
}

/** `netlint lint` end to end in a fresh process: its time, and its heap peak from the GC trace. */
async function measureLint(script: string, id: string): Promise<LintResult> {
  const { stdout, result } = await child(script, ['--trace-gc'], [id]);
  const r = result as Omit<LintResult, 'heapPeak'> & { end: number };
  const { peakBefore } = heapDuring(stdout, 'lint');
  return { id, description: r.description, ms: r.ms, heapPeak: Math.max(peakBefore, r.end), diagnostics: r.diagnostics, fixes: r.fixes, maxRss: r.maxRss };
}

/** The report's inputs: the one of the target, and the graphs dagre lays out. */
const REPORT_INPUT = 'flat-10000';
const LAYOUT_INPUTS = ['example:alexnet', 'example:googlenet', 'example:resnet50', 'example:unet', 'flat-299', 'flat-10000', 'flat-100000'];

async function measureReport(script: string): Promise<{ report: ReportResult; layouts: LayoutResult[] }> {
  const report = (await child(script, ['--expose-gc'], ['time', REPORT_INPUT])).result as ReportResult;
  const layouts = (await child(script, [], ['layout', ...LAYOUT_INPUTS])).result as LayoutResult[];
  return { report, layouts };
}

function reportLines(r: ReportResult, layouts: readonly LayoutResult[]): string[] {
  const phases = (figures: Record<string, number>) =>
    Object.entries(figures)
      .map(([phase, value]) => `${phase} ${ms(value)} ms (${ratio(value / r.json)})`)
      .join(', ');
  return [
    `report appears, ${r.id}: ${phases(r.appear)}`,
    `report follows an edit, ${r.id}: ${phases(r.edit)}; layout kept ${r.layoutsReused} of ${r.edits}`,
    ...layouts.map((l) => `layout ${l.id}: ${l.nodes} nodes, ${l.frames} frames, ${l.edges} edges: ${ms(l.ms)} ms, given the one before ${ms(l.reusedMs)} ms`),
  ];
}

function lintLine(l: LintResult): string {
  return `${l.description}: ${ms(l.ms)} ms, heap peak ${mb(l.heapPeak)}, max RSS ${mb(l.maxRss)} (${l.diagnostics.toLocaleString('en-US')} diagnostics, ${l.fixes.toLocaleString('en-US')} fixes)`;
}

interface Target {
  readonly name: string;
  readonly input: string;
  readonly measured: number;
  readonly limit: number;
  readonly unit: 'ms' | '×' | 'MB';
  readonly pass: boolean;
  /** The least any server could measure here: the same answer from a server that does no work (inlay hints). */
  readonly floor?: number;
  /** What a miss is profiled as. */
  readonly profile?: { readonly kind: 'analyze' } | { readonly kind: 'lsp'; readonly request: LspKind } | { readonly kind: 'heap' };
}

function checkTargets(times: TimeResult[], heaps: HeapResult[], lsp: LspResult[], lints: LintResult[], report: ReportResult | undefined): Target[] {
  const targets: Target[] = [];
  const add = (t: Omit<Target, 'pass'>) => targets.push({ ...t, pass: t.measured <= t.limit });
  if (report) {
    add({
      name: 'the cost report appears < 1 s (analysis + model + layout + page, median)',
      input: report.id,
      measured: report.appear.total!,
      limit: 1000,
      unit: 'ms',
    });
    add({
      name: 'the cost report follows a one-line edit < 300 ms (analysis given the previous + model + layout + data, median)',
      input: report.id,
      measured: report.edit.total!,
      limit: 300,
      unit: 'ms',
    });
  }
  for (const l of lints) {
    add({ name: 'lint of 3,000 large kernels < 10 s (one run, fresh process)', input: l.id, measured: l.ms, limit: 10_000, unit: 'ms' });
    add({ name: 'lint of 3,000 large kernels: heap peak < 1 GB', input: l.id, measured: l.heapPeak / MiB, limit: 1024, unit: 'MB' });
  }
  for (const t of times.filter((t) => t.id.startsWith('flat-'))) {
    add({
      name: 'parse + analyse ≤ 10× JSON.parse (analyze median / JSON.parse median)',
      input: t.id,
      measured: t.ratios.analyze,
      limit: 10,
      unit: '×',
      profile: { kind: 'analyze' },
    });
  }
  for (const r of lsp) {
    const hover = r.latencies.hover;
    const hints = r.latencies.inlayHints;
    const edit = r.latencies.diagnosticsAfterEdit;
    if (hover) add({ name: 'hover p99 ≤ 5 ms', input: r.id, measured: hover.p99, limit: 5, unit: 'ms', profile: { kind: 'lsp', request: 'hover' } });
    const floor = r.latencies.inlayHintsFloor?.p99;
    if (hints) {
      add({
        name: 'inlay hints (whole file) p99 ≤ 5 ms',
        input: r.id,
        measured: hints.p99,
        limit: 5,
        unit: 'ms',
        ...(floor ? { floor } : {}),
        profile: { kind: 'lsp', request: 'inlayHints' },
      });
    }
    const limit = r.id === 'flat-1000' ? 30 : r.id === 'flat-10000' ? 150 : undefined;
    if (edit && limit) {
      add({
        name: `diagnostics after a one-line edit p99 ≤ ${limit} ms`,
        input: r.id,
        measured: edit.p99,
        limit,
        unit: 'ms',
        profile: { kind: 'lsp', request: 'diagnosticsAfterEdit' },
      });
    }
  }
  const big = times.find((t) => t.id === 'flat-100000');
  if (big)
    add({
      name: '100,000 layers analysed in < 1 s (analyze median)',
      input: big.id,
      measured: big.medians.analyze,
      limit: 1000,
      unit: 'ms',
      profile: { kind: 'analyze' },
    });
  const bigHeap = heaps.find((h) => h.id === 'flat-100000');
  if (bigHeap)
    add({
      name: '100,000 layers: heap peak < 200 MB',
      input: bigHeap.id,
      measured: bigHeap.analyzePeak / MiB,
      limit: 200,
      unit: 'MB',
      profile: { kind: 'heap' },
    });
  return targets;
}

interface Profiled {
  readonly what: string;
  readonly summary?: ProfileSummary;
  readonly heap?: SnapshotDiff & { readonly layers: number };
}

const FLAT_ORDER = ['flat-1000', 'flat-10000', 'flat-100000'];

/**
 * One profile per kind of miss: the core's analyze() on each flat input that missed; the
 * server on the smallest input that missed each kind of request (the same code path, in
 * more requests per second); for the heap, snapshots on 10,000 layers (what an analysis
 * keeps grows with the layers: the 100,000-layer heap is ten of these).
 */
async function profileMisses(targets: Target[], snap: ReturnType<typeof snapshot>, profileDir: string): Promise<Profiled[]> {
  const jobs = new Map<string, () => Promise<Profiled>>();
  const latest = (before: Set<string>) => {
    const made = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
    if (made.length === 0) throw new Error('no profile written');
    return join(profileDir, made.sort().at(-1)!);
  };
  const flags = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const missed = targets.filter((t) => !t.pass && t.profile).sort((a, b) => FLAT_ORDER.indexOf(a.input) - FLAT_ORDER.indexOf(b.input));
  for (const target of missed) {
    const profile = target.profile!;
    if (profile.kind === 'analyze') {
      const key = `analyze ${target.input}`;
      if (jobs.has(key)) continue;
      const seconds = target.input === 'flat-100000' ? 10 : target.input === 'flat-10000' ? 6 : 5;
      jobs.set(key, async () => {
        const before = new Set(readdirSync(profileDir));
        await child(snap.phases, flags, ['profile', target.input, 'analyze', String(seconds)]);
        return {
          what: `analyze() in a loop for ${seconds} s on ${target.input} (\`node --cpu-prof out/bench/phases.js profile ${target.input} analyze ${seconds}\`)`,
          summary: summariseProfile(latest(before)),
        };
      });
    } else if (profile.kind === 'lsp') {
      const key = `lsp ${profile.request}`;
      if (jobs.has(key)) continue;
      jobs.set(key, async () => {
        const before = new Set(readdirSync(profileDir));
        await runLsp(snap.server, makeInput(target.input), { requests: 100_000, budgetMs: 6000, kinds: [profile.request], nodeArgs: flags });
        return {
          what: `the language server (\`node --cpu-prof out/bench/server.js --stdio\`) answering ${profile.request} for 6 s on ${target.input}, after opening it`,
          summary: summariseProfile(latest(before)),
        };
      });
    } else {
      const input = 'flat-10000';
      jobs.set('heap', async () => {
        const { result } = await child(snap.phases, ['--expose-gc'], ['snapshot', input, profileDir]);
        const r = result as { before: string; after: string; layers: number };
        const diff = diffSnapshots(r.before, r.after);
        rmSync(r.before, { force: true });
        rmSync(r.after, { force: true });
        return {
          what: `what one analysis of ${input} keeps alive (heap snapshots before and after, each after a full GC)`,
          heap: { ...diff, layers: r.layers },
        };
      });
    }
  }
  const done: Profiled[] = [];
  for (const [key, job] of jobs) {
    log(`profiling ${key}…`);
    done.push(await job());
  }
  return done;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

function machine() {
  const cpus = os.cpus();
  const git = (...a: string[]) => {
    try {
      return execFileSync('git', a, { cwd: repoRoot, encoding: 'utf8' }).trimEnd();
    } catch {
      return '';
    }
  };
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommitted: git('status', '--porcelain', '--', 'core', 'server', 'grammar')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3)),
  };
}

function cell(value: number, base: number): string {
  return `${ms(value)} (${ratio(value / base)})`;
}

function markdown(report: {
  machine: ReturnType<typeof machine>;
  load: { start: number[]; end: number[] };
  seconds: number;
  times: TimeResult[];
  heaps: HeapResult[];
  lsp: LspResult[];
  lints: LintResult[];
  report: { report: ReportResult; layouts: LayoutResult[] } | undefined;
  targets: Target[];
  profiles: Profiled[];
}): string {
  const { machine: m, times, heaps, lsp, lints, targets, profiles } = report;
  const out: string[] = [];
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  out.push('# netlint benchmarks', '');
  out.push(`- Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}; ${m.os}`);
  out.push(
    `- Node ${m.node} (V8 ${m.v8}); ${m.date}; commit ${m.commit}${m.uncommitted.length ? ` with uncommitted changes in ${m.uncommitted.join(', ')}` : ''}`,
  );
  out.push(
    `- Load average (1, 5, 15 min): ${load(report.load.start)} at the start, ${load(report.load.end)} at the end; the run took ${report.seconds.toFixed(0)} s`,
  );
  out.push('- Command: `node scripts/build.mjs --bench && node out/bench/run.js` (`npm run bench`)');
  out.push(
    "- Method: each input is generated at run time and measured in a fresh `node --expose-gc` process, after warm-up runs. Each repetition times, with no collection forced before a run (a forced full GC shrinks V8's young generation, and made the next `analyze()` of flat-1000 2.5× slower while JSON.parse did not change: a state a long-running language server is not in), JSON.parse of the same statements written as JSON, the lexer, `analyze()`, then the pipeline's phases one by one (each given what the one before made), then `fixesFor`; `analyze()` and the parser are timed from nothing, given no previous analysis (the server's edit latency below gives each document's previous one, as an editor does). A figure is the median over the repetitions; its ratio is that median over JSON.parse's median in the same process. Phases shorter than 5 ms are timed in batches. The heap peak is the most heap in use during one `analyze()` (from `--trace-gc`: the heap at the start of each collection, and at the end), in a process of its own, after a warm-up on a small input.",
    '',
  );

  out.push('## Targets', '');
  out.push('| target | input | measured | limit | verdict | floor: the same answer from a server that does no work |', '|---|---|---:|---:|---|---:|');
  for (const t of targets) {
    const value = t.unit === '×' ? ratio(t.measured) : t.unit === 'MB' ? `${t.measured.toFixed(1)} MB` : `${ms(t.measured)} ms`;
    const limit = t.unit === '×' ? `${t.limit}×` : `${t.limit} ${t.unit}`;
    const floor = t.floor === undefined ? '' : `${ms(t.floor)} ms (netlint ${ratio(t.measured / t.floor)})`;
    out.push(`| ${t.name} | ${t.input} | ${value} | ${limit} | ${t.pass ? 'pass' : '**miss**'} | ${floor} |`);
  }
  out.push('');

  out.push('## Core, per phase', '');
  out.push(
    'Median ms, and in brackets the ratio to JSON.parse of the same statements in the same process. `names` includes the line index; `parse` includes the lexer; `fixes` is `fixesFor` per diagnostic that may have fixes (a conv rewritten into a few statements is measured by analysing those statements apart; the other fixes re-analyse the whole rewritten text).',
    '',
  );
  out.push(`| input | statements | layers expanded | .net / JSON bytes | reps | ${PHASES.map((p) => PHASE_TITLES[p]).join(' | ')} |`);
  out.push(`|---|---:|---:|---:|---:|${PHASES.map(() => '---:').join('|')}|`);
  for (const t of times) {
    const base = t.medians.json;
    const cells = PHASES.map((p) => (p === 'json' ? ms(base) : p === 'fixes' && t.fixesMeasuredOn === 0 ? '–' : cell(t.medians[p], base)));
    out.push(
      `| ${t.id} | ${t.statements.toLocaleString('en-US')} | ${t.expandedLayers.toLocaleString('en-US')} | ${t.bytes.net.toLocaleString('en-US')} / ${t.bytes.json.toLocaleString('en-US')} | ${t.repetitions} | ${cells.join(' | ')} |`,
    );
  }
  out.push('');
  out.push('Inputs (and their diagnostics, as a check that each analyses as meant):', '');
  for (const t of times) {
    const diagnostics =
      Object.entries(t.diagnostics)
        .map(([code, n]) => `${n} ${code}`)
        .join(', ') || 'none';
    const fixes = t.fixableDiagnostics
      ? `; fixes timed on ${t.fixesMeasuredOn} of ${t.fixableDiagnostics} fixable diagnostics, ${t.fixesFound} fixes offered`
      : '';
    out.push(`- ${t.id}: ${t.description}; diagnostics: ${diagnostics}${fixes}`);
  }
  out.push('');

  if (lints.length) {
    out.push('## lint end to end', '');
    out.push(
      "`netlint lint` as the CLI runs it (the analysis, every diagnostic's fixes measured, the stylish report; not the file's reading), once, in a fresh process with no warm-up, as a user runs it. The heap peak is read from `--trace-gc` as above.",
      '',
    );
    out.push('| input | ms | heap peak | process max RSS | diagnostics | fixes |');
    out.push('|---|---:|---:|---:|---:|---:|');
    for (const l of lints)
      out.push(
        `| ${l.description} | ${ms(l.ms)} | ${mb(l.heapPeak)} | ${mb(l.maxRss)} | ${l.diagnostics.toLocaleString('en-US')} | ${l.fixes.toLocaleString('en-US')} |`,
      );
    out.push('');
  }

  if (report.report) {
    const { report: r, layouts } = report.report;
    out.push('## Cost report', '');
    out.push(
      `The report of ${r.id} (${r.layers.toLocaleString('en-US')} layers; its graph ${r.graphNodes} nodes and ${r.graphEdges} edges, runs of layers drawn as groups), in a fresh process, median of ${r.repetitions} runs after 2 warm-up runs, in ms and as a ratio to JSON.parse of the same statements (${ms(r.json)} ms). Appears: the analysis, the model, the HTML page (${mb(r.htmlBytes)}), which lays out its graph itself (the layout, timed apart, is not counted twice in the total). Follows an edit: ${r.edits} one-line edits (a dropout's p flips), each given what the one before made: the analysis given the previous one, the model, the layout given the previous one (kept in ${r.layoutsReused} of ${r.edits}: the graph's structure did not change), and the data of a page update (the graph's SVG and the report as JSON, ${mb(r.dataBytes)}).`,
      '',
    );
    const keys = (figures: Record<string, number>) => Object.keys(figures);
    for (const [title, figures] of [
      ['appears', r.appear],
      ['follows an edit', r.edit],
    ] as const) {
      out.push(
        `| ${title} | ${keys(figures).join(' | ')} |`,
        `|---|${keys(figures)
          .map(() => '---:')
          .join('|')}|`,
      );
      out.push(
        `| ${r.id} | ${keys(figures)
          .map((k) => cell(figures[k]!, r.json))
          .join(' | ')} |`,
        '',
      );
    }
    out.push(
      "dagre's layout of each graph as the report opens it (median of 9, ms): from nothing, and given the layout before for a report of the same structure.",
      '',
    );
    out.push('| input | nodes | frames | edges | size (px) | layout | given the one before |', '|---|---:|---:|---:|---|---:|---:|');
    for (const l of layouts) out.push(`| ${l.id} | ${l.nodes} | ${l.frames} | ${l.edges} | ${l.width}×${l.height} | ${ms(l.ms)} | ${ms(l.reusedMs)} |`);
    out.push('');
  }

  out.push('## Heap', '');
  out.push(
    'Heap in use (V8 `heapUsed`), each run after a full GC; \"added\" is above that start, \"retained\" what the result keeps alive after another full GC. The ratios divide `analyze()`\'s figure by `JSON.parse`\'s on the same statements. On the small inputs the figures are within the heap\'s own noise (a few hundred KB) and their ratios mean little.',
    '',
  );
  out.push(
    '| input | before | peak during analyze | added at peak | retained by the analysis | JSON.parse: added at peak | JSON.parse: retained | ratio (added at peak) | ratio (retained) | GCs during analyze | process max RSS |',
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const h of heaps) {
    const added = h.analyzePeak - h.baseline;
    const jsonAdded = h.jsonPeak - h.jsonBaseline;
    out.push(
      `| ${h.id} | ${mb(h.baseline)} | ${mb(h.analyzePeak)} | ${mb(added)} | ${mb(h.analyzeRetained)} | ${mb(jsonAdded)} | ${mb(h.jsonRetained)} | ${ratio(added / jsonAdded)} | ${ratio(h.analyzeRetained / h.jsonRetained)} | ${h.gcsDuringAnalyze} | ${mb(h.maxRss)} |`,
    );
  }
  out.push('');

  if (lsp.length) {
    out.push('## Language server over stdio', '');
    out.push(
      "Round trips seen by a real LSP client, each request alone; p50 and p99 by nearest rank; the ratio is to JSON.parse of the same statements (from the per-phase run). `inlayHints` asks for the whole file (the target), `inlayHintsFloor` the same of a server that does no work (bench/echo-server.ts: the same library, handed netlint's answer once, returns it to every request; what is left is encoding the answer, the pipe and the client's decoding, the floor for any language server written with vscode-languageserver), `inlayHintsScreen` for 60 lines at a random place (what VS Code asks for: the lines it shows), `inlayHintsAfterEdit` the same, first after each one-line edit (the hints of the new version worked out; the edit and its diagnostics are not timed). `codeActions` asks again and again on one version of the document (its fixes are worked out once per version), `codeActionsAfterEdit` once after each one-line edit (the fixes measured afresh; the edit and its diagnostics are not timed). Diagnostics after an edit: from an incremental `didChange` of one line to the `publishDiagnostics` of that version (the server waits 5 ms for more edits first).",
      '',
    );
    out.push('| input | request | n | p50 | p99 | max | p50 / JSON.parse | p99 / JSON.parse | answers |', '|---|---|---:|---:|---:|---:|---:|---:|---|');
    for (const r of lsp) {
      const base = times.find((t) => t.id === r.id)?.medians.json ?? NaN;
      out.push(`| ${r.id} | didOpen → first diagnostics | 1 | ${ms(r.openMs)} | | | ${ratio(r.openMs / base)} | | |`);
      for (const kind of LSP_KINDS) {
        const l = r.latencies[kind];
        if (!l) continue;
        const stop = l.stoppedBy ? ` (stopped by the ${l.stoppedBy})` : '';
        out.push(
          `| ${r.id} | ${kind} | ${l.n}${stop} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${ratio(l.p50 / base)} | ${ratio(l.p99 / base)} | ${l.answered} |`,
        );
      }
    }
    out.push('');
  }

  if (profiles.length) {
    out.push('## Profiles of the targets missed', '');
    out.push(
      "CPU profiles (`node --cpu-prof`) summed by function, placed in the TypeScript source through the bundles' source maps (the source as it was when bundled); shares are of the busy time. The .cpuprofile files are in bench/profiles/ (not committed).",
      '',
    );
    for (const p of profiles) {
      out.push(`### ${p.what}`, '');
      if (p.summary) out.push(formatSummary({ ...p.summary, self: p.summary.self.slice(0, 12), inclusive: p.summary.inclusive.slice(0, 12) }), '');
      if (p.heap) {
        out.push(
          `The analysis adds ${mb(p.heap.addedBytes)} for ${p.heap.layers.toLocaleString('en-US')} layers (${(p.heap.addedBytes / Math.max(1, p.heap.layers)).toFixed(0)} bytes a layer). By kind (self sizes; plain objects by their fields; a field holding a small integer leaves no trace in a snapshot, so \`Object {}\` is an object of small-integer fields only, such as a Span {start, end}; \`(number) held by\` counts boxed numbers, a part of the \`(number)\` line):`,
          '',
        );
        out.push('| share | added | objects | kind |', '|---:|---:|---:|---|');
        for (const k of p.heap.kinds) out.push(`| ${(k.share * 100).toFixed(1)}% | ${mb(k.bytes)} | ${k.count.toLocaleString('en-US')} | \`${k.kind}\` |`);
        out.push('');
      }
    }
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const started = now();
  const load = { start: os.loadavg(), end: [] as number[] };
  const snap = snapshot();
  const info = machine();
  log(`netlint bench: ${info.cpu} ×${info.cores}, node ${info.node}, load ${load.start.map((l) => l.toFixed(2)).join(' ')}`);

  if (args.has('--only-edits')) {
    for (const id of ['flat-1000', 'flat-10000', 'distinct-10000']) {
      const r = await runLsp(snap.server, makeInput(id), { requests: quick ? 50 : 200, budgetMs: quick ? 5000 : 12_000, kinds: ['diagnosticsAfterEdit'] });
      const edit = r.latencies.diagnosticsAfterEdit;
      if (edit) log(`diagnostics after an edit, ${id}: p50 ${ms(edit.p50)} ms, p99 ${ms(edit.p99)} ms (n ${edit.n})`);
    }
    rmSync(snap.dir, { recursive: true, force: true });
    return;
  }

  if (args.has('--only-report')) {
    const { report, layouts } = await measureReport(snap.report);
    for (const line of reportLines(report, layouts)) log(line);
    rmSync(snap.dir, { recursive: true, force: true });
    return;
  }

  const lints: LintResult[] = [];
  for (const id of LINT_IDS) {
    log(`lint: ${id}…`);
    lints.push(await measureLint(snap.lint, id));
  }
  if (args.has('--only-lint')) {
    for (const l of lints) log(lintLine(l));
    rmSync(snap.dir, { recursive: true, force: true });
    return;
  }

  const ids = inputIds().filter((id) => !(quick && id === 'flat-100000'));
  const times: TimeResult[] = [];
  const heaps: HeapResult[] = [];
  for (const id of ids) {
    log(`core: ${id}…`);
    times.push((await child(snap.phases, ['--expose-gc'], ['time', id])).result as TimeResult);
    heaps.push(await measureHeap(snap.phases, id));
  }

  const lsp: LspResult[] = [];
  if (!args.has('--no-lsp')) {
    for (const id of ['flat-1000', 'flat-10000']) {
      log(`lsp: ${id}…`);
      lsp.push(await runLsp(snap.server, makeInput(id), { requests: quick ? 50 : 200, budgetMs: quick ? 5000 : 12_000, kinds: LSP_KINDS }));
    }
    // The edit latency where no two layers are alike: the flat networks' eight forms of
    // layer are shared within one analysis already, these only from one analysis to the next.
    log('lsp: distinct-10000…');
    lsp.push(
      await runLsp(snap.server, makeInput('distinct-10000'), { requests: quick ? 50 : 200, budgetMs: quick ? 5000 : 12_000, kinds: ['diagnosticsAfterEdit'] }),
    );
  }

  log('report…');
  const reportFigures = await measureReport(snap.report);

  const targets = checkTargets(times, heaps, lsp, lints, reportFigures.report);
  // The profiles of this run only: the last run's are dropped.
  const profileDir = join(repoRoot, 'bench', 'profiles');
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const profiles = args.has('--no-profile') ? [] : await profileMisses(targets, snap, profileDir);
  load.end = os.loadavg();

  const report = { machine: info, load, seconds: (now() - started) / 1000, times, heaps, lsp, lints, report: reportFigures, targets, profiles };
  const bench = join(repoRoot, 'bench');
  writeFileSync(join(bench, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = markdown(report);
  writeFileSync(join(bench, 'results.md'), `${md}\n`);
  rmSync(snap.dir, { recursive: true, force: true });

  log('');
  for (const t of targets)
    log(
      `${t.pass ? 'pass' : 'MISS'}  ${t.name} [${t.input}]: ${t.unit === 'MB' ? t.measured.toFixed(1) : t.unit === '×' ? ratio(t.measured) : ms(t.measured)}${t.unit === '×' ? '' : ` ${t.unit}`}`,
    );
  log(`\nwritten: bench/results.md, bench/results.json${profiles.length ? `; profiles in ${profileDir}` : ''} (${report.seconds.toFixed(0)} s)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
