/**
 * Hover: on a layer, its shape and costs with their shares and formulas; on a block
 * instance, its totals; on a block's name, its parameters; on a tensor name, its shape.
 */
import type { Connection, Hover, HoverParams } from 'vscode-languageserver/node';
import {
  costFormulas,
  costNotes,
  declarationAt,
  expansionsOf,
  formatCount,
  formatFormula,
  formatShape,
  formatShare,
  isTensorParameter,
  statementAt,
  symbolAt,
  tensorShapes,
  type Analysis,
  type BlockDeclaration,
  type Expansion,
  type LayerNode,
  type NetworkAnalysis,
  type Shape,
  type Span,
} from '../../core';
import { toRange } from '../convert';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

const shapeText = (shape: Shape | undefined) => (shape ? formatShape(shape) : 'unknown (see the errors)');

function costTable(node: LayerNode, network: NetworkAnalysis): string[] {
  const c = node.counts;
  const t = network.totals;
  const lines = ['| | count | share |', '|---|---:|---:|'];
  lines.push(`| units | ${formatCount(c.units)} | ${formatShare(c.units, t.units)} |`);
  const biases = c.biases > 0n ? ` (+${formatCount(c.biases)} biases)` : '';
  lines.push(`| weights | ${formatCount(c.weights)}${biases} | ${formatShare(c.weights, t.weights)} |`);
  if (c.params !== c.weights + c.biases) lines.push(`| params | ${formatCount(c.params)} | ${formatShare(c.params, t.params)} |`);
  lines.push(`| connections | ${formatCount(c.connections)} | ${formatShare(c.connections, t.connections)} |`);
  return lines;
}

function describeLayer(expansion: Expansion, instances: number): string {
  const { node, network, path } = expansion;
  const kind = node.kind === 'repeat' ? `${node.op} ×${node.children?.length ?? 0}` : node.op;
  const title = `**${path}** \`${kind}\` → **${shapeText(node.shape)}**`;
  const where = instances > 1 ? [`_in ${network.name}, first of ${instances} instances_`] : [];
  const formulas = [...costFormulas(node).map((formula) => `\`${formatFormula(formula)}\``), ...costNotes(node)];
  const inside = node.children ? [`${formatCount(node.layerCount)} layers inside`] : [];
  const sections = [[title, ...where].join('  \n'), costTable(node, network).join('\n'), formulas.join('  \n'), inside.join('')];
  return sections.filter(Boolean).join('\n\n');
}

function describeBlock(block: BlockDeclaration, analysis: Analysis): string {
  const params = block.params.map((p) => {
    const text = analysis.text.slice(p.start, p.end);
    return `- \`${text}\``;
  });
  const uses = analysis.file.declarations.flatMap((d) => d.statements).filter((s) => s.kind === 'layer' && s.call.callee.text === block.name?.text).length;
  return [
    `**block ${block.name?.text}**(${block.params.map((p) => p.name.text).join(', ')})`,
    '',
    params.length ? 'Parameters:' : 'No parameters.',
    ...params,
    '',
    `Used ${uses} time${uses === 1 ? '' : 's'} in this file.`,
  ].join('\n');
}

const TENSOR_HOVER =
  '**tensor**: the parameter takes a tensor. Each call passes the name of an earlier layer, an input, `in` or a tensor parameter of its own scope, and the block reads it like any name (`from`, merges).';
const OUTPUT_HOVER =
  "**output**: marks an output of the network. A network's outputs are its marked layers and its last statement, in the order written; a marked layer is never `unused`.";

/** The words that are keywords only where they stand: a tensor parameter's type, a layer's output marker. */
function keywordHover(analysis: Analysis, offset: number): { text: string; word: Span } | undefined {
  const declaration = declarationAt(analysis, offset);
  if (declaration?.kind === 'block') {
    const type = declaration.params.find((p) => p.type && isTensorParameter(p) && offset >= p.type.start && offset <= p.type.end)?.type;
    if (type) return { text: TENSOR_HOVER, word: type };
  }
  const marker = statementAt(analysis, offset)?.statement;
  if (marker?.kind === 'layer' && marker.output && offset >= marker.output.start && offset <= marker.output.end)
    return { text: OUTPUT_HOVER, word: marker.output };
  return undefined;
}

export function provideHover(analysis: Analysis, offset: number): Hover | undefined {
  const symbol = symbolAt(analysis, offset);
  const location = statementAt(analysis, offset);
  const range = (start: number, end: number) => toRange(analysis.lines, { start, end });
  const keyword = keywordHover(analysis, offset);
  if (keyword) return { contents: { kind: 'markdown', value: keyword.text }, range: range(keyword.word.start, keyword.word.end) };

  if (symbol?.kind === 'block') {
    const block = analysis.symbols.blocks.get(symbol.name);
    const onDefinition = symbol.occurrences.some((o) => o.isDefinition && offset >= o.span.start && offset <= o.span.end);
    if (block && (onDefinition || !location)) return { contents: { kind: 'markdown', value: describeBlock(block, analysis) } };
  }

  if (symbol?.kind === 'tensor' && symbol.scope) {
    const reference = symbol.occurrences.find((o) => !o.isDefinition && offset >= o.span.start && offset <= o.span.end);
    const onInput = location?.statement.kind === 'input';
    // On a block's header, the name is a tensor parameter's: what its uses pass it.
    if (reference || onInput || !location) {
      const shapes = tensorShapes(analysis, symbol.scope, symbol.name);
      const lines = shapes.length
        ? shapes
            .slice(0, 8)
            .map(({ where, shape }) =>
              shapes.length === 1 ? `**${symbol.name}**: ${shapeText(shape)}` : `**${symbol.name}** in ${where}: ${shapeText(shape)}`,
            )
        : [`**${symbol.name}**`];
      if (shapes.length > 8) lines.push(`… and ${shapes.length - 8} more instances`);
      const span = (reference ?? symbol.occurrences.find((o) => o.isDefinition))!.span;
      return { contents: { kind: 'markdown', value: lines.join('  \n') }, range: range(span.start, span.end) };
    }
  }

  if (location?.statement.kind === 'layer') {
    const expansions = expansionsOf(analysis, location.statement);
    const first = expansions[0];
    if (!first) return undefined;
    const statement = location.statement;
    return { contents: { kind: 'markdown', value: describeLayer(first, expansions.length) }, range: range(statement.start, statement.end) };
  }
  return undefined;
}

export function registerHover(connection: Connection, store: DocumentStore): void {
  connection.onHover(
    guarded(connection, 'hover', null, (params: HoverParams): Hover | null => {
      const analysis = store.analysis(params.textDocument.uri);
      if (!analysis) return null;
      return provideHover(analysis, analysis.lines.offsetAt(params.position)) ?? null;
    }),
  );
}
