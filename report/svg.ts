/**
 * The graph as SVG text, for `netlint report --format svg`. Every name, op and shape is
 * written through `escapeText`: a layer's name is data, never markup. Colours are CSS
 * classes, the same as the page's.
 */
import { formatCompact, formatCount } from '../core';
import { layoutGraph, type GraphLayout } from './layout';
import type { NetworkReport, ReportNode } from './model';
import { escapeText } from './escape';
import { clip, headline } from './labels';
import { GRAPH_STYLE, THEME_STYLE } from './style';

/** At most `length` characters, the cut marked; the whole text goes in the node's title. */
const round = (value: number) => Math.round(value * 10) / 10;

/**
 * How strongly a share colours its node, against the heaviest node's: the square root, so
 * that a layer of 1% still shows beside one of 60%.
 */
const intensity = (share: number, heaviest: number) => (heaviest > 0 ? Math.round(Math.sqrt(share / heaviest) * 0.8 * 100) / 100 : 0);

function nodeTitle(node: ReportNode): string {
  const c = node.counts;
  const costs = node.kind === 'input' ? '' : ` · ${formatCount(c.weights)} weights · ${formatCount(c.connections)} connections`;
  return `${node.id}: ${node.op} → ${node.shape}${costs}`;
}

function renderNode(box: GraphLayout['nodes'][number], heaviest: { weights: number; connections: number }): string {
  const { node, x, y, width, height } = box;
  const c = node.counts;
  const costs = node.kind === 'input' ? 'input' : `${formatCompact(c.weights)} w · ${formatCompact(c.connections)} conn`;
  const X = round(x);
  const Y = round(y);
  const classes = `node kind-${node.kind}${node.collapsible ? ' collapsible' : ''}`;
  const line = headline(node.name, node.op);
  return [
    `<g class="${classes}" data-id="${escapeText(node.id)}" data-line="${node.line}" tabindex="0" role="button">`,
    `<title>${escapeText(nodeTitle(node))}</title>`,
    `<rect class="box" x="${X}" y="${Y}" width="${width}" height="${height}" rx="6"/>`,
    `<rect class="heat by-weights" x="${X}" y="${Y}" width="${width}" height="${height}" rx="6" fill-opacity="${intensity(node.weightShare, heaviest.weights)}"/>`,
    `<rect class="heat by-connections" x="${X}" y="${Y}" width="${width}" height="${height}" rx="6" fill-opacity="${intensity(node.connectionShare, heaviest.connections)}"/>`,
    `<text class="name" x="${X + 8}" y="${Y + 16}">${escapeText(line.name)}</text>`,
    `<text class="op" x="${X + width - 8}" y="${Y + 16}" text-anchor="end">${escapeText(line.op)}</text>`,
    `<text class="shape" x="${X + 8}" y="${Y + 32}">${escapeText(clip(node.shape, 26))}</text>`,
    `<text class="cost" x="${X + 8}" y="${Y + 47}">${escapeText(costs)}</text>`,
    `</g>`,
  ].join('');
}

function renderEdge(edge: GraphLayout['edges'][number]): string {
  if (edge.points.length === 0) return '';
  const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
  return `<path class="edge" d="${d}" marker-end="url(#arrow)"/>`;
}

function renderCluster(box: GraphLayout['clusters'][number]): string {
  const { cluster, x, y, width, height } = box;
  return `<g class="cluster" data-id="${escapeText(cluster.id)}"><rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" rx="8"/></g>`;
}

/** A frame's name on a tab, drawn over the edges: an edge into the frame passes under it. */
function renderClusterLabel(box: GraphLayout['clusters'][number]): string {
  const { cluster, x, y, width } = box;
  const label = clip(cluster.label, Math.max(8, Math.floor(width / 7)));
  const tab = Math.min(width - 4, label.length * 7 + 8);
  return (
    `<g class="cluster-label" data-id="${escapeText(cluster.id)}"><rect x="${round(x) + 2}" y="${round(y) + 2}" width="${round(tab)}" height="14" rx="3"/>` +
    `<text x="${round(x) + 6}" y="${round(y) + 12}">${escapeText(label)}</text></g>`
  );
}

/** The graph alone, as an `<svg>` element (to place in a page, or with `standalone` as a file). */
export function renderGraphSvg(report: NetworkReport, options: { standalone?: boolean; layout?: GraphLayout } = {}): string {
  const laid = options.layout ?? layoutGraph(report);
  const heaviest = { weights: 0, connections: 0 };
  for (const node of report.nodes) {
    heaviest.weights = Math.max(heaviest.weights, node.weightShare);
    heaviest.connections = Math.max(heaviest.connections, node.connectionShare);
  }
  const head = options.standalone
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${laid.width}" height="${laid.height}" viewBox="0 0 ${laid.width} ${laid.height}">` +
      `<title>${escapeText(`${report.name}: input ${report.input} → output ${report.output}`)}</title><style>${THEME_STYLE}${GRAPH_STYLE}svg { background: var(--bg); }</style>`
    : `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${laid.width}" height="${laid.height}" viewBox="0 0 ${laid.width} ${laid.height}" role="img" aria-label="${escapeText(`the graph of ${report.name}`)}">`;
  return [
    head,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"/></marker></defs>`,
    ...laid.clusters.map(renderCluster),
    ...laid.edges.map(renderEdge),
    ...laid.clusters.map(renderClusterLabel),
    ...laid.nodes.map((box) => renderNode(box, heaviest)),
    '</svg>',
  ].join('\n');
}
