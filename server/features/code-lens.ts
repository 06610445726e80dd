/**
 * Two code lenses over each network: its totals, which open the full cost table beside the
 * editor, and `cost report`, which opens the report's graph, bars and table in a webview.
 */
import type { CodeLens, CodeLensParams, Connection } from 'vscode-languageserver/node';
import { formatCount, renderTables, type Analysis } from '../../core';
import { toRange } from '../convert';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { COST_TABLE_REQUEST, SHOW_COST_REPORT, SHOW_COST_TABLE, type CostTableParams } from '../protocol';

export function provideCodeLenses(analysis: Analysis, uri: string): CodeLens[] {
  return analysis.networks.flatMap((network) => {
    const t = network.totals;
    const title = `${network.name}: ${formatCount(t.weights)} weights · ${formatCount(t.connections)} connections · ${formatCount(t.units)} units · cost table`;
    const range = toRange(analysis.lines, network.declaration.name ?? network.declaration);
    const args = [uri, network.name];
    return [
      { range, command: { title, command: SHOW_COST_TABLE, arguments: args } },
      { range, command: { title: 'cost report', command: SHOW_COST_REPORT, arguments: args } },
    ];
  });
}

/** The markdown table the code lens opens: every layer, blocks expanded. */
export function costTableMarkdown(analysis: Analysis, network: string | undefined): string {
  const networks = network ? analysis.networks.filter((n) => n.name === network) : analysis.networks;
  const only = { ...analysis, networks };
  return renderTables(only, 'markdown', { expand: true, all: true });
}

export function registerCodeLens(connection: Connection, store: DocumentStore): void {
  connection.onCodeLens(
    guarded(connection, 'code lens', [], (params: CodeLensParams) => {
      const analysis = store.analysis(params.textDocument.uri);
      return analysis ? provideCodeLenses(analysis, params.textDocument.uri) : [];
    }),
  );
  connection.onRequest(
    COST_TABLE_REQUEST,
    guarded(connection, 'cost table', null, (params: CostTableParams) => {
      const analysis = store.analysis(params.uri);
      return analysis ? costTableMarkdown(analysis, params.network) : null;
    }),
  );
}
