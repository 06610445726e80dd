/**
 * The syntax tree. Every node keeps its source span. The parser recovers from errors, so
 * a node may be partial: a missing part is undefined, never a placeholder with a fake name.
 */
import type { Span } from './text';

export interface Identifier {
  readonly kind: 'identifier';
  readonly text: string;
  readonly span: Span;
}

export type Expr = IntegerLiteral | DecimalLiteral | DimsLiteral | BooleanLiteral | NameExpr | BinaryExpr;

export interface IntegerLiteral {
  readonly kind: 'integer';
  readonly value: bigint;
  readonly span: Span;
}

export interface DecimalLiteral {
  readonly kind: 'decimal';
  readonly value: number;
  readonly span: Span;
}

export interface DimsLiteral {
  readonly kind: 'dims';
  readonly value: readonly bigint[];
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: Span;
}

export interface NameExpr {
  readonly kind: 'name';
  readonly name: string;
  readonly span: Span;
}

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly operator: '+' | '-' | '*' | '/';
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface Argument {
  readonly kind: 'argument';
  readonly name: Identifier | undefined;
  readonly value: Expr | undefined;
  readonly span: Span;
}

export interface Call {
  readonly kind: 'call';
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  /** The span of the parentheses and what is between them; ends early when `)` is missing. */
  readonly argsSpan: Span;
  /** False when the parser had to recover inside the parentheses: the arguments may be cut short. */
  readonly complete: boolean;
  readonly span: Span;
}

export interface InputStatement {
  readonly kind: 'input';
  readonly name: Identifier | undefined;
  readonly shape: Expr | undefined;
  readonly span: Span;
}

export interface LayerStatement {
  readonly kind: 'layer';
  readonly name: Identifier | undefined;
  readonly call: Call;
  readonly repeat: Expr | undefined;
  readonly from: Identifier | undefined;
  readonly span: Span;
}

export type Statement = InputStatement | LayerStatement;

export interface Parameter {
  readonly kind: 'parameter';
  readonly name: Identifier;
  readonly defaultValue: Expr | undefined;
  readonly span: Span;
}

export interface NetworkDeclaration {
  readonly kind: 'network';
  readonly name: Identifier | undefined;
  readonly statements: readonly Statement[];
  /** The span of the braces and their content. */
  readonly body: Span;
  readonly span: Span;
}

export interface BlockDeclaration {
  readonly kind: 'block';
  readonly name: Identifier | undefined;
  readonly params: readonly Parameter[];
  readonly statements: readonly Statement[];
  readonly body: Span;
  readonly span: Span;
}

export type Declaration = NetworkDeclaration | BlockDeclaration;

export interface Comment {
  readonly text: string;
  readonly span: Span;
}

export interface SourceFile {
  readonly kind: 'file';
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}
