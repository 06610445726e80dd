/**
 * The reference the scanner (core/lexer.ts) is held to: chevrotain's own lexer, made from
 * the same token types, in the order of core/tokens.ts, with the same two kinds of error.
 * Only tests use it: the core lexes with the scanner, which makes no token objects.
 */
import { Lexer } from 'chevrotain';
import { allTokens, leadingZeroMessage, Tokens, unexpectedMessage } from '../../core/lexer';

const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });
const LEADING_ZERO = /(?:^|x)0[0-9_]/;

/** Each token as `type start end`, comments as `text start end`, errors as `message start end` in order of start. */
export function referenceLex(text: string) {
  const result = lexer.tokenize(text);
  const tokens = result.tokens.map((t) => `${t.tokenType.name} ${t.startOffset} ${t.startOffset + t.image.length}`);
  const comments = (result.groups['comments'] ?? []).map((c) => `${c.image} ${c.startOffset} ${c.startOffset + c.image.length}`);
  const errors = result.errors.map((e) => ({
    start: e.offset,
    text: `${unexpectedMessage(text.slice(e.offset, e.offset + e.length))} ${e.offset} ${e.offset + e.length}`,
  }));
  for (const t of result.tokens) {
    if ((t.tokenType === Tokens.Integer || t.tokenType === Tokens.Dims || t.tokenType === Tokens.Decimal) && LEADING_ZERO.test(t.image)) {
      errors.push({ start: t.startOffset, text: `${leadingZeroMessage(t.image)} ${t.startOffset} ${t.startOffset + t.image.length}` });
    }
  }
  errors.sort((a, b) => a.start - b.start);
  return { tokens, comments, errors: errors.map((e) => e.text) };
}
