/** Inlay hints after each layer: its shape and compact costs, `256×27×27 · 307K w · 224M conn`. */
import type { Connection, InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import { expansionsOf, formatCompact, formatShape, type Analysis, type LayerNode } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

export function hintLabel(node: LayerNode): string {
  if (!node.shape) return '';
  const parts = [formatShape(node.shape)];
  if (node.counts.weights > 0n) parts.push(`${formatCompact(node.counts.weights)} w`);
  if (node.counts.connections > 0n) parts.push(`${formatCompact(node.counts.connections)} conn`);
  return parts.join(' · ');
}

interface PlacedHint {
  readonly offset: number;
  readonly hint: InlayHint;
}

/** The hints of a whole document, made once per analysis (that is, per version) and sliced per request. */
const hintsByAnalysis = new WeakMap<Analysis, PlacedHint[]>();

function allHints(analysis: Analysis): PlacedHint[] {
  let placed = hintsByAnalysis.get(analysis);
  if (placed) return placed;
  placed = [];
  for (const declaration of analysis.file.declarations) {
    for (const statement of declaration.statements) {
      if (statement.kind !== 'layer') continue;
      // Inside a block, a hint is shown only when every instance agrees.
      const labels = new Set(expansionsOf(analysis, statement).map((e) => hintLabel(e.node)));
      if (labels.size !== 1) continue;
      const label = [...labels][0]!;
      if (!label) continue;
      const offset = statement.end;
      placed.push({ offset, hint: { position: analysis.lines.positionAt(offset), label, paddingLeft: true } });
    }
  }
  placed.sort((a, b) => a.offset - b.offset);
  hintsByAnalysis.set(analysis, placed);
  return placed;
}

export function provideInlayHints(analysis: Analysis, startOffset: number, endOffset: number): InlayHint[] {
  const placed = allHints(analysis);
  let low = 0;
  let high = placed.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (placed[mid]!.offset < startOffset) low = mid + 1;
    else high = mid;
  }
  const hints: InlayHint[] = [];
  for (let i = low; i < placed.length && placed[i]!.offset <= endOffset; i++) hints.push(placed[i]!.hint);
  return hints;
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
