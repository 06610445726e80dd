/** Source positions: offsets inside the core, lines and columns only at the edges. */

/** A half-open range of UTF-16 offsets into the document: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A zero-based line and column (UTF-16 code units), as LSP counts them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** The index of the first of the ascending `values` (the first `length` of them) that is at least `target`; `length` if none is. */
/** `array`'s values copied into `made`, a larger array of its kind; returns `made`: a packed table grown by doubling. */
export function grownInto<T extends Int32Array | Uint8Array>(array: T, made: T): T {
  made.set(array);
  return made;
}

export function firstAtLeast(values: ArrayLike<number>, target: number, length = values.length): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** What a text shares with the one before it: its first `prefix` characters, and its end from `suffixFrom` on. */
export interface SharedEnds {
  readonly prefix: number;
  /** Where the shared end starts, in the new text; it never overlaps the prefix. */
  readonly suffixFrom: number;
  /** New length minus old: how far the shared end moved. */
  readonly delta: number;
}

export function sharedEnds(before: string, after: string): SharedEnds {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { prefix, suffixFrom: after.length - suffix, delta: after.length - before.length };
}

/** Maps offsets to lines and columns and back, by binary search over line starts. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Line feeds only, the common case: indexOf skips to each far faster than a loop.
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10) starts.push(i + 1);
        else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // The last line that starts at or before the offset (the first line starts at 0).
    const line = firstAtLeast(this.lineStarts, clamped + 1) - 1;
    return { line, character: clamped - this.lineStarts[line]! };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))]!;
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/** Why some bytes cannot be read as a `.net` document, or undefined when they can. */
export function describeNonText(bytes: Uint8Array): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `not a text file: it holds a NUL byte at offset ${nul}`;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'not a text file: it is not valid UTF-8';
  }
  return undefined;
}

/** Decodes a file's bytes; a byte-order mark is dropped. */
export function decodeSource(bytes: Uint8Array): { text: string } | { error: string } {
  const error = describeNonText(bytes);
  if (error) return { error };
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return { text };
}
