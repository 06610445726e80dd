/**
 * The rewrites a quick fix may offer, each a maker that a rule lists among its fixes
 * (`core/rules/`): a conv factorised or made depthwise-separable, a dense layer removed,
 * a dense head replaced by global average pooling. A maker writes the text; `fixes.ts`
 * measures it and decides whether it is a fix.
 */
import type { BlockDeclaration, Call, LayerStatement } from './ast';
import { indentationAt, lineBreakAt, replaceLines, type TextEdit } from './edits';
import type { LayerNode, NetworkAnalysis } from './expand';
import { formatCount, someNames } from './format';
import { boolArg, countArg, denseFeatures, findOp, nameArg, padArg, pairArg, type Pair, type ResolvedArgs } from './ops';
import { span } from './text';

export type FixKind =
  | 'stack-3x3'
  | 'asymmetric'
  | 'depthwise-separable'
  | 'global-average-pool'
  | 'remove-layer'
  | 'low-rank'
  | 'factorised-embedding'
  | 'tie-head'
  | 'grouped-query';

/** Statements a conv is rewritten into: a name (undefined: automatic) and a call; the first reads what the conv read. */
export interface Replacement {
  readonly name: string | undefined;
  readonly call: string;
}

export interface Candidate {
  readonly kind: FixKind;
  /** The title before the measured figures. */
  readonly action: string;
  readonly edits: readonly TextEdit[];
  /** A layer whose output shape the rewrite must keep: the rewritten conv keeps its name. */
  readonly keeps?: string;
  /** For a conv rewritten into the statements of `into`: what lets it be measured on those alone. */
  readonly replaces?: { readonly conv: LayerNode; readonly into: readonly Replacement[] };
  /** The block whose statement the rewrite changes: every use of the block changes with it. */
  readonly block?: BlockDeclaration;
}

/**
 * The most 3×3 convs a kernel is factorised into: 11×11 into five. Beyond, the stack is
 * not offered; checked before a line is written, since 2³¹−1 would take a billion lines.
 */
const MAX_STACK = 5;

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

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

export function statementText(name: string | undefined, call: string, from: string | undefined): string {
  return `${name ? `${name} = ` : ''}${call}${from ? ` from ${from}` : ''}`;
}

/** A name not yet used in the body that holds the layer (fixes are for texts without errors: every layer's name is a tensor's). */
function freshName(isTaken: (name: string) => boolean, wanted: string, taken: Set<string> = new Set()): string {
  const used = (name: string) => isTaken(name) || taken.has(name);
  if (!used(wanted)) return wanted;
  for (let n = 2; ; n++) if (!used(`${wanted}_${n}`)) return `${wanted}_${n}`;
}

/** Replaces a layer's statement by several, one a line, at its indentation; the first reads what the layer read. */
function replaceConv(
  { text, block }: FixTarget,
  conv: Pick<ConvTarget, 'node' | 'statement' | 'name'>,
  into: Replacement[],
): Pick<Candidate, 'edits' | 'replaces' | 'keeps' | 'block'> {
  const statement = conv.statement;
  // A marked output stays marked: on the statement that keeps its name.
  const marker = (name: string | undefined) => (statement.output && name === conv.name ? 'output ' : '');
  const lines = into.map(({ name, call }, i) => marker(name) + statementText(name, call, i === 0 ? statement.from?.text : undefined));
  const indent = indentationAt(text, statement.start);
  return {
    keeps: conv.name,
    edits: [{ span: span(statement.start, statement.end), newText: lines.join(lineBreakAt(text, statement.end) + indent) }],
    replaces: { conv: conv.node, into },
    ...(block ? { block } : {}),
  };
}

interface ConvTarget {
  readonly node: LayerNode;
  readonly statement: LayerStatement;
  readonly args: ResolvedArgs;
  readonly inChannels: number;
  readonly name: string;
  /** Over a C×L signal: every size is one integer, and a kernel k is written k. */
  readonly signal: boolean;
}

function convTarget(node: LayerNode): ConvTarget | undefined {
  if (node.kind !== 'op' || node.op !== 'conv' || !node.args || node.statement.repeat) return undefined;
  const input = node.inputs[0];
  if (!input || (input.length !== 3 && input.length !== 2)) return undefined;
  return { node, statement: node.statement, args: node.args, inChannels: input[0]!, name: node.name, signal: input.length === 2 };
}

function stackCandidate(target: FixTarget, conv: ConvTarget): Candidate | undefined {
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
    const name = last ? written : freshName(target.isTaken, `${conv.name}_${i}`, taken);
    if (name) taken.add(name);
    const call = writeCall(
      'conv',
      [String(last ? filters : inner), conv.signal ? '3' : '3x3'],
      [['stride', i === 1 ? unlessOne(stride) : undefined], ['pad', '1'], ['groups', groups > 1 ? String(groups) : undefined], ...carried(conv.args)],
    );
    into.push({ name, call });
  }
  const words = NUMBER_WORDS[count] ?? String(count);
  return {
    kind: 'stack-3x3',
    action: conv.signal ? `Factorise ${conv.name}'s kernel of ${kh} into ${words} of 3` : `Factorise ${conv.name} ${kh}×${kw} into ${words} 3×3`,
    ...replaceConv(target, conv, into),
  };
}

function asymmetricCandidate(target: FixTarget, conv: ConvTarget): Candidate | undefined {
  const [kh, kw] = pairArg(conv.args, 'kernel');
  // A signal has one dimension to factorise along.
  if (conv.signal || kh !== kw || kh <= 3) return undefined;
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
  const firstName = freshName(target.isTaken, `${conv.name}_1x${k}`);
  const first = writeCall(
    'conv',
    [String(inner), `1x${k}`],
    [
      ['stride', unlessOne([1, stride[1]])],
      ['pad', pad[1] ? `0x${pad[1]}` : undefined],
      ['dilation', unlessOne([1, dilation[1]])],
      groupsArg,
      ...carried(conv.args),
    ],
  );
  const second = writeCall(
    'conv',
    [String(filters), `${k}x1`],
    [
      ['stride', unlessOne([stride[0], 1])],
      ['pad', pad[0] ? `${pad[0]}x0` : undefined],
      ['dilation', unlessOne([dilation[0], 1])],
      groupsArg,
      ...carried(conv.args),
    ],
  );
  return {
    kind: 'asymmetric',
    action: `Factorise ${conv.name} ${k}×${k} into 1×${k} and ${k}×1`,
    ...replaceConv(target, conv, [
      { name: firstName, call: first },
      { name: conv.statement.name?.text, call: second },
    ]),
  };
}

function separableCandidate(target: FixTarget, conv: ConvTarget): Candidate | undefined {
  const kernel = pairArg(conv.args, 'kernel');
  if (kernel[0] === 1 && kernel[1] === 1) return undefined;
  const pad = padArg(conv.args, 'pad');
  const depthwise = writeCall(
    'dwconv',
    [conv.signal ? String(kernel[0]) : `${kernel[0]}x${kernel[1]}`],
    [
      ['stride', unlessOne(pairArg(conv.args, 'stride'))],
      ['pad', typeof pad === 'string' ? pad : pad[0] === 0 && pad[1] === 0 ? undefined : pairText(pad)],
      ['dilation', unlessOne(pairArg(conv.args, 'dilation'))],
      ...carried(conv.args),
    ],
  );
  const pointwise = writeCall('conv', [String(countArg(conv.args, 'filters')), conv.signal ? '1' : '1x1'], carried(conv.args));
  const sizes = conv.signal ? `kernel ${kernel[0]} depthwise, then kernel 1` : `${kernel[0]}×${kernel[1]} depthwise, then 1×1`;
  return {
    kind: 'depthwise-separable',
    action: `Make ${conv.name} depthwise-separable (${sizes})`,
    ...replaceConv(target, conv, [
      { name: freshName(target.isTaken, `${conv.name}_dw`), call: depthwise },
      { name: conv.statement.name?.text, call: pointwise },
    ]),
  };
}

/** A pointwise layer (an activation, dropout, batchnorm) serves the layer before it. */
const serves = (layer: LayerNode): boolean => findOp(layer.op)?.pointwise === true;
/** What a dense head may hold: dense layers, flattens, and the layers that serve them. */
const inHead = (layer: LayerNode): boolean => layer.op === 'dense' || serves(layer) || findOp(layer.op)?.role === 'shape';

/**
 * Whether the layers before the head (from `index` back) end in a pool to a single place:
 * a window op whose output has no size left but channels (C×1×1, C×1, or a vector), then
 * only layers that serve it or reshape it (flatten, dropout) and keep it so.
 */
function poolsGlobally(layers: readonly LayerNode[], index: number): boolean {
  const placeless = (layer: LayerNode): boolean => layer.kind === 'op' && layer.shape !== undefined && layer.shape.slice(1).every((size) => size === 1);
  let before = index - 1;
  while (before >= 0 && placeless(layers[before]!) && (serves(layers[before]!) || findOp(layers[before]!.op)?.role === 'shape')) before--;
  const pool = layers[before];
  return pool !== undefined && placeless(pool) && findOp(pool.op)?.role === 'window';
}

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
  if (poolsGlobally(layers, first)) {
    // A second pool would change nothing: the fix is the removal, and says so.
    return {
      kind: 'global-average-pool',
      action: `Remove the hidden dense ${removed.length === 1 ? 'layer' : 'layers'} (${someNames(removed)})`,
      edits: replaceLines(
        text,
        layers.slice(dense[0]!, classifier).map((layer) => layer.statement),
      ),
    };
  }
  const name = freshName((name) => network.tensors.has(name), 'gap');
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
    edits: replaceLines(
      text,
      layers.slice(index, end + 1).map((layer) => layer.statement),
    ),
  };
}

/**
 * Where a rewrite applies: the layer it is about, with the body that holds it. A layer a
 * block's statement made (in any of its uses) is rewritten in the block: every use changes.
 */
export interface FixTarget {
  readonly text: string;
  readonly network: NetworkAnalysis;
  /** The layer: a statement's of the network body, or a leaf inside a block's use. */
  readonly node: LayerNode;
  /** The layers of the body that holds it (the network's, or the block use's), and its index among them. */
  readonly layers: readonly LayerNode[];
  readonly index: number;
  /** The block whose statement made the layer; undefined for a statement of the network body. */
  readonly block: BlockDeclaration | undefined;
  /** Whether a name is already a tensor (or a parameter) of that body. */
  readonly isTaken: (name: string) => boolean;
}

/** Writes one rewrite for a layer, or undefined where it does not apply. */
export type FixMaker = (target: FixTarget) => Candidate | undefined;

/** A square odd kernel as a stack of 3×3 convs (VGG); a signal's odd kernel as a stack of kernel-3 convs. */
export const stackOf3x3: FixMaker = (target) => {
  const conv = convTarget(target.node);
  return conv && stackCandidate(target, conv);
};

/** A k×k conv as a 1×k conv then a k×1 (Inception-v3); maps only. */
export const asymmetric: FixMaker = (target) => {
  const conv = convTarget(target.node);
  return conv && asymmetricCandidate(target, conv);
};

/** A conv as a depthwise conv then a 1×1 (MobileNet). */
export const depthwiseSeparable: FixMaker = (target) => {
  const conv = convTarget(target.node);
  return conv && separableCandidate(target, conv);
};

/** The dense layers before the classifier replaced by one global average pool: the network's head, never a block's. */
export const globalAveragePool: FixMaker = ({ text, network }) => globalPoolCandidate(text, network);

/** A dense layer of the network body that is not the classifier removed, with the layers that serve it. */
export const removeLayer: FixMaker = ({ text, network, index, block, node }) =>
  block || network.layers[index] !== node ? undefined : removeLayerCandidate(text, network, index);

/** A layer of the network body written once (not repeated), worked out, with its op and arguments. */
function plainOp(node: LayerNode, op: string): (LayerNode & { readonly args: ResolvedArgs }) | undefined {
  if (node.kind !== 'op' || node.op !== op || !node.args || !node.shape || !node.inputs[0] || node.statement.repeat) return undefined;
  return node as LayerNode & { readonly args: ResolvedArgs };
}

/** The call's text with `from` left out: what the last statement of a replacement keeps as written. */
const callText = (text: string, call: Call): string => text.slice(call.start, call.end);

/**
 * An edit that gives one argument of a call a new value: the written one replaced (by name,
 * or at its position), else `, name=value` added before the `)`.
 */
function setArgument(call: Call, params: readonly { readonly name: string }[], name: string, value: string): TextEdit {
  const position = params.findIndex((param) => param.name === name);
  const given = call.args.find((arg, index) => (arg.name ? arg.name.text === name : index === position));
  if (given?.value) return { span: span(given.value.start, given.value.end), newText: value };
  return { span: span(call.argsEnd - 1, call.argsEnd - 1), newText: `, ${name}=${value}` };
}

/** The largest power of two r with r·(N + U) ≤ N·U/4: a rank that keeps at most a quarter of the weights. */
function lowRank(inputs: bigint, units: bigint): bigint {
  let rank = 1n;
  while (rank * 2n * (inputs + units) * 4n <= inputs * units) rank *= 2n;
  return rank;
}

/** The least rank worth a factorisation: below it, the bottleneck loses too much (spec: at least 8). */
const MIN_RANK = 8n;

/** A dense N → U as N → r → U, the first without bias (a low-rank weight matrix, as in SVD compression). */
export const lowRankDense: FixMaker = (target) => {
  const { text, node } = target;
  const dense = plainOp(node, 'dense');
  if (!dense || nameArg(dense.args, 'tied') !== 'none') return undefined;
  const inputs = denseFeatures(dense.inputs[0]!);
  const units = BigInt(countArg(dense.args, 'units'));
  const rank = lowRank(inputs, units);
  if (rank < MIN_RANK) return undefined;
  const into: Replacement[] = [
    { name: freshName(target.isTaken, `${dense.name}_low`), call: `dense(${rank}, bias=false)` },
    { name: dense.statement.name?.text, call: callText(text, dense.statement.call) },
  ];
  return {
    kind: 'low-rank',
    action: `Factorise ${dense.name} through rank ${rank} (${formatCount(inputs)} → ${rank} → ${formatCount(units)})`,
    ...replaceConv(target, { node: dense, statement: dense.statement, name: dense.name }, into),
  };
};

/** The size ALBERT factorises its token table through. */
const FACTORISED_DIM = 128;

/** An embedding(V, D) as embedding(V, 128) then dense(D, bias=false) (ALBERT), for D > 128. */
export const factorisedEmbedding: FixMaker = ({ text, node, block, isTaken }) => {
  const table = plainOp(node, 'embedding');
  if (!table) return undefined;
  const dim = countArg(table.args, 'dim');
  if (dim <= FACTORISED_DIM) return undefined;
  const vocab = countArg(table.args, 'vocab');
  const statement = table.statement;
  const first = statementText(freshName(isTaken, `${table.name}_low`), `embedding(${vocab}, ${FACTORISED_DIM})`, statement.from?.text);
  const second = statementText(statement.name?.text, `dense(${dim}, bias=false)`, undefined);
  // Measured on the whole text: a head tied to this embedding would now name a dense layer, and must veto.
  return {
    kind: 'factorised-embedding',
    action: `Factorise ${table.name} through ${FACTORISED_DIM} (embedding(${vocab}, ${FACTORISED_DIM}) then dense(${dim}))`,
    keeps: table.name,
    edits: [{ span: span(statement.start, statement.end), newText: first + lineBreakAt(text, statement.end) + indentationAt(text, statement.start) + second }],
    ...(block ? { block } : {}),
  };
};

/** A dense(V) head whose input features equal the dim of an earlier embedding(V, …): its weights are that table's. */
export const tieHead: FixMaker = ({ layers, node, index, block }) => {
  const head = plainOp(node, 'dense');
  if (!head || nameArg(head.args, 'tied') !== 'none') return undefined;
  const units = countArg(head.args, 'units');
  const features = denseFeatures(head.inputs[0]!);
  const table = layers
    .slice(0, index)
    .findLast((layer) => plainOp(layer, 'embedding') && countArg(layer.args!, 'vocab') === units && BigInt(countArg(layer.args!, 'dim')) === features);
  if (!table) return undefined;
  const op = findOp('dense')!;
  return {
    kind: 'tie-head',
    action: `Tie to ${table.name}`,
    edits: [setArgument(head.statement.call, op.params, 'tied', table.name)],
    ...(block ? { block } : {}),
  };
};

/** How many query heads share one key and value head in the rewrite (Llama 2 70B: 64 heads, 8 kv heads; 4 is modest). */
const QUERY_GROUP = 4;

/** An attention with as many key and value heads as query heads, given heads/4 (the largest divisor of heads not above it). */
export const groupedQuery: FixMaker = ({ node, block }) => {
  const attention = plainOp(node, 'attention');
  if (!attention) return undefined;
  const heads = countArg(attention.args, 'heads');
  if (countArg(attention.args, 'kv_heads') !== heads || heads < QUERY_GROUP) return undefined;
  let kvHeads = Math.floor(heads / QUERY_GROUP);
  while (heads % kvHeads !== 0) kvHeads--;
  const op = findOp('attention')!;
  return {
    kind: 'grouped-query',
    action: `Share each key and value head of ${attention.name} among ${heads / kvHeads} query heads (kv_heads=${kvHeads})`,
    edits: [setArgument(attention.statement.call, op.params, 'kv_heads', String(kvHeads))],
    ...(block ? { block } : {}),
  };
};

/**
 * The v2 rewrites an editor also offers as refactorings at the cursor, on any layer where
 * they apply: the spec offers them on `heavy-layer`, whose share leaves out BERT's token
 * table (21.4% of its weights) and every attention of a deep transformer.
 */
export const REFACTORINGS: readonly FixMaker[] = [lowRankDense, factorisedEmbedding, tieHead, groupedQuery];
