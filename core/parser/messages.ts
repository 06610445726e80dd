/**
 * What a syntax error says: chevrotain's errors as messages that name what was expected
 * and what was found. The builders only build text; the grammar counts errors itself.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { KEYWORDS } from '../tokens';
import { Tokens } from '../lexer';
import type { Span } from '../text';
import { PieceEnd } from './piece';

export interface SyntaxError {
  /** `limit` for a statement too deep or too long to parse; `syntax` when left out. */
  readonly code?: 'limit';
  readonly message: string;
  readonly span: Span;
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

export function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF' || (token.tokenType === PieceEnd && token.image === '')) return 'the end of the file';
  return `'${token.image}'`;
}

/** The keywords, which cannot be names. */
const KEYWORD_IMAGES: ReadonlySet<string> = new Set(KEYWORDS);

/**
 * Why a keyword found where a name goes cannot be one; empty for any other token. A
 * piece's end stands for the token after it, and bears its image: `input input: 3`.
 */
function keywordNote(token: IToken | undefined): string {
  return token && token.tokenType !== Tokens.Identifier && KEYWORD_IMAGES.has(token.image) ? `: '${token.image}' is a keyword and cannot be a name` : '';
}

/** Messages name what was expected and what was found; context is added after parsing. */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => {
    const note = expected === Tokens.Identifier ? keywordNote(actual) : '';
    return `expected ${label(expected)}, found ${describeToken(actual)}${note}`;
  },
  buildNotAllInputParsedMessage: ({ firstRedundant }) => {
    return `expected a layer, an input or '}', found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    const what = RULE_DESCRIPTIONS[ruleName];
    // `from = relu()`: a keyword where a layer's name would be.
    const note = ruleName === 'line' && actual[1]?.tokenType === Tokens.Equals ? keywordNote(actual[0]) : '';
    if (what) return `expected ${what}, found ${found}${note}`;
    const firsts = new Set(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => label(path[0]!))));
    return `expected ${[...firsts].join(' or ')}, found ${found}`;
  },
  buildEarlyExitMessage: ({ actual, ruleName }) => {
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    return `expected ${RULE_DESCRIPTIONS[ruleName] ?? 'more'}, found ${found}`;
  },
};

const RULE_DESCRIPTIONS: Record<string, string> = {
  declaration: "'network' or 'block'",
  line: "a layer ('name = op(…)') or an input",
  expr: "a number, dimensions, a name, '(' or '['",
  negatable: "a number, a name, '(' or '[' after '-'",
  inputShape: 'a shape such as 3x224x224 or a vector size',
};

/** The brackets an error may find left open: each one's closing token, its opening one, and what "expected …" names. */
const BRACKETS = [
  { expected: "expected ')'", open: Tokens.LParen, close: Tokens.RParen, named: true },
  { expected: "expected ']'", open: Tokens.LBracket, close: Tokens.RBracket, named: false },
] as const;

/**
 * Finds the bracket of the kind `open` left open before `offset` and names it, so that
 * "expected ')'" can become "expected ')' to close conv(", and "expected ']'" "expected
 * ']' to close [". A `(` is named with the callee before it, if any.
 */
function openBracketContext(tokens: IToken[], offset: number, bracket: (typeof BRACKETS)[number]): string | undefined {
  let depth = 0;
  let index = tokens.length - 1;
  while (index >= 0 && !(tokens[index]!.startOffset < offset)) index--;
  for (; index >= 0; index--) {
    const type = tokens[index]!.tokenType;
    if (type === bracket.close) depth++;
    else if (type === bracket.open) {
      if (depth === 0) {
        const callee = tokens[index - 1];
        return bracket.named && callee && callee.tokenType === Tokens.Identifier ? `${callee.image}(` : tokens[index]!.image;
      }
      depth--;
    }
  }
  return undefined;
}

export function withContext(message: string, tokens: IToken[], offset: number): string {
  for (const bracket of BRACKETS) {
    if (!message.startsWith(bracket.expected)) continue;
    const context = openBracketContext(tokens, offset, bracket);
    if (context) return message.replace(bracket.expected, `${bracket.expected} to close ${context}`);
  }
  return message;
}
