/**
 * The invariants every input must keep, shared by the bounded fuzz tests in `npm test`
 * and the open-ended `npm run fuzz`.
 */
import assert from 'node:assert/strict';
import { analyze, applyEdits, fixesFor, mayHaveFixes, refactoringsAt, type Analysis } from '../../core';
import type { Reference } from './generators';

/** The core never throws, and every diagnostic lies inside the document. */
export function checkAnalysis(text: string): Analysis {
  const analysis = analyze(text);
  const seen = new Set<string>();
  for (const d of analysis.diagnostics) {
    assert.ok(
      d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length,
      `${d.code} at ${d.span.start}-${d.span.end} outside 0-${text.length}: ${d.message}`,
    );
    assert.ok(d.message.length > 0);
    // The same message at the same place is given once, however many block uses raise it.
    const key = `${d.code} ${d.span.start}-${d.span.end} ${d.message}`;
    assert.ok(!seen.has(key), `given twice: ${key}`);
    seen.add(key);
  }
  return analysis;
}

/** Every offered fix re-analyses without errors and keeps the network's output shape. */
export function checkFixes(analysis: Analysis): void {
  for (const diagnostic of analysis.diagnostics) {
    if (!mayHaveFixes(diagnostic)) continue;
    for (const fix of fixesFor(analysis, diagnostic)) {
      const rewritten = checkAnalysis(applyEdits(analysis.text, fix.edits));
      const errors = rewritten.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(
        errors.map((d) => d.message),
        [],
        `${fix.title} leaves errors`,
      );
      const before = analysis.networks.find((n) => n.name === diagnostic.target!.network)!;
      const after = rewritten.networks.find((n) => n.name === before.name)!;
      assert.deepEqual(after.output, before.output, `${fix.title} changes the output shape`);
      assert.ok(fix.weightsAfter < fix.weightsBefore || fix.connectionsAfter < fix.connectionsBefore, `${fix.title} saves nothing`);
    }
  }
}

/** Every refactoring offered at a layer statement re-analyses without errors, keeps every network's outputs, and saves. */
export function checkRefactorings(analysis: Analysis): void {
  for (const declaration of analysis.file.declarations) {
    for (const statement of declaration.statements) {
      if (statement.kind !== 'layer') continue;
      for (const fix of refactoringsAt(analysis, statement.start, statement.start)) {
        const rewritten = checkAnalysis(applyEdits(analysis.text, fix.edits));
        assert.deepEqual(
          rewritten.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
          [],
          `${fix.title} leaves errors`,
        );
        for (const before of analysis.networks) {
          const after = rewritten.networks.find((n) => n.name === before.name)!;
          assert.deepEqual(
            after.outputs.map((output) => output.shape),
            before.outputs.map((output) => output.shape),
            `${fix.title} changes ${before.name}'s outputs`,
          );
        }
        assert.ok(fix.weightsAfter < fix.weightsBefore || fix.connectionsAfter < fix.connectionsBefore, `${fix.title} saves nothing`);
      }
    }
  }
}

/** A random network's counts equal the simple reference; an impossible one gets an error. */
export function checkReference(reference: Reference): void {
  const analysis = checkAnalysis(reference.text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (!reference.output) {
    assert.ok(errors.length > 0, `expected an error in\n${reference.text}`);
    return;
  }
  assert.deepEqual(
    errors.map((d) => d.message),
    [],
    reference.text,
  );
  const network = analysis.networks[0]!;
  assert.deepEqual(network.output, reference.output, reference.text);
  const t = network.totals;
  assert.deepEqual(
    { units: t.units, weights: t.weights, biases: t.biases, params: t.params, connections: t.connections },
    { units: reference.units, weights: reference.weights, biases: reference.biases, params: reference.params, connections: reference.connections },
    reference.text,
  );
  checkFixes(analysis);
}
