/** Diagnostics: what the analysis says about a document, each with a stable code. */
import { formatCount } from './format';
import type { RuleCode } from './rules';
import { span, type Span } from './text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * The error codes of the spec, plus `limit` (a size limit crossed) and `not-text` (bytes
 * that are not text). The lint rules' codes come from their registry (`rules/index.ts`).
 */
export const ERROR_CODES = ['syntax', 'unknown-op', 'bad-argument', 'unknown-name', 'duplicate-name', 'shape', 'recursive-block', 'limit', 'not-text'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type DiagnosticCode = ErrorCode | RuleCode;

export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
}

/** What a fix needs to find its layer again: the network and the top-level statement's layer name. */
export interface DiagnosticTarget {
  readonly network: string;
  /** The path of the layer the rule is about (`inc3a.b1`). */
  readonly path: string;
  /** The name of the statement in the network body that holds the layer. */
  readonly statement: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
  readonly target?: DiagnosticTarget;
  /** On the `limit` diagnostic only: how many of each severity it stands for, so that totals stay true. */
  readonly omitted?: Readonly<Record<Severity, number>>;
}

/**
 * Errors of analysis collect here; the order of the final list is by position. A span
 * given here may be a syntax tree node (a node is its own span): what is kept is always a
 * plain copy of its `start` and `end`, never the node, so that a diagnostic neither keeps
 * the tree alive nor prints it in JSON.
 */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  /** The block uses being expanded, innermost last: an error inside a block says which use caused it. */
  private readonly uses: RelatedInformation[] = [];

  error(code: DiagnosticCode, message: string, where: Span, related?: RelatedInformation[]): void {
    const context = related ?? [...this.uses].reverse();
    this.add({ code, severity: 'error', message, span: where, ...(context.length ? { related: context } : {}) });
  }

  /** Runs `work` with a block use on the stack of uses that errors name. */
  within<T>(use: RelatedInformation, work: () => T): T {
    this.uses.push(use);
    try {
      return work();
    } finally {
      this.uses.pop();
    }
  }

  add(diagnostic: Diagnostic): void {
    // Each use of a block works its body out again, and would repeat its errors: those are
    // given once. Outside block uses a statement is worked out once, and a file of a
    // million errors would hold a million keys for nothing.
    if (this.uses.length > 0) {
      const key = `${diagnostic.code}|${diagnostic.span.start}|${diagnostic.span.end}|${diagnostic.message}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.items.push(keptDiagnostic(diagnostic));
  }
}

/** A related-information entry that holds a plain `{ start, end }`, whatever span it was given. */
function keptRelated(related: RelatedInformation): RelatedInformation {
  return { message: related.message, span: span(related.span.start, related.span.end) };
}

/**
 * A diagnostic whose span and related spans are plain `{ start, end }` copies: the one
 * guard against keeping a syntax tree node, which is its own span, in a diagnostic.
 */
function keptDiagnostic(diagnostic: Diagnostic): Diagnostic {
  const { related, target } = diagnostic;
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    span: span(diagnostic.span.start, diagnostic.span.end),
    ...(related ? { related: related.map(keptRelated) } : {}),
    ...(target ? { target } : {}),
  };
}

export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * The most diagnostics a file reports. Past it, a file is not a draft with mistakes but
 * noise (a line of a million surplus arguments), and the list would outgrow what an
 * editor can take: the rest are counted in one last diagnostic.
 */
export const MAX_DIAGNOSTICS = 1000;

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/**
 * The first `MAX_DIAGNOSTICS` of a sorted list and, if there were more, one `limit`
 * diagnostic at the first left out that says how many, as severe as the worst of them.
 */
export function capDiagnostics(sorted: readonly Diagnostic[]): readonly Diagnostic[] {
  if (sorted.length <= MAX_DIAGNOSTICS) return sorted;
  const left = sorted.slice(MAX_DIAGNOSTICS);
  let worst = SEVERITY_ORDER.length - 1;
  const omitted: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const diagnostic of left) {
    const rank = SEVERITY_ORDER.indexOf(diagnostic.severity);
    if (rank < worst) worst = rank;
    omitted[diagnostic.severity]++;
  }
  const what = `${omitted.error === left.length ? 'error' : 'problem'}${left.length === 1 ? '' : 's'}`;
  const first = left[0]!.span;
  const more: Diagnostic = {
    code: 'limit',
    severity: SEVERITY_ORDER[worst]!,
    message: `and ${formatCount(left.length)} more ${what} from here on, not shown: a file reports at most ${formatCount(MAX_DIAGNOSTICS)}`,
    span: span(first.start, first.end),
    omitted,
  };
  return [...sorted.slice(0, MAX_DIAGNOSTICS), more];
}
