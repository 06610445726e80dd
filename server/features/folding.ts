/** Folding: network and block bodies, and runs of comment lines. */
import { FoldingRangeKind, type Connection, type FoldingRange } from 'vscode-languageserver/node';
import type { Analysis } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

export function provideFoldingRanges(analysis: Analysis): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const declaration of analysis.file.declarations) {
    const start = analysis.lines.positionAt(declaration.body.start).line;
    const end = analysis.lines.positionAt(declaration.body.end).line;
    if (end > start) ranges.push({ startLine: start, endLine: end - 1 });
  }
  // Runs of two or more comment lines fold as one.
  let runStart = -1;
  let runEnd = -2;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart) ranges.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  };
  for (const comment of analysis.file.comments) {
    const line = analysis.lines.positionAt(comment.start).line;
    const alone = analysis.lines.lineText(line).trimStart().startsWith('#');
    if (alone && line === runEnd + 1) runEnd = line;
    else {
      flush();
      runStart = alone ? line : -1;
      runEnd = alone ? line : -2;
    }
  }
  flush();
  return ranges;
}

export function registerFolding(connection: Connection, store: DocumentStore): void {
  connection.onFoldingRanges(
    guarded(connection, 'folding', [], (params) => {
      const analysis = store.analysis(params.textDocument.uri);
      return analysis ? provideFoldingRanges(analysis) : [];
    }),
  );
}
