/**
 * Random edit sequences through incremental didChange: the server stays up, and its
 * diagnostics for the final text equal those of a fresh analysis of that text.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Hover, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../core';
import { readExample, startServer, type LspSession } from '../helpers/lsp-client';

const runs = Number(process.env['FUZZ_RUNS'] ?? 150);
const INSERTS = [
  '',
  ' ',
  '\n',
  '(',
  ')',
  '{',
  '}',
  ',',
  '=',
  'x',
  '3x3',
  '0',
  '99999999999999999999',
  'conv(8, 3x3)',
  'from conv1',
  '# netlint-disable\n',
  'block B(c) {\n  conv(c, 1x1)\n}\n',
];

const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(6), insert: fc.constantFrom(...INSERTS) });

let session: LspSession;
before(async () => {
  session = await startServer();
});
after(async () => {
  await session.close();
});

test('random incremental edits: the server stays up and agrees with a fresh analysis', { timeout: 120_000 }, async () => {
  let documentNumber = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('alexnet.net', 'resnet50.net', 'googlenet.net'),
      fc.array(edit, { minLength: 1, maxLength: 12 }),
      async (example, edits) => {
        const text = readExample(example);
        const { uri } = await session.open(`scratch/fuzz-${++documentNumber}.net`, text);
        let document = TextDocument.create(uri, 'netdsl', 1, text);
        const changes: TextDocumentContentChangeEvent[] = [];
        for (const e of edits) {
          const start = Math.floor(e.at * document.getText().length);
          const end = Math.min(document.getText().length, start + e.remove);
          const change = { range: { start: document.positionAt(start), end: document.positionAt(end) }, text: e.insert };
          changes.push(change);
          document = TextDocument.update(document, [change], document.version + 1);
        }
        // Sent one by one, as an editor does while typing; only the last version's diagnostics count.
        for (let i = 0; i < changes.length - 1; i++) {
          await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [changes[i]!] });
        }
        const diagnostics = await session.change(uri, changes.length + 1, [changes[changes.length - 1]!]);
        const fresh = analyze(document.getText());
        assert.deepEqual(
          diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`),
          fresh.diagnostics.map((d) => {
            const s = fresh.lines.positionAt(d.span.start);
            const e = fresh.lines.positionAt(d.span.end);
            return `${s.line}:${s.character}-${e.line}:${e.character} ${d.code} ${d.message}`;
          }),
        );
        const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 3 } });
        assert.ok(hover === null || typeof hover === 'object');
      },
    ),
    { numRuns: Math.max(5, Math.round(runs / 5)) },
  );
  assert.equal(session.process.exitCode, null, 'the server is still running');
});
