/**
 * What an importer makes of a model before it is written as `.net` text: its layers in an
 * order where each reads only earlier ones, each already an op of the language with its
 * arguments written out, and where in the model each came from.
 */

/** One argument as it will be written: positional (`64`) or by name (`stride=2`). */
export interface Arg {
  readonly key: string;
  readonly value: string;
  readonly positional?: boolean;
}

export interface Layer {
  /** The model's own name for it, as the model spells it (made valid and unique when written). */
  readonly name: string;
  /** A `.net` op (`conv`, `add`, …). */
  readonly op: string;
  readonly args: readonly Arg[];
  /** The tensors it reads: the first is its input; a merge reads them all as its arguments. */
  readonly inputs: readonly number[];
  readonly output: number;
  /** A merge names its inputs as arguments (`add(a, b)`) instead of reading one. */
  readonly merge?: boolean;
  /** Where in the model it came from, for messages: `line 12, layer 'conv1' (Convolution)`. */
  readonly origin: string;
}

export interface Graph {
  /** The model's name, which becomes the network's. */
  readonly title: string;
  readonly input: { readonly name: string; readonly shape: readonly number[]; readonly tensor: number };
  readonly layers: readonly Layer[];
  /**
   * The tensors the model gives out, in its order: Caffe's blobs that no layer reads, ONNX's
   * graph outputs. The last layer's is the network's output as the language has it; the
   * others are written with the `output` marker.
   */
  readonly outputs: readonly number[];
  /** Lines of the comment at the top: where the model came from, what was left out and why. */
  readonly notes: readonly string[];
}

/** A model that cannot be imported: the message names the place (a line, a byte offset, a node). */
export class ImportError extends Error {}

/** Makes tensor ids: the input is 0, each layer's output the next. */
export class TensorIds {
  private next = 1;
  fresh(): number {
    return this.next++;
  }
}

export function positional(key: string, value: string | number): Arg {
  return { key, value: String(value), positional: true };
}

export function named(key: string, value: string | number): Arg {
  return { key, value: String(value) };
}

/** An `HxW` argument, or one integer when both sides are equal. */
export function sizeText(h: number, w: number): string {
  return h === w ? String(h) : `${h}x${w}`;
}

/** A kernel as `.net` writes it: `3x3` even when square, as people write kernels. */
export function kernelText(h: number, w: number): string {
  return `${h}x${w}`;
}
