/**
 * The parser: text to a syntax tree, never throwing. The splitter (`split.ts`) cuts the
 * tokens into pieces, a declaration's head and each statement; the grammar (`grammar.ts`)
 * parses each piece on its own, unless the reuse (`reuse.ts`) has it from the previous
 * parse; the messages (`messages.ts`) say what went wrong.
 */
import type { IToken, TokenType } from 'chevrotain';
import {
  blockNode,
  callNode,
  commentNode,
  fileNode,
  identifierNode,
  inputStatementNode,
  layerStatementNode,
  networkNode,
  type Comment,
  type Declaration,
  type SourceFile,
  type Statement,
} from '../ast';
import { scan, tokenEnd, Tokens, type TokenTable } from '../lexer';
import { sharedEnds, span, type Span } from '../text';
import { identifier, isOutputMarker, parser, type NetParser } from './grammar';
import { describeToken, withContext, type SyntaxError } from './messages';
import { pieceEnd, tokenSpan } from './piece';
import { moved, ParsedStatements, reusableIndex } from './reuse';
import { SharedValues, type ParseRun } from './run';
import { cutDeclaration, declarationBounds } from './split';

export type { SyntaxError } from './messages';
export { ParsedStatements } from './reuse';

/** The deepest parentheses and the most operators one statement may hold: the parser and the evaluation recurse on them. */
const MAX_PARENTHESES = 64;
const MAX_OPERATORS = 1000;

/** Why a piece is too deep or too long to parse, or undefined. */
function tooComplex(tokens: IToken[]): string | undefined {
  let depth = 0;
  let deepest = 0;
  let operators = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === Tokens.LParen) deepest = Math.max(deepest, ++depth);
    else if (type === Tokens.RParen) depth = Math.max(0, depth - 1);
    else if (type === Tokens.Plus || type === Tokens.Minus || type === Tokens.Star || type === Tokens.Slash) operators++;
  }
  if (deepest > MAX_PARENTHESES) return `this statement nests parentheses ${deepest} deep, past the limit of ${MAX_PARENTHESES}: it is not analysed`;
  if (operators > MAX_OPERATORS) return `this statement holds ${operators} operators, past the limit of ${MAX_OPERATORS}: it is not analysed`;
  return undefined;
}

export interface ParseResult {
  readonly file: SourceFile;
  readonly errors: SyntaxError[];
  /** What the next parse of the same document may reuse: `parse(edited, result.reusable)`. */
  readonly reusable: ParsedStatements;
}

/** Where an error points: the offending token, or the end of the file. */
function errorSpan(token: IToken, piece: IToken[]): Span {
  if (!Number.isNaN(token.startOffset) && token.tokenType.name !== 'EOF') return tokenSpan(token);
  const last = piece[piece.length - 1];
  const at = last ? tokenEnd(last) : 0;
  return span(at, at);
}

const is = (token: IToken | undefined, type: TokenType): boolean => token !== undefined && token.tokenType === type;

/**
 * Parses one piece with the given entry rule. Its first error goes to `errors`: what the
 * recovery complains of after it is noise.
 */
function parsePiece<T>(
  run: ParseRun,
  tokens: IToken[],
  table: TokenTable,
  next: number,
  rule: (instance: NetParser) => T,
  errors: SyntaxError[],
): T | undefined {
  const complex = tooComplex(tokens);
  if (complex) {
    errors.push({ code: 'limit', message: complex, span: span(tokens[0]!.startOffset, tokenEnd(tokens[tokens.length - 1]!)) });
    return undefined;
  }
  const instance = parser();
  // The piece's list is the caller's, reused from piece to piece: its end marker is added for the parse and taken off after.
  tokens.push(pieceEnd(table, next, tokens[tokens.length - 1], run.pieceEnd));
  const errorsBefore = instance.errorCount;
  let result: T;
  try {
    instance.load(tokens);
    result = rule(instance);
  } finally {
    tokens.pop();
  }
  if (instance.errorCount === errorsBefore) return result;
  // Read once: chevrotain's `errors` is a copy made at each read.
  const found = instance.errors;
  let first = found[0];
  for (const error of found) if (error.token.startOffset < first!.token.startOffset) first = error;
  if (first) {
    const error = first;
    const where = errorSpan(error.token, tokens);
    // Only the last '}' closes a body: one before it is out of place, not a way to go on.
    const message = error.token.tokenType === Tokens.RBrace ? error.message.replace("a layer, an input or '}'", 'a layer or an input') : error.message;
    errors.push({ message: withContext(message, tokens, where.start), span: where });
  }
  return result;
}

const parseLine = (instance: NetParser): Statement | undefined => instance.line();

/**
 * A statement the parser could not make sense of stays in the tree, with its name and
 * without a call, so that the layers after it read an unknown shape rather than the one
 * before it.
 */
function placeholder(tokens: IToken[]): Statement | undefined {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const start = first.startOffset;
  const end = tokenEnd(last);
  if (first.tokenType === Tokens.Input) {
    return inputStatementNode(is(tokens[1], Tokens.Identifier) ? identifier(tokens[1]) : undefined, undefined, start, end);
  }
  const marked = isOutputMarker(tokens[0], tokens[1], tokens[2]);
  const offset = marked ? 1 : 0;
  const named = is(tokens[offset + 1], Tokens.Equals);
  const callee = tokens[offset + (named ? 2 : 0)] ?? last;
  const at = callee.startOffset;
  const call = callNode(identifierNode('', at, at), [], at, at, false, at, at);
  return layerStatementNode(marked ? identifier(tokens[0]) : undefined, named ? identifier(tokens[offset]) : undefined, call, undefined, undefined, start, end);
}

/**
 * One statement, tokens `from` up to `to`, taken from the previous parse or parsed; its
 * tokens are made only when it is parsed.
 */
function parseStatement(run: ParseRun, table: TokenTable, from: number, to: number, startsStatement: boolean, errors: SyntaxError[]): Statement | undefined {
  const start = table.start(from);
  const end = table.end(to - 1);
  // The token after the statement: its image is kept, and compared, only with syntax errors, which name it.
  const nextImage = (): string | undefined => (to < table.count ? table.image(to) : undefined);
  const reused = reusableIndex(run.reusable, start, end, nextImage, startsStatement);
  let statement: Statement | undefined;
  let own: readonly SyntaxError[];
  if (reused) {
    const previous = run.reusable!.previous;
    run.recording.reused++;
    statement = moved(previous.statements[reused.index], reused.delta);
    own = (previous.errors.get(reused.index)?.errors ?? []).map((error) => moved(error, reused.delta));
  } else {
    // The parse keeps no token (nodes copy images and offsets): the objects are reused.
    const tokens = table.reuse(from, to, run.tokenPool, run.pieceTokens);
    const found: SyntaxError[] = [];
    statement = parsePiece(run, tokens, table, to, parseLine, found) ?? (startsStatement ? placeholder(tokens) : undefined);
    own = found;
  }
  run.recording.add(start, end, statement, startsStatement, own, own.length > 0 ? nextImage() : undefined);
  for (const error of own) errors.push(error);
  return statement;
}

/** One `network` or `block` declaration, tokens `from` up to `to`: its head, then each statement on its own. */
function parseDeclaration(run: ParseRun, table: TokenTable, from: number, to: number, errors: SyntaxError[]): Declaration {
  const first = table.token(from)!;
  const after = table.token(to);
  const isBlock = first.tokenType === Tokens.Block;
  const { brace, hasBrace, headEnd, close, cuts, firstStartsStatement } = cutDeclaration(table, from, to);
  const head = parsePiece(run, table.reuse(from, headEnd, run.tokenPool, run.pieceTokens), table, headEnd, (p) => p.head(), errors);
  const name = head ? head.name : table.is(from + 1, Tokens.Identifier) && from + 1 < to ? identifier(table.token(from + 1)) : undefined;

  const statements: Statement[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    if (cuts[i + 1]! <= cuts[i]!) continue;
    const kept = parseStatement(run, table, cuts[i]!, cuts[i + 1]!, i > 0 || firstStartsStatement, errors);
    if (kept) statements.push(kept);
  }

  const lastEnd = table.end(to - 1);
  if (close < 0) {
    const opened = `${first.image}${name ? ` ${name.text}` : ''} {`;
    errors.push({
      message: `expected '}' to close ${opened}, found ${after ? describeToken(after) : 'the end of the file'}`,
      // At the end of what was left open, not at what follows: that may be another declaration.
      span: span(lastEnd, lastEnd),
    });
  } else if (close + 1 < to) {
    const stray = table.token(close + 1)!;
    errors.push({ message: `expected 'network' or 'block', found ${describeToken(stray)}`, span: tokenSpan(stray) });
  }
  const end = close >= 0 ? table.end(close) : lastEnd;
  const bodyStart = hasBrace ? table.start(brace) : headEnd < to ? table.start(headEnd) : end;
  const body = span(Math.min(bodyStart, end), end);
  return isBlock ? blockNode(name, head?.params ?? [], statements, body, first.startOffset, end) : networkNode(name, statements, body, first.startOffset, end);
}

/**
 * Parses `text`; given the statements of the previous parse of the same document, takes
 * those an edit did not touch from there (read, never changed).
 */
export function parse(text: string, previous?: ParsedStatements): ParseResult {
  const reusable = previous && { previous, ...sharedEnds(previous.text, text) };
  const recording = new ParsedStatements(text);
  const pieceEnd: IToken = { image: '', startOffset: 0, endOffset: 0, tokenTypeIdx: 0, tokenType: Tokens.Identifier };
  const run: ParseRun = { reusable, recording, shared: new SharedValues(), tokenPool: [], pieceTokens: [], pieceEnd };
  parser().shared = run.shared;
  const scanned = scan(text, reusable?.previous.scanned && { scan: reusable.previous.scanned, shared: reusable });
  recording.scanned = scanned;
  const { table, comments: lexedComments, errors: lexErrors } = scanned;
  const errors: SyntaxError[] = lexErrors.map((error) => ({ message: error.message, span: span(error.start, error.end) }));
  const comments: Comment[] = lexedComments.map((comment) => commentNode(comment.text, comment.start, comment.end));
  const declarations: Declaration[] = [];

  const bounds = declarationBounds(table);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    if (from >= to) continue;
    const type = table.type(from);
    if (type !== Tokens.Network && type !== Tokens.Block) {
      const first = table.token(from)!;
      errors.push({ message: `expected 'network' or 'block', found ${describeToken(first)}`, span: tokenSpan(first) });
      continue;
    }
    declarations.push(parseDeclaration(run, table, from, to, errors));
  }
  return {
    file: fileNode(declarations, comments, 0, text.length),
    errors: firstErrorPerLine(errors, text),
    reusable: recording,
  };
}

/** After the first syntax error on a line, the recovery's further complaints are noise. */
function firstErrorPerLine(errors: SyntaxError[], text: string): SyntaxError[] {
  const sorted = [...errors].sort((a, b) => a.span.start - b.span.start);
  const kept: SyntaxError[] = [];
  let line = 0;
  let lastLine = -1;
  let scanned = 0;
  for (const error of sorted) {
    for (; scanned < error.span.start && scanned < text.length; scanned++) if (text.charCodeAt(scanned) === 10) line++;
    if (line === lastLine) continue;
    lastLine = line;
    kept.push(error);
  }
  return kept;
}
