/**
 * The `.netlintrc.json` above each document, found as the CLI finds it: the document's
 * folder, then each folder above. Read through the client when it serves
 * `netlint/readFile` (VS Code: the workspace's file system, virtual workspaces included),
 * else with node:fs for file: URIs. A config is data: nothing in it runs.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { CONFIG_FILE, decodeSource, LineIndex, parseConfig, type ConfigProblem, type ParsedConfig } from '../core';
import { toRange } from './convert';
import { READ_FILE_REQUEST, type ReadFileParams, type ReadFileResult } from './protocol';

/** A config file that exists: what it sets and its problems, or why it could not be read. */
export type ConfigFile = { readonly uri: string; readonly parsed: ParsedConfig } | { readonly uri: string; readonly unreadable: string };

/** The folders a document's config may be in, nearest first; none for a URI without folders (untitled:). */
export function configFolders(documentUri: string): string[] {
  let dir: URL;
  try {
    dir = new URL('.', documentUri);
  } catch {
    return [];
  }
  const folders: string[] = [];
  for (;;) {
    folders.push(dir.href);
    // At the root: '..' of a root is the root again for file:, but an empty path for other schemes.
    if (dir.pathname === '/' || dir.pathname === '') return folders;
    dir = new URL('..', dir);
  }
}

/** The config candidates for a document, nearest first. */
const configCandidates = (documentUri: string): string[] => configFolders(documentUri).map((folder) => new URL(CONFIG_FILE, folder).href);

async function readWithFs(uri: string): Promise<ReadFileResult> {
  if (!uri.startsWith('file:')) return { missing: true };
  try {
    const decoded = decodeSource(await readFile(fileURLToPath(uri)));
    return 'error' in decoded ? { error: decoded.error } : { text: decoded.text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    if (code === 'EISDIR') return { error: 'it is a folder, not a file' };
    return { error: (error as Error).message };
  }
}

export class ConfigFiles {
  /** Each candidate read once, until forget(): the watcher says when a file changes. */
  private readonly reads = new Map<string, Promise<ConfigFile | undefined>>();
  /** Config files whose problems the editor shows, with the text they were found in. */
  private readonly published = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly clientReads: () => boolean,
  ) {}

  /** The config that applies to a document, or undefined when there is none above it. */
  async find(documentUri: string): Promise<ConfigFile | undefined> {
    for (const candidate of configCandidates(documentUri)) {
      const found = await this.load(candidate);
      if (found) return found;
    }
    return undefined;
  }

  /** Drops what was read; the problems shown stay until settle() after the next reads. */
  forget(): void {
    this.reads.clear();
  }

  /** Clears the problems shown on config files that were not read again since forget(). */
  settle(): void {
    for (const uri of this.published.keys()) {
      if (!this.reads.has(uri)) this.show(uri, '', []);
    }
  }

  private load(uri: string): Promise<ConfigFile | undefined> {
    const known = this.reads.get(uri);
    if (known) return known;
    const read = this.read(uri).then((result): ConfigFile | undefined => {
      // A read that forget() dropped while it ran must not show what it found over a newer one.
      const current = this.reads.get(uri) === read;
      if ('missing' in result) {
        if (current) this.show(uri, '', []);
        return undefined;
      }
      if ('error' in result) {
        if (current) this.show(uri, '', []);
        this.connection.console.warn(`netlint: cannot read ${uri}: ${result.error}; its documents use the defaults and the editor's settings`);
        return { uri, unreadable: result.error };
      }
      const parsed = parseConfig(result.text);
      if (current) this.show(uri, result.text, parsed.problems);
      return { uri, parsed };
    });
    this.reads.set(uri, read);
    return read;
  }

  private async read(uri: string): Promise<ReadFileResult> {
    if (!this.clientReads()) return readWithFs(uri);
    const params: ReadFileParams = { uri };
    try {
      return await this.connection.sendRequest<ReadFileResult>(READ_FILE_REQUEST, params);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** A config's problems as diagnostics on the file itself, and a line each in the log. */
  private show(uri: string, text: string, problems: readonly ConfigProblem[]): void {
    if (problems.length === 0) {
      if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    // The same file read again after another change: shown and logged already.
    if (this.published.get(uri) === text) return;
    const lines = new LineIndex(text);
    const diagnostics: Diagnostic[] = problems.map((problem) => ({
      range: toRange(lines, problem.span),
      severity: DiagnosticSeverity.Error,
      source: 'netlint',
      message: problem.message,
    }));
    for (const diagnostic of diagnostics) {
      const { line, character } = diagnostic.range.start;
      this.connection.console.warn(
        `netlint: ${uri}:${line + 1}:${character + 1}: ${diagnostic.message}; its documents use the defaults and the editor's settings`,
      );
    }
    this.published.set(uri, text);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }
}
