/** The reuse: statements kept from the previous parse of the same document, their offsets moved. */
import {
  argumentNode,
  binaryNode,
  booleanNode,
  callNode,
  decimalNode,
  dimsNode,
  identifierNode,
  inputStatementNode,
  integerNode,
  layerStatementNode,
  listNode,
  nameNode,
  negateNode,
  type Expr,
  type Identifier,
  type Statement,
} from '../ast';
import type { ScanResult } from '../lexer';
import { firstAtLeast, grownInto, span, type SharedEnds } from '../text';
import type { SyntaxError } from './messages';

/**
 * The statements of one parse, in the order of the text, for the next parse of the same
 * document to reuse (`parse(text, previous)`). An edit changes one stretch of the text; a
 * statement before it, or after it, whose text starts and ends where it did (moved by the
 * length the edit added) and that was parsed in the same role, is taken from here instead
 * of being parsed again, its offsets moved. It holds nothing of the parse before it, so
 * keeping the latest one per document never outgrows the document.
 */
export class ParsedStatements {
  /**
   * Where each statement starts and ends, and whether it was parsed as a statement (1) or
   * as what follows a declaration's head (0), packed and grown by doubling: read, never
   * written, by the next parse.
   */
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  startedStatement = new Uint8Array(256);
  count = 0;
  readonly statements: (Statement | undefined)[] = [];
  /**
   * The syntax errors of the statements that had some, by index, with the image of the
   * token after the statement: their messages name it. A statement without errors does not
   * depend on what follows it.
   */
  readonly errors = new Map<number, { readonly errors: readonly SyntaxError[]; readonly next: string | undefined }>();

  /** The tokens of the text, for the next parse's lexer to take the lines it shares. */
  scanned: ScanResult | undefined;
  /** How many of the statements this parse took from the previous one instead of parsing them. */
  reused = 0;

  constructor(readonly text: string) {}

  add(start: number, end: number, statement: Statement | undefined, startsStatement: boolean, errors: readonly SyntaxError[], next: string | undefined): void {
    const index = this.count;
    if (errors.length > 0) this.errors.set(index, { errors, next });
    if (index === this.starts.length) {
      this.starts = grownInto(this.starts, new Int32Array(index * 2));
      this.ends = grownInto(this.ends, new Int32Array(index * 2));
      this.startedStatement = grownInto(this.startedStatement, new Uint8Array(index * 2));
    }
    this.starts[index] = start;
    this.ends[index] = end;
    this.startedStatement[index] = startsStatement ? 1 : 0;
    this.statements.push(statement);
    this.count++;
  }

  /** The index of the statement that started at `start`, or -1. */
  find(start: number): number {
    const index = firstAtLeast(this.starts, start, this.count);
    return index < this.count && this.starts[index] === start ? index : -1;
  }
}

/** What the text before a parse shares with the text after, and the parse of the text before. */
export interface Unchanged extends SharedEnds {
  readonly previous: ParsedStatements;
}

/**
 * A copy of a cached statement or syntax error with every offset moved by `delta` (a node's
 * `start`, `end`, `argsStart` and `argsEnd`, an error's span); the same value when delta is
 * 0. Each node is made again by its kind's maker, so the copies share the hidden classes of
 * fresh nodes, and what is not an offset (a literal's value, shared dimensions) is shared.
 */
export function moved<T extends Statement | SyntaxError | undefined>(value: T, delta: number): T {
  if (delta === 0 || value === undefined) return value;
  if (!('kind' in value)) return movedError(value, delta) as T;
  return movedStatement(value, delta) as T;
}

function movedError(error: SyntaxError, delta: number): SyntaxError {
  const where = span(error.span.start + delta, error.span.end + delta);
  return error.code === undefined ? { message: error.message, span: where } : { code: error.code, message: error.message, span: where };
}

function movedStatement(statement: Statement, d: number): Statement {
  if (statement.kind === 'input')
    return inputStatementNode(movedIdentifier(statement.name, d), movedExpr(statement.shape, d), statement.start + d, statement.end + d);
  const call = statement.call;
  const args = call.args.map((arg) => argumentNode(movedIdentifier(arg.name, d), movedExpr(arg.value, d), arg.start + d, arg.end + d));
  const movedCall = callNode(movedIdentifier(call.callee, d), args, call.argsStart + d, call.argsEnd + d, call.complete, call.start + d, call.end + d);
  return layerStatementNode(
    movedIdentifier(statement.output, d),
    movedIdentifier(statement.name, d),
    movedCall,
    movedExpr(statement.repeat, d),
    movedIdentifier(statement.from, d),
    statement.start + d,
    statement.end + d,
  );
}

function movedIdentifier<T extends Identifier | undefined>(node: T, d: number): T {
  return (node && identifierNode(node.text, node.start + d, node.end + d)) as T;
}

function movedExpr<T extends Expr | undefined>(expr: T, d: number): T {
  if (!expr) return expr;
  const start = expr.start + d;
  const end = expr.end + d;
  switch (expr.kind) {
    case 'integer':
      return integerNode(expr.value, start, end) as T;
    case 'decimal':
      return decimalNode(expr.value, expr.text, start, end) as T;
    case 'dims':
      return dimsNode(expr.value, start, end) as T;
    case 'boolean':
      return booleanNode(expr.value, start, end) as T;
    case 'name':
      return nameNode(expr.name, start, end) as T;
    case 'binary':
      return binaryNode(expr.operator, movedExpr(expr.left, d), movedExpr(expr.right, d), start, end) as T;
    case 'negate':
      return negateNode(movedExpr(expr.operand, d), start, end) as T;
    case 'list':
      return listNode(
        expr.items.map((item) => movedExpr(item, d)),
        start,
        end,
      ) as T;
  }
}

/**
 * The statement of the previous parse that stood where tokens `start`..`end` stand now, with
 * the same text, in the same role; its index, or -1.
 */
export function reusableIndex(
  reusable: Unchanged | undefined,
  start: number,
  end: number,
  next: () => string | undefined,
  startsStatement: boolean,
): { index: number; delta: number } | undefined {
  if (!reusable) return undefined;
  const { previous, prefix, suffixFrom, delta } = reusable;
  let shift: number;
  if (end <= prefix) shift = 0;
  else if (start >= suffixFrom) shift = delta;
  else return undefined;
  const index = previous.find(start - shift);
  if (index < 0 || previous.ends[index] !== end - shift || previous.startedStatement[index] !== (startsStatement ? 1 : 0)) return undefined;
  const errors = previous.errors.get(index);
  if (errors && errors.next !== next()) return undefined;
  return { index, delta: shift };
}
