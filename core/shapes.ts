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

/** What a window leaves over at the end: (H + 2p − d·(k−1) − 1) mod s. */
export function windowRemainder(size: number, window: Window): number {
  const span = size + 2 * window.pad - window.dilation * (window.kernel - 1) - 1;
  return ((span % window.stride) + window.stride) % window.stride;
}

/**
 * The output size of a sliding window: floor((H + 2p − d·(k−1) − 1) / s) + 1. With
 * ceil rounding (pooling only) the division rounds up, and, as in PyTorch and Caffe, a
 * last window that would start in the padding is dropped.
 */
export function windowOutput(size: number, window: Window, ceil = false): number {
  const span = size + 2 * window.pad - window.dilation * (window.kernel - 1) - 1;
  if (span < 0) return Math.floor(span / window.stride) + 1;
  let out = (ceil ? Math.ceil(span / window.stride) : Math.floor(span / window.stride)) + 1;
  if (ceil && (out - 1) * window.stride >= size + window.pad) out -= 1;
  return out;
}
