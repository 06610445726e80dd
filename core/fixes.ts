/**
 * Quick fixes: rewrites of the design, each measured by analysing the rewritten text. A
 * fix is offered only where that text analyses without errors and keeps the network's
 * output shape; its title states what it does to weights and connections.
 */
import { analyze, type Analysis } from './analyze';
import type { Diagnostic } from './diagnostics';
import { applyEdits, offsetAfterEdits, type TextEdit } from './edits';
import { forEachLeaf, type LayerNode, type NetworkAnalysis } from './expand';
import { formatChange, formatCount } from './format';
import { statementText, type Candidate, type FixKind } from './rewrites';
import { findRule } from './rules';
import { sameShape } from './shapes';

export type { FixKind } from './rewrites';

export interface Fix {
  readonly kind: FixKind;
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Weights and connections of the layers the fix changes, before and after, as analysed. */
  readonly weightsBefore: bigint;
  readonly weightsAfter: bigint;
  readonly connectionsBefore: bigint;
  readonly connectionsAfter: bigint;
  /** The one fix of a diagnostic that leaves the fewest weights (then the fewest connections). */
  readonly preferred: boolean;
}

/** The statement of the network body a diagnostic's target names, and its layer. */
function findTarget(analysis: Analysis, diagnostic: Diagnostic): { network: NetworkAnalysis; node: LayerNode; index: number } | undefined {
  const target = diagnostic.target;
  if (!target) return undefined;
  const network = analysis.networks.find((n) => n.name === target.network);
  if (!network) return undefined;
  // The rules report at the statement: found by its offset among the layers, in text order,
  // not by a walk over them all (lint asks for every diagnostic of the file).
  const layers = network.layers;
  let low = 0;
  let high = layers.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (layers[middle]!.statement.start < diagnostic.span.start) low = middle + 1;
    else high = middle;
  }
  const index = layers[low]?.name === target.statement ? low : layers.findIndex((layer) => layer.name === target.statement);
  const node = layers[index];
  return node ? { network, node, index } : undefined;
}

/**
 * Each op layer of a network by where it stands: the offset its top-level statement starts
 * at (mapped by `place`; undefined when the statement is gone), then its path below that
 * statement. Names would not do: removing an unnamed layer renumbers the later ones.
 */
function leavesByPlace(network: NetworkAnalysis, place: (offset: number) => number | undefined): Map<string, LayerNode> {
  const map = new Map<string, LayerNode>();
  network.layers.forEach((top, index) => {
    const at = place(top.statement.start);
    const key = at === undefined ? `gone ${index}` : String(at);
    if (!top.children) map.set(key, top);
    else forEachLeaf(top.children, (leaf, path) => map.set(`${key} ${path}`, leaf));
  });
  return map;
}

/**
 * The weights and connections of the layers that differ between a network and its
 * rewrite: a layer is matched with the one at the same place of the rewritten text, and
 * left out of both sides when it keeps its op and counts.
 */
function measure(before: NetworkAnalysis, after: NetworkAnalysis, edits: readonly TextEdit[]) {
  const old = leavesByPlace(before, (offset) => offsetAfterEdits(offset, edits));
  const now = leavesByPlace(after, (offset) => offset);
  const unchanged = (a: LayerNode, b: LayerNode | undefined) =>
    b !== undefined && a.op === b.op && a.counts.weights === b.counts.weights && a.counts.connections === b.counts.connections;
  const sum = (leaves: Map<string, LayerNode>, other: Map<string, LayerNode>) => {
    let weights = 0n;
    let connections = 0n;
    for (const [place, leaf] of leaves) {
      if (unchanged(leaf, other.get(place))) continue;
      weights += leaf.counts.weights;
      connections += leaf.counts.connections;
    }
    return { weights, connections };
  };
  return { before: sum(old, now), after: sum(now, old) };
}

type Measured = ReturnType<typeof measure>;

/**
 * What analysing the whole rewritten text finds: the weights and connections that change,
 * or undefined for no fix. The document's analysis is given as the previous one: what the
 * edit left alone is reused, and that analysis stays as it was for the document's next edit.
 */
function measureRewrite(analysis: Analysis, network: NetworkAnalysis, candidate: Candidate): Measured | undefined {
  const result = analyze(applyEdits(analysis.text, candidate.edits), analysis.settings, analysis);
  // A lint rule raised to error by the settings does not veto a rewrite; real errors do.
  if (result.hasErrors) return undefined;
  const rewritten = result.networks.find((n) => n.name === network.name);
  if (!rewritten?.output || !network.output || !sameShape(rewritten.output, network.output)) return undefined;
  // Every marked output keeps its shape too: a head the rewrite changes is no drop-in.
  if (rewritten.outputs.length !== network.outputs.length) return undefined;
  if (!rewritten.outputs.every((output, i) => output.shape && network.outputs[i]!.shape && sameShape(output.shape, network.outputs[i]!.shape!)))
    return undefined;
  if (candidate.keeps !== undefined) {
    const was = network.tensors.get(candidate.keeps);
    const now = rewritten.tensors.get(candidate.keeps);
    if (!was || !now || !sameShape(was, now)) return undefined;
  }
  return measure(network, rewritten, candidate.edits);
}

/**
 * The same answer as `measureRewrite` for a conv rewritten into a few statements, found by
 * analysing only those statements on the conv's input: measuring each fix on the whole
 * text made `lint` of a file with a large kernel on every line grow with its square
 * (1,000 lines: 18 s, 2.8 GB). It holds because the rest of the file cannot tell:
 * - the linted network has no error (its rules ran), and the text no other error (see
 *   `evaluateCandidate`);
 * - the new names are fresh, the last statement keeps the conv's name (written, or
 *   automatic: the others are named, so no automatic name moves), and the first reads
 *   what the conv read;
 * - so when the statements analyse clean to the conv's shape, every other layer reads and
 *   makes what it did, and only the conv's own counts change, as `measure` would find;
 *   when they make another shape, the rewritten conv does not keep its shape.
 * Where it cannot tell (an error in the statements, the layer limit), `unsure`.
 */
function measureReplacement(analysis: Analysis, network: NetworkAnalysis, replaces: NonNullable<Candidate['replaces']>): Measured | undefined | 'unsure' {
  const { conv, into } = replaces;
  const input = conv.inputs[0];
  if (!input || !conv.shape || network.layerCount + into.length - 1 > analysis.settings.maxLayers) return 'unsure';
  const names = new Set(into.map((statement) => statement.name));
  let inputName = 'x';
  for (let n = 2; names.has(inputName); n++) inputName = `x_${n}`;
  const lines = into.map(({ name, call }) => `  ${statementText(name, call, undefined)}\n`);
  const text = `network N {\n  input ${inputName}: ${input.join('x')}\n${lines.join('')}}\n`;
  const result = analyze(text, analysis.settings);
  const rewritten = result.networks[0];
  if (result.hasErrors || !rewritten?.complete || !rewritten.output) return 'unsure';
  if (!sameShape(rewritten.output, conv.shape)) return undefined;
  let weights = 0n;
  let connections = 0n;
  forEachLeaf(rewritten.layers, (leaf) => {
    weights += leaf.counts.weights;
    connections += leaf.counts.connections;
  });
  return { before: { weights: conv.counts.weights, connections: conv.counts.connections }, after: { weights, connections } };
}

function evaluateCandidate(analysis: Analysis, network: NetworkAnalysis, candidate: Candidate): Omit<Fix, 'preferred'> | undefined {
  // The network a fix rewrites has no error (its rules ran): an error is elsewhere, a
  // rewrite leaves it as it is (and adds no comment that could silence it), and it vetoes.
  if (analysis.hasErrors) return undefined;
  const local = candidate.replaces ? measureReplacement(analysis, network, candidate.replaces) : 'unsure';
  const measured = local === 'unsure' ? measureRewrite(analysis, network, candidate) : local;
  if (!measured) return undefined;
  const { before, after } = measured;
  // A rewrite that saves neither weights nor connections is no fix.
  if (after.weights >= before.weights && after.connections >= before.connections) return undefined;
  const title =
    `${candidate.action}: weights ${formatCount(before.weights)} → ${formatCount(after.weights)} (${formatChange(before.weights, after.weights)}), ` +
    `connections ${formatCount(before.connections)} → ${formatCount(after.connections)} (${formatChange(before.connections, after.connections)})`;
  return {
    kind: candidate.kind,
    title,
    edits: candidate.edits,
    weightsBefore: before.weights,
    weightsAfter: after.weights,
    connectionsBefore: before.connections,
    connectionsAfter: after.connections,
  };
}

/** The rewrites the diagnostic's rule lists, in its order, for the statement its target names. */
function candidatesFor(analysis: Analysis, diagnostic: Diagnostic): { network: NetworkAnalysis; candidates: Candidate[] } | undefined {
  const makers = findRule(diagnostic.code)?.fixes;
  if (!makers?.length) return undefined;
  const found = findTarget(analysis, diagnostic);
  if (!found) return undefined;
  const target = { text: analysis.text, ...found, diagnostic };
  const candidates: Candidate[] = [];
  for (const make of makers) {
    const candidate = make(target);
    if (candidate) candidates.push(candidate);
  }
  return { network: found.network, candidates };
}

/** The fixes for one diagnostic, each measured; the one that leaves the fewest weights is preferred. */
export function fixesFor(analysis: Analysis, diagnostic: Diagnostic): Fix[] {
  const found = candidatesFor(analysis, diagnostic);
  if (!found) return [];
  const measured = found.candidates
    .map((candidate) => evaluateCandidate(analysis, found.network, candidate))
    .filter((fix): fix is Omit<Fix, 'preferred'> => fix !== undefined);
  let best = -1;
  measured.forEach((fix, i) => {
    const current = measured[best];
    if (!current || fix.weightsAfter < current.weightsAfter || (fix.weightsAfter === current.weightsAfter && fix.connectionsAfter < current.connectionsAfter))
      best = i;
  });
  return measured.map((fix, i) => ({ ...fix, preferred: i === best }));
}

/** Whether a diagnostic can have fixes at all (its rule lists some): lets an editor skip the work. */
export function mayHaveFixes(diagnostic: Diagnostic): boolean {
  return diagnostic.target !== undefined && (findRule(diagnostic.code)?.fixes.length ?? 0) > 0;
}
