/**
 * The analysis pipeline: text → syntax tree → names → expansion (shapes, costs) →
 * lint rules → suppressions. Pure: the same text and settings give the same analysis.
 * An analysis may be given the previous analysis of the same document, and reuses what
 * that one worked out: that changes how fast it is, never what it finds.
 */
import { fileNode, type SourceFile } from './ast';
import { capDiagnostics, DiagnosticSink, sortDiagnostics, type Diagnostic } from './diagnostics';
import { expandNetworks, NO_APPLIED_LAYERS, type AppliedLayers, type NetworkAnalysis } from './expand';
import { resolveNames, type FileSymbols } from './names';
import { parse, type ParsedStatements } from './parser';
import { isRuleCode, lintNetwork } from './rules';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { applySuppressions } from './suppress';
import { LineIndex, span } from './text';

export interface Analysis {
  readonly text: string;
  readonly lines: LineIndex;
  readonly file: SourceFile;
  readonly symbols: FileSymbols;
  readonly networks: readonly NetworkAnalysis[];
  /** Sorted by position, suppressions applied, severities as the settings say. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Whether a diagnostic (after suppressions) is an error other than a lint rule's: no
   * rewrite of such a text analyses clean. Worked out once: fixes ask for each diagnostic.
   */
  readonly hasErrors: boolean;
  readonly settings: Settings;
  /** What the next analysis of the same document may reuse: `analyze(edited, settings, analysis)`. */
  readonly reusable: Reusable;
}

/**
 * What an analysis keeps for the next one of the same document: the parser's statements
 * (with the scan of the text) and the expansion's op layers. It holds nothing of the
 * analysis before, so the analysis it came from is let go once a newer one exists.
 */
export interface Reusable {
  readonly statements: ParsedStatements | undefined;
  readonly layers: AppliedLayers;
}

const NOTHING_REUSABLE: Reusable = { statements: undefined, layers: NO_APPLIED_LAYERS };

const isError = (d: Diagnostic): boolean => d.severity === 'error' && !isRuleCode(d.code);

const EMPTY_FILE = (length: number): SourceFile => fileNode([], [], 0, length);

/** Applies the settings' severity to rule diagnostics and drops the rules turned off. */
function applySeverities(diagnostics: readonly Diagnostic[], settings: Settings): Diagnostic[] {
  const kept: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    if (!isRuleCode(diagnostic.code)) {
      kept.push(diagnostic);
      continue;
    }
    const severity = settings.rules[diagnostic.code].severity;
    if (severity !== 'off') kept.push(severity === diagnostic.severity ? diagnostic : { ...diagnostic, severity });
  }
  return kept;
}

/**
 * Analyses `text`. Given `previous`, an analysis of an earlier version of the same
 * document (or of any text: only what is the same is taken), reuses its statements and
 * layers where the edit left them alone; `previous` is read, never changed, so a fix
 * measured on the document's analysis leaves it as it was for the next edit.
 */
export function analyze(text: string, settings: Settings = DEFAULT_SETTINGS, previous?: Pick<Analysis, 'reusable'>): Analysis {
  const lines = new LineIndex(text);
  const sink = new DiagnosticSink();
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    sink.error('not-text', `not a text file: it holds a NUL character at line ${lines.positionAt(nul).line + 1}`, span(nul, nul + 1));
    const symbols: FileSymbols = { blocks: new Map(), recursive: new Set(), scopes: new Map() };
    // Nothing of this text is worth keeping; what the previous one left is passed on.
    const reusable = previous?.reusable ?? NOTHING_REUSABLE;
    return { text, lines, file: EMPTY_FILE(text.length), symbols, networks: [], diagnostics: sink.items, hasErrors: true, settings, reusable };
  }

  const parsed = parse(text, previous?.reusable.statements);
  for (const error of parsed.errors) sink.error(error.code ?? 'syntax', error.message, error.span);
  const symbols = resolveNames(parsed.file, sink, lines);
  const networkDeclarations = parsed.file.declarations.flatMap((d) => (d.kind === 'network' ? [d] : []));
  const { networks, applied } = expandNetworks(networkDeclarations, symbols, settings, sink, text, previous?.reusable.layers);
  const settle = (items: readonly Diagnostic[]) => applySuppressions(applySeverities(items, settings), parsed.file.comments, lines);
  const found = settle(sink.items);
  // Shares of a network with errors would mislead: its rules wait until it, and the
  // blocks it uses, analyse clean. Other networks of the file are linted all the same.
  // A silenced error still counts: silencing hides the message, the shapes stay unknown.
  const errors = sink.items.filter((d) => d.severity === 'error').map((d) => d.span.start);
  const linted: Diagnostic[] = [];
  for (const network of networks) {
    const spans = [network.declaration, ...[...network.blocksUsed].flatMap((name) => symbols.blocks.get(name) ?? [])];
    if (errors.some((at) => spans.some((s) => at >= s.start && at <= s.end))) continue;
    for (const diagnostic of lintNetwork(network, settings)) linted.push(diagnostic);
  }
  const sorted = sortDiagnostics([...found, ...settle(linted)]);
  // Whether the text has errors is read before the cap, which may leave some out.
  const diagnostics = capDiagnostics(sorted);
  const reusable: Reusable = { statements: parsed.reusable, layers: applied };
  return { text, lines, file: parsed.file, symbols, networks, diagnostics, hasErrors: sorted.some(isError), settings, reusable };
}
