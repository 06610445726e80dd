/**
 * The report of one network as data: the graph (layers as nodes, reads as edges, blocks and
 * repeats either one node or a cluster of what they hold), the heaviest layers, the table
 * and the totals. Read from the core's analysis alone (shapes, counts, `from` and merge
 * arguments), so a new op needs nothing here. Names are data: the renderers escape them.
 */
import { explicitReads } from '../core/names';
import { unknownLayerCount } from '../core/table';
import { BLOCK_INPUT, formatShape, type Analysis, type Counts, type LayerNode, type NetworkAnalysis } from '../core';

export type ReportNodeKind = 'input' | 'op' | 'block' | 'repeat';

export interface ReportNode {
  /** The layer's path: `inception3a.branch2_1`, unique in the network. */
  readonly id: string;
  readonly name: string;
  readonly kind: ReportNodeKind;
  /** The op, or the block's name (`Inception ×3` for a repeat). */
  readonly op: string;
  /** `256×28×28`, or `?` when an error left it unknown. */
  readonly shape: string;
  readonly counts: Counts;
  /** Share of the network's weights and connections, from 0 to 1. */
  readonly weightShare: number;
  readonly connectionShare: number;
  /** The 1-based line of the statement that made it. */
  readonly line: number;
  /** The expanded block or repeat that holds it, drawn around it. */
  readonly parent: string | undefined;
  /** A block or repeat shown as one node, which holds more. */
  readonly collapsible: boolean;
}

/** An expanded block or repeat: drawn as a frame around what it holds. */
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
  readonly nodes: readonly ReportNode[];
  readonly clusters: readonly ReportCluster[];
  readonly edges: readonly ReportEdge[];
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
   * Which blocks and repeats are drawn open, by path. Undefined: as many levels open as fit
   * in `maxNodes`, outermost first.
   */
  readonly expanded?: ReadonlySet<string>;
  /** The most nodes the automatic expansion opens to; beyond it, nodes cannot be read. */
  readonly maxNodes?: number;
  /** The bars shown before `others`. */
  readonly bars?: number;
}

const DEFAULT_MAX_NODES = 150;
const DEFAULT_BARS = 12;

function share(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number((part * 1_000_000n) / whole) / 1_000_000;
}

const opLabel = (node: LayerNode): string => (node.kind === 'repeat' ? `${node.op} ×${node.children?.length ?? 0}` : node.op);

/**
 * The paths to open, a whole level at a time from the outermost, while the graph stays
 * within `maxNodes`: opening a node of n children adds n − 1 nodes (and a frame). A level
 * opens whole or not at all, so that like blocks look alike.
 */
function automaticExpansion(layers: readonly LayerNode[], maxNodes: number): Set<string> {
  const open = new Set<string>();
  let count = layers.length;
  let level: { node: LayerNode; path: string }[] = layers.map((node) => ({ node, path: node.name }));
  for (;;) {
    const opening = level.filter(({ node }) => node.children !== undefined && node.children.length > 0);
    const added = opening.reduce((sum, { node }) => sum + node.children!.length - 1, 0);
    if (opening.length === 0 || count + added > maxNodes) return open;
    count += added;
    for (const { path } of opening) open.add(path);
    level = opening.flatMap(({ node, path }) => node.children!.map((child) => ({ node: child, path: `${path}.${child.name}` })));
  }
}

export function buildNetworkReport(analysis: Analysis, network: NetworkAnalysis, options: ReportOptions = {}): NetworkReport {
  const totals = network.totals;
  const lineOf = (offset: number) => analysis.lines.positionAt(offset).line + 1;
  const expanded = options.expanded ?? automaticExpansion(network.layers, options.maxNodes ?? DEFAULT_MAX_NODES);
  const nodes: ReportNode[] = [];
  const clusters: ReportCluster[] = [];
  const edges: ReportEdge[] = [];
  const rows: ReportRow[] = [];
  const leaves: { id: string; counts: Counts }[] = [];

  const connect = (sources: readonly string[], to: string) => {
    for (const from of sources) edges.push({ from, to });
  };

  /** Draws one layer reading `sources`; returns the node whose output is the layer's. */
  const emit = (node: LayerNode, id: string, sources: readonly string[], parent: string | undefined): readonly string[] => {
    const open = node.children !== undefined && node.children.length > 0 && expanded.has(id);
    if (!open) {
      nodes.push({
        id,
        name: node.name,
        kind: node.kind,
        op: opLabel(node),
        shape: node.shape ? formatShape(node.shape) : '?',
        counts: node.counts,
        weightShare: share(node.counts.weights, totals.weights),
        connectionShare: share(node.counts.connections, totals.connections),
        line: lineOf(node.statement.start),
        parent,
        collapsible: node.children !== undefined && node.children.length > 0,
      });
      connect(sources, id);
      return [id];
    }
    clusters.push({ id, label: `${node.name}: ${opLabel(node)}`, parent });
    if (node.kind === 'repeat') {
      let current = sources;
      for (const copy of node.children!) current = emit(copy, `${id}.${copy.name}`, current, id);
      return current;
    }
    return body(node.children!, id, new Map([[BLOCK_INPUT, sources]]), sources, id);
  };

  /**
   * Draws a body's layers in order: each reads what `from` or a merge's arguments name,
   * or else the layer before it (the first reads `first`).
   */
  const body = (
    layers: readonly LayerNode[],
    prefix: string,
    tensors: Map<string, readonly string[]>,
    first: readonly string[],
    parent: string | undefined,
  ): readonly string[] => {
    let previous = first;
    for (const layer of layers) {
      const reads = explicitReads(layer.statement, analysis.symbols.blocks);
      const sources = reads.length > 0 ? reads.flatMap((read) => tensors.get(read.text) ?? []) : previous;
      const id = prefix ? `${prefix}.${layer.name}` : layer.name;
      const output = emit(layer, id, sources, parent);
      if (!tensors.has(layer.name)) tensors.set(layer.name, output);
      previous = output;
    }
    return previous;
  };

  const walkRows = (layers: readonly LayerNode[], depth: number, prefix: string) => {
    for (const layer of layers) {
      const id = prefix ? `${prefix}.${layer.name}` : layer.name;
      const line = lineOf(layer.statement.start);
      rows.push({ id, depth, name: layer.name, op: opLabel(layer), shape: layer.shape ? formatShape(layer.shape) : '?', counts: layer.counts, line });
      if (layer.children?.length) walkRows(layer.children, depth + 1, id);
      else leaves.push({ id, counts: layer.counts });
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
      shape: input.shape ? formatShape(input.shape) : '?',
      counts: ZERO,
      weightShare: 0,
      connectionShare: 0,
      line: lineOf(input.statement.start),
      parent: undefined,
      collapsible: false,
    });
    if (!tensors.has(input.name)) tensors.set(input.name, [id]);
  }
  const firstInput = network.inputs[0];
  body(network.layers, '', tensors, firstInput ? [firstInput.name] : [], undefined);
  walkRows(network.layers, 0, '');

  const bars = options.bars ?? DEFAULT_BARS;
  return {
    name: network.name,
    input: network.input ? formatShape(network.input) : '?',
    output: network.output ? formatShape(network.output) : '?',
    totals,
    layerCount: network.layerCount,
    nodes,
    clusters,
    edges,
    weightBars: heaviest(leaves, (c) => c.weights, totals.weights, bars),
    connectionBars: heaviest(leaves, (c) => c.connections, totals.connections, bars),
    rows,
    complete: unknownLayerCount(network) === 0,
  };
}

const ZERO: Counts = { units: 0n, weights: 0n, biases: 0n, params: 0n, connections: 0n, activations: 0n };

/** The `count` heaviest layers by `measure`, then one bar for all the others. */
function heaviest(leaves: readonly { id: string; counts: Counts }[], measure: (counts: Counts) => bigint, total: bigint, count: number): ReportBar[] {
  const weighed = leaves.filter((leaf) => measure(leaf.counts) > 0n);
  weighed.sort((a, b) => {
    const difference = measure(b.counts) - measure(a.counts);
    return difference > 0n ? 1 : difference < 0n ? -1 : 0;
  });
  const bars: ReportBar[] = weighed.slice(0, count).map((leaf) => {
    const value = measure(leaf.counts);
    return { id: leaf.id, label: leaf.id, value, share: share(value, total) };
  });
  const rest = weighed.slice(count);
  if (rest.length > 0) {
    const value = rest.reduce((sum, leaf) => sum + measure(leaf.counts), 0n);
    bars.push({ id: '', label: `others (${rest.length})`, value, share: share(value, total) });
  }
  return bars;
}

/** The report of each network of the file, or only of the one named. */
export function buildReports(analysis: Analysis, options: ReportOptions = {}): NetworkReport[] {
  return analysis.networks.map((network) => buildNetworkReport(analysis, network, options));
}
