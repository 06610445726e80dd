/**
 * Go to definition, find references and document highlights: three views of one
 * question, where else does the name under the cursor occur.
 */
import { DocumentHighlightKind, type Connection, type DocumentHighlight, type Location, type TextDocumentPositionParams } from 'vscode-languageserver/node';
import { symbolAt, type Analysis } from '../../core';
import { toRange } from '../convert';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

export function provideDefinition(analysis: Analysis, uri: string, offset: number): Location[] {
  const symbol = symbolAt(analysis, offset);
  return (symbol?.occurrences ?? []).filter((o) => o.isDefinition).map((o) => ({ uri, range: toRange(analysis.lines, o.span) }));
}

export function provideReferences(analysis: Analysis, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const symbol = symbolAt(analysis, offset);
  return (symbol?.occurrences ?? []).filter((o) => includeDeclaration || !o.isDefinition).map((o) => ({ uri, range: toRange(analysis.lines, o.span) }));
}

export function provideHighlights(analysis: Analysis, offset: number): DocumentHighlight[] {
  const symbol = symbolAt(analysis, offset);
  return (symbol?.occurrences ?? []).map((o) => ({
    range: toRange(analysis.lines, o.span),
    kind: o.isDefinition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

export function registerNavigation(connection: Connection, store: DocumentStore): void {
  const withAnalysis = <R>(params: TextDocumentPositionParams, answer: (analysis: Analysis, offset: number) => R, empty: R): R => {
    const analysis = store.analysis(params.textDocument.uri);
    return analysis ? answer(analysis, analysis.lines.offsetAt(params.position)) : empty;
  };
  connection.onDefinition(guarded(connection, 'definition', [], (p) => withAnalysis(p, (a, o) => provideDefinition(a, p.textDocument.uri, o), [])));
  connection.onReferences(
    guarded(connection, 'references', [], (p) => withAnalysis(p, (a, o) => provideReferences(a, p.textDocument.uri, o, p.context.includeDeclaration), [])),
  );
  connection.onDocumentHighlight(guarded(connection, 'highlights', [], (p) => withAnalysis(p, provideHighlights, [])));
}
