/**
 * `netlint import MODEL [--out FILE]`: an ONNX or Caffe model converted to `.net` text,
 * analysed, and written only when it analyses without errors. The model is read where the
 * converter asks (`fileSource`), so its weights are never loaded.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { analyze, type Settings } from '../core';
import { importModel, ImportError, type ByteSource } from '../import';
import { diagnosticToJson } from './report';
import { describeReadError, UsageError } from './io';

function fileSource(fd: number): ByteSource {
  const size = fstatSync(fd).size;
  return {
    size,
    read(position, length) {
      const bytes = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      while (done < bytes.length) {
        const read = readSync(fd, bytes, done, bytes.length - done, position + done);
        if (read === 0) break;
        done += read;
      }
      return bytes.subarray(0, done);
    },
  };
}

/** The `.net` file next to the model: `resnet50.onnx` → `resnet50.net`. */
export function defaultOutput(model: string): string {
  return model.replace(/\.(onnx|prototxt|pbtxt|txt)$/i, '') + '.net';
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Returns the exit code: 0 written, 1 the import does not analyse clean, 2 the model cannot be read. */
export function runImport(model: string, output: string, settings: Settings, io: Io): number {
  let fd: number;
  try {
    fd = openSync(model, 'r');
  } catch (error) {
    throw new UsageError(`cannot read '${model}': ${describeReadError(error)}`);
  }
  let imported;
  try {
    imported = importModel(model, fileSource(fd));
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(`${model}: ${error.message}`);
    throw error;
  } finally {
    closeSync(fd);
  }
  for (const message of imported.leftOut) io.err(`${model}: warning: left out ${message}`);
  const analysis = analyze(imported.text, settings);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const error of errors) {
      const json = diagnosticToJson(analysis, error, []);
      const origin = imported.origins[json.line - 1];
      io.err(`${model}: ${origin ?? `line ${json.line} of the imported text`}: ${json.message} (${json.code})`);
    }
    io.err(`netlint: ${model} was not imported: the network it makes does not analyse (nothing written)`);
    return 1;
  }
  if (output === '-') io.out(imported.text.replace(/\n$/, ''));
  else {
    try {
      writeFileSync(output, imported.text);
    } catch (error) {
      throw new UsageError(`cannot write '${output}': ${describeReadError(error)}`);
    }
    const network = analysis.networks[0];
    io.err(`${model} → ${output}: ${network?.layerCount ?? 0} layers, ${imported.text.split('\n').length - 1} lines`);
  }
  return 0;
}
