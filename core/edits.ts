/** Text edits: what a fix does to the document. */
import type { Span } from './text';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

/**
 * Where a character of the text stands after the edits: moved by the edits before it;
 * undefined when an edit replaces or removes it.
 */
export function offsetAfterEdits(offset: number, edits: readonly TextEdit[]): number | undefined {
  let moved = offset;
  for (const { span, newText } of edits) {
    if (span.start <= offset && offset < span.end) return undefined;
    if (span.end <= offset) moved += newText.length - (span.end - span.start);
  }
  return moved;
}

/** The line break the document already uses. */
function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The line break that ends the line holding `offset` (the document's, on its last line): found without reading the whole text. */
export function lineBreakAt(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  if (end < 0) return lineBreakOf(text);
  return text[end - 1] === '\r' ? '\r\n' : '\n';
}

/** The whitespace that starts the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** The span of the whole lines from the one holding `start` to the one holding `end`, line break included. */
function wholeLines(text: string, start: number, end: number): Span {
  let from = start;
  while (from > 0 && text[from - 1] !== '\n' && text[from - 1] !== '\r') from--;
  let to = end;
  while (to < text.length && text[to] !== '\n' && text[to] !== '\r') to++;
  if (text[to] === '\r') to++;
  if (text[to] === '\n') to++;
  return { start: from, end: to };
}

/**
 * Edits that remove the whole lines of each span (in order), and put `first` in place of
 * the first one's: the lines between them, comments and `# netlint-disable` among them,
 * stay where they are. Spans on the same or adjacent lines make one edit.
 */
export function replaceLines(text: string, spans: readonly Span[], first = ''): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const { start, end } of spans) {
    const lines = wholeLines(text, start, end);
    const last = edits[edits.length - 1];
    if (last && lines.start <= last.span.end)
      edits[edits.length - 1] = { span: { start: last.span.start, end: Math.max(last.span.end, lines.end) }, newText: last.newText };
    else edits.push({ span: lines, newText: edits.length === 0 ? first : '' });
  }
  return edits;
}
