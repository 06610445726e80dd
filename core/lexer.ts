/** The chevrotain lexer, made from the token table in grammar/tokens.ts. */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { KEYWORDS, TOKENS, type Keyword } from '../grammar/tokens';

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
    keywords.set(
      keyword,
      createToken({ name: `Keyword_${keyword}`, pattern: new RegExp(keyword), label: `'${keyword}'`, longer_alt: identifier }),
    );
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
  Comma: token('Comma'),
  Equals: token('Equals'),
  Colon: token('Colon'),
  Star: token('Star'),
  Plus: token('Plus'),
  Minus: token('Minus'),
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

/** A number part that starts with 0 and goes on: `007`, `03x3`. */
const LEADING_ZERO = /(?:^|x)0[0-9_]/;

export function lex(text: string): LexResult {
  const result = lexer.tokenize(text);
  const errors: LexError[] = result.errors.map((error) => {
    const bad = text.slice(error.offset, error.offset + error.length);
    const shown = bad.length > 20 ? `${bad.slice(0, 20)}…` : bad;
    return {
      message: `unexpected character${error.length > 1 ? 's' : ''} '${shown}'`,
      start: error.offset,
      end: error.offset + error.length,
    };
  });
  // The spec's integers are 0 or [1-9][0-9]*: a leading zero is an error, not an octal.
  for (const token of result.tokens) {
    const type = token.tokenType;
    if ((type === Tokens.Integer || type === Tokens.Dims || type === Tokens.Decimal) && LEADING_ZERO.test(token.image.split('.')[0]!)) {
      const start = token.startOffset;
      errors.push({ message: `'${token.image}': a number cannot start with 0 unless it is 0`, start, end: start + token.image.length });
    }
  }
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [], errors };
}
