/**
 * The tokens and keywords of the `.net` language, written once. The lexer's token types
 * (core/lexer.ts) and the TextMate grammar (grammar/textmate.ts, which adds the colours
 * in grammar/scopes.ts) are both made from this table, so the editor's colours and the
 * parser cannot drift apart.
 *
 * Order matters: the lexer tries the patterns top to bottom, so longer forms that share
 * a prefix (a dimension `3x3`, a decimal `0.5`) come before the integer they start with.
 */

export interface TokenDefinition {
  /** Chevrotain token name. */
  readonly name: string;
  /** The pattern, anchored by the lexer. */
  readonly pattern: RegExp;
  /** How an error message names the token: `')'`, `a number`. */
  readonly label: string;
  /** Skipped by the parser (whitespace) or kept aside (comments). */
  readonly group?: 'skipped' | 'comments';
  readonly lineBreaks?: boolean;
}

export const KEYWORDS = ['network', 'block', 'input', 'from', 'true', 'false'] as const;
export type Keyword = (typeof KEYWORDS)[number];

/**
 * Words that are keywords only where the grammar places them, and names everywhere else
 * (a layer or block may still be called `output`): the lexer gives them no token of their
 * own, the parser reads them from a name's text. `output` marks a layer as an output of
 * its network; `tensor` declares a block parameter that takes a tensor (`skip: tensor`).
 */
const CONTEXTUAL_KEYWORDS = ['output', 'tensor'] as const;
export type ContextualKeyword = (typeof CONTEXTUAL_KEYWORDS)[number];

export const IDENTIFIER_PATTERN = /[A-Za-z_][A-Za-z0-9_]*/;

const TOKEN_LIST = [
  { name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, label: 'whitespace', group: 'skipped', lineBreaks: true },
  { name: 'Comment', pattern: /#[^\r\n]*/, label: 'a comment', group: 'comments' },
  // A dimension list such as 3x227x227 or 1x7: integers joined by x, no spaces.
  { name: 'Dims', pattern: /[0-9](?:_?[0-9])*(?:x[0-9](?:_?[0-9])*)+/, label: 'dimensions' },
  { name: 'Decimal', pattern: /[0-9](?:_?[0-9])*(?:\.[0-9](?:_?[0-9])*(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)/, label: 'a decimal' },
  { name: 'Integer', pattern: /[0-9](?:_?[0-9])*/, label: 'an integer' },
  { name: 'Identifier', pattern: IDENTIFIER_PATTERN, label: 'a name' },
  { name: 'LBrace', pattern: /\{/, label: "'{'" },
  { name: 'RBrace', pattern: /\}/, label: "'}'" },
  { name: 'LParen', pattern: /\(/, label: "'('" },
  { name: 'RParen', pattern: /\)/, label: "')'" },
  { name: 'LBracket', pattern: /\[/, label: "'['" },
  { name: 'RBracket', pattern: /\]/, label: "']'" },
  { name: 'Comma', pattern: /,/, label: "','" },
  { name: 'Equals', pattern: /=/, label: "'='" },
  { name: 'Colon', pattern: /:/, label: "':'" },
  { name: 'Star', pattern: /\*/, label: "'*'" },
  { name: 'Plus', pattern: /\+/, label: "'+'" },
  { name: 'Minus', pattern: /-/, label: "'-'" },
  // Before '/', which it starts with: floor division.
  { name: 'SlashSlash', pattern: /\/\//, label: "'//'" },
  { name: 'Slash', pattern: /\//, label: "'/'" },
] as const satisfies readonly TokenDefinition[];

export type TokenName = (typeof TOKEN_LIST)[number]['name'];
export const TOKENS: readonly (TokenDefinition & { readonly name: TokenName })[] = TOKEN_LIST;

/** The directive comments that silence diagnostics. */
export const DISABLE_NEXT_LINE = 'netlint-disable-next-line';
export const DISABLE_FILE = 'netlint-disable';
