/**
 * The graph laid out top to bottom by dagre (a layered, Sugiyama-style layout): each node
 * and frame gets a box, each edge a polyline. Pure: the same report gives the same layout,
 * and a layout given back for the next report is reused when the graph's structure has not
 * changed (an edit of an argument leaves every node and edge where it was).
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
  /** What the layout depends on (nodes, frames, edges, in order): a layout is reused for a report of the same structure. */
  readonly structure: string;
}

const MARGIN = 16;

/**
 * The most nodes drawn: past a few hundred a graph cannot be read, dagre takes seconds, and
 * its recursion overflows the stack on chains of about 2,000. The model shows at most
 * `MAX_GRAPH_NODES` (300) and its inputs; a graph past this is left out of the page (its
 * bars and table stay), and `--format svg` refuses it.
 */
export const MAX_DRAWN_NODES = 400;

// Node and frame keys apart, so that no layer name can stand for a frame.
const nodeKey = (id: string) => `n:${id}`;
const clusterKey = (id: string) => `c:${id}`;

/** The nodes with their parents, the frames with theirs and the edges, in order: all that places them. */
function structureOf(report: NetworkReport): string {
  const parts: string[] = [];
  for (const cluster of report.clusters) parts.push(`c ${cluster.id} ${cluster.parent ?? ''}`);
  for (const node of report.nodes) parts.push(`n ${node.id} ${node.parent ?? ''}`);
  for (const edge of report.edges) parts.push(`e ${edge.from} ${edge.to}`);
  return parts.join('\n');
}

/**
 * Lays out the report's graph. Given the layout of the report before (of the same
 * document), its boxes and lines are kept when the structure is the same, with the new
 * nodes and frames in them: the same result as laying it out again, without dagre.
 */
export function layoutGraph(report: NetworkReport, previous?: GraphLayout): GraphLayout {
  const structure = structureOf(report);
  if (previous?.structure === structure) {
    return {
      ...previous,
      nodes: previous.nodes.map((box, i) => ({ ...box, node: report.nodes[i]! })),
      clusters: previous.clusters.map((box, i) => ({ ...box, cluster: report.clusters[i]! })),
    };
  }
  const graph = new Graph({ compound: true, multigraph: true });
  // dagre's default ranker (network-simplex): tight-tree drew the same AlexNet, GoogLeNet,
  // ResNet-50 and U-Net a little faster, but ConvNeXt, BERT and MobileNetV2 about ten
  // times wider and slower; longest-path drew GoogLeNet nine times wider.
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
    structure,
  };
}
