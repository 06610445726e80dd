/**
 * The graph and the bar charts as SVG text. Every name, op and shape is written through
 * `escapeText`: a layer's name is data, never markup. Colours are CSS classes, so the same
 * SVG takes VS Code's theme in a webview and the report's own in a file.
 */
import { formatCompact, formatCount } from '../core';
import { layoutGraph, type GraphLayout } from './layout';
import type { NetworkReport, ReportBar, ReportNode } from './model';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, safe between tags and inside double or single quotes. */
export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** At most `length` characters, the cut marked; the whole text goes in the node's title. */
function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** A path's end, which tells layers apart, cut at the front. */
function clipStart(text: string, length: number): string {
  return text.length <= length ? text : `…${text.slice(text.length - length + 1)}`;
}

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
  return [
    `<g class="${classes}" data-id="${escapeText(node.id)}" data-line="${node.line}" tabindex="0" role="button">`,
    `<title>${escapeText(nodeTitle(node))}</title>`,
    `<rect class="box" x="${X}" y="${Y}" width="${width}" height="${height}" rx="6"/>`,
    `<rect class="heat by-weights" x="${X}" y="${Y}" width="${width}" height="${height}" rx="6" fill-opacity="${intensity(node.weightShare, heaviest.weights)}"/>`,
    `<rect class="heat by-connections" x="${X}" y="${Y}" width="${width}" height="${height}" rx="6" fill-opacity="${intensity(node.connectionShare, heaviest.connections)}"/>`,
    `<text class="name" x="${X + 8}" y="${Y + 16}">${escapeText(clip(node.name, 20))}</text>`,
    `<text class="op" x="${X + width - 8}" y="${Y + 16}" text-anchor="end">${escapeText(clip(node.op, 14))}</text>`,
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
  return (
    `<g class="cluster" data-id="${escapeText(cluster.id)}"><rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" rx="8"/>` +
    `<text x="${round(x) + 6}" y="${round(y) + 12}">${escapeText(clip(cluster.label, Math.max(8, Math.floor(width / 7))))}</text></g>`
  );
}

/** The look of the graph and the bars, in the theme's colours when VS Code gives them. */
export const GRAPH_STYLE = `
.graph, .bars { font: 12px var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); }
.graph .box { fill: var(--node-bg); stroke: var(--node-border); }
.graph .heat { fill: var(--heat); pointer-events: none; }
.graph .kind-input .box { stroke-dasharray: 4 3; }
.graph .collapsible .box { stroke-width: 2; }
.graph text { fill: var(--fg); pointer-events: none; }
.graph .name { font-weight: bold; }
.graph .op, .graph .cost { fill: var(--muted); }
.graph .edge { fill: none; stroke: var(--edge); stroke-width: 1.2; }
.graph #arrow path { fill: var(--edge); }
.graph .cluster rect { fill: var(--cluster-bg); stroke: var(--node-border); stroke-dasharray: 2 3; }
.graph .cluster text { fill: var(--muted); font-size: 11px; }
.graph .node:focus .box, .graph .node.selected .box { stroke: var(--focus); stroke-width: 3; }
.graph .node:focus { outline: none; }
.by-connections-shown .graph .by-weights, .graph .by-connections { display: none; }
.by-connections-shown .graph .by-connections { display: inline; }
.bars .bar { fill: var(--heat); }
.bars text { fill: var(--fg); }
.bars .value { fill: var(--muted); }
`;

/** The colours, from VS Code's theme when there is one, light otherwise. */
export const THEME_STYLE = `
:root {
  --fg: var(--vscode-editor-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --bg: var(--vscode-editor-background, #ffffff);
  --node-bg: var(--vscode-editorWidget-background, #f6f8fa);
  --node-border: var(--vscode-editorWidget-border, #8c959f);
  --cluster-bg: var(--vscode-editor-background, #ffffff);
  --edge: var(--vscode-editorLineNumber-foreground, #6e7781);
  --heat: var(--vscode-charts-orange, #d1242f);
  --focus: var(--vscode-focusBorder, #0969da);
}
`;

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
    ...laid.nodes.map((box) => renderNode(box, heaviest)),
    '</svg>',
  ].join('\n');
}

const BAR_LABEL = 230;
const BAR_WIDTH = 320;
const BAR_HEIGHT = 18;

/** A horizontal bar chart: each layer's count and share, the heaviest first. */
export function renderBarsSvg(bars: readonly ReportBar[], title: string): string {
  const height = bars.length * (BAR_HEIGHT + 4) + 4;
  const width = BAR_LABEL + BAR_WIDTH + 150;
  const largest = bars.reduce((most, bar) => Math.max(most, bar.share), 0) || 1;
  const rows = bars.map((bar, i) => {
    const y = 2 + i * (BAR_HEIGHT + 4);
    const length = Math.max(1, round((bar.share / largest) * BAR_WIDTH));
    const percent = `${(bar.share * 100).toFixed(1)}%`;
    return (
      `<g class="bar-row" data-id="${escapeText(bar.id)}"><title>${escapeText(`${bar.label}: ${formatCount(bar.value)} (${percent})`)}</title>` +
      `<text x="${BAR_LABEL - 6}" y="${y + 13}" text-anchor="end">${escapeText(clipStart(bar.label, 30))}</text>` +
      `<rect class="bar" x="${BAR_LABEL}" y="${y}" width="${length}" height="${BAR_HEIGHT}" rx="2"/>` +
      `<text class="value" x="${BAR_LABEL + length + 6}" y="${y + 13}">${escapeText(`${formatCompact(bar.value)} · ${percent}`)}</text></g>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeText(title)}">${rows.join('')}</svg>`;
}
