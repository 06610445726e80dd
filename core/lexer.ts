/** The chevrotain lexer, made from the token table in core/tokens.ts. */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { KEYWORDS, TOKENS, type Keyword } from './tokens';
import { firstAtLeast, type SharedEnds } from './text';

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

// Offsets only: line and column come from core/text.ts's LineIndex when needed. Full
// tracking gave every token six position fields, stored as boxed doubles once any
// token (chevrotain's own EOF among them) held a NaN.
const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

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

/** A number part that starts with 0 and goes on: `007`, `03x3`. */
const LEADING_ZERO = /(?:^|x)0[0-9_]/;

/** Lexes `text` as if it stood at `base` in the document: errors carry document offsets. */
function lexAt(text: string, base: number): LexResult {
  const result = lexer.tokenize(text);
  const errors: LexError[] = result.errors.map((error) => {
    const bad = text.slice(error.offset, error.offset + error.length);
    return {
      message: `unexpected ${showCharacters(bad)}`,
      start: base + error.offset,
      end: base + error.offset + error.length,
    };
  });
  // The spec's integers are 0 or [1-9][0-9]*: a leading zero is an error, not an octal.
  for (const token of result.tokens) {
    const type = token.tokenType;
    if (type !== Tokens.Integer && type !== Tokens.Dims && type !== Tokens.Decimal) continue;
    // Only a part that starts with 0 can be one: most numbers are not looked at twice. The
    // fraction of a decimal never follows the start or an 'x', so the whole image will do.
    const image = token.image;
    if ((image.charCodeAt(0) === 48 || image.includes('x0')) && LEADING_ZERO.test(image)) {
      const start = base + token.startOffset;
      errors.push({ message: `'${image}': a number cannot start with 0 unless it is 0`, start, end: start + image.length });
    }
  }
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [], errors };
}

/** The tokens of a text as chevrotain tokens: for small texts (a line, a test). */
export function lex(text: string): LexResult {
  return lexAt(text, 0);
}

/** Token types by chevrotain's index, and our own small index of each. */
const TYPES: readonly TokenType[] = allTokens;
const OWN_INDEX: number[] = [];
allTokens.forEach((type, index) => {
  OWN_INDEX[type.tokenTypeIdx!] = index;
});

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

/** Characters lexed at a time; each piece ends at a line break. */
const CHUNK = 1 << 16;

/** A token table being filled: tokens lexed now, and tokens taken from an earlier table. */
class TableBuilder {
  private capacity: number;
  private starts: Int32Array;
  private ends: Int32Array;
  private types: Uint8Array;
  private count = 0;
  readonly comments: LexedComment[] = [];
  readonly errors: LexError[] = [];

  constructor(expected: number) {
    this.capacity = Math.max(16, expected);
    this.starts = new Int32Array(this.capacity);
    this.ends = new Int32Array(this.capacity);
    this.types = new Uint8Array(this.capacity);
  }

  private room(more: number): void {
    if (this.count + more <= this.capacity) return;
    this.capacity = Math.max(this.capacity * 2, this.count + more);
    const grow = <T extends Int32Array | Uint8Array>(array: T, made: T): T => {
      made.set(array);
      return made;
    };
    this.starts = grow(this.starts, new Int32Array(this.capacity));
    this.ends = grow(this.ends, new Int32Array(this.capacity));
    this.types = grow(this.types, new Uint8Array(this.capacity));
  }

  /**
   * Lexes `text` from `from` up to `to` (both at line starts, or its ends), a chunk of
   * lines at a time: no token spans a line, so the tokens are those of the whole text, and
   * each chunk's token objects die young instead of living through the parse.
   */
  lex(text: string, from: number, to: number): void {
    for (let base = from; base < to;) {
      let cut = base + CHUNK >= to ? to : text.indexOf('\n', base + CHUNK) + 1;
      if (cut <= 0 || cut > to) cut = to;
      const chunk = lexAt(base === 0 && cut === text.length ? text : text.slice(base, cut), base);
      for (const error of chunk.errors) this.errors.push(error);
      for (const comment of chunk.comments) {
        const start = base + comment.startOffset;
        this.comments.push({ text: comment.image, start, end: start + comment.image.length });
      }
      this.room(chunk.tokens.length);
      for (const token of chunk.tokens) {
        const start = base + token.startOffset;
        this.starts[this.count] = start;
        this.ends[this.count] = start + token.image.length;
        this.types[this.count] = OWN_INDEX[token.tokenTypeIdx]!;
        this.count++;
      }
      base = cut;
    }
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
    const builder = new TableBuilder(text.length >> 2);
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
  const builder = new TableBuilder(old.table.count + ((lexTo - lexFrom) >> 2));
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
