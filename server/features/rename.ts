/** Rename a layer, an input, a block or a block parameter everywhere it is used. */
import { ResponseError, type Connection, type Range, type RenameParams, type TextDocumentPositionParams, type WorkspaceEdit } from 'vscode-languageserver/node';
import { BLOCK_INPUT, findOp, symbolAt, type Analysis } from '../../core';
import { toRange } from '../convert';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { IDENTIFIER_PATTERN, KEYWORDS } from '../../grammar/tokens';

const IDENTIFIER = new RegExp(`^${IDENTIFIER_PATTERN.source}$`);

export function prepareRename(analysis: Analysis, offset: number): { range: Range; placeholder: string } | undefined {
  const symbol = symbolAt(analysis, offset);
  if (!symbol || symbol.name === BLOCK_INPUT) return undefined;
  const here = symbol.occurrences.find((o) => offset >= o.span.start && offset <= o.span.end);
  return here ? { range: toRange(analysis.lines, here.span), placeholder: symbol.name } : undefined;
}

/** The edit, or a reason why the new name cannot be. */
export function provideRename(analysis: Analysis, uri: string, offset: number, newName: string): WorkspaceEdit | string {
  const symbol = symbolAt(analysis, offset);
  if (!symbol || symbol.name === BLOCK_INPUT) return 'nothing to rename here';
  if (!IDENTIFIER.test(newName)) return `'${newName}' is not a name: letters, digits and _, not starting with a digit`;
  if ((KEYWORDS as readonly string[]).includes(newName) || newName === BLOCK_INPUT) return `'${newName}' is reserved`;
  if (symbol.kind === 'block' && (findOp(newName) || analysis.symbols.blocks.has(newName))) return `'${newName}' is already an op or a block`;
  return { changes: { [uri]: symbol.occurrences.map((o) => ({ range: toRange(analysis.lines, o.span), newText: newName })) } };
}

export function registerRename(connection: Connection, store: DocumentStore): void {
  connection.onPrepareRename(
    guarded(connection, 'prepare rename', null, (params: TextDocumentPositionParams) => {
      const analysis = store.analysis(params.textDocument.uri);
      return (analysis && prepareRename(analysis, analysis.lines.offsetAt(params.position))) ?? null;
    }),
  );
  connection.onRenameRequest(
    guarded(connection, 'rename', null, (params: RenameParams) => {
      const analysis = store.analysis(params.textDocument.uri);
      if (!analysis) return null;
      const result = provideRename(analysis, params.textDocument.uri, analysis.lines.offsetAt(params.position), params.newName);
      if (typeof result === 'string') throw new ResponseError(-32602, result);
      return result;
    }),
  );
}
