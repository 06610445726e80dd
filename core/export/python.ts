/**
 * Python as the exporter writes it: values and sizes as small expressions over a block's
 * parameters (so a block's class computes its layers' channels from its constructor's
 * arguments), names that Python and nn.Module leave free, and calls folded to 79 columns.
 */
import type { Expr } from '../ast';

/**
 * A value in the generated code: a literal, a parameter of the class being written, or
 * arithmetic over them. A dimension is a Sym (channels, features) or unknown (a block's
 * height and width depend on the input its instance is given).
 */
export type Sym =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly text: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'tuple'; readonly items: readonly bigint[] }
  /** A size list with an item over a block's parameters (`[1, k]`): a tuple of expressions. */
  | { readonly kind: 'sizes'; readonly items: readonly Sym[] }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'binary'; readonly operator: '+' | '-' | '*' | '//'; readonly left: Sym; readonly right: Sym };

export type Dims = readonly (Sym | undefined)[];

export const int = (value: number | bigint): Sym => ({ kind: 'int', value: BigInt(value) });
export const variable = (name: string): Sym => ({ kind: 'var', name });

/** The exact value of a Sym without variables, when it is a whole number. */
function intValue(sym: Sym | undefined): bigint | undefined {
  return sym?.kind === 'int' ? sym.value : undefined;
}

/** a op b, folded when both are numbers and when one is the identity of the operator. */
export function binary(operator: '+' | '-' | '*' | '//', left: Sym, right: Sym): Sym {
  const a = intValue(left);
  const b = intValue(right);
  if (a !== undefined && b !== undefined) {
    if (operator === '+') return int(a + b);
    if (operator === '-') return int(a - b);
    if (operator === '*') return int(a * b);
    if (b !== 0n) return int(floorDivide(a, b));
  }
  if (operator === '*' && a === 1n) return right;
  if ((operator === '*' || operator === '//') && b === 1n) return left;
  if ((operator === '+' || operator === '-') && b === 0n) return left;
  if (operator === '+' && a === 0n) return right;
  return { kind: 'binary', operator, left, right };
}

/** Python's `//`, which rounds down: bigint division truncates toward zero. */
function floorDivide(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return quotient * b !== a && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

/** -x: a number or each size negated, else `0 - x`, which Python is given as `-x`. */
function negate(sym: Sym): Sym {
  if (sym.kind === 'int') return int(-sym.value);
  if (sym.kind === 'float') return { kind: 'float', text: sym.text.startsWith('-') ? sym.text.slice(1) : `-${sym.text}` };
  if (sym.kind === 'tuple') return { kind: 'tuple', items: sym.items.map((item) => -item) };
  if (sym.kind === 'sizes') return sizes(sym.items.map(negate));
  return { kind: 'binary', operator: '-', left: int(0), right: sym };
}

/** A size list: a tuple of numbers when every item is one. */
export function sizes(items: readonly Sym[]): Sym {
  const values = items.map(intValue);
  return values.every((value): value is bigint => value !== undefined) ? { kind: 'tuple', items: values } : { kind: 'sizes', items };
}

export const product = (terms: readonly Sym[]): Sym => terms.reduce((acc, term) => binary('*', acc, term), int(1));
export const sum = (terms: readonly Sym[]): Sym => terms.reduce((acc, term) => binary('+', acc, term), int(0));

/** Replaces the variables a map names (a block's parameters by the arguments of one use). */
export function substitute(sym: Sym, values: ReadonlyMap<string, Sym>): Sym {
  if (sym.kind === 'var') return values.get(sym.name) ?? sym;
  if (sym.kind === 'sizes') return sizes(sym.items.map((item) => substitute(item, values)));
  if (sym.kind !== 'binary') return sym;
  return binary(sym.operator, substitute(sym.left, values), substitute(sym.right, values));
}

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '//': 2 } as const;

/** The Python text of a value: a square size is one integer, as PyTorch takes it. */
export function python(sym: Sym): string {
  switch (sym.kind) {
    case 'int':
      return sym.value.toString();
    case 'float':
      return sym.text;
    case 'bool':
      return sym.value ? 'True' : 'False';
    case 'str':
      return `'${sym.value}'`;
    case 'tuple':
      return sym.items.every((item) => item === sym.items[0]) ? sym.items[0]!.toString() : `(${sym.items.join(', ')})`;
    case 'sizes': {
      const items = sym.items.map(python);
      return items.every((item) => item === items[0]) ? items[0]! : `(${items.join(', ')})`;
    }
    case 'var':
      return sym.name;
    case 'binary': {
      if (isUnaryMinus(sym)) return sym.right.kind === 'binary' ? `-(${python(sym.right)})` : `-${python(sym.right)}`;
      const own = PRECEDENCE[sym.operator];
      const left = rank(sym.left) < own ? `(${python(sym.left)})` : python(sym.left);
      // a - (b + c), a // (b * c): the right side of an operator of the same rank keeps its parentheses.
      const rightRank = rank(sym.right);
      const associative = sym.right.kind === 'binary' && sym.right.operator === sym.operator && (sym.operator === '+' || sym.operator === '*');
      const right = rightRank < own || (rightRank === own && !associative) ? `(${python(sym.right)})` : python(sym.right);
      return `${left} ${sym.operator} ${right}`;
    }
  }
}

/** `0 - x`, which Python is given as `-x`. */
function isUnaryMinus(sym: Sym & { kind: 'binary' }): boolean {
  return sym.operator === '-' && intValue(sym.left) === 0n;
}

/** How tightly a value holds together in Python: a unary minus binds tighter than `*` and `//`. */
function rank(sym: Sym): number {
  return sym.kind === 'binary' && !isUnaryMinus(sym) ? PRECEDENCE[sym.operator] : 3;
}

/**
 * A `.net` expression as a value of the generated code: a block's parameter is its
 * variable, any other bare name a string (`relu`, `same`), and `/` (which must divide
 * exactly, checked by the analysis) Python's `//`, which keeps it an integer.
 */
export function symOf(expr: Expr, params: ReadonlyMap<string, string>): Sym {
  switch (expr.kind) {
    case 'integer':
      return int(expr.value);
    case 'decimal':
      return { kind: 'float', text: expr.text };
    case 'dims':
      return { kind: 'tuple', items: expr.value };
    case 'boolean':
      return { kind: 'bool', value: expr.value };
    case 'name': {
      const name = params.get(expr.name);
      return name ? variable(name) : { kind: 'str', value: expr.name };
    }
    case 'binary':
      return binary(expr.operator === '/' ? '//' : expr.operator, symOf(expr.left, params), symOf(expr.right, params));
    case 'negate':
      return negate(symOf(expr.operand, params));
    case 'list':
      // `[k]` is k; a list of constants is a tuple, as HxW; one over a block's parameters a tuple of expressions.
      return expr.items.length === 1 ? symOf(expr.items[0]!, params) : sizes(expr.items.map((item) => symOf(item, params)));
  }
}

/** Whether a value names no parameter: the same in every use of its block. */
export function isConstant(sym: Sym): boolean {
  if (sym.kind === 'var') return false;
  if (sym.kind === 'sizes') return sym.items.every(isConstant);
  return sym.kind !== 'binary' || (isConstant(sym.left) && isConstant(sym.right));
}

const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);

/** What nn.Module is made of: a layer given one of these names would replace it. */
const MODULE_MEMBERS = new Set(
  (
    'T_destination add_module apply bfloat16 buffers call_super_init children cpu cuda double dump_patches eval extra_repr ' +
    'float forward get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules named_buffers ' +
    'named_children named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook ' +
    'register_forward_pre_hook register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook ' +
    'register_module register_parameter register_state_dict_pre_hook requires_grad_ set_extra_state share_memory state_dict ' +
    'to to_empty train training type xpu zero_grad'
  ).split(' '),
);

/**
 * Gives each `.net` name a Python name free in one namespace: a keyword, a name taken
 * (an nn.Module member, the module's imports) or one given before gets a trailing
 * underscore, as PEP 8 advises (`in` is `in_`).
 */
export class Namer {
  private readonly used: Set<string>;

  constructor(
    taken: Iterable<string>,
    /** Names of attributes of an nn.Module, where nn.Module's own (and any private one, `_modules`) are taken. */
    private readonly attributes = false,
  ) {
    this.used = new Set(taken);
    if (attributes) for (const member of MODULE_MEMBERS) this.used.add(member);
  }

  name(wanted: string): string {
    let name = this.attributes && wanted.startsWith('_') ? `layer${wanted}` : wanted;
    while (KEYWORDS.has(name) || this.used.has(name)) name += '_';
    this.used.add(name);
    return name;
  }
}

/** The most columns a line takes (PEP 8). */
const COLUMNS = 79;

/**
 * `target = callee(a, b, c)` at an indent, folded when it passes 79 columns: the
 * arguments on the lines below, one more indent in, as many to a line as fit.
 */
export function assignCall(indent: string, target: string, callee: string, args: readonly string[]): string[] {
  const flat = `${indent}${target} = ${callee}(${args.join(', ')})`;
  if (flat.length <= COLUMNS || args.length === 0) return [flat];
  const inner = `${indent}    `;
  const lines = [`${indent}${target} = ${callee}(`];
  let line = '';
  for (const [i, arg] of args.entries()) {
    const piece = `${arg}${i < args.length - 1 ? ',' : ''}`;
    if (line && inner.length + line.length + 1 + piece.length > COLUMNS) {
      lines.push(inner + line);
      line = piece;
    } else {
      line = line ? `${line} ${piece}` : piece;
    }
  }
  lines.push(inner + line, `${indent})`);
  return lines;
}
