/**
 * The pieces the parser is given, and the marker that ends each: the splitter cuts the
 * token stream, the grammar reads a piece, the messages name what follows it.
 */
import { createToken, createTokenInstance, Lexer, type IToken } from 'chevrotain';
import { tokenEnd } from '../lexer';
import { span, type Span } from '../text';

/**
 * Ends each piece the parser is given. It stands where the next real token is (its image
 * is that token's, empty at the end of the file), so that an error at the end of a piece
 * names and points at what really follows it.
 */
export const PieceEnd = createToken({ name: 'PieceEnd', pattern: Lexer.NA, label: "a layer, an input or '}'" });

export function pieceEnd(next: IToken | undefined, lastBefore: IToken | undefined): IToken {
  if (next) return createTokenInstance(PieceEnd, next.image, next.startOffset, tokenEnd(next) - 1, NaN, NaN, NaN, NaN);
  const at = lastBefore ? tokenEnd(lastBefore) : 0;
  return createTokenInstance(PieceEnd, '', at, at - 1, NaN, NaN, NaN, NaN);
}

export function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && !Number.isNaN(token.startOffset) && token.tokenType !== PieceEnd;
}

export function tokenSpan(token: IToken): Span {
  return span(token.startOffset, tokenEnd(token));
}
