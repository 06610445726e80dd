/**
 * The netlint language server: the core, adapted to the protocol one feature a file.
 * Runs over stdio (`node dist/server.js --stdio`) or IPC when the VS Code client starts it.
 */
import { CodeActionKind, createConnection, ProposedFeatures, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { version } from '../package.json';
import { DocumentStore } from './documents';
import { registerCodeActions } from './features/code-actions';
import { registerCodeLens } from './features/code-lens';
import { registerCompletion } from './features/completion';
import { registerCostReport } from './features/report';
import { registerDiagnostics } from './features/diagnostics';
import { registerExport } from './features/export';
import { registerFolding } from './features/folding';
import { registerHover } from './features/hover';
import { registerInlayHints } from './features/inlay-hints';
import { registerNavigation } from './features/navigation';
import { registerRename } from './features/rename';
import { registerSignatureHelp } from './features/signature-help';
import { registerSymbols } from './features/symbols';
import { registerTotals } from './features/totals';
import { registerImportModel } from './features/import-model';
import { registerSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const store = new DocumentStore();
const diagnostics = registerDiagnostics(connection, store);
const settings = registerSettings(connection, store, diagnostics.revalidate);

connection.onInitialize((params): InitializeResult => {
  settings.initialize(params);
  return {
    serverInfo: { name: 'netlint', version },
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      completionProvider: { triggerCharacters: ['(', ',', '=', ' '] },
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [',', '='] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentHighlightProvider: true,
    },
  };
});

registerHover(connection, store);
registerCodeActions(connection, store);
registerInlayHints(connection, store);
registerCodeLens(connection, store);
registerSymbols(connection, store);
registerFolding(connection, store);
registerCompletion(connection, store);
registerSignatureHelp(connection, store);
registerNavigation(connection, store);
registerRename(connection, store);
registerTotals(connection, store);
registerExport(connection, store);
registerImportModel(connection);
registerCostReport(connection, store);

store.listen(connection);
connection.listen();
