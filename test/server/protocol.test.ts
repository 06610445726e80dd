/**
 * The server's contract, tested as an editor uses it: dist/server.js as a child process,
 * a real LSP client over stdio, AlexNet and a block-heavy ResNet-50. Only the wiring: each
 * feature answers one request here, what it answers is in test/server/features/, and
 * what is about the protocol itself (edits, settings, errors, survival) stays here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  Hover,
  InlayHint,
  Location,
  SignatureHelp,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ReportData } from '../../report/data';
import { changeSettings, positionOf, readExample, startServer, type LspSession } from '../helpers/lsp-client';

const ALEXNET = readExample('alexnet.net');
const RESNET = readExample('resnet50.net');

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as { kind: string; value: string }).value;
}

function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits = (edit.changes?.[uri] ?? []) as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create(uri, 'netdsl', 1, text), edits);
}

describe('language server over stdio', () => {
  let session: LspSession;
  let alexnet: string;
  let resnet: string;

  before(async () => {
    session = await startServer();
    alexnet = (await session.open('examples/alexnet.net', ALEXNET)).uri;
    resnet = (await session.open('examples/resnet50.net', RESNET)).uri;
  });
  after(async () => {
    await session.close();
    assert.doesNotMatch(session.stderr(), /Error/);
  });

  const request = <R>(method: string, params: object) => session.connection.sendRequest(method, params) as Promise<R>;

  test('diagnostics carry their code, a link to the rule, and data for the fixes', () => {
    const found = session.diagnostics(alexnet).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`);
    assert.deepEqual(found, [
      '5:3 3 large-kernel',
      '8:3 3 costly-layer',
      '8:3 3 large-kernel',
      '15:3 2 heavy-layer',
      '15:3 2 fc-dominant',
      '17:3 2 heavy-layer',
    ]);
    const heavy = session.diagnostics(alexnet).find((d) => d.code === 'heavy-layer')!;
    assert.equal(heavy.message, "fc6 holds 61.9% of the network's weights (37,748,736 of 60,954,656)");
    assert.equal(heavy.source, 'netlint');
    assert.match(heavy.codeDescription!.href, /^file:\/\/.*\/docs\/rules\.md#heavy-layer$/);
    assert.deepEqual(heavy.range, { start: { line: 14, character: 2 }, end: { line: 14, character: 31 } });
  });

  test('hover', async () => {
    const hover = await request<Hover>('textDocument/hover', { textDocument: { uri: alexnet }, position: positionOf(ALEXNET, 'conv2 =', 1) });
    assert.match(hoverText(hover), /^\*\*conv2\*\* `conv` → \*\*256×27×27\*\*/);
    assert.deepEqual(hover.range, { start: { line: 7, character: 2 }, end: { line: 7, character: 51 } });
  });

  test('inlay hints', async () => {
    const hints = await request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: alexnet },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
    });
    assert.equal(hints.length, 16);
    assert.deepEqual([hints[3]!.label, hints[3]!.position], ['256×27×27 · 307K w · 224M conn', { line: 7, character: 51 }]);
  });

  test('code lens and the cost table it opens', async () => {
    const lenses = await request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: alexnet } });
    assert.deepEqual(lenses[0]!.command, {
      title: 'AlexNet: 60,954,656 weights · 724,406,816 connections · 659,272 units · cost table',
      command: 'netlint.showCostTable',
      arguments: [alexnet, 'AlexNet'],
    });
    const table = await request<string>('netlint/costTable', { uri: alexnet, network: 'AlexNet' });
    assert.match(table, /^\| conv2 \| conv \| 256×27×27 \| 186,624 \| 307,200 \| 223,948,800 \| 0\.5% \| 30\.9% \|$/m);
  });

  test('the PyTorch export of a document', async () => {
    const result = await request<{ text?: string; error?: string }>('netlint/exportPyTorch', { uri: alexnet });
    assert.match(result.text ?? '', /^ {8}self\.conv2 = nn\.Conv2d\(96, 256, 5, padding=2, groups=2\)$/m);
    assert.deepEqual(await request('netlint/exportPyTorch', { uri: alexnet, network: 'VGG' }), {
      error: "alexnet.net has no network 'VGG'; its networks: AlexNet",
    });
  });

  test('the cost report the webview shows, as data', async () => {
    const data = await request<ReportData>('netlint/costReport', { uri: alexnet, network: 'AlexNet', title: 'alexnet.net' });
    assert.equal(data.title, 'alexnet.net');
    assert.deepEqual(
      data.networks.map((n) => [n.name, n.totals.weights, n.rows.length, n.graph?.nodes.length]),
      [['AlexNet', '60954656', 16, 17]],
    );
  });

  test('document symbols and folding', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: resnet } });
    assert.deepEqual(
      symbols.map((s) => `${s.name} ${s.detail}`),
      ['Bottleneck (planes)', 'BottleneckDown (planes, stride)', 'ResNet50 3×224×224 → 1000'],
    );
    const folds = await request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: resnet } });
    assert.deepEqual(folds[0], { startLine: 6, endLine: 16 });
  });

  test('definition, references, highlights, prepare rename and rename of a block', async () => {
    const at = { textDocument: { uri: resnet }, position: positionOf(RESNET, 'Bottleneck(64) * 2', 2) };
    const definition = await request<Location[]>('textDocument/definition', at);
    assert.deepEqual(definition, [{ uri: resnet, range: { start: { line: 6, character: 6 }, end: { line: 6, character: 16 } } }]);
    const references = await request<Location[]>('textDocument/references', { ...at, context: { includeDeclaration: false } });
    assert.equal(references.length, 4);
    const highlights = await request<unknown[]>('textDocument/documentHighlight', at);
    assert.equal(highlights.length, 5);
    const prepared = await request('textDocument/prepareRename', at);
    assert.deepEqual(prepared, { range: { start: { line: 46, character: 13 }, end: { line: 46, character: 23 } }, placeholder: 'Bottleneck' });
    const edit = await request<WorkspaceEdit>('textDocument/rename', { ...at, newName: 'Residual' });
    assert.match(applyWorkspaceEdit(RESNET, resnet, edit), /^block Residual\(planes\) \{$/m);
  });

  test('a refused rename is an InvalidParams error with the reason, from rename and prepare rename', async () => {
    const at = { textDocument: { uri: resnet }, position: positionOf(RESNET, 'Bottleneck(64) * 2', 2) };
    await assert.rejects(request('textDocument/rename', { ...at, newName: 'conv' }), { code: -32602, message: "'conv' is already an op" });
    const block = 'block B(f) {\n  a = conv(f, 3x3)\n  b = add(a, in)\n}\n';
    const opened = await session.open('scratch/rename-block.net', block);
    await assert.rejects(request('textDocument/prepareRename', { textDocument: { uri: opened.uri }, position: positionOf(block, 'in)') }), {
      code: -32602,
      message: "'in' is the block's input: it cannot be renamed",
    });
  });

  test('completion', async () => {
    const text = 'network N {\n  input x: 3x32x32\n  a = conv(16, 3x3, act=)\n}\n';
    const { uri } = await session.open('scratch/completion.net', text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'act=)', 4) });
    assert.deepEqual(
      items.map((i) => i.label),
      ['relu', 'sigmoid', 'tanh', 'gelu', 'silu', 'swish', 'hardswish', 'hardsigmoid', 'relu6', 'leakyrelu', 'elu', 'none'],
    );
  });

  test('signature help marks the argument being written', async () => {
    const text = 'network N {\n  input x: 3x32x32\n  a = conv(16, 3x3, pad=\n}\n';
    const { uri } = await session.open('scratch/signature.net', text);
    const help = await request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri }, position: { line: 2, character: 24 } });
    assert.equal(help.signatures[0]!.label, 'conv(filters, kernel, stride=1, pad=0, dilation=1, groups=1, bias=true, act=none)');
    assert.equal(help.activeParameter, 3);
  });

  test('a quick fix applied and re-analysed: the hover shows the new numbers', async () => {
    const { uri } = await session.open('scratch/alexnet-fix.net', ALEXNET);
    const diagnostic = session.diagnostics(uri).find((d) => d.code === 'large-kernel' && d.range.start.line === 7)!;
    const actions = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.equal(actions.length, 5);
    assert.match(actions[0]!.title, /^Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064/);
    const fixed = applyWorkspaceEdit(ALEXNET, uri, actions[0]!.edit!);
    const diagnostics = await session.change(uri, 2, [{ text: fixed }]);
    assert.equal(diagnostics.filter((d) => d.code === 'large-kernel').length, 1);
    const hover = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(fixed, 'conv2 =', 1) }));
    assert.match(hover, /`weights = 3·3·48·256 = 110,592`/);
  });

  test('a quick fix on a 2³¹−1 kernel: the server answers, and answers on', async () => {
    // The 3×3 stack of that kernel was a billion lines: the code action took the server down.
    // (With pad=2147483647, as first reported, the output passes the size limit: a shape error.)
    const text = 'network N {\n  input x: 3x32x32\n  big = conv(8, 2147483647x2147483647, pad=1073741823)\n}\n';
    const { uri } = await session.open('scratch/huge-kernel.net', text);
    const diagnostic = session.diagnostics(uri).find((d) => d.code === 'large-kernel')!;
    const actions = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.equal(actions.length, 4);
    const hover = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'big =', 1) }));
    assert.match(hover, /^\*\*big\*\* `conv`/);
  });

  test('a refactoring at the cursor: BERT-base’s word table factorised, though no diagnostic is there', async () => {
    const text = readExample('bert_base.net');
    const { uri, diagnostics } = await session.open('scratch/bert_base.net', text);
    const position = positionOf(text, 'words       = embedding', 2);
    assert.deepEqual(
      diagnostics.filter((d) => d.range.start.line <= position.line && position.line <= d.range.end.line),
      [],
    );
    const actions = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    assert.deepEqual(
      actions.map((action) => [action.kind, action.title]),
      [
        [
          'refactor.rewrite',
          'Factorise words through 128 (embedding(30522, 128) then dense(768)): weights 23,440,896 → 4,005,120 (−82.9%), connections 0 → 12,582,912 (new)',
        ],
      ],
    );
    const rewritten = applyWorkspaceEdit(text, uri, actions[0]!.edit!);
    assert.match(rewritten, /\n {2}words_low = embedding\(30522, 128\)\n {2}words = dense\(768, bias=false\) /);
  });

  test('incremental edits: a broken line, then mended', async () => {
    const { uri } = await session.open('scratch/edits.net', ALEXNET);
    const line = 10;
    const broken = await session.change(uri, 2, [{ range: { start: { line, character: 23 }, end: { line, character: 24 } }, text: '' }]);
    const syntax = broken.filter((d) => d.code === 'syntax');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0]!.message as string, /expected '\)' to close conv\(/);
    const mended = await session.change(uri, 3, [{ range: { start: { line, character: 23 }, end: { line, character: 23 } }, text: ',' }]);
    assert.deepEqual(
      mended.map((d) => d.code),
      session.diagnostics(alexnet).map((d) => d.code),
    );
  });

  test('changing a setting re-validates open documents', async () => {
    await changeSettings(session, { rules: { 'heavy-layer': { severity: 'off' }, 'fc-dominant': { severity: 'error' } } });
    const next = await session.nextDiagnostics(alexnet);
    assert.deepEqual(
      next.map((d) => d.code),
      ['large-kernel', 'costly-layer', 'large-kernel', 'fc-dominant'],
    );
    assert.equal(next[3]!.severity, 1);
    await changeSettings(session, { inlayHints: { enabled: false } });
    await session.nextDiagnostics(alexnet);
    const hints = await request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: alexnet },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
    });
    assert.deepEqual(hints, []);
    await changeSettings(session, {});
    await session.nextDiagnostics(alexnet);
  });
});

describe('language server over stdio: files past what an editor can take', () => {
  let session: LspSession;
  before(async () => {
    session = await startServer();
  });
  after(async () => {
    await session.close();
    assert.doesNotMatch(session.stderr(), /Error/);
  });

  test('a 5 MB line of 1,700,000 surplus arguments: one diagnostic over them all', async () => {
    const text = `network N {\n  input x: 3x8x8\n  a = conv(8, 3x3${', 1'.repeat(1_700_000)})\n}\n`;
    const { diagnostics } = await session.open('scratch/surplus.net', text);
    // The ninth argument starts at 37 ('  a = conv(8, 3x3' and six ', 1', then ', '); the line ends with ')'.
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.range]),
      [
        [
          'bad-argument',
          'conv takes at most 8 arguments, but is given 1,700,002',
          { start: { line: 2, character: 37 }, end: { line: 2, character: 17 + 3 * 1_700_000 } },
        ],
      ],
    );
  });

  test('1,500 errors: the first 1,000 and one that counts the rest', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `  b${i} = relu(${i})`);
    const { diagnostics } = await session.open('scratch/many.net', `network N {\n  input x: 3x8x8\n${lines.join('\n')}\n}\n`);
    assert.equal(diagnostics.length, 1001);
    assert.deepEqual([diagnostics[999]!.message, diagnostics[999]!.range.start], ['relu takes no arguments, but is given 1', { line: 1001, character: 14 }]);
    const more = diagnostics[1000]!;
    assert.deepEqual(
      [more.code, more.severity, more.message, more.range.start],
      ['limit', 1, 'and 500 more errors from here on, not shown: a file reports at most 1,000', { line: 1002, character: 15 }],
    );
  });
});
