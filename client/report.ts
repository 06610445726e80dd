/**
 * The cost report in a webview beside the editor: the server renders the page (graph, bars,
 * table) with a nonce of ours, and the page may run only that script; it loads nothing
 * (`localResourceRoots` is empty). It follows the document's edits, debounced; a click on a
 * node reveals its line, and moving the cursor marks the node of the line.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COST_REPORT_REQUEST, type CostReportParams } from '../server/protocol';

const FOLLOW_DELAY_MS = 300;

/** One panel per document and network: asking again shows it. */
const panels = new Map<string, vscode.WebviewPanel>();

export function showCostReport(client: LanguageClient, uri: vscode.Uri, network: string | undefined): void {
  const key = `${uri.toString()}#${network ?? ''}`;
  const open = panels.get(key);
  if (open) {
    open.reveal(vscode.ViewColumn.Beside, true);
    return;
  }
  const name = uri.path.split('/').pop() ?? uri.toString();
  const panel = vscode.window.createWebviewPanel(
    'netlint.costReport',
    `Cost report: ${network ?? name}`,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    { enableScripts: true, localResourceRoots: [] },
  );
  panels.set(key, panel);

  const render = async () => {
    const params: CostReportParams = { uri: uri.toString(), title: name, nonce: randomBytes(18).toString('base64'), ...(network ? { network } : {}) };
    const html = await client.sendRequest<string | null>(COST_REPORT_REQUEST, params);
    if (html !== null) panel.webview.html = html;
  };
  let timer: NodeJS.Timeout | undefined;
  const follow = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void render().catch(() => undefined), FOLLOW_DELAY_MS);
  };
  const isOurs = (document: vscode.TextDocument) => document.uri.toString() === uri.toString();

  const subscriptions = [
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (isOurs(event.document)) follow();
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (isOurs(event.textEditor.document)) void panel.webview.postMessage({ line: event.selections[0]!.active.line + 1 });
    }),
    panel.webview.onDidReceiveMessage(async (message: { line?: unknown }) => {
      if (typeof message.line !== 'number' || !Number.isInteger(message.line) || message.line < 1) return;
      const document = await vscode.workspace.openTextDocument(uri);
      const line = Math.min(message.line - 1, document.lineCount - 1);
      const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      const position = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
  ];
  panel.onDidDispose(() => {
    clearTimeout(timer);
    panels.delete(key);
    for (const subscription of subscriptions) subscription.dispose();
  });
  void render().catch(() => undefined);
}
