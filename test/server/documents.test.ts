/** The server's document store: one analysis per document version, a failed one included, each reusing its document's last. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver/node';
import { analyze, fixesFor, mayHaveFixes } from '../../core';
import { DocumentStore } from '../../server/documents';
import { readExample } from '../helpers/paths';

/** What TextDocuments.listen registers on a connection, kept to be called by hand. */
function fakeConnection(): { connection: Connection; handlers: Map<string, (event: unknown) => void> } {
  const handlers = new Map<string, (event: unknown) => void>();
  const register = (name: string) => (handler: (event: unknown) => void) => {
    handlers.set(name, handler);
    return { dispose: () => undefined };
  };
  const names = [
    'onDidOpenTextDocument',
    'onDidChangeTextDocument',
    'onDidCloseTextDocument',
    'onWillSaveTextDocument',
    'onWillSaveTextDocumentWaitUntil',
    'onDidSaveTextDocument',
  ];
  return { connection: Object.fromEntries(names.map((name) => [name, register(name)])) as unknown as Connection, handlers };
}

test('an analysis that throws is remembered for that version, not run again per request', () => {
  let runs = 0;
  const store = new DocumentStore(() => {
    runs++;
    throw new RangeError('Maximum call stack size exceeded');
  });
  const { connection, handlers } = fakeConnection();
  store.listen(connection);
  const uri = 'file:///x.net';
  handlers.get('onDidOpenTextDocument')!({ textDocument: { uri, languageId: 'netdsl', version: 1, text: 'network N {}\n' } });
  for (let request = 0; request < 3; request++) assert.throws(() => store.analysis(uri), /^RangeError: Maximum call stack size exceeded$/);
  assert.equal(runs, 1);
  handlers.get('onDidChangeTextDocument')!({ textDocument: { uri, version: 2 }, contentChanges: [{ text: 'network M {}\n' }] });
  assert.throws(() => store.analysis(uri), RangeError);
  assert.equal(runs, 2);
});

test("each document's next version reuses that document's analysis, whatever was analysed in between", () => {
  const store = new DocumentStore();
  const { connection, handlers } = fakeConnection();
  store.listen(connection);
  const open = (uri: string, text: string) => handlers.get('onDidOpenTextDocument')!({ textDocument: { uri, languageId: 'netdsl', version: 1, text } });
  const a = 'file:///alexnet.net';
  const b = 'file:///vgg16.net';
  open(a, readExample('alexnet.net'));
  open(b, readExample('vgg16.net'));
  const first = store.analysis(a)!;
  store.analysis(b);
  for (const diagnostic of first.diagnostics.filter(mayHaveFixes)) fixesFor(first, diagnostic);
  // conv1's filters go from 96 to 64: one line of AlexNet's 17 statements edited.
  const line = first.lines.positionAt(first.text.indexOf('96')).line;
  const range = { start: { line, character: 15 }, end: { line, character: 17 } };
  handlers.get('onDidChangeTextDocument')!({ textDocument: { uri: a, version: 2 }, contentChanges: [{ range, text: '64' }] });
  const second = store.analysis(a)!;
  assert.match(second.text, /conv1 = conv\(64, 11x11/);
  assert.equal(second.reusable.statements?.reused, 16);
  // A settings change makes the analysis out of date, not what it parsed.
  store.setSettings(a, { ...store.settingsOf(a) });
  assert.equal(store.analysis(a)!.reusable.statements?.reused, 17);
});

test('a version whose analysis threw passes on what the last good analysis left', () => {
  const given: (string | undefined)[] = [];
  const store = new DocumentStore((text, settings, previous) => {
    given.push(previous?.reusable.statements?.text);
    if (text.includes('boom')) throw new RangeError('Maximum call stack size exceeded');
    return analyze(text, settings, previous);
  });
  const { connection, handlers } = fakeConnection();
  store.listen(connection);
  const uri = 'file:///x.net';
  const change = (version: number, text: string) => handlers.get('onDidChangeTextDocument')!({ textDocument: { uri, version }, contentChanges: [{ text }] });
  handlers.get('onDidOpenTextDocument')!({ textDocument: { uri, languageId: 'netdsl', version: 1, text: 'network A {}\n' } });
  store.analysis(uri);
  change(2, 'network boom {}\n');
  assert.throws(() => store.analysis(uri), RangeError);
  change(3, 'network C {}\n');
  store.analysis(uri);
  assert.deepEqual(given, [undefined, 'network A {}\n', 'network A {}\n']);
});
