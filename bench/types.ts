/** What the measuring processes report to bench/run.ts. */

export const PHASES = ['json', 'lex', 'parse', 'names', 'expand', 'rules', 'analyze', 'fixes'] as const;
export type Phase = (typeof PHASES)[number];

export interface TimeResult {
  readonly id: string;
  readonly description: string;
  readonly bytes: { readonly net: number; readonly json: number };
  readonly statements: number;
  readonly lines: number;
  /** Op layers after expansion, over all networks. */
  readonly expandedLayers: number;
  readonly diagnostics: Record<string, number>;
  readonly fixableDiagnostics: number;
  /** The diagnostics whose fixes were timed: all the fixable ones, or the first on big inputs. */
  readonly fixesMeasuredOn: number;
  /** Fixes offered for those diagnostics. */
  readonly fixesFound: number;
  readonly repetitions: number;
  /**
   * Milliseconds per run of each phase, one sample per repetition (a batch's mean when a
   * run is too short to time alone); `fixes` is per diagnostic that may have fixes.
   */
  readonly samples: Record<Phase, number[]>;
  readonly medians: Record<Phase, number>;
  /** Each phase's median over JSON.parse's median. */
  readonly ratios: Record<Phase, number>;
}

export interface HeapResult {
  readonly id: string;
  /** heapUsed after a full GC, before analyze(): the runtime, the code, the input's text. */
  readonly baseline: number;
  /** The most heap in use during analyze(): the largest heap seen before any GC in the run, or at its end. */
  readonly analyzePeak: number;
  /** What the analysis keeps alive once done. */
  readonly analyzeRetained: number;
  /** The same for JSON.parse of the same statements, from its own baseline. */
  readonly jsonBaseline: number;
  readonly jsonPeak: number;
  readonly jsonRetained: number;
  readonly gcsDuringAnalyze: number;
  /** The process's peak resident set, for reference. */
  readonly maxRss: number;
}

export interface LintResult {
  readonly id: string;
  readonly description: string;
  /** The run's wall time: analysis, fixes, report. */
  readonly ms: number;
  /** The most heap in use during the run (GC trace), or at its end. */
  readonly heapPeak: number;
  readonly diagnostics: number;
  readonly fixes: number;
  readonly maxRss: number;
}
