/**
 * The report's look: colours from VS Code's theme when there is one (light, dark and high
 * contrast all set these variables), light otherwise; the same classes in the page and in
 * the standalone SVG.
 */

/** The colours, from VS Code's theme when there is one, light otherwise. */
export const THEME_STYLE = `
:root {
  --fg: var(--vscode-editor-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --bg: var(--vscode-editor-background, #ffffff);
  --node-bg: var(--vscode-editorWidget-background, #f6f8fa);
  --node-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, #8c959f));
  --cluster-bg: var(--vscode-editor-background, #ffffff);
  --edge: var(--vscode-editorLineNumber-foreground, #6e7781);
  --heat: var(--vscode-charts-orange, #d1242f);
  --focus: var(--vscode-focusBorder, #0969da);
  --selected: var(--vscode-list-inactiveSelectionBackground, #ddf4ff);
  --button-bg: var(--vscode-button-background, #0969da);
  --button-fg: var(--vscode-button-foreground, #ffffff);
  --banner-bg: var(--vscode-inputValidation-warningBackground, #fff8c5);
  --banner-border: var(--vscode-inputValidation-warningBorder, #d4a72c);
}
`;

/** The graph and the bars. */
export const GRAPH_STYLE = `
.graph { font: 12px var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); }
.graph .box { fill: var(--node-bg); stroke: var(--node-border); }
.graph .heat { fill: var(--heat); pointer-events: none; }
.graph .kind-input .box { stroke-dasharray: 4 3; }
.graph .collapsible .box { stroke-width: 2; }
.graph .collapsible { cursor: zoom-in; }
.graph .node { cursor: pointer; }
.graph text { fill: var(--fg); pointer-events: none; }
.graph .name { font-weight: bold; }
.graph .op, .graph .cost { fill: var(--muted); }
.graph .more { fill: var(--focus); font-weight: bold; }
.graph .edge { fill: none; stroke: var(--edge); stroke-width: 1.2; }
.graph marker path { fill: var(--edge); }
.graph .cluster rect { fill: var(--cluster-bg); stroke: var(--node-border); stroke-dasharray: 2 3; }
.graph .cluster-label text { fill: var(--muted); font-size: 11px; }
.graph .cluster-label[role="button"] { cursor: zoom-out; }
.graph .cluster-label rect { fill: var(--node-bg); stroke: none; }
.graph .cluster-label:focus rect, .graph .cluster-label:hover rect { stroke: var(--focus); stroke-width: 2; stroke-dasharray: none; }
.graph .cluster-label:focus { outline: none; }
.graph .node:focus .box, .graph .node.selected .box { stroke: var(--focus); stroke-width: 3; }
.graph .node:focus { outline: none; }
.by-connections-shown .graph .by-weights, .graph .by-connections { display: none; }
.by-connections-shown .graph .by-connections { display: inline; }
`;

/** The page around the graph: totals, toolbar, bars and the table, shrinking to a narrow pane. */
export const PAGE_STYLE = `
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; padding: 12px 16px; background: var(--bg); color: var(--fg); min-width: 0;
  font: 13px var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); }
h1 { font-size: 20px; margin: 0 0 4px; overflow-wrap: anywhere; } h2 { font-size: 16px; margin: 18px 0 6px; }
.subtitle, .note { color: var(--muted); margin: 0 0 10px; overflow-wrap: anywhere; }
.totals { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0 12px; }
.totals div { display: flex; flex-direction: column; } .totals dt { color: var(--muted); } .totals dd { margin: 0; font-size: 16px; font-weight: bold; }
button { font: inherit; color: inherit; background: none; border: 1px solid var(--node-border); border-radius: 4px; padding: 2px 10px; cursor: pointer; }
button:focus-visible, .bar-row:focus-visible, tr:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 0 0 8px; }
.toolbar [aria-pressed="true"] { background: var(--button-bg); color: var(--button-fg); border-color: var(--vscode-contrastActiveBorder, var(--button-bg)); font-weight: bold; }
.toolbar .toggle, .toolbar .zoom-controls { display: inline-flex; gap: 4px; align-items: center; }
.toolbar .zoom-level { min-width: 3.5em; text-align: center; color: var(--muted); }
/* The graph as wide as it is drawn, the bars beside it while there is room, else below. */
.overview { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
.overview > * { min-width: 0; }
.graph-view { flex: 0 1 auto; min-width: min(100%, 240px); max-width: 100%; overflow: auto; max-height: 85vh; border: 1px solid var(--node-border); border-radius: 6px; }
.graph-view svg { display: block; margin: 0 auto; }
.charts { flex: 1 1 360px; }
.charts h2:first-child { margin-top: 0; }
.bars { display: flex; flex-direction: column; gap: 3px; font: 12px var(--vscode-editor-font-family, ui-monospace, monospace); }
.bar-row { display: grid; grid-template-columns: min(16em, 40%) minmax(0, 1fr); gap: 8px; align-items: center; border-radius: 2px; }
.bar-row .label { text-align: right; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; direction: rtl; }
.bar-row .label bdi { direction: ltr; unicode-bidi: isolate; }
.bar-row .track { display: flex; align-items: center; gap: 6px; min-width: 0; }
.bar-row .fill { height: 16px; background: var(--heat); border-radius: 2px; flex: none; }
.bar-row .value { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.bar-row[data-id]:not([data-id=""]) { cursor: pointer; }
.bar-row.selected .label { color: var(--focus); font-weight: bold; }
.table-view { overflow: auto; max-height: 70vh; max-width: 100%; border: 1px solid var(--node-border); border-radius: 6px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; width: 100%; }
thead th { position: sticky; top: 0; background: var(--bg); z-index: 1; }
th, td { padding: 0 10px; height: 22px; border-bottom: 1px solid var(--node-border); white-space: nowrap; text-align: left; }
th button { border: none; padding: 0; font-weight: bold; }
th[aria-sort="descending"] button::after { content: " ▼"; } th[aria-sort="ascending"] button::after { content: " ▲"; }
td.number, th.number { text-align: right; }
tbody tr[data-id] { cursor: pointer; }
tr.selected td { background: var(--selected); }
tr.spacer td { padding: 0; border: none; }
.banner { position: sticky; top: 0; z-index: 2; border: 1px solid var(--banner-border); background: var(--banner-bg); color: var(--fg); padding: 6px 10px; border-radius: 4px; margin: 0 0 10px; }
body.vscode-high-contrast .graph .box, body.vscode-high-contrast-light .graph .box { stroke-width: 1.5; }
`;
