/**
 * The cost report in a webview beside the editor. The page is made once: its script
 * (dist/report.js, the extension's one resource the webview may load) asks for the report
 * when it starts, and each edit's report (debounced) is posted to it as data, so that what the
 * reader did there (zoom, scroll, open blocks, sort) stays. A click on a node reveals its line,
 * and moving the cursor marks the node of the line; opening or closing a block asks the
 * server to lay the graph out again.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ReportData } from '../report/data';
import { renderReportPage } from '../report/page';
import { COST_REPORT_REQUEST, type CostReportParams } from '../server/protocol';

const FOLLOW_DELAY_MS = 300;

/** One panel per document and network: asking again shows it. */
const panels = new Map<string, vscode.WebviewPanel>();

/** What the page posts. */
type PageMessage = { type: 'ready'; expanded?: unknown } | { type: 'reveal'; line?: unknown } | { type: 'expand'; network?: unknown; expanded?: unknown };

const isPaths = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

export function showCostReport(client: LanguageClient, extensionUri: vscode.Uri, uri: vscode.Uri, network: string | undefined): void {
  const key = `${uri.toString()}#${network ?? ''}`;
  const open = panels.get(key);
  if (open) {
    open.reveal(vscode.ViewColumn.Beside, true);
    return;
  }
  const name = uri.path.split('/').pop() ?? uri.toString();
  const media = vscode.Uri.joinPath(extensionUri, 'dist');
  const panel = vscode.window.createWebviewPanel(
    'netlint.costReport',
    `Cost report: ${network ?? name}`,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    { enableScripts: true, localResourceRoots: [media] },
  );
  panels.set(key, panel);
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString();
  panel.webview.html = renderReportPage({ title: name, nonce: randomBytes(18).toString('base64'), script: { src: script } });

  /** By network, the blocks the reader opened. */
  let expanded: Record<string, string[]> = {};
  // Only the newest request's answer is shown: an older one may come back last.
  let sent = 0;
  const update = async () => {
    const asked = ++sent;
    const params: CostReportParams = { uri: uri.toString(), title: name, expanded, ...(network ? { network } : {}) };
    const data = await client.sendRequest<ReportData | null>(COST_REPORT_REQUEST, params);
    if (data !== null && asked === sent) await panel.webview.postMessage({ type: 'report', data });
  };
  let timer: NodeJS.Timeout | undefined;
  const follow = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update().catch(() => undefined), FOLLOW_DELAY_MS);
  };
  const isOurs = (document: vscode.TextDocument) => document.uri.toString() === uri.toString();

  const reveal = async (line: number) => {
    const document = await vscode.workspace.openTextDocument(uri);
    const at = Math.min(line - 1, document.lineCount - 1);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const position = new vscode.Position(at, document.lineAt(at).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };

  const subscriptions = [
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (isOurs(event.document)) follow();
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (isOurs(event.textEditor.document)) void panel.webview.postMessage({ type: 'cursor', line: event.selections[0]!.active.line + 1 });
    }),
    panel.webview.onDidReceiveMessage(async (message: PageMessage) => {
      if (message.type === 'ready') {
        // The page starts (again, when a hidden panel is shown): it says which blocks it had open.
        if (message.expanded && typeof message.expanded === 'object') {
          expanded = Object.fromEntries(Object.entries(message.expanded).filter(([, paths]) => isPaths(paths))) as Record<string, string[]>;
        }
        await update();
      } else if (message.type === 'expand' && typeof message.network === 'string' && isPaths(message.expanded)) {
        expanded = { ...expanded, [message.network]: message.expanded };
        await update();
      } else if (message.type === 'reveal' && typeof message.line === 'number' && Number.isInteger(message.line) && message.line >= 1) {
        await reveal(message.line);
      }
    }),
  ];
  panel.onDidDispose(() => {
    clearTimeout(timer);
    panels.delete(key);
    for (const subscription of subscriptions) subscription.dispose();
  });
}
