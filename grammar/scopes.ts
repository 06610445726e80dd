/**
 * How the editor colours the language's tokens and keywords: the TextMate scope of each,
 * by the name core/tokens.ts gives it. grammar/textmate.ts builds the grammar from both;
 * a token added to the core without a scope here fails to typecheck.
 */
import type { ContextualKeyword, Keyword, TokenName } from '../core/tokens';

/** TextMate scopes of the tokens; undefined for tokens left uncoloured. */
export const TOKEN_SCOPES: Readonly<Record<TokenName, string | undefined>> = {
  WhiteSpace: undefined,
  Comment: 'comment.line.number-sign.netdsl',
  Dims: 'constant.numeric.dimensions.netdsl',
  Decimal: 'constant.numeric.decimal.netdsl',
  Integer: 'constant.numeric.integer.netdsl',
  Identifier: 'variable.other.netdsl',
  LBrace: 'punctuation.section.block.begin.netdsl',
  RBrace: 'punctuation.section.block.end.netdsl',
  LParen: 'punctuation.section.parens.begin.netdsl',
  RParen: 'punctuation.section.parens.end.netdsl',
  LBracket: 'punctuation.section.brackets.begin.netdsl',
  RBracket: 'punctuation.section.brackets.end.netdsl',
  Comma: 'punctuation.separator.comma.netdsl',
  Equals: 'keyword.operator.assignment.netdsl',
  Colon: 'punctuation.separator.colon.netdsl',
  Star: 'keyword.operator.arithmetic.netdsl',
  Plus: 'keyword.operator.arithmetic.netdsl',
  Minus: 'keyword.operator.arithmetic.netdsl',
  SlashSlash: 'keyword.operator.arithmetic.netdsl',
  Slash: 'keyword.operator.arithmetic.netdsl',
};

/** TextMate scopes of the keywords, by keyword. */
export const KEYWORD_SCOPES: Readonly<Record<Keyword, string>> = {
  network: 'keyword.other.network.netdsl',
  block: 'keyword.other.block.netdsl',
  input: 'keyword.other.input.netdsl',
  from: 'keyword.other.from.netdsl',
  true: 'constant.language.boolean.netdsl',
  false: 'constant.language.boolean.netdsl',
};

/** TextMate scopes of the words that are keywords only where the grammar places them (`output NAME =`, `NAME: tensor`). */
export const CONTEXTUAL_KEYWORD_SCOPES: Readonly<Record<ContextualKeyword, string>> = {
  output: 'keyword.other.output.netdsl',
  tensor: 'storage.type.tensor.netdsl',
};
