/** Tensor shapes, batch left out: [C, H, W] for a feature map, [N] for a vector. */

export type Shape = readonly number[];

export function isFeatureMap(shape: Shape): shape is readonly [number, number, number] {
  return shape.length === 3;
}

export function elementCount(shape: Shape): bigint {
  return shape.reduce((product, dim) => product * BigInt(dim), 1n);
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface Window {
  readonly kernel: number;
  readonly stride: number;
  readonly pad: number;
  readonly dilation: number;
}

/**
 * Dilated window extents d·(k − 1) from here on are worked out in bigints: below it, every
 * step of the window formulas is an exact integer in a double (sizes and pads are at most
 * 2³¹ − 1), and above it the window is far larger than any input.
 */
const EXACT_EXTENT = 2 ** 52;

/** a / b rounded down, as PyTorch's div_rtn: towards −∞ for a negative a. */
function floorDivide(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

/** What a window leaves over at the end: (H + 2p − d·(k−1) − 1) mod s. */
export function windowRemainder(size: number, window: Window): number {
  const extent = window.dilation * (window.kernel - 1);
  if (extent >= EXACT_EXTENT) {
    const span = BigInt(size) + 2n * BigInt(window.pad) - BigInt(window.dilation) * BigInt(window.kernel - 1) - 1n;
    const stride = BigInt(window.stride);
    return Number(((span % stride) + stride) % stride);
  }
  const span = size + 2 * window.pad - extent - 1;
  return ((span % window.stride) + window.stride) % window.stride;
}

/**
 * The output size of a sliding window as PyTorch works it out (`pooling_output_shape` in
 * ATen's Pool.h, which convolutions follow without ceil):
 * floor((H + 2p − d·(k−1) − 1 + (ceil ? s − 1 : 0)) / s) + 1, and with ceil, a last
 * window that would start in the padding on the far side, (H' − 1)·s ≥ H + p, is dropped.
 * Exact: a bigint, since a window far larger than its input gives a size far below 1.
 */
export function exactWindowOutput(size: number, window: Window, ceil = false): bigint {
  const stride = BigInt(window.stride);
  const pad = BigInt(window.pad);
  const span = BigInt(size) + 2n * pad - BigInt(window.dilation) * BigInt(window.kernel - 1) - 1n + (ceil ? stride - 1n : 0n);
  let out = floorDivide(span, stride) + 1n;
  if (ceil && (out - 1n) * stride >= BigInt(size) + pad) out -= 1n;
  return out;
}

/**
 * `exactWindowOutput` in doubles, for every layer: exact whenever d·(k − 1) is below 2^52,
 * and so whenever the output is at least 1.
 */
export function windowOutput(size: number, window: Window, ceil = false): number {
  const extent = window.dilation * (window.kernel - 1);
  if (extent >= EXACT_EXTENT) return Number(exactWindowOutput(size, window, ceil));
  const stride = window.stride;
  const span = size + 2 * window.pad - extent - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceil && (out - 1) * stride >= size + window.pad) out -= 1;
  return out;
}
