/**
 * The statement splitter: cuts the token stream before each top-level `network` or `block`
 * keyword, and each declaration's body before each statement (`input`, `op(` or
 * `name = op(`: a name followed by `(` can only start a call). Each piece is parsed on its
 * own, so a declaration left open or a line of garbage cannot swallow what comes after it.
 */
import type { TokenType } from 'chevrotain';
import { Tokens, type TokenTable } from '../lexer';

/** Whether a line break stands between token `i` and the one before it. */
function firstOnLine(table: TokenTable, i: number): boolean {
  if (i === 0) return true;
  const breakAt = table.text.indexOf('\n', table.end(i - 1));
  return breakAt !== -1 && breakAt < table.start(i);
}

/** Tokens after which `output` is a name read by an expression or `from`, not the marker of a layer. */
const BEFORE_A_NAME = new Set<TokenType>([
  Tokens.From,
  Tokens.Equals,
  Tokens.Comma,
  Tokens.LParen,
  Tokens.LBracket,
  Tokens.Colon,
  Tokens.Star,
  Tokens.Plus,
  Tokens.Minus,
  Tokens.Slash,
  Tokens.SlashSlash,
]);

/**
 * Whether token `i`, which starts a layer (`aux =` or `dense(`), has the `output` marker
 * before it: the name `output`, not read by what comes before it.
 */
function markedAt(table: TokenTable, from: number, i: number): boolean {
  const marker = i - 1;
  if (marker < from || !table.is(marker, Tokens.Identifier) || table.end(marker) - table.start(marker) !== 6) return false;
  if (table.text.slice(table.start(marker), table.end(marker)) !== 'output') return false;
  const before = table.type(marker - 1);
  return before === undefined || !BEFORE_A_NAME.has(before);
}

/**
 * Where the statements start, from `from` up to `to`: at `input`, at a name followed by
 * `(` (with the `name =` before it), which nothing but a call can be, and at `name =`
 * first on its line outside parentheses and brackets; at the `output` that marks any of
 * these layers.
 */
function statementStarts(table: TokenTable, from: number, to: number): number[] {
  const starts: number[] = [];
  const at = (index: number, type: TokenType): boolean => index < to && table.is(index, type);
  let depth = 0;
  // Where the last `name =` that started a statement stands: the call after it is part of it.
  let named = -1;
  for (let i = from; i < to; i++) {
    const type = table.type(i);
    let start = false;
    if (type === Tokens.Input) start = true;
    else if (type === Tokens.Identifier && at(i + 1, Tokens.Equals)) {
      start = (at(i + 2, Tokens.Identifier) && at(i + 3, Tokens.LParen)) || (depth === 0 && (firstOnLine(table, i) || markedAt(table, from, i)));
      if (start) named = i;
    } else if (type === Tokens.Identifier && at(i + 1, Tokens.LParen)) start = !(named === i - 2 && at(i - 1, Tokens.Equals));
    if (start) {
      starts.push(type !== Tokens.Input && markedAt(table, from, i) ? i - 1 : i);
      depth = 0;
    }
    if (type === Tokens.LParen || type === Tokens.LBracket) depth++;
    else if (type === Tokens.RParen || type === Tokens.RBracket) depth = Math.max(0, depth - 1);
  }
  return starts;
}

/**
 * Where the declarations start: before each top-level `network` or `block` keyword, with 0
 * and the end of the tokens around them.
 */
export function declarationBounds(table: TokenTable): number[] {
  const bounds = [0];
  for (let index = 1; index < table.count; index++) {
    const type = table.type(index);
    if (type !== Tokens.Network && type !== Tokens.Block) continue;
    // `network network {`: a keyword written as the name starts no declaration of its own.
    const before = table.type(index - 1);
    if (before === Tokens.Network || before === Tokens.Block) continue;
    bounds.push(index);
  }
  bounds.push(table.count);
  return bounds;
}

/** How one declaration, tokens `from` up to `to`, is cut: its head, then its statements. */
export interface DeclarationCuts {
  /** The index of its `{`, and whether that `{` ends the head (it comes before any statement). */
  readonly brace: number;
  readonly hasBrace: boolean;
  /** Where the head ends: after its `{`, or at the first statement when the `{` is missing. */
  readonly headEnd: number;
  /** The index of its closing `}`, or -1. */
  readonly close: number;
  /** Where each piece of the body starts, then where the body ends: at its `}`, or at `to`. */
  readonly cuts: readonly number[];
  /** Whether the first piece of the body starts a statement (rather than being what follows the head). */
  readonly firstStartsStatement: boolean;
}

export function cutDeclaration(table: TokenTable, from: number, to: number): DeclarationCuts {
  const starts = statementStarts(table, from + 2, to);
  let brace = from;
  while (brace < to && !table.is(brace, Tokens.LBrace)) brace++;
  const firstStart = starts[0] ?? to;
  const hasBrace = brace < to && brace < firstStart;
  const headEnd = hasBrace ? brace + 1 : firstStart;
  let close = to - 1;
  while (close >= headEnd && !table.is(close, Tokens.RBrace)) close--;
  if (close < headEnd) close = -1;
  const bodyEnd = close >= 0 ? close : to;
  // One pass, no list in between: a body may hold 100,000 statements.
  const cuts = [headEnd];
  let firstStartsStatement = false;
  let first = true;
  for (const index of starts) {
    if (index < headEnd || index >= bodyEnd) continue;
    if (first) firstStartsStatement = index === headEnd;
    first = false;
    if (index > headEnd) cuts.push(index);
  }
  cuts.push(bodyEnd);
  return { brace, hasBrace, headEnd, close, cuts, firstStartsStatement };
}
