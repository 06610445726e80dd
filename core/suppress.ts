/**
 * Comments that silence diagnostics: `# netlint-disable-next-line CODE` for the next
 * line, `# netlint-disable CODE` for the rest of the file. Without a code, all codes.
 * Syntax errors cannot be silenced, nor a file that is not text (it is not parsed, so
 * its comments are not read).
 */
import type { Comment } from './ast';
import type { Diagnostic, DiagnosticCode } from './diagnostics';
import { DISABLE_FILE, DISABLE_NEXT_LINE } from './tokens';
import type { LineIndex } from './text';

interface Directive {
  readonly fromLine: number;
  /** The last line silenced; Infinity for the rest of the file. */
  readonly toLine: number;
  /** Undefined for every code. */
  readonly codes: ReadonlySet<string> | undefined;
}

const DIRECTIVE = new RegExp(`^#\\s*(${DISABLE_NEXT_LINE}|${DISABLE_FILE})(?![\\w-])\\s*(.*)$`);

export interface ParsedDirective {
  readonly kind: 'next-line' | 'file';
  readonly codes: readonly string[];
}

export function parseDirective(comment: string): ParsedDirective | undefined {
  const match = DIRECTIVE.exec(comment.trim());
  if (!match) return undefined;
  // A second '#' or ' -- ' starts a note about why, as in eslint.
  const list = match[2]!.split(/\s+--\s|#/)[0]!;
  const codes = list.split(/[\s,]+/).filter(Boolean);
  return { kind: match[1] === DISABLE_NEXT_LINE ? 'next-line' : 'file', codes };
}

function directives(comments: readonly Comment[], lines: LineIndex): Directive[] {
  const found: Directive[] = [];
  for (const comment of comments) {
    const parsed = parseDirective(comment.text);
    if (!parsed) continue;
    const line = lines.positionAt(comment.start).line;
    const codes = parsed.codes.length ? new Set(parsed.codes) : undefined;
    found.push(parsed.kind === 'next-line' ? { fromLine: line + 1, toLine: line + 1, codes } : { fromLine: line, toLine: Infinity, codes });
  }
  return found;
}

/** Whether a disable comment can silence a diagnostic of this code: what an editor may offer to disable. */
export function canSilence(code: DiagnosticCode): boolean {
  return code !== 'syntax' && code !== 'not-text';
}

export function applySuppressions(diagnostics: readonly Diagnostic[], comments: readonly Comment[], lines: LineIndex): Diagnostic[] {
  const active = directives(comments, lines);
  if (active.length === 0) return [...diagnostics];
  return diagnostics.filter((diagnostic) => {
    if (!canSilence(diagnostic.code)) return true;
    const line = lines.positionAt(diagnostic.span.start).line;
    return !active.some((directive) => line >= directive.fromLine && line <= directive.toLine && (!directive.codes || directive.codes.has(diagnostic.code)));
  });
}
