/** Inlay hints after each layer: its shape and compact costs, `256×27×27 · 307K w · 224M conn`. */
import type { Connection, InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import { expansionsOf, firstAtLeast, formatCompact, formatShape, type Analysis, type LayerNode, type LayerStatement } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

function hintLabel(node: LayerNode): string {
  if (!node.shape) return '';
  const parts = [formatShape(node.shape)];
  if (node.counts.weights > 0n) parts.push(`${formatCompact(node.counts.weights)} w`);
  if (node.counts.connections > 0n) parts.push(`${formatCompact(node.counts.connections)} conn`);
  return parts.join(' · ');
}

/**
 * A document's layer statements in the order of the text, with the offset each hint
 * stands at, and each one's hint once asked for (null: none). Made once per analysis (that
 * is, per version); a hint is worked out only when a request covers it, since an editor
 * asks for the lines it shows, and the first request after an edit should not pay for the
 * whole file.
 */
interface PlacedHints {
  readonly statements: LayerStatement[];
  readonly offsets: number[];
  readonly hints: (InlayHint | null | undefined)[];
}

const hintsByAnalysis = new WeakMap<Analysis, PlacedHints>();

function placedHints(analysis: Analysis): PlacedHints {
  let placed = hintsByAnalysis.get(analysis);
  if (placed) return placed;
  placed = { statements: [], offsets: [], hints: [] };
  // Declarations and their statements come in the order of the text: so do the offsets.
  for (const declaration of analysis.file.declarations) {
    for (const statement of declaration.statements) {
      if (statement.kind !== 'layer') continue;
      placed.statements.push(statement);
      placed.offsets.push(statement.end);
    }
  }
  placed.hints.length = placed.statements.length;
  hintsByAnalysis.set(analysis, placed);
  return placed;
}

function makeHint(analysis: Analysis, statement: LayerStatement): InlayHint | null {
  const expansions = expansionsOf(analysis, statement);
  if (expansions.length === 0) return null;
  const label = hintLabel(expansions[0]!.node);
  // Inside a block, a hint is shown only when every instance agrees.
  for (let i = 1; i < expansions.length; i++) if (hintLabel(expansions[i]!.node) !== label) return null;
  if (!label) return null;
  return { position: analysis.lines.positionAt(statement.end), label, paddingLeft: true };
}

export function provideInlayHints(analysis: Analysis, startOffset: number, endOffset: number): InlayHint[] {
  const { statements, offsets, hints } = placedHints(analysis);
  const result: InlayHint[] = [];
  for (let i = firstAtLeast(offsets, startOffset), to = firstAtLeast(offsets, endOffset + 1); i < to; i++) {
    let hint = hints[i];
    if (hint === undefined) hint = hints[i] = makeHint(analysis, statements[i]!);
    if (hint) result.push(hint);
  }
  return result;
}

export function registerInlayHints(connection: Connection, store: DocumentStore): void {
  connection.languages.inlayHint.on(
    guarded(connection, 'inlay hints', [], (params: InlayHintParams) => {
      if (!store.settingsOf(params.textDocument.uri).inlayHints) return [];
      const analysis = store.analysis(params.textDocument.uri);
      if (!analysis) return [];
      return provideInlayHints(analysis, analysis.lines.offsetAt(params.range.start), analysis.lines.offsetAt(params.range.end));
    }),
  );
}
