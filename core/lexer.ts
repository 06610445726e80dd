/**
 * The lexer: chevrotain's token types, made from the token table in core/tokens.ts, and a
 * scanner that reads a document into a packed table of them. The scanner is written by
 * hand, since chevrotain's lexer makes an object and a string per token that the parse
 * never keeps; a property test holds it to chevrotain's lexer made from the same table
 * (test/helpers/chevrotain-lexer.ts), so a change to a token's pattern changes both.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { KEYWORDS, TOKENS, type Keyword } from './tokens';
import { firstAtLeast, grownInto, type SharedEnds } from './text';

function makeTokens() {
  const byName = new Map<string, TokenType>();
  for (const definition of TOKENS) {
    const group = definition.group === 'skipped' ? Lexer.SKIPPED : definition.group;
    byName.set(
      definition.name,
      createToken({
        name: definition.name,
        pattern: definition.pattern,
        label: definition.label,
        ...(group !== undefined ? { group } : {}),
        ...(definition.lineBreaks ? { line_breaks: true } : {}),
      }),
    );
  }
  const identifier = byName.get('Identifier')!;
  const keywords = new Map<Keyword, TokenType>();
  for (const keyword of KEYWORDS) {
    keywords.set(keyword, createToken({ name: `Keyword_${keyword}`, pattern: new RegExp(keyword), label: `'${keyword}'`, longer_alt: identifier }));
  }
  return { byName, keywords };
}

const made = makeTokens();
const token = (name: string): TokenType => made.byName.get(name)!;
const keyword = (name: Keyword): TokenType => made.keywords.get(name)!;

export const Tokens = {
  WhiteSpace: token('WhiteSpace'),
  Comment: token('Comment'),
  Dims: token('Dims'),
  Decimal: token('Decimal'),
  Integer: token('Integer'),
  Identifier: token('Identifier'),
  LBrace: token('LBrace'),
  RBrace: token('RBrace'),
  LParen: token('LParen'),
  RParen: token('RParen'),
  LBracket: token('LBracket'),
  RBracket: token('RBracket'),
  Comma: token('Comma'),
  Equals: token('Equals'),
  Colon: token('Colon'),
  Star: token('Star'),
  Plus: token('Plus'),
  Minus: token('Minus'),
  SlashSlash: token('SlashSlash'),
  Slash: token('Slash'),
  Network: keyword('network'),
  Block: keyword('block'),
  Input: keyword('input'),
  From: keyword('from'),
  True: keyword('true'),
  False: keyword('false'),
} as const;

/** Every token type in lexing order: keywords before the identifier they resemble. */
export const allTokens: TokenType[] = (() => {
  const ordered: TokenType[] = [];
  for (const definition of TOKENS) {
    if (definition.name === 'Identifier') ordered.push(...made.keywords.values());
    ordered.push(made.byName.get(definition.name)!);
  }
  return ordered;
})();

/** Where a token ends (exclusive). Tokens never span lines, so this is start + length. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

export interface LexError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly errors: LexError[];
}

/**
 * Characters a message cannot show as they are: controls, format characters (a byte-order
 * mark, a zero-width space), unassigned and private ones, lone surrogates, and every
 * space but the plain one.
 */
const UNSEEN = /[\p{C}\p{Z}]/u;

/**
 * Characters as a message shows them, named `character` or `characters` (counted by code
 * point: an emoji is one): visible runs quoted, each unseen character as its code point
 * (`U+FEFF`); at most 20 characters, then `…`.
 */
function showCharacters(text: string): string {
  // 41 code units hold at least 21 code points: enough to tell whether there are more than 20.
  const characters = Array.from(text.slice(0, 41));
  const parts: string[] = [];
  let run = '';
  for (const character of characters.slice(0, 20)) {
    if (character === ' ' || !UNSEEN.test(character)) {
      run += character;
      continue;
    }
    if (run) parts.push(`'${run}'`);
    run = '';
    parts.push(`U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (run) parts.push(`'${run}'`);
  return `${characters.length > 1 ? 'characters' : 'character'} ${parts.join(' ')}${characters.length > 20 ? '…' : ''}`;
}

/** What a lexer says of characters no token starts with. */
export function unexpectedMessage(characters: string): string {
  return `unexpected ${showCharacters(characters)}`;
}

/** What a lexer says of a number part that starts with 0 and goes on (`007`, `03x3`): the spec's integers are 0 or [1-9][0-9]*, never octal. */
export function leadingZeroMessage(image: string): string {
  return `'${image}': a number cannot start with 0 unless it is 0`;
}

/** Token types by chevrotain's index, and our own small index of each. */
const TYPES: readonly TokenType[] = allTokens;

/** A comment, with where it stands. */
export interface LexedComment {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The tokens of a whole document, packed: their offsets and types in typed arrays, a few
 * bytes a token. A token object is made only when asked for (`token`), for the statement
 * being parsed; a 100,000-layer file's million chevrotain tokens held 78 MB at once.
 */
export class TokenTable {
  constructor(
    readonly text: string,
    readonly count: number,
    /** Where each token starts and ends, and its type (an index into `allTokens`): read, never written. */
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly types: Uint8Array,
  ) {}

  type(index: number): TokenType | undefined {
    return index >= 0 && index < this.count ? TYPES[this.types[index]!] : undefined;
  }

  is(index: number, type: TokenType): boolean {
    return index >= 0 && index < this.count && TYPES[this.types[index]!] === type;
  }

  start(index: number): number {
    return this.starts[index]!;
  }

  end(index: number): number {
    return this.ends[index]!;
  }

  /** The text of token `index`. */
  image(index: number): string {
    return this.text.slice(this.starts[index]!, this.ends[index]!);
  }

  /** Token `index` as chevrotain's parser reads it; undefined past the end. */
  token(index: number): IToken | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    const tokenType = TYPES[this.types[index]!]!;
    return { image: this.text.slice(start, end), startOffset: start, endOffset: end - 1, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType };
  }

  /**
   * Tokens `from` up to `to`, made of the objects of `pool` (grown as needed) and listed in
   * `into`, both reused from one call to the next: for a parse that keeps none of them.
   */
  reuse(from: number, to: number, pool: IToken[], into: IToken[]): IToken[] {
    into.length = 0;
    for (let index = from; index < to; index++) {
      let token = pool[index - from];
      if (token) {
        const start = this.starts[index]!;
        const end = this.ends[index]!;
        const tokenType = TYPES[this.types[index]!]!;
        token.image = this.text.slice(start, end);
        token.startOffset = start;
        token.endOffset = end - 1;
        token.tokenTypeIdx = tokenType.tokenTypeIdx!;
        token.tokenType = tokenType;
      } else {
        token = this.token(index)!;
        pool.push(token);
      }
      into.push(token);
    }
    return into;
  }
}

export interface ScanResult {
  readonly table: TokenTable;
  readonly comments: LexedComment[];
  readonly errors: LexError[];
}

/** Our index (into `allTokens`) of each token type the scanner makes. */
const TYPE = Object.fromEntries(Object.entries(Tokens).map(([name, type]) => [name, allTokens.indexOf(type)])) as Record<keyof typeof Tokens, number>;

/** What a character (below 128) can start; every other one starts no token. */
const NONE = 0;
const SPACE = 1;
const HASH = 2;
const DIGIT = 3;
const IDENTIFIER = 4;
const PUNCTUATION = 5;
const SLASH = 6;
const START = new Uint8Array(128);
/** The token type of each one-character punctuation. */
const PUNCTUATION_TYPE: number[] = [];
for (const code of [32, 9, 13, 10, 12, 11]) START[code] = SPACE;
START[35] = HASH;
for (let code = 48; code <= 57; code++) START[code] = DIGIT;
for (let code = 65; code <= 90; code++) START[code] = START[code + 32] = IDENTIFIER;
START[95] = IDENTIFIER;
START[47] = SLASH;
for (const [character, name] of [
  ['{', 'LBrace'],
  ['}', 'RBrace'],
  ['(', 'LParen'],
  [')', 'RParen'],
  ['[', 'LBracket'],
  [']', 'RBracket'],
  [',', 'Comma'],
  ['=', 'Equals'],
  [':', 'Colon'],
  ['*', 'Star'],
  ['+', 'Plus'],
  ['-', 'Minus'],
] as const) {
  START[character.charCodeAt(0)] = PUNCTUATION;
  PUNCTUATION_TYPE[character.charCodeAt(0)] = TYPE[name];
}

const isSpace = (code: number): boolean => code < 128 && START[code] === SPACE;
const isLineEnd = (code: number): boolean => code === 10 || code === 13;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isWordPart = (code: number): boolean => code < 128 && (START[code] === IDENTIFIER || START[code] === DIGIT);
const startsToken = (code: number): boolean => code < 128 && START[code] !== NONE;
const isAt = (text: string, at: number, to: number, code: number): boolean => at < to && text.charCodeAt(at) === code;
const isDigitAt = (text: string, at: number, to: number): boolean => at < to && isDigit(text.charCodeAt(at));

/** The end of `[0-9](?:_?[0-9])*` from `at`, a digit. */
function digitsEnd(text: string, at: number, to: number): number {
  let end = at + 1;
  for (;;) {
    if (isDigitAt(text, end, to)) end++;
    else if (isAt(text, end, to, 95 /* _ */) && isDigitAt(text, end + 1, to)) end += 2;
    else return end;
  }
}

/** The end of an exponent `[eE][+-]?[0-9]+` at `at`, or `at` when there is none. */
function exponentEnd(text: string, at: number, to: number): number {
  if (!(isAt(text, at, to, 101) || isAt(text, at, to, 69))) return at;
  let end = at + 1;
  if (isAt(text, end, to, 43) || isAt(text, end, to, 45)) end++;
  if (!isDigitAt(text, end, to)) return at;
  while (isDigitAt(text, end, to)) end++;
  return end;
}

/** Whether a part of the number from `start` to `end` (the first, or one after an `x`) starts with 0 and goes on. */
function hasLeadingZero(text: string, start: number, end: number): boolean {
  for (let at = start; at + 1 < end; at++) {
    if (text.charCodeAt(at) !== 48 || (at > start && text.charCodeAt(at - 1) !== 120)) continue;
    const next = text.charCodeAt(at + 1);
    if (isDigit(next) || next === 95) return true;
  }
  return false;
}

/** The keywords by length, with their token type: a word is one only when it is the whole word. */
const KEYWORDS_BY_LENGTH: { readonly text: string; readonly type: number }[][] = [];
for (const word of KEYWORDS) (KEYWORDS_BY_LENGTH[word.length] ??= []).push({ text: word, type: allTokens.indexOf(made.keywords.get(word)!) });

/** The type of the word from `start`, `length` long: a keyword's, or a name's. */
function keywordAt(text: string, start: number, length: number): number {
  const candidates = KEYWORDS_BY_LENGTH[length];
  if (candidates) for (const keyword of candidates) if (text.startsWith(keyword.text, start)) return keyword.type;
  return TYPE.Identifier;
}

/** The most tokens a table makes room for before any is lexed. */
const MAX_INITIAL_TOKENS = 1 << 20;

/** A token table being filled: tokens lexed now, and tokens taken from an earlier table. */
class TableBuilder {
  private capacity: number;
  private starts: Int32Array;
  private ends: Int32Array;
  private types: Uint8Array;
  private count = 0;
  readonly comments: LexedComment[] = [];
  readonly errors: LexError[] = [];

  /** `expected`: about how many tokens; room for at most a million is made up front, and more as they come (a text of 60 MB of spaces has none). */
  constructor(expected: number) {
    this.capacity = Math.max(16, Math.min(expected, MAX_INITIAL_TOKENS));
    this.starts = new Int32Array(this.capacity);
    this.ends = new Int32Array(this.capacity);
    this.types = new Uint8Array(this.capacity);
  }

  private room(more: number): void {
    if (this.count + more <= this.capacity) return;
    this.capacity = Math.max(this.capacity * 2, this.count + more);
    this.starts = grownInto(this.starts, new Int32Array(this.capacity));
    this.ends = grownInto(this.ends, new Int32Array(this.capacity));
    this.types = grownInto(this.types, new Uint8Array(this.capacity));
  }

  /**
   * Lexes `text` from `from` up to `to` (both at line starts, or its ends; no token spans
   * a line, so the tokens are those of the whole text). One pass over character codes,
   * tried in the order of core/tokens.ts, straight into the table: no token object, no
   * string, except for an error's message.
   */
  lex(text: string, from: number, to: number): void {
    let at = from;
    while (at < to) {
      const code = text.charCodeAt(at);
      const kind = code < 128 ? START[code]! : NONE;
      if (kind === SPACE) {
        at++;
        while (at < to && isSpace(text.charCodeAt(at))) at++;
        continue;
      }
      const start = at;
      if (kind === IDENTIFIER) {
        at++;
        while (at < to && isWordPart(text.charCodeAt(at))) at++;
        this.push(start, at, keywordAt(text, start, at - start));
      } else if (kind === DIGIT) {
        at = this.number(text, start, to);
      } else if (kind === PUNCTUATION) {
        at++;
        this.push(start, at, PUNCTUATION_TYPE[code]!);
      } else if (kind === SLASH) {
        at += at + 1 < to && text.charCodeAt(at + 1) === 47 ? 2 : 1;
        this.push(start, at, at - start === 2 ? TYPE.SlashSlash : TYPE.Slash);
      } else if (kind === HASH) {
        while (at < to && !isLineEnd(text.charCodeAt(at))) at++;
        this.comments.push({ text: text.slice(start, at), start, end: at });
      } else {
        // As chevrotain's lexer recovers: the characters up to the next one a token starts with are one error.
        at++;
        while (at < to && !startsToken(text.charCodeAt(at))) at++;
        this.errors.push({ message: unexpectedMessage(text.slice(start, at)), start, end: at });
      }
    }
  }

  /** A number at `start` (a digit): dimensions, a decimal or an integer, whichever comes first in the token table; returns its end. */
  private number(text: string, start: number, to: number): number {
    let end = digitsEnd(text, start, to);
    let type = TYPE.Integer;
    if (isAt(text, end, to, 120 /* x */) && isDigitAt(text, end + 1, to)) {
      while (isAt(text, end, to, 120) && isDigitAt(text, end + 1, to)) end = digitsEnd(text, end + 1, to);
      type = TYPE.Dims;
    } else if (isAt(text, end, to, 46 /* . */) && isDigitAt(text, end + 1, to)) {
      end = exponentEnd(text, digitsEnd(text, end + 1, to), to);
      type = TYPE.Decimal;
    } else {
      const exponent = exponentEnd(text, end, to);
      if (exponent > end) {
        end = exponent;
        type = TYPE.Decimal;
      }
    }
    this.push(start, end, type);
    if (hasLeadingZero(text, start, end)) this.errors.push({ message: leadingZeroMessage(text.slice(start, end)), start, end });
    return end;
  }

  private push(start: number, end: number, type: number): void {
    if (this.count === this.capacity) this.room(1);
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.types[this.count] = type;
    this.count++;
  }

  /** Takes an earlier table's tokens `from` up to `to`, moved by `delta`. */
  take(table: TokenTable, from: number, to: number, delta: number): void {
    this.room(to - from);
    for (let index = from; index < to; index++) {
      this.starts[this.count] = table.starts[index]! + delta;
      this.ends[this.count] = table.ends[index]! + delta;
      this.types[this.count] = table.types[index]!;
      this.count++;
    }
  }

  build(text: string): ScanResult {
    return { table: new TokenTable(text, this.count, this.starts, this.ends, this.types), comments: this.comments, errors: this.errors };
  }
}

/**
 * Lexes a whole document into a token table. Given the scan of the text before an edit
 * and what the two texts share, only the lines the edit changed are lexed: the tokens,
 * comments and errors of the whole lines before and after them are taken from the earlier
 * scan (those after moved by the length the edit added), as they would lex the same.
 */
export function scan(text: string, previous?: { readonly scan: ScanResult; readonly shared: SharedEnds }): ScanResult {
  if (!previous) {
    const builder = new TableBuilder(text.length >> 1);
    builder.lex(text, 0, text.length);
    return builder.build(text);
  }
  const old = previous.scan;
  const { prefix, suffixFrom, delta } = previous.shared;
  // From the start of the line the edit begins in (its line break is shared), to the start
  // of the first line whose line break before it is in the shared end.
  const lexFrom = prefix === 0 ? 0 : text.lastIndexOf('\n', prefix - 1) + 1;
  const breakAt = text.indexOf('\n', suffixFrom);
  const lexTo = breakAt < 0 ? text.length : breakAt + 1;
  const oldResume = lexTo - delta;
  const builder = new TableBuilder(old.table.count + ((lexTo - lexFrom) >> 1));
  const before = firstAtLeast(old.table.starts, lexFrom, old.table.count);
  const after = lexTo === text.length ? old.table.count : firstAtLeast(old.table.starts, oldResume, old.table.count);
  builder.take(old.table, 0, before, 0);
  for (const comment of old.comments) if (comment.start < lexFrom) builder.comments.push(comment);
  for (const error of old.errors) if (error.start < lexFrom) builder.errors.push(error);
  builder.lex(text, lexFrom, lexTo);
  if (lexTo < text.length) {
    builder.take(old.table, after, old.table.count, delta);
    for (const comment of old.comments)
      if (comment.start >= oldResume) builder.comments.push({ text: comment.text, start: comment.start + delta, end: comment.end + delta });
    for (const error of old.errors)
      if (error.start >= oldResume) builder.errors.push({ message: error.message, start: error.start + delta, end: error.end + delta });
  }
  return builder.build(text);
}

/** The tokens of a text as chevrotain tokens: for small texts (a line, a test). */
export function lex(text: string): LexResult {
  const { table, comments, errors } = scan(text);
  const tokens: IToken[] = [];
  for (let index = 0; index < table.count; index++) tokens.push(table.token(index)!);
  const commentTokens = comments.map((comment): IToken => ({
    image: comment.text,
    startOffset: comment.start,
    endOffset: comment.end - 1,
    tokenTypeIdx: Tokens.Comment.tokenTypeIdx!,
    tokenType: Tokens.Comment,
  }));
  return { tokens, comments: commentTokens, errors };
}
