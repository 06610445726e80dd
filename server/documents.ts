/**
 * The server's state: open documents, the settings of each, and one analysis per document
 * version, made on first demand and dropped when the text or the settings change. Each
 * document's analysis is given to the analysis of its next version, which reuses what
 * the edit left alone; nothing else (another document, a fix measured) comes in between.
 */
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../core';
import { DEFAULT_DOCUMENT_SETTINGS, type DocumentSettings } from './settings';

interface CacheEntry {
  readonly version: number;
  readonly analysis?: Analysis;
  /** What the analysis threw: thrown again for this version, not worked out again per request. */
  readonly failure?: unknown;
  /** What the latest analysis of the document that did not throw left for the next version to reuse. */
  readonly previous?: Pick<Analysis, 'reusable'>;
}

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, CacheEntry>();
  /** Each open document's settings, once worked out (see settings.ts). */
  private readonly documentSettings = new Map<string, DocumentSettings>();

  /** `analyzer` is the core's `analyze`; a test gives one that fails. */
  constructor(private readonly analyzer: typeof analyze = analyze) {}

  listen(connection: Connection): void {
    this.documents.listen(connection);
    this.documents.onDidClose((event) => {
      this.cache.delete(event.document.uri);
      this.documentSettings.delete(event.document.uri);
    });
  }

  /** The document's settings; the defaults until they are worked out. */
  settingsOf(uri: string): DocumentSettings {
    return this.documentSettings.get(uri) ?? DEFAULT_DOCUMENT_SETTINGS;
  }

  /** Whether the document's own settings are known: its diagnostics wait for them. */
  hasSettings(uri: string): boolean {
    return this.documentSettings.has(uri);
  }

  setSettings(uri: string, settings: DocumentSettings): void {
    this.documentSettings.set(uri, settings);
    // The analysis is out of date; what it parsed and worked out does not depend on the settings.
    const entry = this.cache.get(uri);
    if (!entry) return;
    const previous = entry.analysis ? { reusable: entry.analysis.reusable } : entry.previous;
    this.cache.set(uri, { version: Number.NaN, ...(previous ? { previous } : {}) });
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The analysis of the document's current version; undefined for a document not open. */
  analysis(uri: string): Analysis | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version) {
      if (cached.analysis) return cached.analysis;
      throw cached.failure;
    }
    const previous = cached?.analysis ? { reusable: cached.analysis.reusable } : cached?.previous;
    let analysis: Analysis;
    try {
      analysis = this.analyzer(document.getText(), this.settingsOf(uri).analysis, previous);
    } catch (failure) {
      // The previous analysis is read, never changed, by the one that threw: still good to reuse.
      this.cache.set(uri, { version: document.version, failure, ...(previous ? { previous } : {}) });
      throw failure;
    }
    this.cache.set(uri, { version: document.version, analysis });
    return analysis;
  }
}
