/**
 * `netlint import MODEL [--out FILE]`: an ONNX or Caffe model converted to `.net` text,
 * analysed, and written only when it analyses without errors. The model is read where the
 * converter asks (`withFileSource`), so its weights are never loaded.
 */
import { writeFileSync } from 'node:fs';
import { analyze, type Settings } from '../core';
import { importModel, ImportError } from '../import';
import { withFileSource } from '../import/node-file';
import { diagnosticToJson } from './report';
import { describeReadError, UsageError } from './io';

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
  let imported;
  try {
    imported = withFileSource(model, (source) => importModel(model, source));
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(`${model}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code) throw new UsageError(`cannot read '${model}': ${describeReadError(error)}`);
    throw error;
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
