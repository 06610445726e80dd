/** Document symbols: networks, blocks, and their layers with shapes. */
import { SymbolKind, type Connection, type DocumentSymbol } from 'vscode-languageserver/node';
import { expansionsOf, formatShape, type Analysis, type Statement } from '../../core';
import { toRange } from '../convert';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

function statementSymbol(analysis: Analysis, statement: Statement, name: string): DocumentSymbol {
  const range = toRange(analysis.lines, statement);
  const selection = toRange(analysis.lines, statement.name ?? (statement.kind === 'layer' ? statement.call.callee : statement));
  if (statement.kind === 'input') {
    return { name, kind: SymbolKind.Variable, detail: 'input', range, selectionRange: selection };
  }
  const shapes = new Set(expansionsOf(analysis, statement).map((e) => (e.node.shape ? formatShape(e.node.shape) : '?')));
  const shape = shapes.size === 1 ? [...shapes][0] : undefined;
  const detail = [statement.call.callee.text, shape && shape !== '?' ? `→ ${shape}` : ''].filter(Boolean).join(' ');
  return { name, kind: SymbolKind.Field, detail, range, selectionRange: selection };
}

export function provideDocumentSymbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.file.declarations.flatMap((declaration) => {
    if (!declaration.name) return [];
    const scope = analysis.symbols.scopes.get(declaration);
    const children = declaration.statements.map((statement, i) => statementSymbol(analysis, statement, scope?.names[i] || '?'));
    const isBlock = declaration.kind === 'block';
    const network = analysis.networks.find((n) => n.declaration === declaration);
    const detail = isBlock
      ? `(${declaration.params.map((p) => p.name.text).join(', ')})`
      : network?.output
        ? `${network.input ? formatShape(network.input) : '?'} → ${formatShape(network.output)}`
        : '';
    return [
      {
        name: declaration.name.text,
        kind: isBlock ? SymbolKind.Function : SymbolKind.Class,
        detail,
        range: toRange(analysis.lines, declaration),
        selectionRange: toRange(analysis.lines, declaration.name),
        children,
      },
    ];
  });
}

export function registerSymbols(connection: Connection, store: DocumentStore): void {
  connection.onDocumentSymbol(
    guarded(connection, 'document symbols', [], (params) => {
      const analysis = store.analysis(params.textDocument.uri);
      return analysis ? provideDocumentSymbols(analysis) : [];
    }),
  );
}
