/**
 * The JSON contract of `netlint analyze --format json` and `lint --format json`, which
 * other tools read. Lines and columns are 1-based, columns in UTF-16 code units; a count
 * past 2^53 is a decimal string.
 */
import { COUNT_NAMES, countToJson, fixesFor, forEachLeaf, type Analysis, type Counts, type Diagnostic, type Fix, type Shape, type Span } from '../core';
import { unknownLayerCount } from '../core/table';

type JsonCount = number | string;

/** A range of the text, as diagnostics give theirs: the end is just past the last character. */
interface JsonRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Replace the range with `text` (an insertion when the range is empty). */
export interface JsonEdit extends JsonRange {
  text: string;
}

export interface JsonFix {
  title: string;
  weightsBefore: JsonCount;
  weightsAfter: JsonCount;
  connectionsBefore: JsonCount;
  connectionsAfter: JsonCount;
  /** Applied together, against the text as it was read. */
  edits: JsonEdit[];
}

export interface JsonDiagnostic extends JsonRange {
  code: string;
  severity: string;
  message: string;
  fixes: JsonFix[];
}

function countsToJson(counts: Counts): Record<string, JsonCount> {
  return Object.fromEntries(COUNT_NAMES.map((name) => [name, countToJson(counts[name])]));
}

const shapeToJson = (shape: Shape | undefined): number[] | null => (shape ? [...shape] : null);

function rangeToJson(analysis: Analysis, span: Span): JsonRange {
  const start = analysis.lines.positionAt(span.start);
  const end = analysis.lines.positionAt(span.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function fixToJson(analysis: Analysis, fix: Fix): JsonFix {
  return {
    title: fix.title,
    weightsBefore: countToJson(fix.weightsBefore),
    weightsAfter: countToJson(fix.weightsAfter),
    connectionsBefore: countToJson(fix.connectionsBefore),
    connectionsAfter: countToJson(fix.connectionsAfter),
    edits: fix.edits.map((edit) => ({ ...rangeToJson(analysis, edit.span), text: edit.newText })),
  };
}

/** A diagnostic with 1-based positions and its measured fixes. */
export function diagnosticToJson(analysis: Analysis, diagnostic: Diagnostic, fixes: readonly Fix[] = fixesFor(analysis, diagnostic)): JsonDiagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    ...rangeToJson(analysis, diagnostic.span),
    fixes: fixes.map((fix) => fixToJson(analysis, fix)),
  };
}

export function analysisToJson(file: string, analysis: Analysis) {
  return {
    file,
    networks: analysis.networks.map((network) => {
      const layers: object[] = [];
      forEachLeaf(network.layers, (leaf, path) => {
        layers.push({
          name: leaf.name,
          path,
          op: leaf.op,
          line: analysis.lines.positionAt(leaf.statement.start).line + 1,
          shape: shapeToJson(leaf.shape),
          ...countsToJson(leaf.counts),
        });
      });
      // The totals leave out the layers of unknown shape: say so, or they read as final.
      const unknownLayers = unknownLayerCount(network) ?? null;
      return {
        name: network.name,
        input: shapeToJson(network.input),
        output: shapeToJson(network.output),
        // Each output, marked ones and the last statement, in the order written (the last last).
        outputs: network.outputs.map((output) => ({ name: output.name, shape: shapeToJson(output.shape) })),
        complete: unknownLayers === 0,
        unknownLayers,
        totals: countsToJson(network.totals),
        layers,
      };
    }),
    diagnostics: analysis.diagnostics.map((diagnostic) => diagnosticToJson(analysis, diagnostic)),
  };
}
