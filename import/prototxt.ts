/**
 * Protocol Buffers' text format, as Caffe's `.prototxt` files write it: fields `name: value`
 * and messages `name { … }` (the colon before a brace optional), strings in quotes, enum
 * names bare, `#` comments. Each field keeps its line, for messages that name the place.
 *
 * Read in one pass over the character codes: the scanner keeps only the current token's
 * bounds, and text is cut out of the file only for what becomes a field's name or value.
 */
import { ImportError } from './graph';

export interface Field {
  readonly name: string;
  /** A scalar's text (a string without its quotes), or a nested message. */
  readonly value: string | Message;
  readonly line: number;
}

export interface Message {
  readonly fields: readonly Field[];
  readonly line: number;
}

const enum Kind {
  Word,
  String,
  Punct,
  End,
}

const enum Char {
  Tab = 9,
  Newline = 10,
  Return = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  SingleQuote = 39,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Semicolon = 59,
  Less = 60,
  Greater = 62,
  UpperA = 65,
  UpperZ = 90,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerZ = 122,
  OpenBrace = 123,
  CloseBrace = 125,
}

/** 1 for the characters of a word (`[A-Za-z0-9_.+-]`), 2 for punctuation, by character code below 128. */
const CLASS = new Uint8Array(128);
for (let c = Char.Zero; c <= Char.Nine; c++) CLASS[c] = 1;
for (let c = Char.UpperA; c <= Char.UpperZ; c++) CLASS[c] = 1;
for (let c = Char.LowerA; c <= Char.LowerZ; c++) CLASS[c] = 1;
for (const c of [Char.Underscore, Char.Dot, Char.Plus, Char.Minus]) CLASS[c] = 1;
for (const c of '{}:[],;<>') CLASS[c.charCodeAt(0)] = 2;

function isLetter(code: number): boolean {
  return (code >= Char.LowerA && code <= Char.LowerZ) || (code >= Char.UpperA && code <= Char.UpperZ) || code === Char.Underscore;
}

/** The current token of a text: its kind, bounds and place; `next()` moves on. */
class Scanner {
  kind = Kind.End;
  start = 0;
  end = 0;
  line = 1;
  column = 1;
  /** The punctuation's character code, when the token is one. */
  punct = 0;
  private position = 0;
  private lineStart = 0;
  private currentLine = 1;

  constructor(private readonly text: string) {
    this.next();
  }

  next(): void {
    const text = this.text;
    const length = text.length;
    let at = this.position;
    for (;;) {
      if (at >= length) {
        this.setToken(Kind.End, at, at);
        return;
      }
      const code = text.charCodeAt(at);
      if (code === Char.Space || code === Char.Tab || code === Char.Return) {
        at++;
      } else if (code === Char.Newline) {
        at++;
        this.currentLine++;
        this.lineStart = at;
      } else if (code === Char.Hash) {
        const end = text.indexOf('\n', at);
        at = end < 0 ? length : end;
      } else {
        break;
      }
    }
    const code = text.charCodeAt(at);
    const kind = code < 128 ? CLASS[code]! : 0;
    if (kind === 1) {
      let end = at + 1;
      while (end < length) {
        const c = text.charCodeAt(end);
        if (c >= 128 || CLASS[c] !== 1) break;
        end++;
      }
      this.setToken(Kind.Word, at, end);
    } else if (kind === 2) {
      this.setToken(Kind.Punct, at, at + 1);
      this.punct = code;
    } else if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      this.setToken(Kind.String, at, this.stringEnd(at, code));
    } else {
      this.fail(at, `unexpected character ${JSON.stringify(text[at])}`);
    }
    this.position = this.end;
  }

  /** Where the string opened at `at` ends, past its closing quote; a string stays on its line. */
  private stringEnd(at: number, quote: number): number {
    const text = this.text;
    for (let i = at + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) return i + 1;
      if (c === Char.Newline) break;
      if (c === Char.Backslash) {
        if (i + 1 >= text.length || text.charCodeAt(i + 1) === Char.Newline) break;
        i++;
      }
    }
    return this.fail(at, `unexpected character ${JSON.stringify(text[at])} (a string not closed on its line)`);
  }

  private setToken(kind: Kind, start: number, end: number): void {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.line = this.currentLine;
    this.column = start - this.lineStart + 1;
  }

  private fail(at: number, what: string): never {
    throw new ImportError(`line ${this.currentLine}, column ${at - this.lineStart + 1}: ${what}`);
  }

  /** A word that can name a field: it starts with a letter or `_`. */
  isName(): boolean {
    return this.kind === Kind.Word && isLetter(this.text.charCodeAt(this.start));
  }

  isPunct(code: number): boolean {
    return this.kind === Kind.Punct && this.punct === code;
  }

  /** The token's text; a string's without its quotes. */
  value(): string {
    return this.kind === Kind.String ? this.text.slice(this.start + 1, this.end - 1) : this.text.slice(this.start, this.end);
  }

  describe(): string {
    if (this.kind === Kind.End) return 'the end of the file';
    return this.kind === Kind.String ? `"${this.value()}"` : `'${this.value()}'`;
  }

  failHere(what: string): never {
    throw new ImportError(`line ${this.line}, column ${this.column}: ${what}, found ${this.describe()}`);
  }
}

/** Parses a whole prototxt; throws an ImportError at the first place it cannot read. */
export function parsePrototxt(text: string): Message {
  return parseMessage(new Scanner(text), undefined, 1);
}

function parseMessage(scanner: Scanner, closing: number | undefined, line: number): Message {
  const fields: Field[] = [];
  for (;;) {
    if (closing !== undefined && scanner.isPunct(closing)) {
      scanner.next();
      return { fields, line };
    }
    if (scanner.kind === Kind.End) {
      if (closing === undefined) return { fields, line };
      scanner.failHere(`expected '${String.fromCharCode(closing)}' to close the message opened on line ${line}`);
    }
    if (!scanner.isName()) scanner.failHere('expected a field name');
    const name = scanner.value();
    const nameLine = scanner.line;
    scanner.next();
    let colon = false;
    if (scanner.isPunct(Char.Colon)) {
      scanner.next();
      colon = true;
    }
    if (scanner.isPunct(Char.OpenBrace) || scanner.isPunct(Char.Less)) {
      const close = scanner.punct === Char.OpenBrace ? Char.CloseBrace : Char.Greater;
      const openedOn = scanner.line;
      scanner.next();
      fields.push({ name, value: parseMessage(scanner, close, openedOn), line: nameLine });
    } else if (colon && scanner.isPunct(Char.OpenBracket)) {
      scanner.next();
      while (!scanner.isPunct(Char.CloseBracket)) {
        fields.push({ name, value: scalar(scanner), line: nameLine });
        if (scanner.isPunct(Char.Comma)) scanner.next();
        else if (!scanner.isPunct(Char.CloseBracket)) scanner.failHere(`expected ',' or ']' in the list of '${name}'`);
      }
      scanner.next();
    } else if (colon) {
      fields.push({ name, value: scalar(scanner), line: nameLine });
    } else {
      scanner.failHere(`expected ':' or '{' after '${name}'`);
    }
    if (scanner.isPunct(Char.Comma) || scanner.isPunct(Char.Semicolon)) scanner.next();
  }
}

/** A field's value: a word, or a string (adjacent strings join, as in C). */
function scalar(scanner: Scanner): string {
  if (scanner.kind === Kind.String) {
    let value = scanner.value();
    scanner.next();
    while (scanner.kind === Kind.String) {
      value += scanner.value();
      scanner.next();
    }
    return value;
  }
  if (scanner.kind !== Kind.Word) scanner.failHere('expected a value');
  const value = scanner.value();
  scanner.next();
  return value;
}

function fieldValue(message: Message | undefined, name: string): string | Message | undefined {
  if (!message) return undefined;
  for (const field of message.fields) if (field.name === name) return field.value;
  return undefined;
}

export function fieldsOf(message: Message | undefined, name: string): Field[] {
  const found: Field[] = [];
  if (message) for (const field of message.fields) if (field.name === name) found.push(field);
  return found;
}

export function messageOf(message: Message | undefined, name: string): Message | undefined {
  const value = fieldValue(message, name);
  return typeof value === 'object' ? value : undefined;
}

export function scalarOf(message: Message | undefined, name: string): string | undefined {
  const value = fieldValue(message, name);
  return typeof value === 'string' ? value : undefined;
}

export function scalarsOf(message: Message | undefined, name: string): string[] {
  const found: string[] = [];
  if (message) for (const field of message.fields) if (field.name === name && typeof field.value === 'string') found.push(field.value);
  return found;
}
