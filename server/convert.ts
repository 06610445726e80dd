/** Between the core's offsets and spans and the protocol's positions and ranges. */
import { DiagnosticSeverity, type Range } from 'vscode-languageserver/node';
import type { LineIndex, Severity, Span } from '../core';

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
