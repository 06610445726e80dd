/**
 * The report page's script, bundled by esbuild into `dist/report.js`: the webview loads it
 * from the extension, and the CLI's page carries it inline. It draws the report from data
 * (names written as text, never as markup) and keeps what the reader did (zoom, scroll, open
 * blocks, sort, colour) when new data comes: the extension posts each edit's report to the
 * same page instead of making a new one.
 */
import { formatCompact, formatCount, formatShare } from '../../core/format';
import type { BarData, ClusterData, GraphData, NetworkData, NodeData, ReportData, RowData } from '../data';
import { clip, headline } from '../labels';
import { DATA_ELEMENT_ID } from '../page';

/** What VS Code gives a webview's script; absent when the page is opened from disk. */
interface Host {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare const acquireVsCodeApi: (() => Host) | undefined;
const host: Host | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

type Measure = 'weights' | 'connections';

/** What the reader chose in one network's report; kept by VS Code while the panel is hidden. */
interface ViewState {
  zoom: number;
  measure: Measure;
  sort: { column: number; descending: boolean } | undefined;
  /** The open blocks, once the reader has opened or closed one (before, the server chooses). */
  expanded: string[] | undefined;
  graphScroll: [number, number];
  tableScroll: number;
}

const saved = (host?.getState() as { views?: Record<string, ViewState> } | undefined)?.views ?? {};

function saveState(): void {
  const views: Record<string, ViewState> = {};
  for (const view of views_.values()) views[view.name] = view.state;
  host?.setState({ views });
}

const SVG = 'http://www.w3.org/2000/svg';

type Attributes = Record<string, string | number | boolean | undefined>;

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/** An HTML element; its children are elements or text (a string becomes a text node). */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  element.append(...children);
  return element;
}

function s(tag: string, attributes: Attributes = {}, ...children: (Node | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  setAttributes(element, attributes);
  element.append(...children);
  return element;
}

/** At most `length` characters, the cut marked; the whole text is in the title. */

const activate = (element: Element, action: (event: Event) => void) => {
  element.addEventListener('click', action);
  element.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      action(event);
    }
  });
};

/**
 * How strongly a share colours its node, against the heaviest node's: the square root, so
 * that a layer of 1% still shows beside one of 60%.
 */
const intensity = (share: number, heaviest: number) => (heaviest > 0 ? Math.round(Math.sqrt(share / heaviest) * 0.8 * 100) / 100 : 0);

const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

/** The table's columns: label, whether numeric, and the sort key of a row. */
const COLUMNS: readonly { label: string; number: boolean; key: (row: RowData, index: number) => string | number }[] = [
  { label: 'layer', number: true, key: (_, index) => index },
  { label: 'op', number: false, key: (row) => row[3] },
  { label: 'output shape', number: false, key: (row) => row[4] },
  { label: 'units', number: true, key: (row) => row[5] },
  { label: 'weights', number: true, key: (row) => row[6] },
  { label: 'connections', number: true, key: (row) => row[7] },
  { label: '% weights', number: true, key: (row) => row[6] },
  { label: '% conn.', number: true, key: (row) => row[7] },
  { label: 'line', number: true, key: (row) => row[8] },
];

/** Rows drawn above and below the visible ones, so that scrolling shows no gap. */
const OVERSCAN = 20;

let viewCount = 0;

class NetworkView {
  readonly section: HTMLElement;
  /** The id of this graph's arrowhead, apart from the other networks'. */
  private readonly arrow = `arrow-${++viewCount}`;
  state: ViewState;
  data!: NetworkData;
  private readonly heading = h('h1');
  private readonly subtitle = h('p', { class: 'subtitle' });
  private readonly incomplete = h(
    'p',
    { class: 'banner', role: 'status', hidden: true },
    'incomplete: some layers have an unknown shape (see the errors), and their costs are not counted',
  );
  private readonly totals = h('dl', { class: 'totals' });
  private readonly graphNote = h('p', { class: 'note' });
  private readonly graphView = h('div', { class: 'graph-view', tabindex: -1 });
  private readonly zoomLevel = h('span', { class: 'zoom-level', 'aria-live': 'polite' });
  private readonly zoomControls = h('span', { class: 'zoom-controls', role: 'group', 'aria-label': 'zoom' });
  private readonly weightBars = h('div', { class: 'bars', role: 'list' });
  private readonly connectionBars = h('div', { class: 'bars', role: 'list' });
  private readonly weightsHeading = h('h2');
  private readonly connectionsHeading = h('h2');
  private readonly layersHeading = h('h2');
  private readonly tableView = h('div', { class: 'table-view' });
  private readonly table = h('table');
  private readonly head = h('tr');
  private readonly body = h('tbody');
  private graph: SVGElement | undefined;
  private drawn = false;
  private filled = false;
  /** Where a panel shown again had its graph scrolled. */
  private readonly savedScroll: [number, number] | undefined;
  /** Row indexes in the order shown. */
  private order: number[] = [];
  private rowIndex = new Map<string, number>();
  private rowHeight = 0;
  private selected: string | undefined;
  get selectedId(): string | undefined {
    return this.selected;
  }
  /** The row that holds the table's one tab stop. */
  private active = 0;
  /** After a block opens or closes, what to focus when the new graph comes. */
  private pendingFocus: string | undefined;

  constructor(readonly name: string) {
    const kept = saved[name];
    this.state = kept ?? { zoom: 1, measure: 'weights', sort: undefined, expanded: undefined, graphScroll: [0, 0], tableScroll: 0 };
    this.savedScroll = kept?.graphScroll;
    const measureButtons = (['weights', 'connections'] as const).map((measure) => {
      const button = h('button', { type: 'button', 'data-measure': measure, 'aria-pressed': String(this.state.measure === measure) }, measure);
      button.addEventListener('click', () => {
        this.state.measure = measure;
        this.showMeasure();
        saveState();
      });
      return button;
    });
    const zoomButton = (label: string, title: string, step: number | 'reset') => {
      const button = h('button', { type: 'button', class: 'zoom', title, 'aria-label': title }, label);
      button.addEventListener('click', () => this.zoomBy(step));
      return button;
    };
    const toolbar = h(
      'div',
      { class: 'toolbar' },
      h('span', { class: 'toggle', role: 'group', 'aria-label': 'colour by' }, 'colour by ', ...measureButtons),
      this.zoomControls,
    );
    this.zoomControls.append(zoomButton('−', 'zoom out', -1), this.zoomLevel, zoomButton('+', 'zoom in', 1), ' ', zoomButton('100%', 'actual size', 'reset'));
    this.graphView.addEventListener(
      'wheel',
      (event) => {
        if (!event.ctrlKey && !event.metaKey) return;
        event.preventDefault();
        this.zoomBy(event.deltaY < 0 ? 1 : -1, event);
      },
      { passive: false },
    );
    this.graphView.addEventListener('scroll', () => {
      this.state.graphScroll = [this.graphView.scrollLeft, this.graphView.scrollTop];
      saveState();
    });
    this.tableView.addEventListener('scroll', () => {
      this.state.tableScroll = this.tableView.scrollTop;
      this.renderRows();
      saveState();
    });
    this.body.addEventListener('keydown', (event) => this.rowKey(event));
    this.table.append(h('thead', {}, this.head), this.body);
    this.tableView.append(this.table);
    this.section = h(
      'section',
      { class: 'network' },
      this.heading,
      this.subtitle,
      this.incomplete,
      this.totals,
      h('h2', {}, 'Graph'),
      this.graphNote,
      toolbar,
      h(
        'div',
        { class: 'overview' },
        this.graphView,
        h('div', { class: 'charts' }, this.weightsHeading, this.weightBars, this.connectionsHeading, this.connectionBars),
      ),
      this.layersHeading,
      this.tableView,
    );
    this.section.setAttribute('aria-label', name);
    this.renderHead();
  }

  update(data: NetworkData): void {
    this.data = data;
    this.heading.textContent = data.name;
    this.subtitle.textContent = `input ${data.input} → output ${data.output}`;
    this.incomplete.hidden = data.complete;
    const t = data.totals;
    const item = (label: string, value: string) => h('div', {}, h('dt', {}, label), h('dd', {}, value));
    this.totals.replaceChildren(
      item('params', formatCount(BigInt(t.params))),
      item('weights', formatCount(BigInt(t.weights))),
      item('biases', formatCount(BigInt(t.biases))),
      item('connections', formatCount(BigInt(t.connections))),
      item('activations', formatCount(BigInt(t.activations))),
      item('layers', formatCount(data.layerCount)),
    );
    this.renderGraph(data.graph);
    this.weightsHeading.textContent = 'Weights per layer';
    this.connectionsHeading.textContent = 'Connections per layer';
    this.renderBars(this.weightBars, data.weightBars, 'weights');
    this.renderBars(this.connectionBars, data.connectionBars, 'connections');
    this.layersHeading.textContent = `Layers (${formatCount(data.rows.length)})`;
    this.rowIndex = new Map(data.rows.map((row, index) => [row[0], index]));
    this.sortRows();
    if (!this.filled) {
      // A panel shown again: the table where it was.
      this.filled = true;
      if (this.state.tableScroll > 0) this.tableView.scrollTop = this.state.tableScroll;
    }
    this.showMeasure();
    if (this.selected !== undefined) this.select(this.selected, {});
  }

  // The graph.

  private renderGraph(graph: GraphData | undefined): void {
    const view = this.graphView;
    if (!graph) {
      this.graph = undefined;
      this.graphNote.textContent = `The graph has ${formatCount(this.data.nodeCount)} nodes even with its blocks closed: more than the ${this.data.maxDrawnNodes} that can be read, so it is not drawn. The bars and the table below hold every layer.`;
      view.replaceChildren();
      view.hidden = true;
      this.zoomControls.hidden = true;
      return;
    }
    view.hidden = false;
    this.zoomControls.hidden = false;
    const blocks = graph.nodes.some((node) => node.collapsible) || graph.clusters.length > 0;
    this.graphNote.textContent =
      `Each layer's colour shows its share of the network's weights or connections. ${formatCount(graph.nodes.length)} nodes shown.` +
      (blocks
        ? ` Dashed frames are open blocks and repeats (click the name to close); a node with a thick border and a + is a closed one (click${host ? '' : ' in VS Code'} to open).`
        : '');
    const heaviest = { weights: 0, connections: 0 };
    for (const node of graph.nodes) {
      heaviest.weights = Math.max(heaviest.weights, node.weightShare);
      heaviest.connections = Math.max(heaviest.connections, node.connectionShare);
    }
    const arrow = this.arrow;
    const svg = s(
      'svg',
      { class: 'graph', viewBox: `0 0 ${graph.width} ${graph.height}`, role: 'group', 'aria-label': `the graph of ${this.name}` },
      s(
        'defs',
        {},
        s(
          'marker',
          { id: arrow, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
          s('path', { d: 'M0 0 L10 5 L0 10 z' }),
        ),
      ),
      ...graph.clusters.map((cluster) => this.cluster(cluster)),
      ...graph.edges.map((points) => this.edge(points, arrow)),
      // Over the edges: an edge into a frame passes under its name instead of through it.
      ...graph.clusters.map((cluster) => this.clusterLabel(cluster)),
      ...graph.nodes.map((node) => this.node(node, heaviest)),
    );
    // Where the reader was; a new graph opens at its top, its left edge in view unless the input would not be.
    const [left, top] = this.drawn ? [view.scrollLeft, view.scrollTop] : (this.savedScroll ?? this.firstScroll(graph));
    view.replaceChildren(svg);
    this.graph = svg;
    this.applyZoom();
    view.scrollLeft = left;
    view.scrollTop = top;
    this.drawn = true;
    if (this.pendingFocus !== undefined) {
      const id = this.pendingFocus;
      this.pendingFocus = undefined;
      const target = [...svg.querySelectorAll<SVGElement>('.node, .cluster-label')].find((element) => element.dataset.id === id);
      if (target) {
        target.focus({ preventScroll: true });
        this.scrollGraphTo(target);
      }
    }
  }

  /** A wide graph in a narrow pane: its first node (the input) in the middle, else no scrolling at all. */
  private firstScroll(graph: GraphData): [number, number] {
    const first = graph.nodes[0];
    const zoom = this.state.zoom;
    const width = this.graphView.clientWidth;
    if (!first || width === 0 || (first.x + first.width) * zoom <= width) return [0, 0];
    return [Math.max(0, (first.x + first.width / 2) * zoom - width / 2), 0];
  }

  private node(node: NodeData, heaviest: { weights: number; connections: number }): SVGElement {
    const { x, y, width, height } = node;
    const costs = node.kind === 'input' ? 'input' : `${formatCompact(BigInt(node.weights))} w · ${formatCompact(BigInt(node.connections))} conn`;
    const title =
      `${node.id}: ${node.op} → ${node.shape}` +
      (node.kind === 'input' ? '' : ` · ${formatCount(BigInt(node.weights))} weights · ${formatCount(BigInt(node.connections))} connections`) +
      (node.collapsible ? (host ? ' · click to open' : '') : '');
    const line = headline(node.name, node.op);
    const heat = (measure: Measure, share: number, most: number) =>
      s('rect', { class: `heat by-${measure}`, x, y, width, height, rx: 6, 'fill-opacity': intensity(share, most) });
    const g = s(
      'g',
      {
        class: `node kind-${node.kind}${node.collapsible ? ' collapsible' : ''}`,
        'data-id': node.id,
        'data-line': node.line,
        tabindex: 0,
        role: 'button',
        'aria-label': title,
        'aria-expanded': node.collapsible && host ? 'false' : undefined,
      },
      s('title', {}, title),
      s('rect', { class: 'box', x, y, width, height, rx: 6 }),
      heat('weights', node.weightShare, heaviest.weights),
      heat('connections', node.connectionShare, heaviest.connections),
      s('text', { class: 'name', x: x + 8, y: y + 16 }, line.name),
      s('text', { class: 'op', x: x + width - 8, y: y + 16, 'text-anchor': 'end' }, line.op),
      s('text', { class: 'shape', x: x + 8, y: y + 32 }, clip(node.shape, 26)),
      s('text', { class: 'cost', x: x + 8, y: y + 47 }, costs),
    );
    if (node.collapsible) g.append(s('text', { class: 'more', x: x + width - 8, y: y + 47, 'text-anchor': 'end' }, '+'));
    activate(g, () => {
      if (node.collapsible && host) {
        this.toggle(node.id, true);
        return;
      }
      this.select(node.id, { scrollTable: true });
      this.reveal(node.line);
    });
    return g;
  }

  private cluster(cluster: ClusterData): SVGElement {
    const { x, y, width, height } = cluster;
    return s('g', { class: 'cluster', 'data-id': cluster.id }, s('rect', { x, y, width, height, rx: 8 }));
  }

  /** A frame's name on a tab of its own, which closes the frame. */
  private clusterLabel(cluster: ClusterData): SVGElement {
    const { x, y, width } = cluster;
    const label = clip(`− ${cluster.label}`, Math.max(8, Math.floor(width / 7)));
    const labelWidth = Math.min(width - 4, label.length * 7 + 8);
    const button = s(
      'g',
      {
        class: 'cluster-label',
        'data-id': cluster.id,
        tabindex: host ? 0 : undefined,
        role: host ? 'button' : undefined,
        'aria-expanded': host ? 'true' : undefined,
        'aria-label': `${cluster.label}: open; ${host ? 'click to close' : ''}`,
      },
      s('title', {}, `${cluster.label}${host ? ' · click to close' : ''}`),
      s('rect', { x: x + 2, y: y + 2, width: labelWidth, height: 14, rx: 3 }),
      s('text', { x: x + 6, y: y + 12 }, label),
    );
    if (host) activate(button, () => this.toggle(cluster.id, false));
    return button;
  }

  private edge(points: readonly number[], arrow: string): SVGElement {
    let d = '';
    for (let i = 0; i + 1 < points.length; i += 2) d += `${i === 0 ? 'M' : ' L'}${points[i]} ${points[i + 1]}`;
    return s('path', { class: 'edge', d, 'marker-end': `url(#${arrow})` });
  }

  /** Opens or closes a block: the extension lays the graph out again and posts it. */
  private toggle(id: string, open: boolean): void {
    const current = new Set(this.state.expanded ?? this.data.graph?.clusters.map((cluster) => cluster.id) ?? []);
    if (open) current.add(id);
    else for (const path of [...current]) if (path === id || path.startsWith(`${id}.`)) current.delete(path);
    this.state.expanded = [...current];
    this.pendingFocus = id;
    saveState();
    host?.postMessage({ type: 'expand', network: this.name, expanded: this.state.expanded });
  }

  private zoomBy(step: number | 'reset', around?: { clientX: number; clientY: number }): void {
    const view = this.graphView;
    const before = this.state.zoom;
    const index = ZOOMS.findIndex((zoom) => zoom >= before - 1e-9);
    const after = step === 'reset' ? 1 : ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, (index < 0 ? ZOOMS.length - 1 : index) + step))]!;
    if (after === before) return;
    // The point under the pointer (or the view's centre) stays where it is.
    const box = view.getBoundingClientRect();
    const px = around ? around.clientX - box.left : view.clientWidth / 2;
    const py = around ? around.clientY - box.top : view.clientHeight / 2;
    const gx = (view.scrollLeft + px) / before;
    const gy = (view.scrollTop + py) / before;
    this.state.zoom = after;
    this.applyZoom();
    view.scrollLeft = gx * after - px;
    view.scrollTop = gy * after - py;
    saveState();
  }

  private applyZoom(): void {
    this.zoomLevel.textContent = `${Math.round(this.state.zoom * 100)}%`;
    const graph = this.data?.graph;
    if (!this.graph || !graph) return;
    this.graph.setAttribute('width', String(Math.ceil(graph.width * this.state.zoom)));
    this.graph.setAttribute('height', String(Math.ceil(graph.height * this.state.zoom)));
  }

  /** Scrolls the graph's pane just enough to show `element`, never past its left edge. */
  private scrollGraphTo(element: Element): void {
    const view = this.graphView;
    const box = element.getBoundingClientRect();
    const pane = view.getBoundingClientRect();
    if (box.top < pane.top) view.scrollTop += box.top - pane.top - 8;
    else if (box.bottom > pane.bottom) view.scrollTop += box.bottom - pane.bottom + 8;
    if (box.left < pane.left) view.scrollLeft += box.left - pane.left - 8;
    else if (box.right > pane.right) view.scrollLeft += Math.min(box.right - pane.right + 8, box.left - pane.left - 8);
  }

  private showMeasure(): void {
    this.section.classList.toggle('by-connections-shown', this.state.measure === 'connections');
    for (const button of this.section.querySelectorAll<HTMLElement>('.toggle button')) {
      button.setAttribute('aria-pressed', String(button.dataset.measure === this.state.measure));
    }
  }

  // The bars.

  private renderBars(container: HTMLElement, bars: readonly BarData[], measure: Measure): void {
    const largest = bars.reduce((most, bar) => Math.max(most, bar.share), 0) || 1;
    container.setAttribute('aria-label', `${measure} per layer in ${this.name}`);
    container.replaceChildren(
      ...bars.map((bar) => {
        const percent = `${(bar.share * 100).toFixed(1)}%`;
        const fill = h('span', { class: 'fill' });
        // Scaled to the heaviest; at most half the track, so that the figure fits beside it.
        fill.style.width = `${Math.max(0.5, (bar.share / largest) * 50).toFixed(1)}%`;
        const layer = bar.id !== '';
        const row = h(
          'div',
          {
            class: 'bar-row',
            role: 'listitem',
            'data-id': bar.id,
            tabindex: layer ? 0 : undefined,
            title: `${bar.label}: ${formatCount(BigInt(bar.value))} ${measure} (${percent})`,
            'aria-label': `${bar.label}: ${formatCount(BigInt(bar.value))} ${measure}, ${percent}`,
          },
          // Cut at the front when the pane is narrow: a path's end tells layers apart.
          h('span', { class: 'label' }, h('bdi', {}, bar.label)),
          h('span', { class: 'track' }, fill, h('span', { class: 'value' }, `${formatCompact(BigInt(bar.value))} · ${percent}`)),
        );
        if (layer) {
          activate(row, () => {
            this.select(bar.id, { scrollGraph: true, scrollTable: true });
            const index = this.rowIndex.get(bar.id);
            if (index !== undefined) this.reveal(this.data.rows[index]![8]);
          });
        }
        return row;
      }),
    );
  }

  // The table: every row sorted, only the visible ones in the page.

  private renderHead(): void {
    this.head.replaceChildren(
      ...COLUMNS.map((column, index) => {
        const button = h('button', { type: 'button' }, column.label);
        button.addEventListener('click', () => {
          const descending = !(this.state.sort?.column === index && this.state.sort.descending);
          this.state.sort = { column: index, descending };
          this.sortRows();
          saveState();
        });
        return h('th', { class: column.number && index > 0 ? 'number' : '', scope: 'col' }, button);
      }),
    );
  }

  private sortRows(): void {
    const rows = this.data.rows;
    const order = rows.map((_, index) => index);
    const sort = this.state.sort;
    const headers = [...this.head.children];
    headers.forEach((header, index) => {
      if (sort?.column === index) header.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
      else header.removeAttribute('aria-sort');
    });
    if (sort) {
      const column = COLUMNS[sort.column]!;
      const sign = sort.descending ? -1 : 1;
      if (column.number) {
        // Counts are exact integers up to 2⁶³: compared as bigints, each read once.
        const keys = rows.map((row, index) => BigInt(column.key(row, index)));
        order.sort((a, b) => (keys[a]! < keys[b]! ? -sign : keys[a]! > keys[b]! ? sign : a - b));
      } else {
        const keys = rows.map((row, index) => String(column.key(row, index)));
        order.sort((a, b) => sign * keys[a]!.localeCompare(keys[b]!) || a - b);
      }
    }
    this.order = order;
    this.table.setAttribute('aria-rowcount', String(rows.length + 1));
    this.renderRows();
  }

  private renderRows(): void {
    const rows = this.data.rows;
    const total = this.order.length;
    const height = this.rowHeight || 23;
    const headHeight = this.head.getBoundingClientRect().height || height;
    const visible = Math.ceil((this.tableView.clientHeight || 600) / height);
    const first = Math.max(0, Math.floor((this.tableView.scrollTop - headHeight) / height) - OVERSCAN);
    const last = Math.min(total, first + visible + 2 * OVERSCAN);
    const spacer = (count: number) => {
      const cell = h('td', { colspan: COLUMNS.length });
      const row = h('tr', { class: 'spacer', 'aria-hidden': 'true' }, cell);
      row.style.height = `${count * height}px`;
      return row;
    };
    const drawn: HTMLTableRowElement[] = [];
    for (let position = first; position < last; position++) drawn.push(this.row(rows[this.order[position]!]!, position));
    this.body.replaceChildren(...(first > 0 ? [spacer(first)] : []), ...drawn, ...(last < total ? [spacer(total - last)] : []));
    if (!this.rowHeight && drawn.length > 0) {
      const measured = drawn[0]!.getBoundingClientRect().height;
      if (measured > 0 && Math.abs(measured - height) > 0.5) {
        this.rowHeight = measured;
        this.renderRows();
      } else if (measured > 0) this.rowHeight = measured;
    }
  }

  private row(row: RowData, position: number): HTMLTableRowElement {
    const [id, depth, name, op, shape, units, weights, connections, line] = row;
    const totals = this.data.totals;
    const number = (value: string, shown = formatCount(BigInt(value))) => h('td', { class: 'number' }, shown);
    const tr = h(
      'tr',
      {
        'data-id': id,
        'data-line': line,
        'aria-rowindex': position + 2,
        tabindex: position === this.active ? 0 : -1,
        class: id === this.selected ? 'selected' : undefined,
      },
      h('td', { title: id }, `${'\u00a0\u00a0'.repeat(depth)}${name}`),
      h('td', {}, op),
      h('td', {}, shape),
      number(units),
      number(weights),
      number(connections),
      number(weights, formatShare(BigInt(weights), BigInt(totals.weights))),
      number(connections, formatShare(BigInt(connections), BigInt(totals.connections))),
      h('td', { class: 'number' }, String(line)),
    );
    tr.addEventListener('click', () => {
      this.active = position;
      this.select(id, { scrollGraph: true });
    });
    tr.addEventListener('dblclick', () => this.reveal(line));
    return tr;
  }

  /** Up, Down, Page Up, Page Down, Home and End move between rows; Enter reveals the row's layer. */
  private rowKey(event: KeyboardEvent): void {
    const tr = (event.target as Element).closest('tr[data-id]') as HTMLTableRowElement | null;
    if (!tr) return;
    const page = Math.max(1, Math.floor(this.tableView.clientHeight / (this.rowHeight || 23)) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.select(tr.dataset.id!, { scrollGraph: true });
      this.reveal(Number(tr.dataset.line));
      return;
    }
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    this.focusRow(Math.min(this.order.length - 1, Math.max(0, this.active + move)));
  }

  private focusRow(position: number): void {
    this.active = position;
    this.scrollTableTo(position);
    const tr = this.body.querySelector<HTMLElement>(`tr[aria-rowindex="${position + 2}"]`);
    if (!tr) return;
    for (const other of this.body.querySelectorAll('tr[tabindex="0"]')) other.setAttribute('tabindex', '-1');
    tr.setAttribute('tabindex', '0');
    tr.focus({ preventScroll: true });
  }

  private scrollTableTo(position: number): void {
    const height = this.rowHeight || 23;
    const headHeight = this.head.getBoundingClientRect().height || height;
    const top = headHeight + position * height;
    const view = this.tableView;
    if (top - headHeight < view.scrollTop) view.scrollTop = top - headHeight;
    else if (top + height > view.scrollTop + view.clientHeight) view.scrollTop = top + height - view.clientHeight;
    this.renderRows();
  }

  // Choosing a layer.

  private reveal(line: number): void {
    host?.postMessage({ type: 'reveal', line });
  }

  /** The drawn node that shows `id`: itself, or the closed block that holds it. */
  nodeFor(id: string): SVGElement | undefined {
    if (!this.graph) return undefined;
    let best: SVGElement | undefined;
    let length = -1;
    for (const node of this.graph.querySelectorAll<SVGElement>('.node')) {
      const nodeId = node.dataset.id!;
      if ((nodeId === id || id.startsWith(`${nodeId}.`)) && nodeId.length > length) {
        best = node;
        length = nodeId.length;
      }
    }
    return best;
  }

  select(id: string, scroll: { scrollGraph?: boolean; scrollTable?: boolean }): void {
    this.selected = id;
    for (const marked of this.section.querySelectorAll('.selected')) marked.classList.remove('selected');
    const node = this.nodeFor(id);
    node?.classList.add('selected');
    for (const bar of this.section.querySelectorAll<HTMLElement>('.bar-row')) if (bar.dataset.id === id) bar.classList.add('selected');
    const index = this.rowIndex.get(id);
    if (index !== undefined) {
      const position = this.order.indexOf(index);
      if (scroll.scrollTable) {
        this.active = position;
        this.scrollTableTo(position);
      }
      for (const tr of this.body.querySelectorAll<HTMLElement>('tr[data-id]')) tr.classList.toggle('selected', tr.dataset.id === id);
    }
    if (node && scroll.scrollGraph) this.scrollGraphTo(node);
  }

  /** The layer made by the statement at `line`, if this network has one. */
  idAtLine(line: number): string | undefined {
    return this.data.rows.find((row) => row[8] === line)?.[0];
  }
}

const views_ = new Map<string, NetworkView>();
const root = document.getElementById('report')!;
const banner = document.getElementById('errors')!;
/** The last report of the file without errors: what the page keeps showing while it has some. */
let lastGood: ReportData | undefined;

function render(data: ReportData): void {
  const errors = `${data.title} has ${data.errors === 1 ? '1 error' : `${formatCount(data.errors)} errors`}`;
  if (data.errors > 0 && lastGood) {
    banner.textContent = `${errors}: this is the last report without errors. It follows the file again once it has none.`;
    banner.hidden = false;
    return;
  }
  banner.hidden = data.errors === 0;
  banner.textContent = data.errors > 0 ? `${errors}: layers after them may be missing or not counted.` : '';
  if (data.errors === 0) lastGood = data;
  if (data.networks.length === 0) {
    views_.clear();
    root.replaceChildren(h('p', { class: 'note' }, 'no network in this file'));
    return;
  }
  const sections: HTMLElement[] = [];
  const seen = new Set<string>();
  for (const network of data.networks) {
    let view = views_.get(network.name);
    if (!view) {
      view = new NetworkView(network.name);
      views_.set(network.name, view);
    }
    seen.add(network.name);
    sections.push(view.section);
  }
  for (const name of [...views_.keys()]) if (!seen.has(name)) views_.delete(name);
  // The sections go into the page first, so that the table knows its height when it fills.
  if (sections.some((section, i) => root.children[i] !== section) || root.children.length !== sections.length) root.replaceChildren(...sections);
  for (const network of data.networks) views_.get(network.name)!.update(network);
}

/** Moving the editor's cursor marks the node (and the row) of the layer on its line. */
function markLine(line: number): void {
  for (const view of views_.values()) {
    const id = view.idAtLine(line);
    if (id !== undefined) {
      // Typing on the line moves the cursor too: the panes scroll only when it reaches another layer.
      if (id !== view.selectedId) view.select(id, { scrollGraph: true, scrollTable: true });
      return;
    }
  }
}

const embedded = document.getElementById(DATA_ELEMENT_ID);
if (embedded?.textContent) render(JSON.parse(embedded.textContent) as ReportData);

if (host) {
  window.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as { type?: unknown; data?: unknown; line?: unknown };
    if (message?.type === 'report' && message.data) render(message.data as ReportData);
    else if (message?.type === 'cursor' && typeof message.line === 'number') markLine(message.line);
  });
  const expanded: Record<string, string[]> = {};
  for (const [name, state] of Object.entries(saved)) if (state.expanded) expanded[name] = state.expanded;
  host.postMessage({ type: 'ready', expanded });
}
