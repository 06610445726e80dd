/**
 * Quick fixes: rewrites of the design, each measured by analysing the rewritten text. A
 * fix is offered only where that text analyses without errors and keeps the network's
 * output shape; its title states what it does to weights and connections.
 */
import { analyze, type Analysis } from './analyze';
import type { BlockDeclaration, LayerStatement } from './ast';
import type { Diagnostic } from './diagnostics';
import { applyEdits, offsetAfterEdits, type TextEdit } from './edits';
import { forEachLeaf, type LayerNode, type NetworkAnalysis } from './expand';
import { formatChange, formatCount, plural } from './format';
import { expansionsOf, statementAt, tensorShapes } from './query';
import { REFACTORINGS, statementText, type Candidate, type FixKind, type FixTarget } from './rewrites';
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

/** A layer and where it stands: what a rewrite is made for; for a block's statement, its uses and the networks they are in. */
interface Located {
  readonly target: FixTarget;
  readonly uses: number;
  readonly networks: number;
}

const sameArgs = (a: LayerNode, b: LayerNode): boolean =>
  a.op === b.op &&
  JSON.stringify(a.args) === JSON.stringify(b.args) &&
  a.inputs.length === b.inputs.length &&
  a.inputs.every((shape, i) => sameShape(shape, b.inputs[i]!));

/**
 * The layer at `path` of a network (the top statement's found at `index` when given), with
 * the body that holds it. A layer a block's statement made is rewritten in the block, so
 * only where every use of the block gives that statement the same arguments and input: a
 * rewrite written with one use's values would change the others into something else.
 */
function locate(analysis: Analysis, network: NetworkAnalysis, path: string, index = -1): Located | undefined {
  const names = path.split('.');
  let layers = network.layers;
  let at = index >= 0 && layers[index]?.name === names[0] ? index : layers.findIndex((layer) => layer.name === names[0]);
  let node = layers[at];
  let block: BlockDeclaration | undefined;
  for (let i = 1; node && i < names.length; i++) {
    if (node.kind === 'block') block = analysis.symbols.blocks.get(node.op);
    layers = node.children ?? [];
    at = layers.findIndex((layer) => layer.name === names[i]);
    node = layers[at];
  }
  if (!node) return undefined;
  const text = analysis.text;
  if (!block || node.statement.start < block.start || node.statement.end > block.end) {
    return { target: { text, network, node, layers, index: at, block: undefined, isTaken: (name) => network.tensors.has(name) }, uses: 1, networks: 1 };
  }
  const uses = expansionsOf(analysis, node.statement);
  if (!uses.every((use) => sameArgs(use.node, node))) return undefined;
  const scope = analysis.symbols.scopes.get(block);
  const params = block.params;
  const isTaken = (name: string) => scope?.entries.has(name) === true || params.some((param) => param.name.text === name);
  const networks = new Set(uses.map((use) => use.network)).size;
  return { target: { text, network, node, layers, index: at, block, isTaken }, uses: uses.length, networks };
}

/** The layer a diagnostic's target names, and where it stands. */
function findTarget(analysis: Analysis, diagnostic: Diagnostic): Located | undefined {
  const target = diagnostic.target;
  if (!target) return undefined;
  const network = analysis.networks.find((n) => n.name === target.network);
  if (!network) return undefined;
  // The rules about a layer report at the statement of the network body: found by its
  // offset among the layers, in text order, not by a walk over them all (lint asks for
  // every diagnostic of the file); a rule about a block's statement reports inside the block.
  const layers = network.layers;
  let low = 0;
  let high = layers.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (layers[middle]!.statement.start < diagnostic.span.start) low = middle + 1;
    else high = middle;
  }
  return locate(analysis, network, target.path, low);
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

interface Measured {
  readonly before: { weights: bigint; connections: bigint };
  readonly after: { weights: bigint; connections: bigint };
}

/** Whether a rewritten network keeps the output shape, and each marked output's: a head the rewrite changes is no drop-in. */
function keepsOutputs(network: NetworkAnalysis, rewritten: NetworkAnalysis | undefined): boolean {
  if (!rewritten?.output || !network.output || !sameShape(rewritten.output, network.output)) return false;
  if (rewritten.outputs.length !== network.outputs.length) return false;
  return rewritten.outputs.every((output, i) => output.shape && network.outputs[i]!.shape && sameShape(output.shape, network.outputs[i]!.shape!));
}

/** The shape of a block's tensor in each of its uses, in order: what a block's rewrite must keep. */
function shapesInUses(analysis: Analysis, block: string, name: string): string | undefined {
  const declaration = analysis.symbols.blocks.get(block);
  return declaration && JSON.stringify(tensorShapes(analysis, declaration, name));
}

/**
 * What analysing the whole rewritten text finds: the weights and connections that change,
 * or undefined for no fix. The document's analysis is given as the previous one: what the
 * edit left alone is reused, and that analysis stays as it was for the document's next edit.
 * A rewrite of a block's statement is measured over every network that uses the block.
 */
function measureRewrite(analysis: Analysis, network: NetworkAnalysis, candidate: Candidate): Measured | undefined {
  const result = analyze(applyEdits(analysis.text, candidate.edits), analysis.settings, analysis);
  // A lint rule raised to error by the settings does not veto a rewrite; real errors do.
  if (result.hasErrors) return undefined;
  const block = candidate.block?.name?.text;
  const changed = block === undefined ? [network] : analysis.networks.filter((n) => n.blocksUsed.has(block));
  const total: Measured = { before: { weights: 0n, connections: 0n }, after: { weights: 0n, connections: 0n } };
  for (const before of changed) {
    const rewritten = result.networks.find((n) => n.name === before.name);
    if (!rewritten || !keepsOutputs(before, rewritten)) return undefined;
    const { before: was, after: now } = measure(before, rewritten, candidate.edits);
    total.before.weights += was.weights;
    total.before.connections += was.connections;
    total.after.weights += now.weights;
    total.after.connections += now.connections;
  }
  if (candidate.keeps !== undefined) {
    if (block !== undefined) {
      const was = shapesInUses(analysis, block, candidate.keeps);
      if (was === undefined || was !== shapesInUses(result, block, candidate.keeps)) return undefined;
    } else {
      const was = network.tensors.get(candidate.keeps);
      const now = result.networks.find((n) => n.name === network.name)!.tensors.get(candidate.keeps);
      if (!was || !now || !sameShape(was, now)) return undefined;
    }
  }
  return total;
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

function evaluateCandidate(analysis: Analysis, { target, uses, networks }: Located, candidate: Candidate): Omit<Fix, 'preferred'> | undefined {
  // The network a fix rewrites has no error (its rules ran): an error is elsewhere, a
  // rewrite leaves it as it is (and adds no comment that could silence it), and it vetoes.
  if (analysis.hasErrors) return undefined;
  const network = target.network;
  // A block's statement stands for all its uses: measured on the whole rewritten text.
  const local = candidate.replaces && !candidate.block ? measureReplacement(analysis, network, candidate.replaces) : 'unsure';
  const measured = local === 'unsure' ? measureRewrite(analysis, network, candidate) : local;
  if (!measured) return undefined;
  const { before, after } = measured;
  // A rewrite that saves neither weights nor connections is no fix.
  if (after.weights >= before.weights && after.connections >= before.connections) return undefined;
  const where = candidate.block ? ` in block ${candidate.block.name?.text} (${plural(uses, 'use')}${networks > 1 ? ` in ${networks} networks` : ''})` : '';
  const title =
    `${candidate.action}${where}: weights ${formatCount(before.weights)} → ${formatCount(after.weights)} (${formatChange(before.weights, after.weights)}), ` +
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

/** The rewrites the diagnostic's rule lists, in its order, for the layer its target names. */
function candidatesFor(analysis: Analysis, diagnostic: Diagnostic): { located: Located; candidates: Candidate[] } | undefined {
  const makers = findRule(diagnostic.code)?.fixes;
  if (!makers?.length) return undefined;
  const located = findTarget(analysis, diagnostic);
  if (!located) return undefined;
  const candidates: Candidate[] = [];
  for (const make of makers) {
    const candidate = make(located.target);
    if (candidate) candidates.push(candidate);
  }
  return { located, candidates };
}

/** The fixes for one diagnostic, each measured; the one that leaves the fewest weights is preferred. */
export function fixesFor(analysis: Analysis, diagnostic: Diagnostic): Fix[] {
  const found = candidatesFor(analysis, diagnostic);
  if (!found) return [];
  const measured = found.candidates
    .map((candidate) => evaluateCandidate(analysis, found.located, candidate))
    .filter((fix): fix is Omit<Fix, 'preferred'> => fix !== undefined);
  let best = -1;
  measured.forEach((fix, i) => {
    const current = measured[best];
    if (!current || fix.weightsAfter < current.weightsAfter || (fix.weightsAfter === current.weightsAfter && fix.connectionsAfter < current.connectionsAfter))
      best = i;
  });
  return measured.map((fix, i) => ({ ...fix, preferred: i === best }));
}

const sameEdits = (a: readonly TextEdit[], b: readonly TextEdit[]): boolean =>
  a.length === b.length && a.every((edit, i) => edit.span.start === b[i]!.span.start && edit.span.end === b[i]!.span.end && edit.newText === b[i]!.newText);

/**
 * The refactorings at a place of the text (a cursor, or a selection within one statement):
 * the rewrites of `REFACTORINGS` that apply to the layer its statement makes, measured as
 * fixes are, whatever the rules report. A rewrite that a diagnostic given here (those an
 * editor shows at the place) already offers as a quick fix is left out. None is preferred.
 */
export function refactoringsAt(analysis: Analysis, start: number, end: number, diagnostics: readonly Diagnostic[] = []): Fix[] {
  if (analysis.hasErrors) return [];
  const location = refactoringStatementAt(analysis, start, end);
  if (!location) return [];
  // One layer: a statement of the network body, or of a block in each of its uses (a repeat makes copies, not one layer).
  const [first] = expansionsOf(analysis, location);
  if (!first || first.node.kind !== 'op') return [];
  const located = locate(analysis, first.network, first.path);
  if (!located) return [];
  const offered = diagnostics.flatMap((diagnostic) => candidatesFor(analysis, diagnostic)?.candidates ?? []);
  const fixes: Fix[] = [];
  for (const make of REFACTORINGS) {
    const candidate = make(located.target);
    if (!candidate || offered.some((other) => sameEdits(other.edits, candidate.edits))) continue;
    const fix = evaluateCandidate(analysis, located, candidate);
    if (fix) fixes.push({ ...fix, preferred: false });
  }
  return fixes;
}

/**
 * The layer statement the refactorings at a range are about: the one at its start, or the
 * one its line holds when the start is in the indentation before it; a selection may run on
 * to the end of the statement's line and the next one's indentation, no further. The same
 * for every place in one statement: an editor may keep the refactorings by it.
 */
export function refactoringStatementAt(analysis: Analysis, start: number, end: number): LayerStatement | undefined {
  const at = statementAt(analysis, start) ?? statementAt(analysis, start + indentationAfter(analysis.text, start));
  if (at?.statement.kind !== 'layer') return undefined;
  const statement = at.statement;
  return end <= statement.end || /^[^\n]*\n?[ \t]*$/.test(analysis.text.slice(statement.end, end)) ? statement : undefined;
}

/** How many spaces and tabs follow an offset. */
function indentationAfter(text: string, offset: number): number {
  let n = 0;
  while (text[offset + n] === ' ' || text[offset + n] === '\t') n++;
  return n;
}

/** Whether a diagnostic can have fixes at all (its rule lists some): lets an editor skip the work. */
export function mayHaveFixes(diagnostic: Diagnostic): boolean {
  return diagnostic.target !== undefined && (findRule(diagnostic.code)?.fixes.length ?? 0) > 0;
}
