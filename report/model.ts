/**
 * The report of one network as data: the graph (layers as nodes, reads as edges, blocks and
 * repeats either one node or a cluster of what they hold), the heaviest layers, the table
 * and the totals. Read from the core's analysis alone (shapes, counts, `from` and merge
 * arguments), so a new op needs nothing here. Names are data: the renderers escape them.
 *
 * The graph never shows more than `MAX_GRAPH_NODES` nodes: blocks and repeats stay closed
 * unless they fit, and a body of more layers than fit is cut into groups of consecutive
 * layers (`layers 101–200`), each one node that opens like a block.
 */
import { CountsSum, ZERO_COUNTS } from '../core/counts';
import { explicitReads } from '../core/names';
import { unknownLayerCount } from '../core/table';
import { BLOCK_INPUT, formatShape, type Analysis, type Counts, type LayerNode, type NetworkAnalysis, type Shape } from '../core';

/** `group`: consecutive layers of one body shown as one node (`layers 101–200`). */
export type ReportNodeKind = 'input' | 'op' | 'block' | 'repeat' | 'group';

export interface ReportNode {
  /**
   * The layer's path: `inception3a.branch2_1`, unique in the network. A group's is its
   * body's path and its positions there: `#101-200`, `stage.#1-50` (no name holds `#`).
   */
  readonly id: string;
  /** The layer's name, or a group's `layers 101–200`. */
  readonly name: string;
  readonly kind: ReportNodeKind;
  /** The op, or the block's name (`Inception ×3` for a repeat), or a group's first and last layers (`c12a … m24`). */
  readonly op: string;
  /** `256×28×28`, or `?` when an error left it unknown. A group's is its last layer's. */
  readonly shape: string;
  /** A group's are the sums of its layers'. */
  readonly counts: Counts;
  /** Share of the network's weights and connections, from 0 to 1. */
  readonly weightShare: number;
  readonly connectionShare: number;
  /** The 1-based line of the statement that made it (a group's first layer's). */
  readonly line: number;
  /** The expanded block, repeat or group that holds it, drawn around it. */
  readonly parent: string | undefined;
  /** A block, repeat or group shown as one node, which holds more. */
  readonly collapsible: boolean;
  /** For a collapsible node: the ids of the nodes that opening it shows, in order. */
  readonly children?: readonly string[];
}

/** An expanded block, repeat or group: drawn as a frame around what it holds. */
export interface ReportCluster {
  readonly id: string;
  readonly label: string;
  readonly parent: string | undefined;
}

export interface ReportEdge {
  readonly from: string;
  readonly to: string;
}

export interface ReportBar {
  readonly id: string;
  readonly label: string;
  readonly value: bigint;
  readonly share: number;
}

export interface ReportRow {
  readonly id: string;
  readonly depth: number;
  readonly name: string;
  readonly op: string;
  readonly shape: string;
  readonly counts: Counts;
  readonly line: number;
}

export interface NetworkReport {
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly totals: Counts;
  readonly layerCount: number;
  /** At most `MAX_GRAPH_NODES`, however large the network. */
  readonly nodes: readonly ReportNode[];
  readonly clusters: readonly ReportCluster[];
  readonly edges: readonly ReportEdge[];
  /** Paths `expanded` asked to open that stay closed: opening them would show more than `MAX_GRAPH_NODES` nodes. */
  readonly keptClosed: readonly string[];
  /** The heaviest layers first, the rest folded into one `others` bar. */
  readonly weightBars: readonly ReportBar[];
  readonly connectionBars: readonly ReportBar[];
  /** Every layer, blocks and what they hold, in the order of the text. */
  readonly rows: readonly ReportRow[];
  /** False when the analysis left layers unknown or stopped at the layer limit. */
  readonly complete: boolean;
}

export interface ReportOptions {
  /**
   * Which blocks, repeats and groups are drawn open, by path (a node's `id`), outermost
   * first while the graph stays within `MAX_GRAPH_NODES`. Undefined: as many whole levels
   * open as fit in `maxNodes`, outermost first.
   */
  readonly expanded?: ReadonlySet<string>;
  /** The most nodes the automatic expansion opens to (at most `MAX_GRAPH_NODES`). */
  readonly maxNodes?: number;
  /** The bars shown before `others`. */
  readonly bars?: number;
}

/**
 * The most nodes a graph shows: past about 300 a graph can no longer be read (nor laid out
 * in a fraction of a second). Blocks, repeats and groups open only while the graph stays
 * within it; a body that holds more is cut into at most `MAX_GROUPS` groups.
 */
export const MAX_GRAPH_NODES = 300;
/** The most groups a body is cut into, which leaves room to open one or two of them. */
const MAX_GROUPS = 100;
const DEFAULT_MAX_NODES = 150;
const DEFAULT_BARS = 12;

function share(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number((part * 1_000_000n) / whole) / 1_000_000;
}

const opLabel = (node: LayerNode): string => (node.kind === 'repeat' ? `${node.op} ×${node.children?.length ?? 0}` : node.op);
const pathOf = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name);
const holdsMore = (node: LayerNode): boolean => node.children !== undefined && node.children.length > 0;

/**
 * What one node of the graph stands for: a layer of a body, or a run of a body's layers
 * (`start` to `end`, exclusive), whose `prefix` is the path of the body's owner.
 */
type Shown =
  | { readonly id: string; readonly layer: LayerNode; readonly start?: undefined }
  | { readonly id: string; readonly layers: readonly LayerNode[]; readonly prefix: string; readonly start: number; readonly end: number };

type Group = Extract<Shown, { start: number }>;

/** The size of a body's groups: the least of 2, 5, 10, 20, 50, … that cuts `count` layers into at most `MAX_GROUPS`. */
function groupSize(count: number): number {
  const least = Math.max(2, Math.ceil(count / MAX_GROUPS));
  for (let power = 1; ; power *= 10) {
    for (const step of [1, 2, 5]) if (step * power >= least) return step * power;
  }
}

/** The count of nodes `shownOf` gives for `count` layers within `limit`, without making them. */
const shownCount = (count: number, limit: number): number => (count <= limit ? count : Math.ceil(count / groupSize(count)));

/** The layers `start` to `end` of a body as the graph shows them: each one, or, past `limit`, runs of them. */
function shownOf(layers: readonly LayerNode[], prefix: string, start: number, end: number, limit: number): Shown[] {
  const shown: Shown[] = [];
  if (end - start <= limit) {
    for (let i = start; i < end; i++) shown.push({ id: pathOf(prefix, layers[i]!.name), layer: layers[i]! });
    return shown;
  }
  const size = groupSize(end - start);
  for (let from = start; from < end; from += size) {
    const to = Math.min(end, from + size);
    shown.push({ id: pathOf(prefix, `#${from + 1}-${to}`), layers, prefix, start: from, end: to });
  }
  return shown;
}

/** What opening a node shows: a block's layers or a repeat's copies (or groups of them), a group's layers or smaller groups. */
function childrenOf(item: Shown): Shown[] {
  if (item.start === undefined) return shownOf(item.layer.children ?? [], item.id, 0, item.layer.children?.length ?? 0, MAX_GRAPH_NODES);
  return shownOf(item.layers, item.prefix, item.start, item.end, MAX_GRAPH_NODES);
}

function childCount(item: Shown): number {
  if (item.start === undefined) return shownCount(item.layer.children?.length ?? 0, MAX_GRAPH_NODES);
  return shownCount(item.end - item.start, MAX_GRAPH_NODES);
}

const opens = (item: Shown): boolean => item.start !== undefined || holdsMore(item.layer);

/**
 * The paths to open, outermost first, starting from `shown` nodes. Given `asked`, each
 * asked path opens while the graph stays within `MAX_GRAPH_NODES`, and the rest are kept
 * closed. Otherwise a whole level opens at a time while the graph stays within `maxNodes`
 * (opening a node of n children adds n − 1 nodes, and a frame), so that like blocks look
 * alike.
 */
function pathsToOpen(
  top: readonly Shown[],
  shown: number,
  asked: ReadonlySet<string> | undefined,
  maxNodes: number,
): { open: Set<string>; keptClosed: string[] } {
  const open = new Set<string>();
  const keptClosed: string[] = [];
  let count = shown;
  let level = top;
  while (level.length > 0) {
    const holders = level.filter((item) => opens(item) && (asked === undefined || asked.has(item.id)));
    const opened: Shown[] = [];
    if (asked) {
      for (const item of holders) {
        const added = childCount(item) - 1;
        if (count + added > MAX_GRAPH_NODES) keptClosed.push(item.id);
        else {
          count += added;
          opened.push(item);
        }
      }
    } else {
      const added = holders.reduce((sum, item) => sum + childCount(item) - 1, 0);
      if (holders.length === 0 || count + added > Math.min(maxNodes, MAX_GRAPH_NODES)) break;
      count += added;
      opened.push(...holders);
    }
    for (const item of opened) open.add(item.id);
    level = opened.flatMap(childrenOf);
  }
  return { open, keptClosed };
}

/** Where a body's layer reads from: the layers its `from` or a merge's arguments name, or else the one before it. */
type ReadsOf = (layer: LayerNode, tensors: ReadonlyMap<string, readonly string[]>, previous: readonly string[]) => readonly string[];

/** A repeat's copies each read the one before. */
const readsPrevious: ReadsOf = (_layer, _tensors, previous) => previous;

function sumOf(layers: readonly LayerNode[], start: number, end: number): Counts {
  const sum = new CountsSum();
  for (let i = start; i < end; i++) sum.add(layers[i]!.counts);
  return sum.total;
}

export function buildNetworkReport(analysis: Analysis, network: NetworkAnalysis, options: ReportOptions = {}): NetworkReport {
  const totals = network.totals;
  const lineOf = (offset: number) => analysis.lines.positionAt(offset).line + 1;
  // Shapes are shared by the layers that have them: each is written once.
  const shapeTexts = new Map<Shape, string>();
  const shapeText = (shape: Shape | undefined): string => {
    if (!shape) return '?';
    let text = shapeTexts.get(shape);
    if (text === undefined) shapeTexts.set(shape, (text = formatShape(shape)));
    return text;
  };
  const nodes: ReportNode[] = [];
  const clusters: ReportCluster[] = [];
  const edges: ReportEdge[] = [];

  const readsInScope: ReadsOf = (layer, tensors, previous) => {
    const reads = explicitReads(layer.statement, analysis.symbols.blocks);
    if (reads.length === 0) return previous;
    const sources: string[] = [];
    for (const read of reads) for (const source of tensors.get(read.text) ?? []) if (!sources.includes(source)) sources.push(source);
    return sources;
  };

  const connect = (sources: readonly string[], to: string) => {
    for (const from of sources) edges.push({ from, to });
  };

  const top = shownOf(network.layers, '', 0, network.layers.length, Math.max(MAX_GROUPS, MAX_GRAPH_NODES - network.inputs.length));
  const { open, keptClosed } = pathsToOpen(top, network.inputs.length + top.length, options.expanded, options.maxNodes ?? DEFAULT_MAX_NODES);
  const childIds = (item: Shown) => childrenOf(item).map((child) => child.id);

  /** Draws one layer reading `sources`; returns the node whose output is the layer's. */
  const emitLayer = (item: Extract<Shown, { layer: LayerNode }>, sources: readonly string[], parent: string | undefined): readonly string[] => {
    const { layer, id } = item;
    if (!open.has(id)) {
      const collapsible = holdsMore(layer);
      nodes.push({
        id,
        name: layer.name,
        kind: layer.kind,
        op: opLabel(layer),
        shape: shapeText(layer.shape),
        counts: layer.counts,
        weightShare: share(layer.counts.weights, totals.weights),
        connectionShare: share(layer.counts.connections, totals.connections),
        line: lineOf(layer.statement.start),
        parent,
        collapsible,
        ...(collapsible ? { children: childIds(item) } : {}),
      });
      connect(sources, id);
      return [id];
    }
    clusters.push({ id, label: `${layer.name}: ${opLabel(layer)}`, parent });
    if (layer.kind === 'repeat') return emitBody(childrenOf(item), new Map(), sources, id, readsPrevious);
    return emitBody(childrenOf(item), new Map([[BLOCK_INPUT, sources]]), sources, id, readsInScope);
  };

  /**
   * A closed group: one node, with the sums of its layers, read by whatever its layers read
   * from outside it; whatever reads one of its layers reads it.
   */
  const emitClosedGroup = (group: Group, tensors: Map<string, readonly string[]>, first: readonly string[], parent: string | undefined, readsOf: ReadsOf) => {
    const own = [group.id];
    const sources: string[] = [];
    let previous = first;
    for (let i = group.start; i < group.end; i++) {
      const layer = group.layers[i]!;
      for (const source of readsOf(layer, tensors, previous)) if (source !== group.id && !sources.includes(source)) sources.push(source);
      if (!tensors.has(layer.name)) tensors.set(layer.name, own);
      previous = own;
    }
    const firstLayer = group.layers[group.start]!;
    const lastLayer = group.layers[group.end - 1]!;
    const counts = sumOf(group.layers, group.start, group.end);
    nodes.push({
      id: group.id,
      name: groupName(group),
      kind: 'group',
      op: `${firstLayer.name} … ${lastLayer.name}`,
      shape: shapeText(lastLayer.shape),
      counts,
      weightShare: share(counts.weights, totals.weights),
      connectionShare: share(counts.connections, totals.connections),
      line: lineOf(firstLayer.statement.start),
      parent,
      collapsible: true,
      children: childIds(group),
    });
    connect(sources, group.id);
    return own;
  };

  /**
   * Draws a body's nodes in order: each layer reads what `readsOf` says (the layer before
   * it by default; the first reads `first`); an open group is a frame around its own.
   */
  const emitBody = (
    shown: readonly Shown[],
    tensors: Map<string, readonly string[]>,
    first: readonly string[],
    parent: string | undefined,
    readsOf: ReadsOf,
  ): readonly string[] => {
    let previous = first;
    for (const item of shown) {
      if (item.start !== undefined) {
        if (open.has(item.id)) {
          clusters.push({ id: item.id, label: groupName(item), parent });
          previous = emitBody(childrenOf(item), tensors, previous, item.id, readsOf);
        } else previous = emitClosedGroup(item, tensors, previous, parent, readsOf);
        continue;
      }
      const output = emitLayer(item, readsOf(item.layer, tensors, previous), parent);
      if (!tensors.has(item.layer.name)) tensors.set(item.layer.name, output);
      previous = output;
    }
    return previous;
  };

  const rows: ReportRow[] = [];
  const bars = options.bars ?? DEFAULT_BARS;
  const byWeights = new Heaviest(bars);
  const byConnections = new Heaviest(bars);
  const walkRows = (layers: readonly LayerNode[], depth: number, prefix: string) => {
    for (const layer of layers) {
      const id = pathOf(prefix, layer.name);
      rows.push({ id, depth, name: layer.name, op: opLabel(layer), shape: shapeText(layer.shape), counts: layer.counts, line: lineOf(layer.statement.start) });
      if (layer.children?.length) walkRows(layer.children, depth + 1, id);
      else {
        byWeights.add(id, layer.counts.weights);
        byConnections.add(id, layer.counts.connections);
      }
    }
  };

  const tensors = new Map<string, readonly string[]>();
  for (const input of network.inputs) {
    const id = input.name;
    nodes.push({
      id,
      name: input.name,
      kind: 'input',
      op: 'input',
      shape: shapeText(input.shape),
      counts: ZERO_COUNTS,
      weightShare: 0,
      connectionShare: 0,
      line: lineOf(input.statement.start),
      parent: undefined,
      collapsible: false,
    });
    if (!tensors.has(input.name)) tensors.set(input.name, [id]);
  }
  const firstInput = network.inputs[0];
  emitBody(top, tensors, firstInput ? [firstInput.name] : [], undefined, readsInScope);
  walkRows(network.layers, 0, '');

  return {
    name: network.name,
    input: shapeText(network.input),
    output: shapeText(network.output),
    totals,
    layerCount: network.layerCount,
    nodes,
    clusters,
    edges,
    keptClosed,
    weightBars: byWeights.bars(totals.weights),
    connectionBars: byConnections.bars(totals.connections),
    rows,
    complete: unknownLayerCount(network) === 0,
  };
}

/** `layers 101–200`: the group's positions in its body, 1-based. */
const groupName = (group: Group): string => `layers ${group.start + 1}–${group.end}`;

/**
 * The `count` heaviest layers, kept in order as the layers go by (no list of every layer, no
 * sort of them), and the sum of all the others, for one bar.
 */
class Heaviest {
  private readonly top: { id: string; value: bigint }[] = [];
  private restCount = 0;
  private restValue = 0n;

  constructor(private readonly count: number) {}

  add(id: string, value: bigint): void {
    if (value <= 0n) return;
    const top = this.top;
    if (top.length === this.count && (this.count === 0 || value <= top[this.count - 1]!.value)) {
      this.restCount++;
      this.restValue += value;
      return;
    }
    // After the layers as heavy: among equals, the first in the text comes first.
    let at = top.length;
    while (at > 0 && top[at - 1]!.value < value) at--;
    top.splice(at, 0, { id, value });
    if (top.length > this.count) {
      this.restCount++;
      this.restValue += top.pop()!.value;
    }
  }

  /** The heaviest first, then one bar for all the others. */
  bars(total: bigint): ReportBar[] {
    const bars: ReportBar[] = this.top.map(({ id, value }) => ({ id, label: id, value, share: share(value, total) }));
    if (this.restCount > 0) bars.push({ id: '', label: `others (${this.restCount})`, value: this.restValue, share: share(this.restValue, total) });
    return bars;
  }
}

/** The report of each network of the file, or only of the one named. */
export function buildReports(analysis: Analysis, options: ReportOptions = {}): NetworkReport[] {
  return analysis.networks.map((network) => buildNetworkReport(analysis, network, options));
}
