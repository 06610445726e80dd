/**
 * The VS Code client: starts the language server, opens the cost table the code lens
 * asks for, and shows the active network's totals in the language status. Everything
 * else is the server's.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { formatCompact, formatCount } from '../core/format';
import { COST_TABLE_REQUEST, SHOW_COST_TABLE, TOTALS_REQUEST, type CostTableParams, type NetworkTotals } from '../server/protocol';

let client: LanguageClient | undefined;

/** 60954656 → "61M": the status bar has little room. */
const compact = (value: number | string) => formatCompact(BigInt(value));
const grouped = (value: number | string) => formatCount(BigInt(value));

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'netdsl' }],
    synchronize: { configurationSection: 'netlint' },
  };
  client = new LanguageClient('netlint', 'netlint', serverOptions, clientOptions);

  const status = vscode.languages.createLanguageStatusItem('netlint.totals', { language: 'netdsl' });
  status.name = 'netlint totals';
  status.text = 'netlint';
  status.command = { title: 'Show cost table', command: SHOW_COST_TABLE };
  context.subscriptions.push(status);

  const refreshStatus = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!client || !editor || editor.document.languageId !== 'netdsl') return;
    const totals = await client.sendRequest<NetworkTotals[]>(TOTALS_REQUEST, { uri: editor.document.uri.toString() });
    if (totals.length === 0) {
      status.text = 'netlint: no network';
      status.detail = undefined;
      return;
    }
    const first = totals[0]!;
    status.text = `${first.name}: ${compact(first.weights)} weights · ${compact(first.connections)} conn`;
    status.detail = totals.map((t) => `${t.name}: ${grouped(t.params)} params, ${grouped(t.connections)} connections`).join('; ');
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
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus().catch(() => undefined)),
    vscode.languages.onDidChangeDiagnostics(() => void refreshStatus().catch(() => undefined)),
  );

  await client.start();
  await refreshStatus().catch(() => undefined);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
