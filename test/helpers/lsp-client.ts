/**
 * A real LSP client over stdio, for the protocol tests and the bench: it starts the
 * server (dist/server.js by default) as a child process and speaks JSON-RPC to it, as an
 * editor would.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './paths';

export interface LspSession {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  /** Settings returned to the server's workspace/configuration requests. */
  settings: unknown;
  /** The scopeUri of each workspace/configuration item the server asked for, in order. */
  readonly configurationScopes: (string | undefined)[];
  /** The server's client/registerCapability registrations: method and options. */
  readonly registrations: { method: string; registerOptions?: unknown }[];
  /** The server's window/logMessage lines. */
  readonly log: string[];
  /** Opens a document (a path in the repository, an absolute path, or a URI) and waits for its first diagnostics. */
  open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }>;
  /** The diagnostics of a given version of a document, when they come. */
  diagnosticsOf(uri: string, version: number): Promise<Diagnostic[]>;
  /** Sends changes and waits for the diagnostics of the new version. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]>;
  /** The latest diagnostics of a document. */
  diagnostics(uri: string): Diagnostic[];
  /** Waits for the next diagnostics of a document. */
  nextDiagnostics(uri: string): Promise<Diagnostic[]>;
  stderr(): string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Returned to the server's workspace/configuration requests. */
  readonly settings?: unknown;
  /** The bundled server; dist/server.js by default. */
  readonly serverPath?: string;
  /** Node flags for the server process, such as --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  /** Sent as initializationOptions. */
  readonly initializationOptions?: unknown;
  /** Answers the server's netlint/readFile requests, as the VS Code client does. */
  readonly readFile?: (params: { uri: string }) => unknown;
  /** The workspace folder the client opens; the repository by default. */
  readonly rootPath?: string;
  /** Whether the client lets the server register file watchers, as VS Code does (the default). */
  readonly watchFiles?: boolean;
}

export async function startServer(options: ServerOptions = {}): Promise<LspSession> {
  const serverPath = options.serverPath ?? join(repoRoot, 'dist', 'server.js');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverPath, '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters = new Map<string, ((params: PublishDiagnosticsParams) => void)[]>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params);
    const pending = waiters.get(params.uri) ?? [];
    waiters.delete(params.uri);
    pending.forEach((resolve) => resolve(params));
  });
  const waitFor = (uri: string, version: number) =>
    new Promise<Diagnostic[]>((resolve) => {
      const wait = () =>
        (waiters.get(uri) ?? waiters.set(uri, []).get(uri)!).push((params) => (params.version === version ? resolve(params.diagnostics) : wait()));
      wait();
    });
  const session: LspSession = {
    connection,
    process: child,
    settings: options.settings ?? {},
    configurationScopes: [],
    registrations: [],
    log: [],
    diagnosticsOf: waitFor,
    async open(name, text) {
      const uri = /^[a-z][\w+.-]+:/i.test(name) ? name : pathToFileURL(isAbsolute(name) ? name : join(repoRoot, name)).href;
      const next = session.nextDiagnostics(uri);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'netdsl', version: 1, text } });
      return { uri, diagnostics: await next };
    },
    async change(uri, version, changes) {
      const wanted = waitFor(uri, version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
      return wanted;
    },
    diagnostics: (uri) => latest.get(uri)?.diagnostics ?? [],
    nextDiagnostics: (uri) => new Promise((resolve) => (waiters.get(uri) ?? waiters.set(uri, []).get(uri)!).push((params) => resolve(params.diagnostics))),
    stderr: () => stderr,
    async close() {
      // Listened for before the exit is sent: the server may be gone before the send resolves.
      const exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      // unref: a pending timer would keep the test process alive for its 30 s after the server is gone.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
  connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => {
    session.configurationScopes.push(...params.items.map((item) => item.scopeUri));
    return params.items.map(() => session.settings);
  });
  connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
    session.registrations.push(...params.registrations);
    return null;
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => void session.log.push(params.message));
  if (options.readFile) connection.onRequest('netlint/readFile', options.readFile);
  connection.onRequest('workspace/inlayHint/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(options.rootPath ?? repoRoot).href,
    initializationOptions: options.initializationOptions,
    capabilities: {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: false },
        didChangeWatchedFiles: { dynamicRegistration: options.watchFiles ?? true, relativePatternSupport: true },
        inlayHint: { refreshSupport: true },
      },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        inlayHint: {},
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
        rename: { prepareSupport: true },
      },
    },
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  // No need to wait for the settings: each document's first diagnostics wait for its own.
  return session;
}

export function changeSettings(session: LspSession, settings: unknown): Promise<void> {
  session.settings = settings;
  return session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { netlint: settings } });
}

export { readExample } from './paths';

/** The position of the n-th occurrence of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 1): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found ${occurrence} times`);
  }
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
