/**
 * The report as one self-contained HTML page: the graph, the bar charts, the totals and a
 * sortable table for each network. It opens from disk and fetches nothing; its
 * Content-Security-Policy allows only its own style and script, by nonce (no remote
 * content, no inline handlers, no eval), and every name in it is escaped text.
 */
import { formatCount, formatShare, plural } from '../core';
import type { NetworkReport, ReportRow } from './model';
import { MAX_DRAWN_NODES } from './layout';
import { escapeText, GRAPH_STYLE, renderBarsSvg, renderGraphSvg, THEME_STYLE } from './svg';

export interface HtmlOptions {
  /** The page's title: the file's name. */
  readonly title: string;
  /** A fresh random value per page (base64 or hex), which the CSP allows the page's own style and script by. */
  readonly nonce: string;
}

export function contentSecurityPolicy(nonce: string): string {
  return ["default-src 'none'", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join(
    '; ',
  );
}

const PAGE_STYLE = `
body { margin: 0; padding: 16px 24px; background: var(--bg); color: var(--fg);
  font: 13px var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 6px; }
.subtitle, .note { color: var(--muted); margin: 0 0 10px; }
.totals { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0 12px; }
.totals div { display: flex; flex-direction: column; } .totals dt { color: var(--muted); } .totals dd { margin: 0; font-size: 16px; font-weight: bold; }
.toggle button, th button { font: inherit; color: inherit; background: none; border: 1px solid var(--node-border); border-radius: 4px; padding: 2px 10px; cursor: pointer; }
.toggle button[aria-pressed="true"] { background: var(--heat); color: var(--bg); border-color: var(--heat); }
.overview { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
.graph-view { flex: 1 1 420px; min-width: 0; overflow: auto; max-height: 85vh; border: 1px solid var(--node-border); border-radius: 6px; }
.charts { flex: 0 1 auto; }
.charts h2:first-child { margin-top: 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 2px 10px; text-align: left; border-bottom: 1px solid var(--node-border); white-space: nowrap; }
th button { border: none; padding: 0; font-weight: bold; }
td.number, th.number { text-align: right; }
tr.selected td { background: var(--cluster-bg); outline: 2px solid var(--focus); }
.banner { border: 1px solid var(--heat); padding: 6px 10px; border-radius: 4px; }
`;

/**
 * Sorting the table, the colour toggle, and a node's click showing its row: data read from
 * `data-` attributes, text set with textContent, nothing evaluated.
 */
const PAGE_SCRIPT = `
// In a VS Code webview, a chosen layer is revealed in the editor, and the editor's line marks its node.
const host = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
for (const section of document.querySelectorAll('section.network')) {
  for (const button of section.querySelectorAll('.toggle button')) {
    button.addEventListener('click', () => {
      section.classList.toggle('by-connections-shown', button.dataset.measure === 'connections');
      for (const other of section.querySelectorAll('.toggle button')) other.setAttribute('aria-pressed', String(other === button));
    });
  }
  const body = section.querySelector('tbody');
  const headers = [...section.querySelectorAll('th')];
  headers.forEach((header, column) => {
    header.querySelector('button').addEventListener('click', () => {
      const descending = header.getAttribute('aria-sort') !== 'descending';
      for (const other of headers) other.removeAttribute('aria-sort');
      header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const numeric = header.classList.contains('number') || column === 0;
      const key = (row) => row.children[column].dataset.v ?? row.children[column].textContent;
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a), y = key(b);
        const order = numeric ? (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0) : x.localeCompare(y);
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
  const select = (id) => {
    for (const marked of section.querySelectorAll('.selected')) marked.classList.remove('selected');
    const row = [...body.rows].find((r) => r.dataset.id === id);
    const node = [...section.querySelectorAll('.graph .node')].find((n) => n.dataset.id === id);
    if (node) node.classList.add('selected');
    if (row) { row.classList.add('selected'); row.scrollIntoView({ block: 'nearest' }); }
    return node;
  };
  window.addEventListener('message', (event) => {
    const node = [...section.querySelectorAll('.graph .node')].find((n) => n.dataset.line === String(event.data?.line));
    if (node) select(node.dataset.id).scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });
  const reveal = (id, line) => { select(id); host?.postMessage({ line: Number(line) }); };
  for (const row of body.rows) row.addEventListener('dblclick', () => reveal(row.dataset.id, row.dataset.line));
  for (const node of section.querySelectorAll('.graph .node')) {
    node.addEventListener('click', () => reveal(node.dataset.id, node.dataset.line));
    node.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); reveal(node.dataset.id, node.dataset.line); } });
  }
}
`;

const NUMBER_COLUMNS = ['units', 'weights', 'connections', '% weights', '% conn.'] as const;

function tableRow(row: ReportRow, index: number, report: NetworkReport): string {
  const c = row.counts;
  const t = report.totals;
  const number = (value: bigint, shown = formatCount(value)) => `<td class="number" data-v="${value}">${escapeText(shown)}</td>`;
  const indent = '\u00a0\u00a0'.repeat(row.depth);
  return (
    `<tr data-id="${escapeText(row.id)}" data-line="${row.line}">` +
    `<td data-v="${index}" title="${escapeText(row.id)}">${indent}${escapeText(row.name)}</td><td>${escapeText(row.op)}</td><td>${escapeText(row.shape)}</td>` +
    number(c.units) +
    number(c.weights) +
    number(c.connections) +
    number(c.weights, formatShare(c.weights, t.weights)) +
    number(c.connections, formatShare(c.connections, t.connections)) +
    `<td class="number" data-v="${row.line}">${row.line}</td></tr>`
  );
}

function renderTable(report: NetworkReport): string {
  const headers = ['layer', 'op', 'output shape', ...NUMBER_COLUMNS, 'line'];
  const head = headers.map((label, i) => `<th class="${i >= 3 ? 'number' : ''}" scope="col"><button type="button">${escapeText(label)}</button></th>`).join('');
  const body = report.rows.map((row, index) => tableRow(row, index, report)).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function renderTotals(report: NetworkReport): string {
  const t = report.totals;
  const item = (label: string, value: string) => `<div><dt>${label}</dt><dd>${escapeText(value)}</dd></div>`;
  return (
    `<dl class="totals">` +
    item('params', formatCount(t.params)) +
    item('weights', formatCount(t.weights)) +
    item('biases', formatCount(t.biases)) +
    item('connections', formatCount(t.connections)) +
    item('activations', formatCount(t.activations)) +
    item('layers', formatCount(report.layerCount)) +
    `</dl>`
  );
}

function renderNetwork(report: NetworkReport): string {
  const incomplete = report.complete
    ? ''
    : `<p class="banner" role="status">incomplete: some layers have an unknown shape (see the errors), and their costs are not counted</p>`;
  const drawable = report.nodes.length <= MAX_DRAWN_NODES;
  const tooLarge = `The graph has ${formatCount(report.nodes.length)} nodes even with its blocks closed: more than the ${MAX_DRAWN_NODES} that can be read, so it is not drawn. The bars and the table below hold every layer.`;
  return [
    `<section class="network" aria-label="${escapeText(report.name)}">`,
    `<h1>${escapeText(report.name)}</h1>`,
    `<p class="subtitle">input ${escapeText(report.input)} → output ${escapeText(report.output)}</p>`,
    incomplete,
    renderTotals(report),
    `<h2>Graph</h2>`,
    `<p class="note">Each layer's colour shows its share of the network's <span class="toggle" role="group" aria-label="colour by">` +
      `<button type="button" data-measure="weights" aria-pressed="true">weights</button> ` +
      `<button type="button" data-measure="connections" aria-pressed="false">connections</button></span>. Dashed frames are blocks and repeats; a node with a thick border is one still folded. ${escapeText(plural(report.nodes.length, 'node'))} shown.</p>`,
    `<div class="overview"><div class="graph-view">${drawable ? renderGraphSvg(report) : `<p class="note">${escapeText(tooLarge)}</p>`}</div>`,
    `<div class="charts"><h2>Weights per layer</h2>${renderBarsSvg(report.weightBars, `weights per layer in ${report.name}`)}`,
    `<h2>Connections per layer</h2>${renderBarsSvg(report.connectionBars, `connections per layer in ${report.name}`)}</div></div>`,
    `<h2>Layers</h2>`,
    renderTable(report),
    `</section>`,
  ].join('\n');
}

export function renderReportHtml(reports: readonly NetworkReport[], options: HtmlOptions): string {
  const nonce = escapeText(options.nonce);
  const body = reports.length === 0 ? '<p>no network in this file</p>' : reports.map(renderNetwork).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeText(contentSecurityPolicy(options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(`${options.title}: netlint cost report`)}</title>
<style nonce="${nonce}">${THEME_STYLE}${GRAPH_STYLE}${PAGE_STYLE}</style>
</head>
<body>
${body}
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
