/**
 * `netlint import`'s converter: a model's bytes, read through a `ByteSource` as far as
 * needed, to `.net` text. Pure: it knows nothing of files; the CLI and the language server
 * give it a source over a file, tests one over bytes in memory.
 */
import { decodeSource } from '../core';
import { importCaffe, type Imported } from './caffe';
import { ImportError } from './graph';
import { importOnnx, looksLikeOnnx, type ByteSource } from './onnx';
import { writeNet } from './write';

export { ImportError } from './graph';
export { bytesSource, type ByteSource } from './onnx';

export interface ImportResult {
  readonly text: string;
  /** For each line of the text (0-based), where in the model it came from, if anywhere. */
  readonly origins: readonly (string | undefined)[];
  /** One message for each layer or node that has no `.net` equivalent and was left out. */
  readonly leftOut: readonly string[];
  readonly format: 'onnx' | 'caffe';
}

/** The largest prototxt read: text beyond that is no network description. */
const MAX_PROTOTXT_BYTES = 64 * 1024 * 1024;

/**
 * Imports a model: ONNX when the name ends in `.onnx` (or the bytes look like one), Caffe
 * prototxt otherwise. Throws an ImportError that names the place when it cannot.
 */
export function importModel(fileName: string, source: ByteSource): ImportResult {
  const onnx = /\.onnx$/i.test(fileName) || (!/\.(prototxt|pbtxt|txt)$/i.test(fileName) && looksLikeOnnx(source));
  let imported: Imported;
  if (onnx) {
    imported = importOnnx(source, fileName);
  } else {
    if (source.size > MAX_PROTOTXT_BYTES) throw new ImportError(`${fileName} holds ${source.size} bytes: too large for a prototxt`);
    const decoded = decodeSource(source.read(0, source.size));
    if ('error' in decoded) throw new ImportError(`${decoded.error}; a Caffe prototxt is text`);
    imported = importCaffe(decoded.text, fileName);
  }
  const written = writeNet(imported.graph);
  return { ...written, leftOut: imported.leftOut, format: onnx ? 'onnx' : 'caffe' };
}
