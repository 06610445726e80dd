/**
 * The graph laid out top to bottom by dagre (a layered, Sugiyama-style layout): each node
 * and frame gets a box, each edge a polyline. Pure: the same report gives the same layout.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { NetworkReport, ReportCluster, ReportNode } from './model';

const NODE_WIDTH = 176;
const NODE_HEIGHT = 54;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly (Box & { readonly node: ReportNode })[];
  readonly clusters: readonly (Box & { readonly cluster: ReportCluster })[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly points: readonly { x: number; y: number }[] }[];
}

const MARGIN = 16;

/**
 * The most nodes drawn: past a few hundred a graph cannot be read, dagre takes seconds, and
 * its recursion overflows the stack on chains of about 2,000. A larger graph is left out of
 * the page (its bars and table stay), and `--format svg` refuses it.
 */
export const MAX_DRAWN_NODES = 400;

// Node and frame keys apart, so that no layer name can stand for a frame.
const nodeKey = (id: string) => `n:${id}`;
const clusterKey = (id: string) => `c:${id}`;

export function layoutGraph(report: NetworkReport): GraphLayout {
  const graph = new Graph({ compound: true, multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 20, ranksep: 36, edgesep: 10, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const cluster of report.clusters) {
    graph.setNode(clusterKey(cluster.id), { label: cluster.label, paddingTop: 24 });
    if (cluster.parent !== undefined) graph.setParent(clusterKey(cluster.id), clusterKey(cluster.parent));
  }
  for (const node of report.nodes) {
    graph.setNode(nodeKey(node.id), { width: NODE_WIDTH, height: NODE_HEIGHT });
    if (node.parent !== undefined) graph.setParent(nodeKey(node.id), clusterKey(node.parent));
  }
  report.edges.forEach((edge, index) => graph.setEdge(nodeKey(edge.from), nodeKey(edge.to), {}, String(index)));
  layout(graph);

  const box = (key: string): Box => {
    const laid = graph.node(key);
    const width = laid.width ?? 0;
    const height = laid.height ?? 0;
    return { x: (laid.x ?? 0) - width / 2, y: (laid.y ?? 0) - height / 2, width, height };
  };
  const size = graph.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: report.nodes.map((node) => ({ ...box(nodeKey(node.id)), node })),
    clusters: report.clusters.map((cluster) => ({ ...box(clusterKey(cluster.id)), cluster })),
    edges: report.edges.map((edge, index) => ({
      from: edge.from,
      to: edge.to,
      points: (graph.edge({ v: nodeKey(edge.from), w: nodeKey(edge.to), name: String(index) })?.points ?? []).map((p: { x: number; y: number }) => ({
        x: p.x,
        y: p.y,
      })),
    })),
  };
}
