/**
 * Code actions: the core's fixes, titled with their measured effect, the best one
 * preferred; and "disable for this line" and "for this file" for each diagnostic a
 * disable comment can silence.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection, type TextEdit } from 'vscode-languageserver/node';
import { DISABLE_FILE, DISABLE_NEXT_LINE } from '../../core/tokens';
import { canSilence, fixesFor, mayHaveFixes, type Analysis, type Diagnostic, type Fix } from '../../core';
import { toRange } from '../convert';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { findDiagnostic } from './diagnostics';

function lineBreak(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A comment line inserted above `line`, at that line's indentation. */
function insertAbove(analysis: Analysis, line: number, comment: string): TextEdit {
  const indent = /^[ \t]*/.exec(analysis.lines.lineText(line))![0];
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: `${indent}${comment}${lineBreak(analysis.text)}` };
}

/**
 * The fixes of each diagnostic, worked out once per analysis (that is, per version of the
 * document): each is measured by analysing what it rewrites, and an editor asks for code
 * actions again at every move of the cursor.
 */
const fixesByAnalysis = new WeakMap<Analysis, Map<Diagnostic, readonly Fix[]>>();

function fixesOnce(analysis: Analysis, diagnostic: Diagnostic): readonly Fix[] {
  let known = fixesByAnalysis.get(analysis);
  if (!known) {
    known = new Map();
    fixesByAnalysis.set(analysis, known);
  }
  let fixes = known.get(diagnostic);
  if (!fixes) {
    fixes = fixesFor(analysis, diagnostic);
    known.set(diagnostic, fixes);
  }
  return fixes;
}

export function provideCodeActions(analysis: Analysis, uri: string, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || kind.startsWith(`${CodeActionKind.QuickFix}.`))) return actions;
  for (const lspDiagnostic of params.context.diagnostics) {
    if (lspDiagnostic.source !== 'netlint') continue;
    const diagnostic = findDiagnostic(analysis, lspDiagnostic.data);
    if (!diagnostic) continue;
    if (mayHaveFixes(diagnostic)) {
      for (const fix of fixesOnce(analysis, diagnostic)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lspDiagnostic],
          isPreferred: fix.preferred,
          edit: { changes: { [uri]: fix.edits.map((edit) => ({ range: toRange(analysis.lines, edit.span), newText: edit.newText })) } },
        });
      }
    }
    if (!canSilence(diagnostic.code)) continue;
    const line = analysis.lines.positionAt(diagnostic.span.start).line;
    actions.push({
      title: `Disable ${diagnostic.code} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lspDiagnostic],
      edit: { changes: { [uri]: [insertAbove(analysis, line, `# ${DISABLE_NEXT_LINE} ${diagnostic.code}`)] } },
    });
    actions.push({
      title: `Disable ${diagnostic.code} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lspDiagnostic],
      edit: { changes: { [uri]: [insertAbove(analysis, 0, `# ${DISABLE_FILE} ${diagnostic.code}`)] } },
    });
  }
  return actions;
}

export function registerCodeActions(connection: Connection, store: DocumentStore): void {
  connection.onCodeAction(
    guarded(connection, 'code actions', [], (params: CodeActionParams) => {
      const analysis = store.analysis(params.textDocument.uri);
      return analysis ? provideCodeActions(analysis, params.textDocument.uri, params) : [];
    }),
  );
}
