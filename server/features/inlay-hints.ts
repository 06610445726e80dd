/** Inlay hints after each layer: its shape and compact costs, `256×27×27 · 307K w · 224M conn`. */
import type { Connection, InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import { expansionsOf, firstAtLeast, formatCompact, formatShape, type Analysis, type LayerNode } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

export function hintLabel(node: LayerNode): string {
  if (!node.shape) return '';
  const parts = [formatShape(node.shape)];
  if (node.counts.weights > 0n) parts.push(`${formatCompact(node.counts.weights)} w`);
  if (node.counts.connections > 0n) parts.push(`${formatCompact(node.counts.connections)} conn`);
  return parts.join(' · ');
}

/** A document's hints, in the order of the text, with the offset each stands at. */
interface PlacedHints {
  readonly offsets: number[];
  readonly hints: InlayHint[];
}

/** The hints of a whole document, made once per analysis (that is, per version) and sliced per request. */
const hintsByAnalysis = new WeakMap<Analysis, PlacedHints>();

function allHints(analysis: Analysis): PlacedHints {
  let placed = hintsByAnalysis.get(analysis);
  if (placed) return placed;
  placed = { offsets: [], hints: [] };
  // Declarations and their statements come in the order of the text: so do the offsets.
  for (const declaration of analysis.file.declarations) {
    for (const statement of declaration.statements) {
      if (statement.kind !== 'layer') continue;
      // Inside a block, a hint is shown only when every instance agrees.
      const labels = new Set(expansionsOf(analysis, statement).map((e) => hintLabel(e.node)));
      if (labels.size !== 1) continue;
      const label = [...labels][0]!;
      if (!label) continue;
      const offset = statement.end;
      placed.offsets.push(offset);
      placed.hints.push({ position: analysis.lines.positionAt(offset), label, paddingLeft: true });
    }
  }
  hintsByAnalysis.set(analysis, placed);
  return placed;
}

export function provideInlayHints(analysis: Analysis, startOffset: number, endOffset: number): InlayHint[] {
  const { offsets, hints } = allHints(analysis);
  const from = firstAtLeast(offsets, startOffset);
  const to = firstAtLeast(offsets, endOffset + 1);
  return hints.slice(from, to);
}

export function registerInlayHints(connection: Connection, store: DocumentStore): void {
  connection.languages.inlayHint.on(
    guarded(connection, 'inlay hints', [], (params: InlayHintParams) => {
      if (!store.settings.inlayHints) return [];
      const analysis = store.analysis(params.textDocument.uri);
      if (!analysis) return [];
      return provideInlayHints(analysis, analysis.lines.offsetAt(params.range.start), analysis.lines.offsetAt(params.range.end));
    }),
  );
}
