/** Literals: a number, a decimal or dimensions from its token. */
import type { IToken } from 'chevrotain';
import { booleanNode, decimalNode, dimsNode, integerNode, nameNode, type Expr } from '../ast';
import { tokenEnd, Tokens } from '../lexer';
import { isReal } from './piece';
import type { SharedValues } from './run';

/**
 * Small integers, made once: a literal's bigint is 24 bytes, and a network writes the
 * same few numbers (1, 3, 64, 256) on every line.
 */
const SMALL_INTEGERS: readonly bigint[] = Array.from({ length: 4097 }, (_, i) => BigInt(i));

/** Digits with `_` separators to a bigint. */
export function integerValue(image: string): bigint {
  if (image.length <= 4) {
    const small = SMALL_INTEGERS[Number(image)];
    if (small !== undefined && !image.includes('_')) return small;
  }
  return BigInt(image.replace(/_/g, ''));
}

/** A literal from its token; called only while parsing for real, never while recording. */
export function literal(token: IToken, shared: SharedValues): Expr | undefined {
  if (!isReal(token)) return undefined;
  const start = token.startOffset;
  const end = tokenEnd(token);
  switch (token.tokenType) {
    case Tokens.Integer:
      return integerNode(integerValue(token.image), start, end);
    case Tokens.Decimal: {
      const text = token.image.replace(/_/g, '');
      return decimalNode(Number(text), text, start, end);
    }
    case Tokens.Dims:
      return dimsNode(shared.dims(token.image), start, end);
    case Tokens.True:
      return booleanNode(true, start, end);
    case Tokens.False:
      return booleanNode(false, start, end);
    default:
      return nameNode(token.image, start, end);
  }
}
