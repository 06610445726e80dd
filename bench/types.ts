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

/** The cost report on one input (bench/report.ts): medians in ms of each phase. */
export interface ReportResult {
  readonly id: string;
  readonly description: string;
  readonly layers: number;
  /** The first network's graph as it opens. */
  readonly graphNodes: number;
  readonly graphEdges: number;
  readonly htmlBytes: number;
  /** What one page update after an edit carries. */
  readonly dataBytes: number;
  readonly repetitions: number;
  readonly edits: number;
  /** JSON.parse of the same statements. */
  readonly json: number;
  /** analysis, model, layout (apart: the page lays out again), page, total (analysis + model + page). */
  readonly appear: Record<string, number>;
  /** analysis (given the previous), model, layout (given the previous), data, total. */
  readonly edit: Record<string, number>;
  /** Of the edits, how many kept the layout before (the graph's structure unchanged). */
  readonly layoutsReused: number;
}

/** dagre's layout of one input's graph (bench/report.ts layout). */
export interface LayoutResult {
  readonly id: string;
  readonly description: string;
  readonly nodes: number;
  readonly frames: number;
  readonly edges: number;
  readonly width: number;
  readonly height: number;
  /** Median ms from nothing, and given the layout before of the same structure. */
  readonly ms: number;
  readonly reusedMs: number;
}
