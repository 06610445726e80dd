/**
 * `netlint lint` end to end on one input, in a fresh process (run by bench/run.ts): the
 * CLI's own path (analysis, every diagnostic's fixes measured, the stylish report) from
 * a cold start, as a user runs it; only reading the file is left out.
 *
 *   node --trace-gc out/bench/lint.js <lint input>
 *
 * Prints the markers around the run for the GC trace, then `BENCH_RESULT <json>`.
 */
import { analyze } from '../core/analyze';
import { colours } from '../cli/io';
import { formatStylish, lintFile } from '../cli/lint-formats';
import { makeLintInput } from './inputs';
import { now } from './stats';

const id = process.argv[2];
if (!id) throw new Error('usage: lint.js <lint input>');
const input = makeLintInput(id);
const start = process.memoryUsage().heapUsed;
process.stdout.write(`BENCH_MARK start lint ${start}\n`);
const began = now();
const file = lintFile(`${id}.net`, undefined, analyze(input.text));
const report = formatStylish([file], colours(false));
const ms = now() - began;
const end = process.memoryUsage().heapUsed;
process.stdout.write(`BENCH_MARK end lint ${end}\n`);
let fixes = 0;
for (const list of file.fixes.values()) fixes += list.length;
const result = {
  id,
  description: input.description,
  ms,
  start,
  end,
  diagnostics: file.analysis.diagnostics.length,
  fixes,
  reportBytes: report.length,
  maxRss: process.resourceUsage().maxRSS * 1024,
};
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
