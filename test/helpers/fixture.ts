/**
 * Feature tests in rust-analyzer's `check(fixture, expect)` style: a `.net` snippet with
 * `|` at the cursor, analysed as the server would, and a table of exact expected answers
 * from a provider called directly, with no server in between.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../../core';
import { cursor } from './net';

/** The URI the providers are given; it only comes back in their answers. */
export const URI = 'file:///fixture.net';

export interface Fixture {
  readonly analysis: Analysis;
  readonly text: string;
  /** Where the `|` was; 0 when the source has none (features that take no position). */
  readonly offset: number;
}

export function fixture(source: string): Fixture {
  if (!source.includes('|')) return { analysis: analyze(source), text: source, offset: 0 };
  const { text, offset } = cursor(source);
  return { analysis: analyze(text), text, offset };
}

/** `text` with the cursor marker put `delta` characters into the first `needle`: for the examples, which hold no marker. */
export function markAt(text: string, needle: string, delta = 0): string {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' not found`);
  return text.slice(0, at + delta) + '|' + text.slice(at + delta);
}

/** A range as an editor shows it, 1-based: `line:col-line:col`. */
export function rangeText(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

/** The lines of `after` that differ from `before`'s, numbered from 1: what an edit did, for texts of the same line count or not. */
export function changedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  const now = after.split('\n');
  let head = 0;
  while (head < old.length && head < now.length && old[head] === now[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < now.length - head && old[old.length - 1 - tail] === now[now.length - 1 - tail]) tail++;
  const changed: string[] = [];
  for (let i = head; i < now.length - tail; i++) if (old[i] !== now[i] || now.length !== old.length) changed.push(`${i + 1}: ${now[i]}`);
  return changed;
}

/** `text` with a provider's workspace edit applied: the edits for URI. */
export function applyEdit(text: string, edit: WorkspaceEdit): string {
  const edits = (edit.changes?.[URI] ?? []) as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create(URI, 'netdsl', 1, text), edits);
}

/** A row of a table: a title, the fixture, any further inputs, and the expected answer last. */
export type Case<E> = readonly [title: string, source: string, expected: E];
type Row = readonly [title: string, source: string, ...rest: unknown[]];

/** One test per row: `run` answers for the fixture (and the row's further inputs), and the answer must equal the row's last item exactly. */
export function check<E, R extends Row = Case<E>>(feature: string, rows: readonly R[], run: (fixture: Fixture, row: R) => E): void {
  describe(feature, () => {
    for (const row of rows) {
      test(row[0], () => assert.deepEqual(run(fixture(row[1]), row), row[row.length - 1]));
    }
  });
}
