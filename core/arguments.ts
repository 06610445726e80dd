/** Binding a call's arguments to an op's or a block's parameters, with type checks and defaults. */
import type { Argument, Call, Expr, Parameter } from './ast';
import type { DiagnosticSink } from './diagnostics';
import { makePair, MAX_DIMENSION, VALUE_NAMES, type OpDefinition, type Pair, type ParamSpec, type ResolvedArgs } from './ops';
import { isTensorParameter } from './names';
import type { Shape } from './shapes';
import { formatCount, plural } from './format';
import { nearestName } from './suggest';
import { span } from './text';
import { describeKind, describeValue, evaluate, type Environment, type Value } from './values';

function indexOfName(params: readonly { readonly name: string }[], name: string): number {
  for (let index = 0; index < params.length; index++) if (params[index]!.name === name) return index;
  return -1;
}

/**
 * Matches arguments to parameters, positional first, then by name: the argument given for
 * each parameter, by the parameter's index. Reports unknown, repeated and surplus
 * arguments; returns undefined when an argument is missing from the tree (a syntax error
 * already said so) or does not fit.
 */
function matchArguments<P extends { readonly name: string }>(
  what: string,
  call: Call,
  params: readonly P[],
  sink: DiagnosticSink,
): (Argument | undefined)[] | undefined {
  const given: (Argument | undefined)[] = new Array<Argument | undefined>(params.length).fill(undefined);
  let ok = true;
  let sawNamed = false;
  // Positional arguments past the last parameter make one error, from the first to the last.
  let firstSurplus: Argument | undefined;
  let lastSurplus: Argument | undefined;
  let written = 0;
  const args = call.args;
  for (let index = 0; index < args.length; index++) {
    const argument = args[index]!;
    if (!argument.value) {
      ok = false;
      continue;
    }
    let slot: number;
    if (argument.name) {
      sawNamed = true;
      const name = argument.name.text;
      slot = indexOfName(params, name);
      if (slot < 0) {
        const known = params.length ? ` (its arguments: ${params.map((p) => p.name).join(', ')})` : ' (it takes no arguments)';
        sink.error('bad-argument', `${what} has no argument '${name}'${known}`, argument.name);
        ok = false;
        continue;
      }
    } else {
      if (sawNamed) {
        sink.error('bad-argument', 'a positional argument cannot follow a named one', argument);
        ok = false;
        continue;
      }
      slot = index;
      if (slot >= params.length) {
        firstSurplus ??= argument;
        lastSurplus = argument;
        written = index + 1;
        ok = false;
        continue;
      }
    }
    if (given[slot]) {
      sink.error('bad-argument', `argument '${params[slot]!.name}' is given twice`, argument);
      ok = false;
      continue;
    }
    given[slot] = argument;
  }
  if (firstSurplus && lastSurplus) {
    const most = params.length === 0 ? 'no arguments' : `at most ${plural(params.length, 'argument')}`;
    sink.error('bad-argument', `${what} takes ${most}, but is given ${formatCount(written)}`, span(firstSurplus.start, lastSurplus.end));
  }
  return ok ? given : undefined;
}

function toInteger(value: Value, min: number): number | string {
  if (value.kind !== 'int') return `an integer`;
  if (value.value < BigInt(min)) return `an integer ≥ ${min}`;
  if (value.value > BigInt(MAX_DIMENSION)) return `at most ${MAX_DIMENSION.toLocaleString('en-US')}`;
  return Number(value.value);
}

/** An index: an integer of either sign, its magnitude at most the largest dimension. */
function toIndex(value: Value): number | string {
  if (value.kind !== 'int') return 'an integer';
  const limit = BigInt(MAX_DIMENSION);
  if (value.value > limit || value.value < -limit)
    return `an integer from −${MAX_DIMENSION.toLocaleString('en-US')} to ${MAX_DIMENSION.toLocaleString('en-US')}`;
  return Number(value.value);
}

/**
 * A size or pad: one integer (or a one-element list, `[k]`) stays a number, two sizes
 * (`HxW`, `[h, w]`) make a pair, so that an op on a signal can refuse a pair.
 */
function toSize(value: Value, min: number): number | Pair | string {
  if (value.kind === 'dims' && value.value.length === 1) return toSize({ kind: 'int', value: value.value[0]! }, min);
  if (value.kind === 'dims') {
    if (value.value.length !== 2) return `an integer or HxW`;
    const [h, w] = value.value as [bigint, bigint];
    if (h < BigInt(min) || w < BigInt(min)) return `sizes ≥ ${min}`;
    if (h > BigInt(MAX_DIMENSION) || w > BigInt(MAX_DIMENSION)) return `at most ${MAX_DIMENSION.toLocaleString('en-US')}`;
    return makePair(Number(h), Number(w));
  }
  const single = toInteger(value, min);
  return typeof single === 'number' ? single : `${single} or HxW`;
}

/**
 * Whether a decimal as written (digits, a point, an exponent; no sign) is below 1, worked
 * out on its digits: D·10^E with D of n digits (no leading zero) is below 1 exactly when
 * n + E ≤ 0. The exponent may be any length, so it is a bigint.
 */
function writtenBelowOne(text: string): boolean {
  const [mantissa = '', exponent = '0'] = text.toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return true;
  return BigInt(digits.length) + BigInt(exponent) - BigInt(fraction.length) <= 0n;
}

/** What a parameter expected, and why the value given is not it when that is not plain. */
interface Mismatch {
  readonly expected: string;
  readonly because?: string;
}

/** The message for a value that does not fit its parameter of op `op`. */
function mismatch(op: string, spec: ParamSpec, value: Value, { expected, because }: Mismatch, env: Environment): string {
  if (because) return `${spec.name} must be ${expected}: ${because}`;
  if (value.kind === 'symbol' && spec.type === 'enum') {
    // A word that is none of the values: a newer one (silu), a slip (rleu), or, in a block, a misspelt parameter.
    const near = nearestName(value.name, valueNames(spec));
    const parameter = env.size > 0 ? ', nor a parameter of the block' : '';
    return `${spec.name} must be ${expected}: '${value.name}' is not a known ${spec.valueNoun ?? 'value'}${parameter}${near ? ` (did you mean '${near}'?)` : ''}`;
  }
  // A name other ops take here (`pad=same` on deconv), or a misspelt parameter.
  const unknown =
    value.kind !== 'symbol'
      ? ''
      : VALUE_NAMES.includes(value.name)
        ? ` (${op}'s ${spec.name} takes no '${value.name}')`
        : ` ('${value.name}' names no parameter)`;
  const shown = value.kind === 'symbol' ? describeKind(value) : `${describeKind(value)} ${describeValue(value)}`;
  return `${spec.name} must be ${expected}, not ${shown}${unknown}`;
}

const valueNames = (spec: ParamSpec): string[] => (spec.values ?? []).map((value) => value.name);

/** Converts a value to a parameter's type, or says what was expected. */
function convert(spec: ParamSpec, value: Value): number | Pair | boolean | string | Mismatch {
  const expected = (text: string) => ({ expected: text });
  // The names a parameter takes (`relu`, `same`) are its values as they are.
  if (value.kind === 'symbol' && spec.values?.some((named) => named.name === value.name)) return value.name;
  const orNames = spec.values?.length ? `, or ${valueNames(spec).join(', or ')}` : '';
  switch (spec.type) {
    case 'count': {
      const result = toInteger(value, 1);
      return typeof result === 'number' ? result : expected(`${result}${orNames}`);
    }
    case 'size': {
      const result = toSize(value, 1);
      return typeof result === 'string' ? expected(`${result}${orNames}`) : result;
    }
    case 'pad': {
      const result = toSize(value, 0);
      return typeof result === 'string' ? expected(`${result}${orNames}`) : result;
    }
    case 'bool':
      return value.kind === 'bool' ? value.value : expected('true or false');
    case 'index': {
      const result = toIndex(value);
      return typeof result === 'number' ? result : expected(result);
    }
    case 'enum':
      return expected(`one of ${valueNames(spec).join(', ')}`);
    case 'layer':
      // The name only: the expansion looks it up in the scope, where it knows the layers.
      return value.kind === 'symbol' ? value.name : expected(`the name of an earlier layer${orNames}`);
    case 'probability': {
      const number = value.kind === 'decimal' ? value.value : value.kind === 'int' ? Number(value.value) : NaN;
      if (number >= 0 && number < 1) return number;
      const wanted = 'a probability from 0 up to (not including) 1';
      // Below 1 as written, 1 as a double (as PyTorch would read it): say so, not that it is 1.
      if (value.kind === 'decimal' && writtenBelowOne(value.text))
        return { expected: wanted, because: `${value.text} is below 1, but a double rounds it to 1` };
      return expected(wanted);
    }
  }
}

function defaultValue(spec: ParamSpec, resolved: Record<string, number | Pair | boolean | string>): number | Pair | boolean | string {
  if (spec.defaultFrom) return resolved[spec.defaultFrom]!;
  if (spec.values?.some((named) => named.name === spec.defaultText)) return spec.defaultText!;
  switch (spec.type) {
    case 'count':
    case 'index':
    case 'size':
    case 'pad':
      return Number(spec.defaultText);
    case 'bool':
      return spec.defaultText === 'true';
    case 'enum':
    case 'layer':
      return spec.defaultText!;
    case 'probability':
      return Number(spec.defaultText);
  }
}

export interface BoundOpArgs {
  readonly args: ResolvedArgs;
  /** The argument given for each of the op's parameters, by index: where errors about it point. */
  readonly given: readonly (Argument | undefined)[];
}

export function bindOpArguments(op: OpDefinition, call: Call, env: Environment, sink: DiagnosticSink): BoundOpArgs | undefined {
  const given = matchArguments(op.name, call, op.params, sink);
  if (!given) return undefined;
  const resolved: Record<string, number | Pair | boolean | string> = {};
  let ok = true;
  for (let index = 0; index < op.params.length; index++) {
    const spec = op.params[index]!;
    const argument = given[index];
    if (!argument) {
      if (spec.defaultFromInput) continue;
      if (spec.defaultText === undefined) {
        // A call cut short by a syntax error is missing arguments for that reason alone.
        if (call.complete)
          sink.error(
            'bad-argument',
            `${op.name} needs its '${spec.name}' argument (${spec.doc.replace(/\.$/, '').replace(/^\w/, (first) => first.toLowerCase())})`,
            call.callee,
          );
        ok = false;
      } else if (!spec.defaultFromInput) {
        resolved[spec.name] = defaultValue(spec, resolved);
      }
      continue;
    }
    const expr = argument.value!;
    const evaluated = evaluate(expr, env);
    if ('error' in evaluated) {
      sink.error(evaluated.error.code, evaluated.error.message, evaluated.error.span);
      ok = false;
      continue;
    }
    const converted = convert(spec, evaluated.value);
    if (typeof converted === 'object' && !Array.isArray(converted)) {
      sink.error('bad-argument', mismatch(op.name, spec, evaluated.value, converted as Mismatch, env), expr);
      ok = false;
      continue;
    }
    resolved[spec.name] = converted as number | Pair | boolean | string;
  }
  return ok ? { args: resolved, given } : undefined;
}

/**
 * A tensor of the calling scope, by name: undefined when no statement, input, `in` or
 * tensor parameter there has the name; its shape undefined when that is unknown.
 */
export type TensorReader = (name: string) => { readonly shape: Shape | undefined } | undefined;

export interface BoundBlockArgs {
  /** The value of each parameter that takes a value. */
  readonly env: Map<string, Value>;
  /** The shape passed to each tensor parameter, in the order they are declared. */
  readonly tensors: readonly Shape[];
}

const VALUE_WORDS: ReadonlySet<string> = new Set(VALUE_NAMES);

/**
 * Binds a block call's arguments to the block's parameters. A default is evaluated with
 * the parameters before it in scope, so `block B(c, mid=c/4)` works. A tensor parameter
 * takes the name of a tensor of the calling scope, and a value parameter never does.
 */
export function bindBlockArguments(
  blockName: string,
  params: readonly Parameter[],
  call: Call,
  callerEnv: Environment,
  readTensor: TensorReader,
  sink: DiagnosticSink,
): BoundBlockArgs | undefined {
  const named = params.map((param) => ({ name: param.name.text }));
  const given = matchArguments(blockName, call, named, sink);
  if (!given) return undefined;
  const env = new Map<string, Value>();
  const tensors: Shape[] = [];
  let ok = true;
  for (let index = 0; index < params.length; index++) {
    const param = params[index]!;
    // A parameter declared twice (an error of its own) takes what its first declaration was given.
    const slot = given[index] ?? given[named.findIndex((p) => p.name === param.name.text)];
    const tensor = isTensorParameter(param);
    // A tensor parameter's default is an error of its own (names.ts): the call must pass one.
    const expr = slot?.value ?? (tensor ? undefined : param.defaultValue);
    if (!expr) {
      if (!slot && call.complete) sink.error('bad-argument', `${blockName} needs its '${param.name.text}' argument`, call.callee);
      ok = false;
      continue;
    }
    const caller = expr.kind === 'name' && slot && !callerEnv.has(expr.name) ? readTensor(expr.name) : undefined;
    if (tensor) {
      if (caller?.shape) tensors.push(caller.shape);
      else {
        // A name that is no tensor there is an unknown name (names.ts); an unknown shape, an error upstream.
        if (!caller && expr.kind !== 'name') passedNotATensor(blockName, param, expr, callerEnv, sink);
        else if (!caller && callerEnv.has((expr as { name: string }).name))
          sink.error(
            'bad-argument',
            `${blockName}'s '${param.name.text}' takes a tensor, not the parameter '${(expr as { name: string }).name}', a value`,
            expr,
          );
        ok = false;
      }
      continue;
    }
    if (caller && !VALUE_WORDS.has((expr as { name: string }).name)) {
      sink.error(
        'bad-argument',
        `${blockName}'s '${param.name.text}' takes a value, not the tensor '${(expr as { name: string }).name}': only a parameter declared '${param.name.text}: tensor' takes a tensor`,
        expr,
      );
      ok = false;
      continue;
    }
    const evaluated = evaluate(expr, slot ? callerEnv : env);
    if ('error' in evaluated) {
      sink.error(evaluated.error.code, evaluated.error.message, evaluated.error.span);
      ok = false;
      continue;
    }
    env.set(param.name.text, evaluated.value);
  }
  return ok ? { env, tensors } : undefined;
}

/** A value where a tensor is declared: the argument names what it is. */
function passedNotATensor(blockName: string, param: Parameter, expr: Expr, callerEnv: Environment, sink: DiagnosticSink): void {
  const evaluated = evaluate(expr, callerEnv);
  const what = 'error' in evaluated ? 'an expression' : `${describeKind(evaluated.value)} ${describeValue(evaluated.value)}`;
  sink.error('bad-argument', `${blockName}'s '${param.name.text}' takes a tensor (the name of an earlier layer or an input), not ${what}`, expr);
}
