/**
 * The pieces the parser is given, and the marker that ends each: the splitter cuts the
 * token stream, the grammar reads a piece, the messages name what follows it.
 */
import { createToken, Lexer, type IToken } from 'chevrotain';
import { tokenEnd, type TokenTable } from '../lexer';
import { span, type Span } from '../text';

/**
 * Ends each piece the parser is given. It stands where the next real token is (its image
 * is that token's, empty at the end of the file), so that an error at the end of a piece
 * names and points at what really follows it.
 */
export const PieceEnd = createToken({ name: 'PieceEnd', pattern: Lexer.NA, label: "a layer, an input or '}'" });

/**
 * The end marker of a piece whose next token is `next` in `table` (past its end: the end
 * of the file, after `lastBefore`), written into `into`: one object for every piece of a
 * parse, shaped as the table's tokens, so that the parser meets one kind of token.
 */
export function pieceEnd(table: TokenTable, next: number, lastBefore: IToken | undefined, into: IToken): IToken {
  const real = next < table.count;
  const start = real ? table.start(next) : lastBefore ? tokenEnd(lastBefore) : 0;
  into.image = real ? table.image(next) : '';
  into.startOffset = start;
  into.endOffset = (real ? table.end(next) : start) - 1;
  into.tokenTypeIdx = PieceEnd.tokenTypeIdx!;
  into.tokenType = PieceEnd;
  return into;
}

export function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && !Number.isNaN(token.startOffset) && token.tokenType !== PieceEnd;
}

export function tokenSpan(token: IToken): Span {
  return span(token.startOffset, tokenEnd(token));
}
