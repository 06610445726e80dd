/**
 * The extension-host suite: the packaged extension inside a real VS Code, asked through
 * VS Code's own `vscode.execute*Provider` commands, as another extension would. Run by
 * test/vscode/run.ts with @vscode/test-electron on machines that can download VS Code.
 * It ends with the line `N passed, N failed`.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';

type Check = [string, () => Promise<void>];

const root = join(__dirname, '..', '..');
const alexnetUri = vscode.Uri.file(join(root, 'examples', 'alexnet.net'));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

const checks: Check[] = [
  [
    'the .net file opens as netdsl and gets its diagnostics',
    async () => {
      const document = await vscode.workspace.openTextDocument(alexnetUri);
      await vscode.window.showTextDocument(document);
      assert.equal(document.languageId, 'netdsl');
      const diagnostics = await until('diagnostics', () => {
        const found = vscode.languages.getDiagnostics(alexnetUri);
        return found.length >= 6 ? found : undefined;
      });
      const heavy = diagnostics.filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'heavy-layer');
      assert.deepEqual(
        heavy.map((d) => d.range.start.line),
        [14, 16],
      );
    },
  ],
  [
    'hover on conv2 shows its weights and connections',
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', alexnetUri, new vscode.Position(7, 3));
      const text = hoverText(hovers);
      assert.match(text, /307,200/);
      assert.match(text, /223,948,800/);
    },
  ],
  [
    'the factorise fix is offered with its measured title',
    async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        alexnetUri,
        new vscode.Range(7, 2, 7, 51),
        vscode.CodeActionKind.QuickFix.value,
      );
      assert.ok(
        actions.some((a) => a.title.startsWith('Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%)')),
        actions.map((a) => a.title).join('\n'),
      );
    },
  ],
  [
    'inlay hints show shapes and compact costs',
    async () => {
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', alexnetUri, new vscode.Range(0, 0, 30, 0));
      const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
      assert.ok(labels.includes('256×27×27 · 307K w · 224M conn'), labels.join('\n'));
    },
  ],
  [
    'document symbols list the network and its layers',
    async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', alexnetUri);
      assert.equal(symbols[0]!.name, 'AlexNet');
      assert.ok(symbols[0]!.children.some((c) => c.name === 'conv2' && c.detail === 'conv → 256×27×27'));
    },
  ],
];

export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const [name, check] of checks) {
    try {
      await check();
      passed++;
      console.log(`✔ ${name}`);
    } catch (error) {
      failed++;
      console.log(`✖ ${name}\n  ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} extension-host checks failed`);
}
