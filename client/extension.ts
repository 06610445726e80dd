/**
 * The VS Code client: starts the language server, reads files for it through the
 * workspace's file system, opens the cost table the code lens asks for, the cost report in
 * a webview (`report.ts`; from the code lens, the status item and the palette) and the PyTorch module `netlint: Export to PyTorch` asks for, and
 * shows the active network's totals and the config it uses in the language status.
 * Everything else is the server's.
 */
import * as vscode from 'vscode';
import { showCostReport } from './report';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  COST_TABLE_REQUEST,
  EXPORT_PYTORCH_REQUEST,
  EXPORT_TO_PYTORCH,
  IMPORT_MODEL_COMMAND,
  IMPORT_MODEL_REQUEST,
  READ_FILE_REQUEST,
  SHOW_COST_REPORT,
  SHOW_COST_TABLE,
  TOTALS_REQUEST,
  type ConfigInUse,
  type CostTableParams,
  type ExportPyTorchParams,
  type ExportPyTorchResult,
  type ImportModelResult,
  type DocumentTotals,
  type InitializationOptions,
  type ReadFileParams,
  type ReadFileResult,
} from '../server/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = { readFile: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'netdsl' }],
    synchronize: { configurationSection: 'netlint' },
    initializationOptions,
  };
  client = new LanguageClient('netlint', 'netlint', serverOptions, clientOptions);
  client.onRequest(READ_FILE_REQUEST, readFile);

  const status = vscode.languages.createLanguageStatusItem('netlint.totals', { language: 'netdsl' });
  status.name = 'netlint totals';
  status.text = 'netlint';
  status.command = { title: 'Show cost report', command: SHOW_COST_REPORT, tooltip: 'Show the cost report: the graph, the heaviest layers and the table' };
  context.subscriptions.push(status);

  const configStatus = vscode.languages.createLanguageStatusItem('netlint.config', { language: 'netdsl' });
  configStatus.name = 'netlint config';
  configStatus.text = 'netlint config';
  context.subscriptions.push(configStatus);

  const refreshStatus = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!client || !editor || editor.document.languageId !== 'netdsl') return;
    const totals = await client.sendRequest<DocumentTotals>(TOTALS_REQUEST, { uri: editor.document.uri.toString() });
    showConfig(configStatus, totals.config);
    status.text = totals.status.text;
    status.detail = totals.status.detail;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_COST_TABLE, async (uri?: string, network?: string) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!client || !target) return;
      const params: CostTableParams = network ? { uri: target, network } : { uri: target };
      const table = await client.sendRequest<string | null>(COST_TABLE_REQUEST, params);
      if (!table) return;
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: table });
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }),
    vscode.commands.registerCommand(EXPORT_TO_PYTORCH, async (uri?: string, network?: string) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!client || !target) return;
      const params: ExportPyTorchParams = network ? { uri: target, network } : { uri: target };
      const result = await client.sendRequest<ExportPyTorchResult>(EXPORT_PYTORCH_REQUEST, params);
      if (result.text === undefined) {
        void vscode.window.showErrorMessage(result.error ?? 'netlint could not export this document');
        return;
      }
      const document = await vscode.workspace.openTextDocument({ language: 'python', content: result.text });
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand(IMPORT_MODEL_COMMAND, async (given?: vscode.Uri) => {
      const picked = given
        ? [given]
        : await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Import', filters: { Models: ['onnx', 'prototxt', 'pbtxt'] } });
      if (!client || !picked?.[0]) return;
      const result = await client.sendRequest<ImportModelResult>(IMPORT_MODEL_REQUEST, { uri: picked[0].toString() });
      if ('error' in result) {
        void vscode.window.showErrorMessage(`netlint: ${result.error}`);
        return;
      }
      const document = await vscode.workspace.openTextDocument({ language: 'netdsl', content: result.text });
      await vscode.window.showTextDocument(document);
      if (result.leftOut.length > 0) void vscode.window.showWarningMessage(`netlint: ${result.leftOut.length} layer(s) left out: see the comment at the top`);
    }),
    vscode.commands.registerCommand(SHOW_COST_REPORT, (uri?: string, network?: string) => {
      const target = uri ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
      if (client && target) showCostReport(client, context.extensionUri, target, network);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus().catch(() => undefined)),
    vscode.languages.onDidChangeDiagnostics(() => void refreshStatus().catch(() => undefined)),
  );

  await client.start();
  await refreshStatus().catch(() => undefined);
}

/** Which settings the document uses; the config's path shows on hover, and a click opens it. */
function showConfig(item: vscode.LanguageStatusItem, config: ConfigInUse): void {
  if (config.state === 'none') {
    item.text = 'no .netlintrc.json';
    item.detail = 'defaults and netlint.* settings';
    item.severity = vscode.LanguageStatusSeverity.Information;
    item.command = undefined;
    return;
  }
  const uri = vscode.Uri.parse(config.uri);
  const path = uri.scheme === 'file' ? uri.fsPath : uri.toString();
  item.text = config.state === 'applied' ? '.netlintrc.json' : '.netlintrc.json has errors';
  item.detail = config.state === 'applied' ? path : `${path}: not used, see Problems`;
  item.severity = config.state === 'applied' ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Warning;
  item.command = { title: 'Open', command: 'vscode.open', arguments: [uri], tooltip: `Open ${path}` };
}

/** A file's text through the workspace's file system, for the server: works in virtual workspaces. */
async function readFile({ uri }: ReadFileParams): Promise<ReadFileResult> {
  try {
    return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri))) };
  } catch (error) {
    // Errors from a file system provider do not always keep their class: read the code.
    const code = (error as { code?: unknown }).code;
    if (code === 'FileNotFound' || code === 'FileNotADirectory' || code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    if (code === 'FileIsADirectory' || code === 'EISDIR') return { error: 'it is a folder, not a file' };
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
