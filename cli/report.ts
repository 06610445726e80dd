/**
 * The JSON contract of `netlint analyze --format json`, which other tools read. Lines
 * and columns are 1-based; a count past 2^53 is a decimal string.
 */
import { COUNT_NAMES, countToJson, fixesFor, forEachLeaf, type Analysis, type Counts, type Diagnostic, type Fix, type Shape } from '../core';

type JsonCount = number | string;

export interface JsonFix {
  title: string;
  weightsBefore: JsonCount;
  weightsAfter: JsonCount;
  connectionsBefore: JsonCount;
  connectionsAfter: JsonCount;
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: JsonFix[];
}

export function countsToJson(counts: Counts): Record<string, JsonCount> {
  return Object.fromEntries(COUNT_NAMES.map((name) => [name, countToJson(counts[name])]));
}

const shapeToJson = (shape: Shape | undefined): number[] | null => (shape ? [...shape] : null);

export function fixToJson(fix: Fix): JsonFix {
  return {
    title: fix.title,
    weightsBefore: countToJson(fix.weightsBefore),
    weightsAfter: countToJson(fix.weightsAfter),
    connectionsBefore: countToJson(fix.connectionsBefore),
    connectionsAfter: countToJson(fix.connectionsAfter),
  };
}

/** A diagnostic with 1-based positions and its measured fixes. */
export function diagnosticToJson(analysis: Analysis, diagnostic: Diagnostic, fixes: readonly Fix[] = fixesFor(analysis, diagnostic)): JsonDiagnostic {
  const start = analysis.lines.positionAt(diagnostic.span.start);
  const end = analysis.lines.positionAt(diagnostic.span.end);
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    fixes: fixes.map(fixToJson),
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
      return {
        name: network.name,
        input: shapeToJson(network.input),
        output: shapeToJson(network.output),
        totals: countsToJson(network.totals),
        layers,
      };
    }),
    diagnostics: analysis.diagnostics.map((diagnostic) => diagnosticToJson(analysis, diagnostic)),
  };
}
