/**
 * The report as plain data for the page's script: what the server posts to the webview and
 * what the CLI's page carries inside it. JSON through and through (counts as decimal
 * strings), laid out already; names are data, which the page writes as text.
 */
import type { Counts } from '../core';
import { layoutGraph, MAX_DRAWN_NODES, type GraphLayout } from './layout';
import type { NetworkReport, ReportBar, ReportNodeKind } from './model';

export interface ReportData {
  /** The file's name. */
  readonly title: string;
  /** The file's error diagnostics: while there are any, the page keeps its last picture without. */
  readonly errors: number;
  readonly networks: readonly NetworkData[];
}

export type CountsData = { readonly [K in keyof Counts]: string };

export interface NetworkData {
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly complete: boolean;
  readonly layerCount: number;
  readonly totals: CountsData;
  /** The graph laid out, or undefined when it has more nodes than can be read (`nodeCount`). */
  readonly graph: GraphData | undefined;
  readonly nodeCount: number;
  readonly maxDrawnNodes: number;
  readonly weightBars: readonly BarData[];
  readonly connectionBars: readonly BarData[];
  /** Every layer in the order of the text: see `RowData`. */
  readonly rows: readonly RowData[];
}

/** A table row, as a tuple to keep a 100,000-layer page small: id, depth, name, op, shape, units, weights, connections, line. */
export type RowData = readonly [
  id: string,
  depth: number,
  name: string,
  op: string,
  shape: string,
  units: string,
  weights: string,
  connections: string,
  line: number,
];

export interface BoxData {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface NodeData extends BoxData {
  readonly id: string;
  readonly name: string;
  readonly kind: ReportNodeKind;
  readonly op: string;
  readonly shape: string;
  readonly weights: string;
  readonly connections: string;
  readonly weightShare: number;
  readonly connectionShare: number;
  readonly line: number;
  /** A block or repeat drawn as one node, which opens on a click. */
  readonly collapsible: boolean;
}

/** An open block or repeat: a frame around what it holds, which closes on a click. */
export interface ClusterData extends BoxData {
  readonly id: string;
  readonly label: string;
  readonly line: number;
}

export interface GraphData {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly NodeData[];
  readonly clusters: readonly ClusterData[];
  /** Each edge's polyline, as x, y, x, y, … */
  readonly edges: readonly (readonly number[])[];
}

export interface BarData {
  /** The layer's id; empty for `others`. */
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly share: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

const countsData = (c: Counts): CountsData => ({
  units: String(c.units),
  weights: String(c.weights),
  biases: String(c.biases),
  params: String(c.params),
  connections: String(c.connections),
  activations: String(c.activations),
});

const barData = (bar: ReportBar): BarData => ({ id: bar.id, label: bar.label, value: String(bar.value), share: bar.share });

function graphData(report: NetworkReport, layouts?: Map<string, GraphLayout>): GraphData {
  const laid = layoutGraph(report, layouts?.get(report.name));
  layouts?.set(report.name, laid);
  const lines = new Map(report.rows.map((row) => [row.id, row.line]));
  return {
    width: laid.width,
    height: laid.height,
    nodes: laid.nodes.map(({ node, x, y, width, height }) => ({
      id: node.id,
      name: node.name,
      kind: node.kind,
      op: node.op,
      shape: node.shape,
      weights: String(node.counts.weights),
      connections: String(node.counts.connections),
      weightShare: node.weightShare,
      connectionShare: node.connectionShare,
      line: node.line,
      collapsible: node.collapsible,
      x: round(x),
      y: round(y),
      width: round(width),
      height: round(height),
    })),
    clusters: laid.clusters.map(({ cluster, x, y, width, height }) => ({
      id: cluster.id,
      label: cluster.label,
      line: lines.get(cluster.id) ?? 0,
      x: round(x),
      y: round(y),
      width: round(width),
      height: round(height),
    })),
    edges: laid.edges.map((edge) => edge.points.flatMap((p) => [round(p.x), round(p.y)])),
  };
}

function networkData(report: NetworkReport, layouts?: Map<string, GraphLayout>): NetworkData {
  const drawable = report.nodes.length <= MAX_DRAWN_NODES;
  return {
    name: report.name,
    input: report.input,
    output: report.output,
    complete: report.complete,
    layerCount: report.layerCount,
    totals: countsData(report.totals),
    graph: drawable ? graphData(report, layouts) : undefined,
    nodeCount: report.nodes.length,
    maxDrawnNodes: MAX_DRAWN_NODES,
    weightBars: report.weightBars.map(barData),
    connectionBars: report.connectionBars.map(barData),
    rows: report.rows.map((row) => [
      row.id,
      row.depth,
      row.name,
      row.op,
      row.shape,
      String(row.counts.units),
      String(row.counts.weights),
      String(row.counts.connections),
      row.line,
    ]),
  };
}

/**
 * `layouts`: each network's layout from the last report of the same document, by name,
 * which this replaces with its own; an edit that keeps the graph's structure skips dagre.
 */
export function reportData(reports: readonly NetworkReport[], title: string, errors: number, layouts?: Map<string, GraphLayout>): ReportData {
  return { title, errors, networks: reports.map((report) => networkData(report, layouts)) };
}
