/** The cost table as people read it, per network: plain text, markdown or CSV. The CLI prints it; the editor opens it beside the document. */
import type { Analysis } from './analyze';
import { forEachLeaf, type LayerNode, type NetworkAnalysis } from './expand';
import { EXTRA_PARAM_LABELS, OPS } from './ops';
import { formatCount, formatShape, formatShare, plural } from './format';
import type { Shape } from './shapes';

export type TableFormat = 'table' | 'markdown' | 'csv';

export interface TableOptions {
  /** Show the layers inside blocks and repeats. */
  readonly expand: boolean;
  /** Show every layer, not only those with weights or connections. */
  readonly all: boolean;
}

interface Row {
  readonly depth: number;
  readonly path: string;
  readonly label: string;
  readonly node: LayerNode;
}

/** The rows of a network: statements, and with `expand` what blocks hold, indented. */
function rows(network: NetworkAnalysis, options: TableOptions): Row[] {
  const found: Row[] = [];
  const walk = (nodes: readonly LayerNode[], depth: number, prefix: string) => {
    for (const node of nodes) {
      const path = prefix ? `${prefix}.${node.name}` : node.name;
      // Connections too: a tied head (`dense(V, tied=wte)`) has no weights of its own, and most of the work.
      if (options.all || node.counts.weights > 0n || node.counts.connections > 0n) found.push({ depth, path, label: options.expand ? node.name : path, node });
      if (options.expand && node.children) walk(node.children, depth + 1, path);
    }
  };
  walk(network.layers, 0, '');
  return found;
}

const COLUMNS = ['layer', 'op', 'output shape', 'units', 'weights', 'connections', '% weights', '% conn.'] as const;

function cells(row: Row | undefined, network: NetworkAnalysis, indent: string): string[] {
  const totals = network.totals;
  const node = row?.node;
  const counts = node ? node.counts : totals;
  return [
    row ? `${indent.repeat(row.depth)}${row.label}` : 'total',
    node ? (node.kind === 'repeat' ? `${node.op} ×${node.children?.length ?? 0}` : node.op) : '',
    node ? (node.shape ? formatShape(node.shape) : '?') : '',
    formatCount(counts.units),
    formatCount(counts.weights),
    formatCount(counts.connections),
    formatShare(counts.weights, totals.weights),
    formatShare(counts.connections, totals.connections),
  ];
}

/** Each output by name, in the order written: `aux 1000, fc 1000`; an unknown shape is `?`. */
function namedOutputs(network: NetworkAnalysis, format: (shape: Shape) => string): string {
  return network.outputs.map((output) => `${output.name} ${output.shape ? format(output.shape) : '?'}`).join(', ');
}

/** What a network returns: `output 1000`, or with several outputs each by name, `outputs aux 1000, fc 1000`. */
export function describeOutputs(network: NetworkAnalysis): string {
  if (network.outputs.length > 1) return `outputs ${namedOutputs(network, formatShape)}`;
  return `output ${network.output ? formatShape(network.output) : '?'}`;
}

/** `N: input 3×224×224 → output 1000`, or with several outputs `→ outputs aux 1000, fc 1000`. */
function heading(network: NetworkAnalysis): string {
  const input = network.input ? formatShape(network.input) : '?';
  return `${network.name}: input ${input} → ${describeOutputs(network)}`;
}

/** A shape as the CSV writes it, in ASCII: `256x27x27`. */
const csvShape = (shape: Shape) => shape.join('x');

/**
 * The shape cell of a network's total row in CSV: its output's shape, `1000`; with several
 * outputs, each by name as the heading lists them, `aux 1000, fc 1000` (a quoted cell).
 */
function csvOutputs(network: NetworkAnalysis): string {
  if (network.outputs.length > 1) return namedOutputs(network, csvShape);
  return network.output ? csvShape(network.output) : '';
}

/**
 * How many layers have an unknown shape, so that their costs are missing from the totals;
 * undefined when the layer limit stopped the analysis and nothing is counted.
 */
export function unknownLayerCount(network: NetworkAnalysis): number | undefined {
  if (!network.complete) return undefined;
  let count = 0;
  const walk = (nodes: readonly LayerNode[]) => {
    for (const node of nodes) {
      if (node.children?.length) walk(node.children);
      else if (!node.shape) count++;
    }
  };
  walk(network.layers);
  return count;
}

/** Says that the totals above leave layers out, so that they are not read as final. */
function incompleteNote(network: NetworkAnalysis): string {
  const unknown = unknownLayerCount(network);
  if (unknown === undefined) return '\nincomplete: the layer limit stopped the analysis, and nothing is counted';
  if (unknown === 0) return '';
  return `\nincomplete: ${plural(unknown, 'layer')} of unknown shape ${unknown === 1 ? 'is' : 'are'} not counted`;
}

/**
 * The params beyond weights and biases, by what the ops that learn them call them. With
 * one such label among the ops, the difference of the totals is all of it, with no walk.
 */
function extraParams(network: NetworkAnalysis): string {
  const t = network.totals;
  const extra = t.params - t.weights - t.biases;
  if (extra === 0n) return '';
  if (EXTRA_PARAM_LABELS.length === 1) return ` + ${EXTRA_PARAM_LABELS[0]} ${formatCount(extra)}`;
  const byLabel = new Map<string, bigint>();
  forEachLeaf(network.layers, (leaf) => {
    const label = OPS.get(leaf.op)?.extraParams;
    const own = leaf.counts.params - leaf.counts.weights - leaf.counts.biases;
    if (label && own > 0n) byLabel.set(label, (byLabel.get(label) ?? 0n) + own);
  });
  return [...byLabel].map(([label, count]) => ` + ${label} ${formatCount(count)}`).join('');
}

function footer(network: NetworkAnalysis): string {
  const t = network.totals;
  return `params ${formatCount(t.params)} (weights ${formatCount(t.weights)} + biases ${formatCount(t.biases)}${extraParams(network)}) · activations ${formatCount(t.activations)} · ${plural(network.layerCount, 'layer', formatCount(network.layerCount))}${incompleteNote(network)}`;
}

function textTable(network: NetworkAnalysis, options: TableOptions): string {
  const body = rows(network, options).map((row) => cells(row, network, '  '));
  const all = [[...COLUMNS], ...body, cells(undefined, network, '')];
  // A loop, not Math.max(...): a spread of 130,000 rows overflows the stack.
  const widths = COLUMNS.map((_, i) => all.reduce((widest, line) => Math.max(widest, line[i]!.length), 0));
  const numeric = (i: number) => i >= 3;
  const render = (line: string[]) =>
    line
      .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [heading(network), '', render(all[0]!), rule, ...body.map(render), rule, render(all[all.length - 1]!), '', footer(network)].join('\n');
}

function markdownTable(network: NetworkAnalysis, options: TableOptions): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cellsOf: string[]) => `| ${cellsOf.map(escape).join(' | ')} |`;
  const body = rows(network, options).map((row) => cells(row, network, '\u00a0\u00a0'));
  const total = cells(undefined, network, '').map((cell, i) => (i === 0 || (i >= 3 && cell) ? `**${cell}**` : cell));
  return [
    `### ${heading(network)}`,
    '',
    line([...COLUMNS]),
    `|${COLUMNS.map((_, i) => (i >= 3 ? '---:' : '---')).join('|')}|`,
    ...body.map(line),
    line(total),
    '',
    footer(network),
  ].join('\n');
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvTable(analysis: Analysis, options: TableOptions): string {
  const header = ['network', 'path', 'name', 'op', 'shape', 'units', 'weights', 'biases', 'params', 'connections', 'activations'];
  const lines = [header.join(',')];
  for (const network of analysis.networks) {
    for (const row of rows(network, options)) {
      const c = row.node.counts;
      lines.push(
        [
          network.name,
          row.path,
          row.node.name,
          row.node.op,
          row.node.shape ? csvShape(row.node.shape) : '',
          c.units,
          c.weights,
          c.biases,
          c.params,
          c.connections,
          c.activations,
        ]
          .map((value) => csvField(String(value)))
          .join(','),
      );
    }
    const t = network.totals;
    lines.push(
      [network.name, 'total', '', '', csvOutputs(network), t.units, t.weights, t.biases, t.params, t.connections, t.activations]
        .map((v) => csvField(String(v)))
        .join(','),
    );
  }
  return lines.join('\n');
}

export function renderTables(analysis: Analysis, format: TableFormat, options: TableOptions): string {
  if (format === 'csv') return csvTable(analysis, options);
  const render = format === 'markdown' ? markdownTable : textTable;
  if (analysis.networks.length === 0) return 'no network in this file';
  return analysis.networks.map((network) => render(network, options)).join('\n\n');
}
