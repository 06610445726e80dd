/**
 * Code actions: the core's fixes, titled with their measured effect, the best one
 * preferred; "disable for this line" and "for this file" for each diagnostic a disable
 * comment can silence; and the core's refactorings of the layer at the cursor. Actions
 * that several diagnostics share (each use of a block reports its layer) are given once.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type TextEdit,
} from 'vscode-languageserver/node';
import { DISABLE_FILE, DISABLE_NEXT_LINE } from '../../core/tokens';
import { canSilence, fixesFor, mayHaveFixes, refactoringsAt, refactoringStatementAt, type Analysis, type Diagnostic, type Fix } from '../../core';
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

/**
 * The refactorings of each statement asked about, kept with the analysis as its fixes are:
 * an editor asks again at every move of the cursor, and each is measured by an analysis.
 */
const refactoringsByAnalysis = new WeakMap<Analysis, Map<string, readonly Fix[]>>();

function refactoringsOnce(analysis: Analysis, start: number, end: number, there: readonly Diagnostic[]): readonly Fix[] {
  const statement = refactoringStatementAt(analysis, start, end);
  if (!statement) return [];
  let known = refactoringsByAnalysis.get(analysis);
  if (!known) {
    known = new Map();
    refactoringsByAnalysis.set(analysis, known);
  }
  // Which quick fixes there are depends on the diagnostics the editor gives.
  const key = `${statement.start}:${there.map((d) => `${d.code}@${d.span.start}-${d.span.end}`).join(',')}`;
  let fixes = known.get(key);
  if (!fixes) {
    fixes = refactoringsAt(analysis, start, end, there);
    known.set(key, fixes);
  }
  return fixes;
}

/** Collects actions, giving once an action that several diagnostics share (the same title and edit): it lists them all. */
class Actions {
  readonly list: CodeAction[] = [];
  private readonly byKey = new Map<string, CodeAction>();

  add(action: CodeAction, diagnostic?: LspDiagnostic): void {
    const key = `${action.kind}|${action.title}|${JSON.stringify(action.edit)}`;
    const known = this.byKey.get(key);
    if (known) {
      if (diagnostic) known.diagnostics!.push(diagnostic);
      return;
    }
    if (diagnostic) action.diagnostics = [diagnostic];
    this.byKey.set(key, action);
    this.list.push(action);
  }
}

const wanted = (only: readonly string[] | undefined, kind: string): boolean =>
  !only || only.some((asked) => asked === kind || kind.startsWith(`${asked}.`) || asked.startsWith(`${kind}.`));

export function provideCodeActions(analysis: Analysis, uri: string, params: CodeActionParams): CodeAction[] {
  const actions = new Actions();
  const only = params.context.only;
  const edit = (fix: Fix) => ({ changes: { [uri]: fix.edits.map((e) => ({ range: toRange(analysis.lines, e.span), newText: e.newText })) } });
  const there: Diagnostic[] = [];
  for (const lspDiagnostic of params.context.diagnostics) {
    if (lspDiagnostic.source !== 'netlint') continue;
    const diagnostic = findDiagnostic(analysis, lspDiagnostic.data);
    if (!diagnostic) continue;
    there.push(diagnostic);
    if (!wanted(only, CodeActionKind.QuickFix)) continue;
    if (mayHaveFixes(diagnostic)) {
      for (const fix of fixesOnce(analysis, diagnostic)) {
        actions.add({ title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix.preferred, edit: edit(fix) }, lspDiagnostic);
      }
    }
    if (!canSilence(diagnostic.code)) continue;
    const line = analysis.lines.positionAt(diagnostic.span.start).line;
    actions.add(
      {
        title: `Disable ${diagnostic.code} for this line`,
        kind: CodeActionKind.QuickFix,
        edit: { changes: { [uri]: [insertAbove(analysis, line, `# ${DISABLE_NEXT_LINE} ${diagnostic.code}`)] } },
      },
      lspDiagnostic,
    );
    actions.add(
      {
        title: `Disable ${diagnostic.code} for this file`,
        kind: CodeActionKind.QuickFix,
        edit: { changes: { [uri]: [insertAbove(analysis, 0, `# ${DISABLE_FILE} ${diagnostic.code}`)] } },
      },
      lspDiagnostic,
    );
  }
  if (wanted(only, CodeActionKind.RefactorRewrite)) {
    const start = analysis.lines.offsetAt(params.range.start);
    const end = analysis.lines.offsetAt(params.range.end);
    for (const fix of refactoringsOnce(analysis, start, end, there)) actions.add({ title: fix.title, kind: CodeActionKind.RefactorRewrite, edit: edit(fix) });
  }
  return actions.list;
}

export function registerCodeActions(connection: Connection, store: DocumentStore): void {
  connection.onCodeAction(
    guarded(connection, 'code actions', [], (params: CodeActionParams) => {
      const analysis = store.analysis(params.textDocument.uri);
      return analysis ? provideCodeActions(analysis, params.textDocument.uri, params) : [];
    }),
  );
}
