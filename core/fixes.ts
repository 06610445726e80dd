/**
 * Quick fixes: rewrites of the design, each measured by analysing the rewritten text. A
 * fix is offered only where that text analyses without errors and keeps the network's
 * output shape; its title states what it does to weights and connections.
 */
import type { LayerStatement } from './ast';
import { analyze, type Analysis } from './analyze';
import type { Diagnostic } from './diagnostics';
import { applyEdits, indentationAt, lineBreakAt, offsetAfterEdits, replaceLines, type TextEdit } from './edits';
import { forEachLeaf, type LayerNode, type NetworkAnalysis } from './expand';
import { formatChange, formatCount } from './format';
import { boolArg, countArg, findOp, nameArg, padArg, pairArg, type Pair, type ResolvedArgs } from './ops';
import { someNames } from './rules';
import { sameShape } from './shapes';
import { span } from './text';

export type FixKind = 'stack-3x3' | 'asymmetric' | 'depthwise-separable' | 'global-average-pool' | 'remove-layer';

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

/** Statements a conv is rewritten into: a name (undefined: automatic) and a call; the first reads what the conv read. */
interface Replacement {
  readonly name: string | undefined;
  readonly call: string;
}

interface Candidate {
  readonly kind: FixKind;
  /** The title before the measured figures. */
  readonly action: string;
  readonly edits: readonly TextEdit[];
  /** A layer whose output shape the rewrite must keep: the rewritten conv keeps its name. */
  readonly keeps?: string;
  /** For a conv rewritten into the statements of `into`: what lets it be measured on those alone. */
  readonly replaces?: { readonly conv: LayerNode; readonly into: readonly Replacement[] };
}

/**
 * The most 3×3 convs a kernel is factorised into: 11×11 into five. Beyond, the stack is
 * not offered; checked before a line is written, since 2³¹−1 would take a billion lines.
 */
const MAX_STACK = 5;

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

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

/** A call written from resolved values, leaving out arguments at their defaults. */
function writeCall(op: string, positional: string[], named: [string, string | undefined][]): string {
  const parts = [...positional, ...named.filter(([, value]) => value !== undefined).map(([name, value]) => `${name}=${value}`)];
  return `${op}(${parts.join(', ')})`;
}

const pairText = (value: Pair): string => (value[0] === value[1] ? String(value[0]) : `${value[0]}x${value[1]}`);
const unlessOne = (value: Pair): string | undefined => (value[0] === 1 && value[1] === 1 ? undefined : pairText(value));

/** The args every conv of a rewrite carries over from the original. */
function carried(args: ResolvedArgs): [string, string | undefined][] {
  return [
    ['bias', boolArg(args, 'bias') ? undefined : 'false'],
    ['act', nameArg(args, 'act') !== 'none' ? nameArg(args, 'act') : undefined],
  ];
}

function statementText(name: string | undefined, call: string, from: string | undefined): string {
  return `${name ? `${name} = ` : ''}${call}${from ? ` from ${from}` : ''}`;
}

/** A name not yet used in the network body (fixes are for networks without errors: every layer's name is a tensor's). */
function freshName(network: NetworkAnalysis, wanted: string, taken: Set<string> = new Set()): string {
  const used = (name: string) => network.tensors.has(name) || taken.has(name);
  if (!used(wanted)) return wanted;
  for (let n = 2; ; n++) if (!used(`${wanted}_${n}`)) return `${wanted}_${n}`;
}

/** Replaces a conv's statement by several, one a line, at its indentation; the first reads what the conv read. */
function replaceConv(text: string, conv: ConvTarget, into: Replacement[]): Pick<Candidate, 'edits' | 'replaces' | 'keeps'> {
  const statement = conv.statement;
  const lines = into.map(({ name, call }, i) => statementText(name, call, i === 0 ? statement.from?.text : undefined));
  const indent = indentationAt(text, statement.start);
  return {
    keeps: conv.name,
    edits: [{ span: span(statement.start, statement.end), newText: lines.join(lineBreakAt(text, statement.end) + indent) }],
    replaces: { conv: conv.node, into },
  };
}

interface ConvTarget {
  readonly node: LayerNode;
  readonly statement: LayerStatement;
  readonly args: ResolvedArgs;
  readonly inChannels: number;
  readonly name: string;
}

function convTarget(node: LayerNode): ConvTarget | undefined {
  if (node.kind !== 'op' || node.op !== 'conv' || !node.args || node.statement.repeat) return undefined;
  const input = node.inputs[0];
  if (!input || input.length !== 3) return undefined;
  return { node, statement: node.statement, args: node.args, inChannels: input[0]!, name: node.name };
}

function stackCandidate(text: string, network: NetworkAnalysis, conv: ConvTarget): Candidate | undefined {
  const [kh, kw] = pairArg(conv.args, 'kernel');
  const dilation = pairArg(conv.args, 'dilation');
  if (kh !== kw || kh < 5 || kh % 2 === 0 || dilation[0] !== 1 || dilation[1] !== 1) return undefined;
  const count = (kh - 1) / 2;
  if (count > MAX_STACK) return undefined;
  const filters = countArg(conv.args, 'filters');
  const inner = Math.min(conv.inChannels, filters);
  const groups = countArg(conv.args, 'groups');
  const stride = pairArg(conv.args, 'stride');
  const written = conv.statement.name?.text;
  const taken = new Set<string>();
  const into: Replacement[] = [];
  for (let i = 1; i <= count; i++) {
    const last = i === count;
    const name = last ? written : freshName(network, `${conv.name}_${i}`, taken);
    if (name) taken.add(name);
    const call = writeCall('conv', [String(last ? filters : inner), '3x3'], [
      ['stride', i === 1 ? unlessOne(stride) : undefined],
      ['pad', '1'],
      ['groups', groups > 1 ? String(groups) : undefined],
      ...carried(conv.args),
    ]);
    into.push({ name, call });
  }
  const words = NUMBER_WORDS[count] ?? String(count);
  return {
    kind: 'stack-3x3',
    action: `Factorise ${conv.name} ${kh}×${kw} into ${words} 3×3`,
    ...replaceConv(text, conv, into),
  };
}

function asymmetricCandidate(text: string, network: NetworkAnalysis, conv: ConvTarget): Candidate | undefined {
  const [kh, kw] = pairArg(conv.args, 'kernel');
  if (kh !== kw || kh <= 3) return undefined;
  const written = padArg(conv.args, 'pad');
  if (written === 'same' && kh % 2 === 0) return undefined;
  const k = kh;
  const stride = pairArg(conv.args, 'stride');
  const dilation = pairArg(conv.args, 'dilation');
  const pad: Pair = typeof written === 'string' ? [(dilation[0] * (k - 1)) / 2, (dilation[1] * (k - 1)) / 2] : written;
  const filters = countArg(conv.args, 'filters');
  const groups = countArg(conv.args, 'groups');
  const inner = Math.min(conv.inChannels, filters);
  const groupsArg: [string, string | undefined] = ['groups', groups > 1 ? String(groups) : undefined];
  const firstName = freshName(network, `${conv.name}_1x${k}`);
  const first = writeCall('conv', [String(inner), `1x${k}`], [
    ['stride', unlessOne([1, stride[1]])],
    ['pad', pad[1] ? `0x${pad[1]}` : undefined],
    ['dilation', unlessOne([1, dilation[1]])],
    groupsArg,
    ...carried(conv.args),
  ]);
  const second = writeCall('conv', [String(filters), `${k}x1`], [
    ['stride', unlessOne([stride[0], 1])],
    ['pad', pad[0] ? `${pad[0]}x0` : undefined],
    ['dilation', unlessOne([dilation[0], 1])],
    groupsArg,
    ...carried(conv.args),
  ]);
  return {
    kind: 'asymmetric',
    action: `Factorise ${conv.name} ${k}×${k} into 1×${k} and ${k}×1`,
    ...replaceConv(text, conv, [
      { name: firstName, call: first },
      { name: conv.statement.name?.text, call: second },
    ]),
  };
}

function separableCandidate(text: string, network: NetworkAnalysis, conv: ConvTarget): Candidate | undefined {
  const kernel = pairArg(conv.args, 'kernel');
  if (kernel[0] === 1 && kernel[1] === 1) return undefined;
  const pad = padArg(conv.args, 'pad');
  const depthwise = writeCall('dwconv', [`${kernel[0]}x${kernel[1]}`], [
    ['stride', unlessOne(pairArg(conv.args, 'stride'))],
    ['pad', typeof pad === 'string' ? pad : pad[0] === 0 && pad[1] === 0 ? undefined : pairText(pad)],
    ['dilation', unlessOne(pairArg(conv.args, 'dilation'))],
    ...carried(conv.args),
  ]);
  const pointwise = writeCall('conv', [String(countArg(conv.args, 'filters')), '1x1'], carried(conv.args));
  return {
    kind: 'depthwise-separable',
    action: `Make ${conv.name} depthwise-separable (${kernel[0]}×${kernel[1]} depthwise, then 1×1)`,
    ...replaceConv(text, conv, [
      { name: freshName(network, `${conv.name}_dw`), call: depthwise },
      { name: conv.statement.name?.text, call: pointwise },
    ]),
  };
}

/** A pointwise layer (an activation, dropout, batchnorm) serves the layer before it. */
const serves = (layer: LayerNode): boolean => findOp(layer.op)?.pointwise === true;
/** What a dense head may hold: dense layers, flattens, and the layers that serve them. */
const inHead = (layer: LayerNode): boolean => layer.op === 'dense' || serves(layer) || findOp(layer.op)?.role === 'shape';

function isPlain(node: LayerNode): boolean {
  return node.kind === 'op' && !node.statement.repeat && !node.statement.from;
}

function globalPoolCandidate(text: string, network: NetworkAnalysis): Candidate | undefined {
  const layers = network.layers;
  const dense = layers.flatMap((layer, index) => (layer.kind === 'op' && layer.op === 'dense' ? [index] : []));
  if (dense.length < 2) return undefined;
  const classifier = dense[dense.length - 1]!;
  let first = dense[0]!;
  while (first > 0 && layers[first - 1]!.op === 'flatten') first--;
  const head = layers.slice(first, classifier);
  if (!head.every((layer) => isPlain(layer) && inHead(layer))) return undefined;
  const removed = head.filter((layer) => layer.op === 'dense').map((layer) => layer.name);
  const name = freshName(network, 'gap');
  const indent = indentationAt(text, layers[first]!.statement.start);
  const statements = head.map((layer) => layer.statement);
  return {
    kind: 'global-average-pool',
    action: `Replace the dense head (${someNames(removed)}) with global average pooling`,
    edits: replaceLines(text, statements, `${indent}${name} = globalavgpool()${lineBreakAt(text, layers[first]!.statement.start)}`),
  };
}

function removeLayerCandidate(text: string, network: NetworkAnalysis, index: number): Candidate | undefined {
  const layers = network.layers;
  const node = layers[index]!;
  const lastDense = layers.findLastIndex((layer) => layer.op === 'dense');
  if (node.kind !== 'op' || node.op !== 'dense' || index === lastDense || node.statement.repeat) return undefined;
  let end = index;
  while (end + 1 < layers.length && isPlain(layers[end + 1]!) && serves(layers[end + 1]!)) end++;
  const served = layers.slice(index + 1, end + 1).map((layer) => layer.name);
  return {
    kind: 'remove-layer',
    action: `Remove ${node.name}${served.length ? ` (and ${someNames(served)})` : ''}`,
    edits: replaceLines(text, layers.slice(index, end + 1).map((layer) => layer.statement)),
  };
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

function candidatesFor(analysis: Analysis, diagnostic: Diagnostic): { network: NetworkAnalysis; candidates: Candidate[] } | undefined {
  const found = findTarget(analysis, diagnostic);
  if (!found) return undefined;
  const { network, node, index } = found;
  const text = analysis.text;
  const candidates: (Candidate | undefined)[] = [];
  const conv = convTarget(node);
  switch (diagnostic.code) {
    case 'large-kernel':
      if (conv) candidates.push(stackCandidate(text, network, conv), asymmetricCandidate(text, network, conv), separableCandidate(text, network, conv));
      break;
    case 'heavy-layer':
      if (conv && diagnostic.target?.path === node.name) candidates.push(separableCandidate(text, network, conv));
      if (diagnostic.target?.path === node.name) candidates.push(removeLayerCandidate(text, network, index));
      break;
    case 'fc-dominant':
      candidates.push(globalPoolCandidate(text, network));
      break;
    default:
      break;
  }
  return { network, candidates: candidates.filter((c): c is Candidate => c !== undefined) };
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
    if (!current || fix.weightsAfter < current.weightsAfter || (fix.weightsAfter === current.weightsAfter && fix.connectionsAfter < current.connectionsAfter)) best = i;
  });
  return measured.map((fix, i) => ({ ...fix, preferred: i === best }));
}

/** Whether a diagnostic code can have fixes at all: lets an editor skip the work. */
export function mayHaveFixes(diagnostic: Diagnostic): boolean {
  return diagnostic.target !== undefined && ['large-kernel', 'heavy-layer', 'fc-dominant'].includes(diagnostic.code);
}
