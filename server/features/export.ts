/** The PyTorch export of a document, for the client's `netlint: Export to PyTorch`, which opens it beside the editor. */
import type { Connection } from 'vscode-languageserver/node';
import { plural, type Analysis } from '../../core';
import { exportPyTorch } from '../../core/export/pytorch';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { EXPORT_PYTORCH_REQUEST, type ExportPyTorchParams, type ExportPyTorchResult } from '../protocol';

/** What one refusal lists at most: the Problems view has the rest. */
const SHOWN = 3;

function listed(items: readonly string[]): string {
  return items.length > SHOWN ? `${items.slice(0, SHOWN).join('; ')}; and ${items.length - SHOWN} more` : items.join('; ');
}

export function providePyTorchExport(analysis: Analysis, uri: string, network: string | undefined): ExportPyTorchResult {
  const source = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  const outcome = exportPyTorch(analysis, { network, source });
  switch (outcome.kind) {
    case 'exported':
      return { text: outcome.text };
    case 'errors': {
      const where = outcome.diagnostics.map((d) => `line ${analysis.lines.positionAt(d.span.start).line + 1}: ${d.message}`);
      return { error: `${source} has ${plural(outcome.diagnostics.length, 'error')}, so nothing was exported: ${listed(where)}` };
    }
    case 'unknown-network':
      return { error: `${source} has no network '${outcome.name}'; its networks: ${outcome.names.join(', ') || 'none'}` };
    case 'not-exportable':
      return { error: `${source} cannot be exported to PyTorch: ${listed(outcome.problems.map((p) => `line ${p.line}: ${p.message}`))}` };
  }
}

const FAILED: ExportPyTorchResult = { error: 'netlint could not export this document: see its output log' };

export function registerExport(connection: Connection, store: DocumentStore): void {
  connection.onRequest(
    EXPORT_PYTORCH_REQUEST,
    guarded(connection, 'export to PyTorch', FAILED, (params: ExportPyTorchParams): ExportPyTorchResult => {
      const analysis = store.analysis(params.uri);
      if (!analysis) return { error: 'netlint has not analysed this document yet' };
      return providePyTorchExport(analysis, params.uri, params.network);
    }),
  );
}
