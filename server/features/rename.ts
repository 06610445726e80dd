/** Rename a layer, an input, a block or a block parameter everywhere it is used: the core decides, this adapts. */
import {
  ErrorCodes,
  ResponseError,
  type Connection,
  type Range,
  type RenameParams,
  type TextDocumentPositionParams,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { renameEdits, renameTarget, type Analysis } from '../../core';
import { toRange } from '../convert';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

/** The range to rename and its name; a refused rename is an error answer, which the editor shows. */
export function prepareRename(analysis: Analysis, offset: number): { range: Range; placeholder: string } | undefined {
  const target = renameTarget(analysis, offset);
  if (!target) return undefined;
  if ('refusal' in target) throw new ResponseError(ErrorCodes.InvalidParams, target.refusal);
  return { range: toRange(analysis.lines, target.span), placeholder: target.symbol.name };
}

export function provideRename(analysis: Analysis, uri: string, offset: number, newName: string): WorkspaceEdit {
  const result = renameEdits(analysis, offset, newName);
  if ('refusal' in result) throw new ResponseError(ErrorCodes.InvalidParams, result.refusal);
  return { changes: { [uri]: result.edits.map((edit) => ({ range: toRange(analysis.lines, edit.span), newText: edit.newText })) } };
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
      return analysis ? provideRename(analysis, params.textDocument.uri, analysis.lines.offsetAt(params.position), params.newName) : null;
    }),
  );
}
