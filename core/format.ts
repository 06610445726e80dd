/** How numbers and shapes are written for people: shared by the CLI and the server. */
import type { Shape } from './shapes';

/** `3 problems`, `1 row`; `shown` writes the count otherwise (`1,000 layers`). */
export function plural(count: number, word: string, shown = String(count)): string {
  return `${shown} ${word}${count === 1 ? '' : 's'}`;
}

/** 60954656n → "60,954,656". */
export function formatCount(value: bigint | number): string {
  const negative = value < 0;
  const digits = (negative ? -BigInt(value) : BigInt(value)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `−${grouped}` : grouped;
}

/**
 * Names for a message: all of a few, else the first three and how many more. A network of
 * 900,000 dense layers named them all in one 7.9 MB message.
 */
export function someNames(names: readonly string[]): string {
  if (names.length <= 5) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} and ${formatCount(names.length - 3)} more`;
}

/** The factors of a product as written in a formula: `5·5·48·256`; a string is written as it is. */
export const formatFactors = (...factors: (number | bigint | string)[]): string => factors.map((f) => (typeof f === 'string' ? f : formatCount(f))).join('·');

const COMPACT_UNITS: readonly (readonly [bigint, string])[] = [
  [1_000_000_000_000n, 'T'],
  [1_000_000_000n, 'G'],
  [1_000_000n, 'M'],
  [1_000n, 'K'],
];

/** 307200n → "307K", 223948800n → "224M", 999950n → "1M": three significant digits at most. */
export function formatCompact(value: bigint): string {
  for (let i = 0; i < COMPACT_UNITS.length; i++) {
    const [size, suffix] = COMPACT_UNITS[i]!;
    if (value < size) continue;
    const scaled = Number((value * 1000n) / size) / 1000;
    const text = scaled >= 100 ? scaled.toFixed(0) : scaled >= 10 ? scaled.toFixed(1) : scaled.toFixed(2);
    // What rounds to 1000 of a unit is written in the next one up: 999,950 is "1M", not "1000K".
    if (text === '1000' && i > 0) return `1${COMPACT_UNITS[i - 1]![1]}`;
    // Only a fraction's trailing zeros go: 149.52M is "150M", not "15M".
    return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text}${suffix}`;
  }
  return value.toString();
}

/** A share as a percentage with one decimal: 0.619 → "61.9%". */
export function formatShare(part: bigint, whole: bigint): string {
  if (whole === 0n) return '–';
  const tenths = Number((part * 2000n + whole) / (2n * whole));
  return `${(tenths / 10).toFixed(1)}%`;
}

/** The signed change from before to after, as a percentage: "−50.5%". */
export function formatChange(before: bigint, after: bigint): string {
  // From nothing there is no percentage: the count is new (a table read traded for a dense layer's MACs).
  if (before === 0n) return after === 0n ? '0%' : 'new';
  const delta = after - before;
  const magnitude = delta < 0n ? -delta : delta;
  const tenths = Number((magnitude * 2000n + before) / (2n * before));
  const sign = delta < 0n ? '−' : '+';
  return `${sign}${(tenths / 10).toFixed(1)}%`;
}

/** [256, 27, 27] → "256×27×27". */
export function formatShape(shape: Shape): string {
  return shape.join('×');
}

/** A count for JSON: a number while it is exact, a decimal string past 2^53. */
export function countToJson(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}
