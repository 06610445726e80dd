/**
 * The core against an earlier commit's core, on this machine, in the same minutes
 * (`npm run bench:compare -- <ref>`): how far a change moved analyze()'s ratio to
 * JSON.parse. A ratio measured on another machine does not compare (V8's JSON.parse and
 * the core's mix of work do not scale alike from one CPU to another), so the earlier core
 * is built again from git and both are timed in alternation.
 *
 *   node scripts/build.mjs --bench && node out/bench/compare.js <ref> [--rounds N] [--inputs a,b]
 *
 * Both sides analyse the same text, made by this checkout's bench/inputs.ts. Each round
 * runs each side in a fresh process (which side goes first alternates): JSON.parse timed
 * first, in a block of its own, then analyze() from nothing, repeated, no collection
 * forced; a process gives the medians of both, and their ratio. A figure below is the
 * median over the rounds. Writes bench/compare-results.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot, ROOT_VARIABLE } from '../test/helpers/paths';
import { makeInput } from './inputs';
import { median, ms, now, ratio } from './stats';

const DEFAULT_INPUTS = ['flat-1000', 'flat-10000', 'distinct-10000', 'flat-100000'];

interface Sample {
  readonly analyze: number;
  readonly json: number;
}

/** In a child process: the medians of JSON.parse and analyze() of one input with the core bundled at `core`. */
function child(core: string, id: string): void {
  const { analyze } = require(core) as { analyze: (text: string) => unknown };
  const input = makeInput(id);
  const big = input.text.length > 2_000_000;
  const medium = input.text.length > 200_000;
  const repetitions = big ? 7 : medium ? 21 : 41;
  // JSON.parse first, in a block of its own: timed between analyses, it would pay for
  // collecting their garbage, which differs from one core to the other.
  const json: number[] = [];
  for (let i = 0; i < repetitions + 5; i++) {
    const start = now();
    JSON.parse(input.json);
    if (i >= 5) json.push(now() - start);
  }
  // Warm-up long enough for both cores' code to be optimised: the larger one takes longer.
  for (let i = 0; i < (big ? 1 : medium ? 5 : 30); i++) analyze(input.text);
  const analysis: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = now();
    analyze(input.text);
    analysis.push(now() - start);
  }
  const sample: Sample = { analyze: median(analysis), json: median(json) };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(sample)}\n`);
}

/** The core of `dir` (a checkout) bundled alone into `outfile`: only `analyze`, as the CLI and the server call it. */
async function bundleCore(dir: string, outfile: string): Promise<void> {
  await esbuild.build({
    stdin: { contents: "export { analyze } from './core/analyze';", resolveDir: dir, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
    // Harmless where the core does not read it: the report's script, which bundles define.
    define: { NETLINT_REPORT_SCRIPT: '""' },
  });
}

function sampleOf(core: string, id: string): Sample {
  const run = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', core, id], {
    encoding: 'utf8',
    env: { ...process.env, [ROOT_VARIABLE]: repoRoot },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (run.status !== 0 || !line) throw new Error(`${id} with ${core} failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as Sample;
}

async function main(argv: string[]): Promise<void> {
  const ref = argv[0];
  if (!ref || ref.startsWith('--')) throw new Error('usage: node out/bench/compare.js <git ref> [--rounds N] [--inputs a,b]');
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const rounds = Number(option('--rounds') ?? 5);
  const inputs = option('--inputs')?.split(',') ?? DEFAULT_INPUTS;
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'core'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';

  const work = mkdtempSync(join(os.tmpdir(), 'netlint-compare-'));
  try {
    const earlier = join(work, 'earlier');
    execFileSync('sh', ['-c', `mkdir -p "${earlier}" && git archive ${commit} | tar -x -C "${earlier}"`], { cwd: repoRoot });
    symlinkSync(join(repoRoot, 'node_modules'), join(earlier, 'node_modules'));
    const sides = { earlier: join(work, 'earlier.js'), now: join(work, 'now.js') };
    await bundleCore(earlier, sides.earlier);
    await bundleCore(repoRoot, sides.now);

    const started = new Date().toISOString();
    const load = os.loadavg().map((l) => l.toFixed(2));
    const started_ms = now();
    const rows: string[] = [];
    for (const id of inputs) {
      const samples: Record<keyof typeof sides, Sample[]> = { earlier: [], now: [] };
      for (let round = 0; round < rounds; round++) {
        const order: (keyof typeof sides)[] = round % 2 ? ['now', 'earlier'] : ['earlier', 'now'];
        for (const side of order) samples[side].push(sampleOf(sides[side], id));
      }
      const figures = (list: Sample[]) => ({ ms: median(list.map((s) => s.analyze)), ratio: median(list.map((s) => s.analyze / s.json)) });
      const before = figures(samples.earlier);
      const after = figures(samples.now);
      const change = (after.ratio / before.ratio - 1) * 100;
      const row = `| ${id} | ${rounds} | ${ms(before.ms)} | ${ratio(before.ratio)} | ${ms(after.ms)} | ${ratio(after.ratio)} | ${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}% |`;
      console.log(row);
      rows.push(row);
    }
    const seconds = ((now() - started_ms) / 1000).toFixed(0);
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const text = [
      '# netlint: the core against an earlier commit',
      '',
      `- Machine: ${cpu}, ${os.cpus().length} cores; Node ${process.version}; ${started}; load average ${load.join(', ')} at the start; the run took ${seconds} s`,
      `- Earlier: ${commit} (\`${ref}\`); now: ${head}${dirty ? ' with uncommitted changes to core/' : ''}`,
      '- Command: `node scripts/build.mjs --bench && node out/bench/compare.js ' + argv.join(' ') + '`',
      "- Method: both cores bundled alone (only `analyze`); each round times each in a fresh process, the first side alternating; a process times JSON.parse in a block of its own (between analyses it would pay for collecting their garbage, which differs from core to core), then `analyze()` from nothing, each after a warm-up; its figures are the two medians and their ratio; a figure here is the median over the rounds. Both analyse the same text, made by this checkout's bench/inputs.ts.",
      '',
      '| input | rounds | earlier: analyze ms | earlier: × JSON.parse | now: analyze ms | now: × JSON.parse | ratio moved |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n');
    writeFileSync(join(repoRoot, 'bench', 'compare-results.md'), text);
    console.log(`wrote bench/compare-results.md (${seconds} s)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') child(process.argv[3]!, process.argv[4]!);
else
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
