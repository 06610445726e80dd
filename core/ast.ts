/**
 * The syntax tree. Every node is its own source span: it extends `Span`, its `start` and
 * `end` are fields of the node itself (no separate span object per node), so a node can be
 * passed wherever a span is read. Anything kept beyond a call (a diagnostic, a fix's edit,
 * a report) copies `{ start, end }` with `span(node.start, node.end)` and never holds the
 * node. The parser recovers from errors, so a node may be partial: a missing part is
 * undefined, but for the two names a node cannot be without (a call's callee, a block
 * parameter's name), which are then empty and zero-width where the name should be. An
 * empty name matches no op, block or layer: no name written in a file is empty.
 */
import type { Span } from './text';

export interface Identifier extends Span {
  readonly kind: 'identifier';
  readonly text: string;
}

export type Expr = IntegerLiteral | DecimalLiteral | DimsLiteral | BooleanLiteral | NameExpr | BinaryExpr | NegateExpr | ListExpr;

export interface IntegerLiteral extends Span {
  readonly kind: 'integer';
  readonly value: bigint;
}

export interface DecimalLiteral extends Span {
  readonly kind: 'decimal';
  /** The nearest double: what arithmetic and the ops use. */
  readonly value: number;
  /** As written, without `_`: the exact value, which the double may round (0.99999999999999999 to 1). */
  readonly text: string;
}

export interface DimsLiteral extends Span {
  readonly kind: 'dims';
  readonly value: readonly bigint[];
}

export interface BooleanLiteral extends Span {
  readonly kind: 'boolean';
  readonly value: boolean;
}

export interface NameExpr extends Span {
  readonly kind: 'name';
  readonly name: string;
}

export interface BinaryExpr extends Span {
  readonly kind: 'binary';
  readonly operator: '+' | '-' | '*' | '/' | '//';
  readonly left: Expr;
  readonly right: Expr;
}

/** `-x`: one leading minus before a number, a name, a parenthesised expression or a size list. */
export interface NegateExpr extends Span {
  readonly kind: 'negate';
  readonly operand: Expr;
}

/** `[a, b]`: a size computed per spatial dimension; its value is dimensions of its length, as `AxB` is. */
export interface ListExpr extends Span {
  readonly kind: 'list';
  readonly items: readonly Expr[];
}

export interface Argument extends Span {
  readonly kind: 'argument';
  readonly name: Identifier | undefined;
  readonly value: Expr | undefined;
}

export interface Call extends Span {
  readonly kind: 'call';
  /** Empty and zero-width when missing (`y = (3)`, or a statement the parser could not read). */
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  /** Where the parentheses and what is between them start and end; ends early when `)` is missing. */
  readonly argsStart: number;
  readonly argsEnd: number;
  /** False when the parser had to recover inside the parentheses: the arguments may be cut short. */
  readonly complete: boolean;
}

export interface InputStatement extends Span {
  readonly kind: 'input';
  readonly name: Identifier | undefined;
  readonly shape: Expr | undefined;
}

export interface LayerStatement extends Span {
  readonly kind: 'layer';
  /** The `output` word that marks the layer as an output of its network, when written. */
  readonly output: Identifier | undefined;
  readonly name: Identifier | undefined;
  readonly call: Call;
  readonly repeat: Expr | undefined;
  readonly from: Identifier | undefined;
}

export type Statement = InputStatement | LayerStatement;

export interface Parameter extends Span {
  readonly kind: 'parameter';
  /** Empty and zero-width when missing: `block B(a, = 2)`. */
  readonly name: Identifier;
  /** The word after `:`, when written: `tensor` declares a parameter that takes a tensor (any other word is an error). */
  readonly type: Identifier | undefined;
  readonly defaultValue: Expr | undefined;
}

export interface NetworkDeclaration extends Span {
  readonly kind: 'network';
  readonly name: Identifier | undefined;
  readonly statements: readonly Statement[];
  /** The span of the braces and their content. */
  readonly body: Span;
}

export interface BlockDeclaration extends Span {
  readonly kind: 'block';
  readonly name: Identifier | undefined;
  readonly params: readonly Parameter[];
  readonly statements: readonly Statement[];
  readonly body: Span;
}

export type Declaration = NetworkDeclaration | BlockDeclaration;

export interface Comment extends Span {
  readonly text: string;
}

export interface SourceFile extends Span {
  readonly kind: 'file';
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
}

/*
 * The node makers: each kind is made here and nowhere else, its fields always in the same
 * order, so that V8 gives every node of a kind one hidden class.
 */

export function identifierNode(text: string, start: number, end: number): Identifier {
  return { kind: 'identifier', text, start, end };
}

export function integerNode(value: bigint, start: number, end: number): IntegerLiteral {
  return { kind: 'integer', value, start, end };
}

export function decimalNode(value: number, text: string, start: number, end: number): DecimalLiteral {
  return { kind: 'decimal', value, text, start, end };
}

export function dimsNode(value: readonly bigint[], start: number, end: number): DimsLiteral {
  return { kind: 'dims', value, start, end };
}

export function booleanNode(value: boolean, start: number, end: number): BooleanLiteral {
  return { kind: 'boolean', value, start, end };
}

export function nameNode(name: string, start: number, end: number): NameExpr {
  return { kind: 'name', name, start, end };
}

export function binaryNode(operator: BinaryExpr['operator'], left: Expr, right: Expr, start: number, end: number): BinaryExpr {
  return { kind: 'binary', operator, left, right, start, end };
}

export function negateNode(operand: Expr, start: number, end: number): NegateExpr {
  return { kind: 'negate', operand, start, end };
}

export function listNode(items: readonly Expr[], start: number, end: number): ListExpr {
  return { kind: 'list', items, start, end };
}

export function argumentNode(name: Identifier | undefined, value: Expr | undefined, start: number, end: number): Argument {
  return { kind: 'argument', name, value, start, end };
}

export function callNode(
  callee: Identifier,
  args: readonly Argument[],
  argsStart: number,
  argsEnd: number,
  complete: boolean,
  start: number,
  end: number,
): Call {
  return { kind: 'call', callee, args, argsStart, argsEnd, complete, start, end };
}

export function inputStatementNode(name: Identifier | undefined, shape: Expr | undefined, start: number, end: number): InputStatement {
  return { kind: 'input', name, shape, start, end };
}

export function layerStatementNode(
  output: Identifier | undefined,
  name: Identifier | undefined,
  call: Call,
  repeat: Expr | undefined,
  from: Identifier | undefined,
  start: number,
  end: number,
): LayerStatement {
  return { kind: 'layer', output, name, call, repeat, from, start, end };
}

export function parameterNode(name: Identifier, type: Identifier | undefined, defaultValue: Expr | undefined, start: number, end: number): Parameter {
  return { kind: 'parameter', name, type, defaultValue, start, end };
}

export function networkNode(name: Identifier | undefined, statements: readonly Statement[], body: Span, start: number, end: number): NetworkDeclaration {
  return { kind: 'network', name, statements, body, start, end };
}

export function blockNode(
  name: Identifier | undefined,
  params: readonly Parameter[],
  statements: readonly Statement[],
  body: Span,
  start: number,
  end: number,
): BlockDeclaration {
  return { kind: 'block', name, params, statements, body, start, end };
}

export function commentNode(text: string, start: number, end: number): Comment {
  return { text, start, end };
}

export function fileNode(declarations: readonly Declaration[], comments: readonly Comment[], start: number, end: number): SourceFile {
  return { kind: 'file', declarations, comments, start, end };
}
