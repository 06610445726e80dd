/**
 * The tokens and keywords of the `.net` language, written once. The chevrotain lexer
 * (core/lexer.ts) and the TextMate grammar (syntaxes/) are both made from this table,
 * so the editor's colours and the parser cannot drift apart.
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
  /** TextMate scope for syntax colouring; undefined for tokens left uncoloured. */
  readonly scope?: string;
  /** Skipped by the parser (whitespace) or kept aside (comments). */
  readonly group?: 'skipped' | 'comments';
  readonly lineBreaks?: boolean;
}

export const KEYWORDS = ['network', 'block', 'input', 'from', 'true', 'false'] as const;
export type Keyword = (typeof KEYWORDS)[number];

export const IDENTIFIER_PATTERN = /[A-Za-z_][A-Za-z0-9_]*/;

export const TOKENS: readonly TokenDefinition[] = [
  { name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, label: 'whitespace', group: 'skipped', lineBreaks: true },
  { name: 'Comment', pattern: /#[^\r\n]*/, label: 'a comment', group: 'comments', scope: 'comment.line.number-sign.netdsl' },
  // A dimension list such as 3x227x227 or 1x7: integers joined by x, no spaces.
  { name: 'Dims', pattern: /[0-9](?:_?[0-9])*(?:x[0-9](?:_?[0-9])*)+/, label: 'dimensions', scope: 'constant.numeric.dimensions.netdsl' },
  { name: 'Decimal', pattern: /[0-9](?:_?[0-9])*(?:\.[0-9](?:_?[0-9])*(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)/, label: 'a decimal', scope: 'constant.numeric.decimal.netdsl' },
  { name: 'Integer', pattern: /[0-9](?:_?[0-9])*/, label: 'an integer', scope: 'constant.numeric.integer.netdsl' },
  { name: 'Identifier', pattern: IDENTIFIER_PATTERN, label: 'a name', scope: 'variable.other.netdsl' },
  { name: 'LBrace', pattern: /\{/, label: "'{'", scope: 'punctuation.section.block.begin.netdsl' },
  { name: 'RBrace', pattern: /\}/, label: "'}'", scope: 'punctuation.section.block.end.netdsl' },
  { name: 'LParen', pattern: /\(/, label: "'('", scope: 'punctuation.section.parens.begin.netdsl' },
  { name: 'RParen', pattern: /\)/, label: "')'", scope: 'punctuation.section.parens.end.netdsl' },
  { name: 'Comma', pattern: /,/, label: "','", scope: 'punctuation.separator.comma.netdsl' },
  { name: 'Equals', pattern: /=/, label: "'='", scope: 'keyword.operator.assignment.netdsl' },
  { name: 'Colon', pattern: /:/, label: "':'", scope: 'punctuation.separator.colon.netdsl' },
  { name: 'Star', pattern: /\*/, label: "'*'", scope: 'keyword.operator.arithmetic.netdsl' },
  { name: 'Plus', pattern: /\+/, label: "'+'", scope: 'keyword.operator.arithmetic.netdsl' },
  { name: 'Minus', pattern: /-/, label: "'-'", scope: 'keyword.operator.arithmetic.netdsl' },
  { name: 'Slash', pattern: /\//, label: "'/'", scope: 'keyword.operator.arithmetic.netdsl' },
];

/** TextMate scopes of the keywords, by keyword. */
export const KEYWORD_SCOPES: Readonly<Record<Keyword, string>> = {
  network: 'keyword.other.network.netdsl',
  block: 'keyword.other.block.netdsl',
  input: 'keyword.other.input.netdsl',
  from: 'keyword.other.from.netdsl',
  true: 'constant.language.boolean.netdsl',
  false: 'constant.language.boolean.netdsl',
};

/** The directive comments that silence diagnostics. */
export const DISABLE_NEXT_LINE = 'netlint-disable-next-line';
export const DISABLE_FILE = 'netlint-disable';
