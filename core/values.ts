/** Values of expressions, evaluated at analysis time over block parameters; integers are exact. */
import type { Expr } from './ast';
import { formatCount } from './format';
import { span, type Span } from './text';

export type Value =
  | { readonly kind: 'int'; readonly value: bigint }
  /** A decimal's nearest double, and its text as written: the exact value. */
  | { readonly kind: 'decimal'; readonly value: number; readonly text: string }
  | { readonly kind: 'dims'; readonly value: readonly bigint[] }
  | { readonly kind: 'bool'; readonly value: boolean }
  /** A bare name that is no parameter: `same`, `relu`, `none`; the op decides if it means anything. */
  | { readonly kind: 'symbol'; readonly name: string };

export type Environment = ReadonlyMap<string, Value>;

export interface EvaluationError {
  readonly code: 'shape' | 'bad-argument';
  readonly message: string;
  readonly span: Span;
}

export type Evaluation = { readonly value: Value } | { readonly error: EvaluationError };

export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'int':
      return value.value.toString();
    case 'decimal':
      return value.text;
    case 'dims':
      // A size list may be written with any number of sizes: a message names a few and counts them.
      return value.value.length <= 4 ? value.value.join('x') : `${value.value.slice(0, 3).join('x')}x… (${formatCount(value.value.length)} sizes)`;
    case 'bool':
      return String(value.value);
    case 'symbol':
      return value.name;
  }
}

/** The kind of a value as an error message names it. */
export function describeKind(value: Value): string {
  switch (value.kind) {
    case 'int':
      return 'an integer';
    case 'decimal':
      return 'a decimal';
    case 'dims':
      return 'dimensions';
    case 'bool':
      return 'a boolean';
    case 'symbol':
      return `the name '${value.name}'`;
  }
}

export function evaluate(expr: Expr, env: Environment): Evaluation {
  switch (expr.kind) {
    case 'integer':
      return { value: { kind: 'int', value: expr.value } };
    case 'decimal':
      return { value: { kind: 'decimal', value: expr.value, text: expr.text } };
    case 'dims':
      return { value: { kind: 'dims', value: expr.value } };
    case 'boolean':
      return { value: { kind: 'bool', value: expr.value } };
    case 'name': {
      const bound = env.get(expr.name);
      return { value: bound ?? { kind: 'symbol', name: expr.name } };
    }
    case 'binary': {
      const left = evaluate(expr.left, env);
      if ('error' in left) return left;
      const right = evaluate(expr.right, env);
      if ('error' in right) return right;
      return arithmetic(expr.operator, left.value, right.value, expr);
    }
    case 'negate':
      return negate(expr, env);
    case 'list':
      return sizeList(expr, env);
  }
}

/** Why a value cannot be an operand of integer arithmetic, or undefined when it can. */
function notInteger(operator: string, operand: Value, where: Span): Evaluation | undefined {
  if (operand.kind === 'int') return undefined;
  const hint = operand.kind === 'symbol' ? ` (no parameter is named '${operand.name}')` : '';
  return { error: { code: 'bad-argument', message: `'${operator}' needs integers, not ${describeKind(operand)}${hint}`, span: span(where.start, where.end) } };
}

/** `-x`: an integer, a decimal, or each size of dimensions, negated. */
function negate(expr: Expr & { kind: 'negate' }, env: Environment): Evaluation {
  const operand = evaluate(expr.operand, env);
  if ('error' in operand) return operand;
  const value = operand.value;
  if (value.kind === 'decimal')
    return { value: { kind: 'decimal', value: -value.value, text: value.text.startsWith('-') ? value.text.slice(1) : `-${value.text}` } };
  if (value.kind === 'dims') return { value: { kind: 'dims', value: value.value.map((size) => -size) } };
  return notInteger('-', value, expr.operand) ?? bounded(-(value as { value: bigint }).value, expr);
}

/** `[a, b]`: dimensions of the list's length, each item an integer, as `AxB` is. */
function sizeList(expr: Expr & { kind: 'list' }, env: Environment): Evaluation {
  const sizes: bigint[] = [];
  for (const item of expr.items) {
    const evaluated = evaluate(item, env);
    if ('error' in evaluated) return evaluated;
    const value = evaluated.value;
    if (value.kind !== 'int') {
      const hint = value.kind === 'symbol' ? ` (no parameter is named '${value.name}')` : '';
      return {
        error: { code: 'bad-argument', message: `a size list holds integers, not ${describeKind(value)}${hint}`, span: span(item.start, item.end) },
      };
    }
    sizes.push(value.value);
  }
  return { value: { kind: 'dims', value: sizes } };
}

function arithmetic(operator: '+' | '-' | '*' | '/' | '//', left: Value, right: Value, expr: Expr & { kind: 'binary' }): Evaluation {
  const refused = notInteger(operator, left, expr.left) ?? notInteger(operator, right, expr.right);
  if (refused) return refused;
  const a = (left as { value: bigint }).value;
  const b = (right as { value: bigint }).value;
  switch (operator) {
    case '+':
      return bounded(a + b, expr);
    case '-':
      return bounded(a - b, expr);
    case '*':
      return bounded(a * b, expr);
    case '/':
      if (b === 0n) return { error: { code: 'shape', message: 'division by zero', span: span(expr.start, expr.end) } };
      if (a % b !== 0n) {
        return {
          error: {
            code: 'shape',
            message: `${a} / ${b} is not a whole number: '/' must divide exactly (write '//' to round down, or pad=same for a padding)`,
            span: span(expr.start, expr.end),
          },
        };
      }
      return { value: { kind: 'int', value: a / b } };
    case '//': {
      if (b === 0n) return { error: { code: 'shape', message: 'division by zero', span: span(expr.start, expr.end) } };
      // Floor, as Python's `//`: bigint division truncates toward zero.
      const quotient = a / b;
      return { value: { kind: 'int', value: a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient } };
    }
  }
}

/**
 * The largest magnitude an expression may reach. Without a bound, a parameter squared
 * through nested blocks grows without end and the analysis would hang.
 */
const MAX_EXPRESSION_VALUE = 2n ** 63n - 1n;

function bounded(value: bigint, expr: Expr): Evaluation {
  if (value > MAX_EXPRESSION_VALUE || value < -MAX_EXPRESSION_VALUE) {
    return { error: { code: 'bad-argument', message: `this value is too large: past ${MAX_EXPRESSION_VALUE} (2^63 − 1)`, span: span(expr.start, expr.end) } };
  }
  return { value: { kind: 'int', value } };
}

/** Values as a stable key: equal keys, equal values. */
export function valueKey(value: Value): string {
  return value.kind === 'symbol' ? `s:${value.name}` : `${value.kind[0]}:${describeValue(value)}`;
}
