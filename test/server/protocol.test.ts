/**
 * The server's contract, tested as an editor uses it: dist/server.js as a child process,
 * a real LSP client over stdio, AlexNet and a block-heavy ResNet-50.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CodeLens, CompletionItem, DocumentSymbol, Hover, InlayHint, Location, SignatureHelp, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { OPS, OP_ALIASES } from '../../core';
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
    await assert.rejects(request('textDocument/rename', { ...at, newName: 'conv' }), { code: -32602, message: "'conv' is already an op" });
  });

  test('rename refuses a name in scope with the reason, and names an automatic layer', async () => {
    const text = 'network N {\n  input x: 3x32x32\n  conv1 = conv(8, 3x3)\n  conv2 = conv(8, 3x3)\n  dropout()\n  s = add(conv2, dropout_1)\n}\n';
    const { uri } = await session.open('scratch/rename.net', text);
    const rename = (needle: string, newName: string) =>
      request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf(text, needle, 1), newName });
    await assert.rejects(rename('conv2 =', 'conv1'), { code: -32602, message: "'conv1' is already the name of the layer on line 3" });
    await assert.rejects(rename('dropout_1', 'conv1'), { code: -32602, message: "'conv1' is already the name of the layer on line 3" });
    await assert.rejects(rename('conv1 =', 'dropout_1'), { code: -32602, message: "'dropout_1' is already the automatic name of the layer on line 5" });
    await assert.rejects(rename('dropout_1', 'drop out'), { code: -32602, message: "'drop out' is not a name: letters, digits and _, not starting with a digit" });
    await assert.rejects(rename('dropout_1', 'input'), { code: -32602, message: "'input' is a keyword" });
    const prepared = await request('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(text, 'dropout_1', 1) });
    assert.deepEqual(prepared, { range: { start: { line: 5, character: 17 }, end: { line: 5, character: 26 } }, placeholder: 'dropout_1' });
    const named = applyWorkspaceEdit(text, uri, await rename('dropout_1', 'drop'));
    assert.equal(named, text.replace('  dropout()', '  drop = dropout()').replace('dropout_1)', 'drop)'));

    const block = 'block B(f) {\n  a = conv(f, 3x3)\n  b = add(a, in)\n}\n';
    const opened = await session.open('scratch/rename-block.net', block);
    await assert.rejects(request('textDocument/prepareRename', { textDocument: { uri: opened.uri }, position: positionOf(block, 'in)') }), {
      code: -32602,
      message: "'in' is the block's input: it cannot be renamed",
    });
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
    const before = text.slice(0, offset);
    const position = { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
    return request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
  };
  // Every op in the registry's order, then the aliases: test/core/ops.test.ts lists the ops by name.
  const CALLABLES = [...OPS.keys(), ...OP_ALIASES.keys()];
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
    ['true and false after bias=', NET('  c = dense(8, bias=|)'), (labels) => assert.deepEqual(labels, ['true', 'false'])],
    ['a block parameter takes the values of the op argument it is passed on to', `block B(f, a) {\n  c = conv(f, 3x3, act=a)\n}\n${NET('  c = B(8, a=|)')}`, (labels) =>
      assert.deepEqual(labels, ['relu', 'sigmoid', 'tanh', 'gelu', 'none'])],
    ['the same by position, through another block', `block A(f, b) {\n  c = dense(f, b)\n}\nblock B(u) {\n  a = A(8, u)\n}\n${NET('  c = B(u=|)')}`, (labels) =>
      assert.deepEqual(labels, ['true', 'false'])],
    ['no values for a block parameter passed on to none', `block B(f, act) {\n  c = conv(f, 3x3)\n}\n${NET('  c = B(8, act=|)')}`, (labels) => assert.deepEqual(labels, [])],
    ['tensors in scope after from, nearest first', NET('  c = relu() from |'), (labels) => assert.deepEqual(labels, ['b', 'a', 'x'])],
    ['tensors inside add', NET('  c = add(a, |)'), (labels) => assert.deepEqual(labels, ['b', 'a', 'x'])],
    ['tensors after from at the end of a file, the body still open', 'network N {\n  input x: 3x32x32\n  a = relu()\n  b = relu() from |', (labels) =>
      assert.deepEqual(labels, ['a', 'x'])],
    ['tensors inside add at the end of a file, past a blank line', 'network N {\n  input x: 3x32x32\n  a = relu()\n\n  b = add(a, |', (labels) =>
      assert.deepEqual(labels, ['a', 'x'])],
    ['in and earlier layers inside a block', 'block B(f) {\n  a = conv(f, 1x1)\n  b = concat(a, |)\n}\n', (labels) => assert.deepEqual(labels, ['a', 'in'])],
    ['block parameters as values inside a block', 'block B(filters, k=3) {\n  a = conv(|)\n}\n', (labels) => {
      assert.ok(labels.includes('filters=') && labels.includes('filters') && labels.includes('k'), labels.join());
    }],
    ['network and block at the top level', '|', (labels) => assert.deepEqual(labels, ['network', 'block'])],
    ['ops, blocks and input on the line after a call, not from', NET('  pool = maxpool(2x2)\n  co|'), (labels) =>
      assert.deepEqual(labels, [...CALLABLES, 'input'])],
    ['the same at the end of a file with no line break', 'network N {\n  input x: 3x32x32\n  pool = maxpool(2x2)\n  co|', (labels) =>
      assert.deepEqual(labels, [...CALLABLES, 'input'])],
    ['the same after a comment line', NET('  # the head\n  |'), (labels) => assert.deepEqual(labels, [...CALLABLES, 'input'])],
    ['from after a call on the same line', NET('  pool = maxpool(2x2) |'), (labels) => assert.deepEqual(labels, ['from'])],
    ['inside a block: no input, nor the blocks a call would make recursive (B itself, A that uses it)',
      'block A(f) {\n  a = B(f)\n}\nblock B(f) {\n  a = conv(f, 3x3)\n  |\n}\nblock C(f) {\n  a = conv(f, 1x1)\n}\n', (labels) =>
        assert.deepEqual(labels, [...CALLABLES, 'C'])],
    ['the same after name = at the end of a file', 'block A(f) {\n  a = B(f)\n}\nblock C(f) {\n  a = conv(f, 1x1)\n}\nblock B(f) {\n  x = |', (labels) =>
      assert.deepEqual(labels, [...CALLABLES, 'C'])],
    ['network and block after a block', 'block B(f) {\n  a = conv(f, 3x3)\n}\n|', (labels) => assert.deepEqual(labels, ['network', 'block'])],
    ['nothing inside a comment', NET('  pool = maxpool(2x2) # 2x co|'), (labels) => assert.deepEqual(labels, [])],
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

  test('disable actions exactly where a comment silences: all but syntax, and applied they silence', async () => {
    const text = 'network N {\n  input x: 3x32x32\n  a = conv(8, 3x3, foo=1)\n  b = cnv(8, 3x3)\n  c = relu() from ghost\n  d = relu() )\n}\n';
    const { uri, diagnostics } = await session.open('scratch/disable.net', text);
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`), ['3 bad-argument', '4 unused', '4 unknown-op', '5 unknown-name', '6 syntax']);
    let version = 1;
    for (const diagnostic of diagnostics) {
      const actions = await request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      if (diagnostic.code === 'syntax') {
        assert.deepEqual(actions, []);
        continue;
      }
      assert.deepEqual(actions.map((a) => a.title), [`Disable ${diagnostic.code} for this line`, `Disable ${diagnostic.code} for this file`]);
      for (const action of actions) {
        const silenced = await session.change(uri, ++version, [{ text: applyWorkspaceEdit(text, uri, action.edit!) }]);
        assert.ok(!silenced.some((d) => d.code === diagnostic.code), `${action.title}: ${JSON.stringify(silenced)}`);
        await session.change(uri, ++version, [{ text }]);
      }
    }
  });

  test('no disable action on a file that is not text: a comment cannot silence it', async () => {
    const { uri, diagnostics } = await session.open('scratch/not-text.net', 'network N {\n  input x: 3x32x32\0\n}\n');
    assert.deepEqual(diagnostics.map((d) => d.message), ['not a text file: it holds a NUL character at line 2']);
    const actions = await request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } });
    assert.deepEqual(actions, []);
  });

  test('a quick fix on a 2³¹−1 kernel: bounded fixes, and the server answers on', async () => {
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
    assert.deepEqual(actions.map((a) => a.title), [
      'Factorise big 2147483647×2147483647 into 1×2147483647 and 2147483647×1: weights 110,680,464,339,178,094,616 → 70,866,960,351 (−100.0%), connections 113,336,795,483,318,368,886,784 → 72,567,767,399,424 (−100.0%)',
      'Make big depthwise-separable (2147483647×2147483647 depthwise, then 1×1): weights 110,680,464,339,178,094,616 → 13,835,058,042,397,261,851 (−87.5%), connections 113,336,795,483,318,368,886,784 → 14,167,099,435,414,796,135,424 (−87.5%)',
      'Disable large-kernel for this line',
      'Disable large-kernel for this file',
    ]);
    assert.match(applyWorkspaceEdit(text, uri, actions[0]!.edit!), /\n {2}big_1x2147483647 = conv\(3, 1x2147483647, pad=0x1073741823\)\n {2}big = conv\(8, 2147483647x1, pad=1073741823x0\)\n/);
    const hover = hoverText(await request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'big =', 1) }));
    assert.match(hover, /^\*\*big\*\* `conv`/);
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
