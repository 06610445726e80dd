/**
 * Diagnostics, pushed after each change. Changes that come quickly are coalesced: a
 * validation that finds a newer version waiting is dropped, so stale work never reaches
 * the editor.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Analysis, Diagnostic } from '../../core';
import { SEVERITY, toRange } from '../convert';
import type { DocumentStore } from '../documents';

/** What a diagnostic carries for the code actions: enough to find it again in the analysis. */
export interface DiagnosticData {
  readonly code: string;
  readonly start: number;
  readonly end: number;
}

/** The rules' documentation, shipped with the extension: docs/rules.md beside dist/. */
const RULES_DOC = pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href;

export function toLspDiagnostic(analysis: Analysis, diagnostic: Diagnostic, uri: string): LspDiagnostic {
  const data: DiagnosticData = { code: diagnostic.code, start: diagnostic.span.start, end: diagnostic.span.end };
  return {
    range: toRange(analysis.lines, diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: `${RULES_DOC}#${diagnostic.code}` },
    source: 'netlint',
    message: diagnostic.message,
    data,
    ...(diagnostic.related?.length
      ? { relatedInformation: diagnostic.related.map((r) => ({ message: r.message, location: { uri, range: toRange(analysis.lines, r.span) } })) }
      : {}),
  };
}

/** The core diagnostic an LSP diagnostic came from, in the current analysis. */
export function findDiagnostic(analysis: Analysis, data: unknown): Diagnostic | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { code, start, end } = data as DiagnosticData;
  return analysis.diagnostics.find((d) => d.code === code && d.span.start === start && d.span.end === end);
}

export function registerDiagnostics(connection: Connection, store: DocumentStore): { revalidate: (uri: string) => void } {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** The analysis each document's diagnostics last came from: the same one is not sent twice (an open also fires a change). */
  const published = new Map<string, Analysis>();

  const publish = (uri: string) => {
    pending.delete(uri);
    const document = store.get(uri);
    // A document's first diagnostics wait for its settings, which publish it when they come.
    if (!document || !store.hasSettings(uri)) return;
    const version = document.version;
    try {
      const analysis = store.analysis(uri)!;
      if (store.get(uri)?.version !== version || published.get(uri) === analysis) return;
      published.set(uri, analysis);
      void connection.sendDiagnostics({ uri, version, diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(analysis, d, uri)) });
    } catch (error) {
      connection.console.error(`netlint: diagnostics failed for ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  /** Edits in a burst get one validation, a few milliseconds after the last. */
  const schedule = (uri: string) => {
    const timer = pending.get(uri);
    if (timer) clearTimeout(timer);
    pending.set(
      uri,
      setTimeout(() => publish(uri), 5),
    );
  };

  store.documents.onDidOpen((event) => publish(event.document.uri));
  store.documents.onDidChangeContent((event) => schedule(event.document.uri));
  store.documents.onDidClose((event) => {
    const timer = pending.get(event.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(event.document.uri);
    published.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
  return { revalidate: publish };
}
