/** Resolved arguments: the shared pairs they are made of, and their typed reads. */
import type { Pair, ResolvedArgs } from './definition';

/**
 * Pairs of small sizes, made once: every conv holds four (kernel, stride, pad, dilation),
 * nearly always of a few small values. A pair is read, never changed.
 */
const SMALL_PAIRS: readonly Pair[][] = Array.from({ length: 16 }, (_, h) => Array.from({ length: 16 }, (_, w) => [h, w] as const));

export function makePair(h: number, w: number): Pair {
  return h < 16 && w < 16 && h >= 0 && w >= 0 ? SMALL_PAIRS[h]![w]! : [h, w];
}

/*
 * Typed reads of resolved arguments. Binding (core/arguments.ts) gives each argument its
 * parameter's type, so a value of another type is a bug: an op read with the params of
 * another, or a name misspelt. It throws, and the server's guard logs it.
 */
export function wrongArg(args: ResolvedArgs, name: string, wanted: string): never {
  const value = args[name];
  throw new Error(`argument '${name}' is ${value === undefined ? 'missing' : `${typeof value} ${String(value)}`}, not ${wanted}`);
}

/** A `count` or `index` argument; `absent` when it was left to a default the op works out (posembed's max). */
export function countArg(args: ResolvedArgs, name: string, absent?: number): number {
  const value = args[name];
  if (typeof value === 'number') return value;
  return value === undefined && absent !== undefined ? absent : wrongArg(args, name, 'a count');
}

/** A `count` argument whose default the op works out from its input (`defaultFromInput`): undefined when not given. */
export function optionalCountArg(args: ResolvedArgs, name: string): number | undefined {
  const value = args[name];
  return value === undefined || typeof value === 'number' ? value : wrongArg(args, name, 'a count');
}

/**
 * A `size` argument as two sizes: one integer k is k×k. `absent` when the op has no such
 * parameter (a pool's dilation).
 */
export function pairArg(args: ResolvedArgs, name: string, absent?: Pair): Pair {
  const value = args[name];
  if (typeof value === 'number') return makePair(value, value);
  if (Array.isArray(value)) return value as Pair;
  return value === undefined && absent ? absent : wrongArg(args, name, 'a size');
}

/** A `pad` argument: sizes (one integer p is p×p), or one of the names it takes (`same`). */
export function padArg(args: ResolvedArgs, name: string): Pair | string {
  const value = args[name];
  if (typeof value === 'number') return makePair(value, value);
  return Array.isArray(value) || typeof value === 'string' ? (value as Pair | string) : wrongArg(args, name, 'a pad');
}

/**
 * Whether a size or pad argument was written as two sizes (`HxW`, `[h, w]`) rather than one
 * integer: a signal takes only one.
 */
export function writtenAsPair(args: ResolvedArgs, name: string): boolean {
  return Array.isArray(args[name]);
}

/** A `bool` argument; `absent` when the op has no such parameter (a conv's ceil). */
export function boolArg(args: ResolvedArgs, name: string, absent?: boolean): boolean {
  const value = args[name];
  if (typeof value === 'boolean') return value;
  return value === undefined && absent !== undefined ? absent : wrongArg(args, name, 'true or false');
}

/** An `enum` argument: the name of its value. */
export function nameArg(args: ResolvedArgs, name: string): string {
  const value = args[name];
  return typeof value === 'string' ? value : wrongArg(args, name, 'a name');
}
