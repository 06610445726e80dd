/** The server's document store: one analysis per document version, a failed one included. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver/node';
import { DocumentStore } from '../../server/documents';

/** What TextDocuments.listen registers on a connection, kept to be called by hand. */
function fakeConnection(): { connection: Connection; handlers: Map<string, (event: unknown) => void> } {
  const handlers = new Map<string, (event: unknown) => void>();
  const register = (name: string) => (handler: (event: unknown) => void) => {
    handlers.set(name, handler);
    return { dispose: () => undefined };
  };
  const names = ['onDidOpenTextDocument', 'onDidChangeTextDocument', 'onDidCloseTextDocument', 'onWillSaveTextDocument', 'onWillSaveTextDocumentWaitUntil', 'onDidSaveTextDocument'];
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
