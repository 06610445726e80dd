/**
 * Property-based fuzzing of the core, a bounded number of cases in `npm test`
 * (FUZZ_RUNS raises it; `npm run fuzz` runs for as long as asked). Every saved
 * regression in test/fuzz/regressions is replayed first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { repoRoot } from '../helpers/paths';
import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../core/analyze';
import { forEachLeaf } from '../../core/expand';
import { parse, type ParseResult } from '../../core/parser';
import { deepNesting, editedExample, mutatedExample, tokenSoup, validNetwork } from './generators';
import { checkAnalysis, checkFixes, checkReference, checkRefactorings } from './properties';

const runs = Number(process.env['FUZZ_RUNS'] ?? 150);
const options = { numRuns: runs, ...(process.env['FUZZ_SEED'] ? { seed: Number(process.env['FUZZ_SEED']) } : {}) };
const regressions = join(repoRoot, 'test', 'fuzz', 'regressions');

describe('fuzz: saved regressions', () => {
  for (const name of readdirSync(regressions)
    .filter((n) => n.endsWith('.net'))
    .sort()) {
    test(name, () => {
      const analysis = checkAnalysis(readFileSync(join(regressions, name), 'utf8'));
      checkFixes(analysis);
    });
  }
});

describe('fuzz: the core never throws, and ranges stay inside the document', () => {
  test('token soups', () =>
    fc.assert(
      fc.property(tokenSoup, (text) => void checkAnalysis(text)),
      options,
    ));
  test('mutated examples, their fixes and refactorings re-analysed', () =>
    fc.assert(
      fc.property(mutatedExample, (text) => {
        const analysis = checkAnalysis(text);
        checkFixes(analysis);
        checkRefactorings(analysis);
      }),
      { ...options, numRuns: Math.max(10, Math.round(runs / 5)) },
    ));
  test('deep nesting and repeats', () =>
    fc.assert(
      fc.property(deepNesting, (text) => void checkAnalysis(text)),
      { ...options, numRuns: Math.max(10, Math.round(runs / 5)) },
    ));
});

describe('fuzz: statements reused from the previous parse', () => {
  const tree = ({ file, errors }: ParseResult) => JSON.stringify({ file, errors }, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));
  test('an edited example parses the same with the previous parse at hand as from nothing', () =>
    fc.assert(
      fc.property(editedExample, ([before, after]) => {
        assert.equal(tree(parse(after, parse(before).reusable)), tree(parse(after)));
      }),
      options,
    ));
});

describe('fuzz: layers reused from the previous analysis', () => {
  /** What an analysis finds: its diagnostics, and each layer's op, shape and counts. */
  const findings = (analysis: Analysis) =>
    JSON.stringify(
      {
        diagnostics: analysis.diagnostics.map((d) => [d.code, d.severity, d.message, d.span.start, d.span.end]),
        networks: analysis.networks.map((network) => {
          const layers: unknown[] = [];
          forEachLeaf(network.layers, (leaf, path) => layers.push([path, leaf.op, leaf.shape, leaf.args, leaf.counts]));
          return [network.name, network.output, network.totals, layers];
        }),
      },
      (_key, value) => (typeof value === 'bigint' ? `${value}n` : value),
    );
  test('an edited example analyses the same with the previous analysis at hand as from nothing', () =>
    fc.assert(
      fc.property(editedExample, ([before, after]) => {
        assert.equal(findings(analyze(after, undefined, analyze(before))), findings(analyze(after)));
      }),
      options,
    ));
});

describe('fuzz: random valid networks', () => {
  test('counts equal an independent reference, and every fix keeps its promise', () => fc.assert(fc.property(validNetwork, checkReference), options));
});
