/**
 * The server's contract, tested as an editor uses it: dist/server.js as a child process,
 * a real LSP client over stdio, AlexNet and a block-heavy ResNet-50.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CodeLens, CompletionItem, DocumentSymbol, Hover, InlayHint, Location, SignatureHelp, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
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
    assert.deepEqual(found, ['5:3 3 large-kernel', '8:3 3 costly-layer', '8:3 3 large-kernel', '15:3 2 heavy-layer', '15:3 2 fc-dominant', '17:3 2 heavy-layer']);
    const heavy = session.diagnostics(alexnet).find((d) => d.code === 'heavy-layer')!;
    assert.equal(heavy.message, "fc6 holds 61.9% of the network's weights (37,748,736 of 60,954,656)");
    assert.equal(heavy.source, 'netlint');
    assert.match(heavy.codeDescription!.href, /^file:\/\/.*\/docs\/rules\.md#heavy-layer$/);
    assert.deepEqual(heavy.range, { start: { line: 14, character: 2 }, end: { line: 14, character: 31 } });
  });

  test('hover on a layer: shape, counts with shares, and the formulas', async () => {
    const text = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri: alexnet }, position: positionOf(ALEXNET, 'conv2 =', 1) }));
    assert.match(text, /^\*\*conv2\*\* `conv` → \*\*256×27×27\*\*/);
    assert.match(text, /\| units \| 186,624 \| 28\.3% \|/);
    assert.match(text, /\| weights \| 307,200 \(\+256 biases\) \| 0\.5% \|/);
    assert.match(text, /\| connections \| 223,948,800 \| 30\.9% \|/);
    assert.match(text, /`weights = 5·5·48·256 = 307,200`/);
    assert.match(text, /`connections = 186,624·5·5·48 = 223,948,800`/);
  });

  test('hover on a block instance, a block name and a tensor name', async () => {
    const instance = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri: resnet }, position: positionOf(RESNET, 'layer2   =', 1) }));
    assert.match(instance, /^\*\*layer2\*\* `Bottleneck ×3` → \*\*512×28×28\*\*/);
    assert.match(instance, /\| weights \| 835,584 \| 3\.3% \|/);
    assert.match(instance, /\| params \| 840,192 \| 3\.3% \|/);
    const block = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri: resnet }, position: positionOf(RESNET, 'block BottleneckDown', 7) }));
    assert.match(block, /\*\*block BottleneckDown\*\*\(planes, stride\)/);
    assert.match(block, /- `stride=1`/);
    assert.match(block, /Used 4 times in this file\./);
    const tensor = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri: resnet }, position: positionOf(RESNET, 'add(bn3, dn_bn)', 9) }));
    assert.match(tensor, /\*\*dn_bn\*\* in layer1_0: 256×56×56/);
    assert.match(tensor, /\*\*dn_bn\*\* in layer4_0: 2048×7×7/);
  });

  test('inlay hints after each layer', async () => {
    const hints = await request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: alexnet },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
    });
    const conv2 = hints.find((h) => h.position.line === 7)!;
    assert.equal(conv2.label, '256×27×27 · 307K w · 224M conn');
    assert.deepEqual(conv2.position, { line: 7, character: 51 });
    assert.equal(hints.find((h) => h.position.line === 5)!.label, '96×55×55');
    assert.equal(hints.length, 16);
  });

  test('code lens with the totals and the cost table it opens', async () => {
    const lenses = await request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: alexnet } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.command!.title, 'AlexNet: 60,954,656 weights · 724,406,816 connections · 659,272 units · cost table');
    assert.deepEqual(lenses[0]!.command!.arguments, [alexnet, 'AlexNet']);
    const table = await request<string>('netlint/costTable', { uri: alexnet, network: 'AlexNet' });
    assert.match(table, /^\| conv2 \| conv \| 256×27×27 \| 186,624 \| 307,200 \| 223,948,800 \| 0\.5% \| 30\.9% \|$/m);
    assert.match(table, /^\| pool5 \| maxpool \| 256×6×6 \| 0 \| 0 \| 0 \| 0\.0% \| 0\.0% \|$/m);
  });

  test('document symbols with shapes, and folding', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: resnet } });
    assert.deepEqual(symbols.map((s) => s.name), ['Bottleneck', 'BottleneckDown', 'ResNet50']);
    const network = symbols[2]!;
    assert.equal(network.detail, '3×224×224 → 1000');
    const layer2 = network.children!.find((c) => c.name === 'layer2')!;
    assert.equal(layer2.detail, 'Bottleneck → 512×28×28');
    const folds = await request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: resnet } });
    assert.ok(folds.some((f) => f.startLine === 6 && f.endLine === 16), JSON.stringify(folds));
    assert.ok(folds.some((f) => f.kind === 'comment' && f.startLine === 0 && f.endLine === 3));
  });

  test('definition, references, highlights and rename of a block', async () => {
    const at = { textDocument: { uri: resnet }, position: positionOf(RESNET, 'Bottleneck(64) * 2', 2) };
    const definition = await request<Location[]>('textDocument/definition', at);
    assert.deepEqual(definition.map((l) => l.range.start), [{ line: 6, character: 6 }]);
    const references = await request<Location[]>('textDocument/references', { ...at, context: { includeDeclaration: false } });
    assert.equal(references.length, 4);
    const highlights = await request<unknown[]>('textDocument/documentHighlight', at);
    assert.equal(highlights.length, 5);
    const edit = await request<WorkspaceEdit>('textDocument/rename', { ...at, newName: 'Residual' });
    const renamed = applyWorkspaceEdit(RESNET, resnet, edit);
    assert.match(renamed, /^block Residual\(planes\) \{$/m);
    assert.match(renamed, /^ {2}layer3 {3}= Residual\(256\) \* 5$/m);
    await assert.rejects(request('textDocument/rename', { ...at, newName: 'conv' }), /'conv' is already an op or a block/);
  });

  test('definition of a tensor read with from', async () => {
    const definition = await request<Location[]>('textDocument/definition', {
      textDocument: { uri: resnet },
      position: positionOf(RESNET, 'add(bn3, dn_bn)', 5),
    });
    assert.deepEqual(definition.map((l) => l.range.start), [{ line: 29, character: 2 }]);
  });

  /** Opens a snippet with a `|` cursor marker and asks for completion there. */
  let scratchCount = 0;
  const completeAt = async (marked: string): Promise<CompletionItem[]> => {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const { uri } = await session.open(`scratch/completion-${++scratchCount}.net`, text);
    return request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, text.slice(0, offset).split('\n').pop()!, offset - text.lastIndexOf('\n', offset - 1) - 1, 1) });
  };
  const NET = (body: string) => `network N {\n  input x: 3x32x32\n  a = conv(16, 3x3)\n  b = relu()\n${body}\n}\n`;

  const completionCases: [string, string, (labels: string[], items: CompletionItem[]) => void][] = [
    ['ops and blocks at a new statement', NET('  c = |'), (labels, items) => {
      for (const op of ['conv', 'dwconv', 'dense', 'fc', 'maxpool', 'globalavgpool', 'add', 'concat']) assert.ok(labels.includes(op), op);
      assert.equal(items.find((i) => i.label === 'conv')!.insertText, 'conv(${1:filters}, ${2:3x3})$0');
      assert.equal(items.find((i) => i.label === 'add')!.insertText, 'add(${1:a}, ${2:b})$0');
    }],
    ['argument names inside a call, those written left out', NET('  c = conv(8, 3x3, pad=1, |)'), (labels) =>
      assert.deepEqual(labels, ['filters=', 'kernel=', 'stride=', 'dilation=', 'groups=', 'bias=', 'act='])],
    ['activations after act=', NET('  c = conv(8, 3x3, act=|)'), (labels) => assert.deepEqual(labels, ['relu', 'sigmoid', 'tanh', 'gelu', 'none'])],
    ['same after pad=', NET('  c = conv(8, 3x3, pad=|)'), (labels) => assert.deepEqual(labels, ['same'])],
    ['tensors in scope after from, nearest first', NET('  c = relu() from |'), (labels) => assert.deepEqual(labels, ['b', 'a', 'x'])],
    ['tensors inside add', NET('  c = add(a, |)'), (labels) => assert.deepEqual(labels, ['b', 'a', 'x'])],
    ['in and earlier layers inside a block', 'block B(f) {\n  a = conv(f, 1x1)\n  b = concat(a, |)\n}\n', (labels) => assert.deepEqual(labels, ['a', 'in'])],
    ['block parameters as values inside a block', 'block B(filters, k=3) {\n  a = conv(|)\n}\n', (labels) => {
      assert.ok(labels.includes('filters=') && labels.includes('filters') && labels.includes('k'), labels.join());
    }],
    ['network and block at the top level', '|', (labels) => assert.deepEqual(labels, ['network', 'block'])],
  ];
  for (const [name, marked, check] of completionCases) {
    test(`completion: ${name}`, async () => {
      const items = await completeAt(marked);
      check(items.map((i) => i.label), items);
    });
  }

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
    assert.deepEqual(actions.map((a) => a.title), [
      'Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%), connections 223,948,800 → 110,854,656 (−50.5%)',
      'Factorise conv2 5×5 into 1×5 and 5×1: weights 307,200 → 84,480 (−72.5%), connections 223,948,800 → 61,585,920 (−72.5%)',
      'Make conv2 depthwise-separable (5×5 depthwise, then 1×1): weights 307,200 → 26,976 (−91.2%), connections 223,948,800 → 19,665,504 (−91.2%)',
      'Disable large-kernel for this line',
      'Disable large-kernel for this file',
    ]);
    assert.deepEqual(actions.map((a) => a.isPreferred ?? false), [false, false, true, false, false]);
    const fixed = applyWorkspaceEdit(ALEXNET, uri, actions[0]!.edit!);
    assert.match(fixed, /^ {2}conv2_1 = conv\(96, 3x3, pad=1, groups=2, act=relu\)\n {2}conv2 = conv\(256, 3x3, pad=1, groups=2, act=relu\)$/m);
    const diagnostics = await session.change(uri, 2, [{ text: fixed }]);
    assert.equal(diagnostics.filter((d) => d.code === 'large-kernel').length, 1);
    const hover = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(fixed, 'conv2 =', 1) }));
    assert.match(hover, /`weights = 3·3·48·256 = 110,592`/);
    assert.match(hover, /\| connections \| 80,621,568 \|/);

    const disable = applyWorkspaceEdit(fixed, uri, actions[3]!.edit!);
    assert.match(disable, /\n {2}# netlint-disable-next-line large-kernel\n {2}conv2_1 = /);
  });

  test('incremental edits: a broken line, then mended', async () => {
    const { uri } = await session.open('scratch/edits.net', ALEXNET);
    const line = 10;
    const broken = await session.change(uri, 2, [{ range: { start: { line, character: 23 }, end: { line, character: 24 } }, text: '' }]);
    const syntax = broken.filter((d) => d.code === 'syntax');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0]!.message as string, /expected '\)' to close conv\(/);
    const mended = await session.change(uri, 3, [{ range: { start: { line, character: 23 }, end: { line, character: 23 } }, text: ',' }]);
    assert.deepEqual(mended.map((d) => d.code), session.diagnostics(alexnet).map((d) => d.code));
  });

  test('changing a setting re-validates open documents', async () => {
    await changeSettings(session, { rules: { 'heavy-layer': { severity: 'off' }, 'fc-dominant': { severity: 'error' } } });
    const next = await session.nextDiagnostics(alexnet);
    assert.deepEqual(next.map((d) => d.code), ['large-kernel', 'costly-layer', 'large-kernel', 'fc-dominant']);
    assert.equal(next[3]!.severity, 1);
    await changeSettings(session, { inlayHints: { enabled: false } });
    await session.nextDiagnostics(alexnet);
    const hints = await request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: alexnet }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } });
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
      [['bad-argument', 'conv takes at most 8 arguments, but is given 1,700,002', { start: { line: 2, character: 37 }, end: { line: 2, character: 17 + 3 * 1_700_000 } }]],
    );
  });

  test('1,500 errors: the first 1,000 and one that counts the rest', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `  b${i} = relu(${i})`);
    const { diagnostics } = await session.open('scratch/many.net', `network N {\n  input x: 3x8x8\n${lines.join('\n')}\n}\n`);
    assert.equal(diagnostics.length, 1001);
    assert.deepEqual([diagnostics[999]!.message, diagnostics[999]!.range.start], ['relu takes no arguments, but is given 1', { line: 1001, character: 14 }]);
    const more = diagnostics[1000]!;
    assert.deepEqual([more.code, more.severity, more.message, more.range.start], ['limit', 1, 'and 500 more errors from here on, not shown: a file reports at most 1,000', { line: 1002, character: 15 }]);
  });
});
