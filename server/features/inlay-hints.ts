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

export function provideInlayHints(analysis: Analysis, startOffset: number, endOffset: number): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const declaration of analysis.file.declarations) {
    if (declaration.span.end < startOffset || declaration.span.start > endOffset) continue;
    for (const statement of declaration.statements) {
      if (statement.kind !== 'layer' || statement.span.end < startOffset || statement.span.start > endOffset) continue;
      const expansions = expansionsOf(analysis, statement);
      // Inside a block, a hint is shown only when every instance agrees.
      const labels = new Set(expansions.map((e) => hintLabel(e.node)));
      if (labels.size !== 1) continue;
      const label = [...labels][0]!;
      if (!label) continue;
      hints.push({ position: analysis.lines.positionAt(statement.span.end), label, paddingLeft: true });
    }
  }
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
