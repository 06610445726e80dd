/**
 * Latencies over stdio with a real LSP client: the language server runs as a child
 * process (`node out/bench/server.js --stdio`, bundled from server/ like dist/server.js)
 * and is spoken to in JSON-RPC as an editor would, after test/helpers/lsp-client.ts;
 * unlike that helper, this one can start the server with node flags (`--cpu-prof`).
 *
 * Each request is sent alone and awaited: the time is the round trip an editor sees.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InlayHintRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { BenchInput } from './inputs';
import { median, now, quantile } from './stats';

export const LSP_KINDS = ['hover', 'inlayHints', 'codeActions', 'diagnosticsAfterEdit'] as const;
export type LspKind = (typeof LSP_KINDS)[number];

export interface Latency {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly median: number;
  /** What came back, as a check that the request did its work (hovers with content, hints, actions, diagnostics). */
  readonly answered: string;
  /** Why the run stopped before the bound on requests, if it did. */
  readonly stoppedBy?: 'time budget';
}

export interface LspResult {
  readonly id: string;
  /** didOpen to the first diagnostics: a cold analysis in a fresh server. */
  readonly openMs: number;
  readonly latencies: Partial<Record<LspKind, Latency>>;
}

export interface LspOptions {
  /** The most requests of each kind measured (after warm-up). */
  readonly requests: number;
  /** The most wall time spent on each kind, warm-up included, in ms: slow requests stop early, with fewer samples (at least one). */
  readonly budgetMs: number;
  readonly kinds: readonly LspKind[];
  /** Node flags for the server process, such as --cpu-prof. */
  readonly nodeArgs?: readonly string[];
}

/** A small seeded generator, so that every run asks about the same lines. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runLsp(serverPath: string, rootDir: string, input: BenchInput, options: LspOptions): Promise<LspResult> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverPath, '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: ((params: PublishDiagnosticsParams) => void)[] = [];
  let latest: PublishDiagnosticsParams | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest = params;
    for (const waiter of waiters.splice(0)) waiter(params);
  });
  let configured!: () => void;
  const configuration = new Promise<void>((resolve) => (configured = resolve));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
    setTimeout(configured, 50);
    return params.items.map(() => ({}));
  });
  connection.onRequest('workspace/inlayHint/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();

  const diagnosticsOf = (version: number) =>
    new Promise<Diagnostic[]>((resolve) => {
      const wait = () => waiters.push((params) => (params.version === version ? resolve(params.diagnostics) : wait()));
      wait();
    });

  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(rootDir).href,
    capabilities: {
      workspace: { configuration: true, inlayHint: { refreshSupport: true } },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        inlayHint: {},
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
      },
    },
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  // Open once the server has its settings: a settings change would drop the analysis.
  await Promise.race([configuration, new Promise((resolve) => setTimeout(resolve, 2000))]);

  const uri = pathToFileURL(`${rootDir}/bench-${input.id.replace(/[^a-z0-9-]/gi, '_')}.net`).href;
  const textDocument = { uri };
  const lines = input.text.split('\n');
  let version = 1;
  const opened = diagnosticsOf(version);
  const openStart = now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'netdsl', version, text: input.text } });
  const firstDiagnostics = await opened;
  const openMs = now() - openStart;

  /** Runs `ask` up to the bound, after `warmups` unmeasured runs, within the time budget. */
  const measure = async (warmups: number, ask: (i: number) => Promise<string>): Promise<Latency> => {
    const samples: number[] = [];
    const answers = new Map<string, number>();
    const until = now() + options.budgetMs;
    // A request slower than a twentieth of the budget needs no warming of the compiler:
    // the first such one counts as a sample, and the warm-up ends.
    for (let i = 0; i < warmups; i++) {
      const start = now();
      const answered = await ask(-1 - i);
      const took = now() - start;
      if (took > options.budgetMs / 20) {
        samples.push(took);
        answers.set(answered, 1);
        break;
      }
    }
    let stoppedBy: Latency['stoppedBy'];
    for (let i = samples.length; i < options.requests; i++) {
      if (now() > until) {
        stoppedBy = 'time budget';
        break;
      }
      const start = now();
      const answered = await ask(i);
      samples.push(now() - start);
      answers.set(answered, (answers.get(answered) ?? 0) + 1);
    }
    const answered = [...answers].map(([what, count]) => `${count}× ${what}`).join(', ');
    return { n: samples.length, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: Math.max(...samples), median: median(samples), answered, ...(stoppedBy ? { stoppedBy } : {}) };
  };

  // Positions on layer statements, at the op's name: a hover there shows the layer's costs.
  const layerLines = lines.flatMap((line, index) => {
    const match = /^(\s+(?:\w+\s*=\s*)?)(\w+)\(/.exec(line);
    return match ? [{ line: index, character: match[1]!.length + 1 }] : [];
  });
  const pick = random(4);
  const latencies: Partial<Record<LspKind, Latency>> = {};
  for (const kind of options.kinds) {
    if (kind === 'hover') {
      latencies.hover = await measure(10, async () => {
        const position = layerLines[Math.floor(pick() * layerLines.length)]!;
        const hover = await connection.sendRequest(HoverRequest.type, { textDocument, position });
        return hover ? 'hover' : 'none';
      });
    } else if (kind === 'inlayHints') {
      const range = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      latencies.inlayHints = await measure(3, async () => {
        const hints = await connection.sendRequest(InlayHintRequest.type, { textDocument, range });
        return `${hints?.length ?? 0} hints`;
      });
    } else if (kind === 'codeActions') {
      const fixable = (latest?.diagnostics ?? firstDiagnostics).filter((d) => d.code === 'large-kernel' || d.code === 'heavy-layer' || d.code === 'fc-dominant');
      if (fixable.length === 0) continue;
      latencies.codeActions = await measure(2, async (i) => {
        const diagnostic = fixable[Math.abs(i) % fixable.length]!;
        const actions = await connection.sendRequest(CodeActionRequest.type, {
          textDocument,
          range: diagnostic.range,
          context: { diagnostics: [diagnostic], only: ['quickfix'] },
        });
        return `${actions?.length ?? 0} actions`;
      });
    } else if (kind === 'diagnosticsAfterEdit') {
      // One-line edits: a dropout's p flips between 0.1 and 0.2 (or, without dropouts, a
      // comment at a line's end grows by one character), sent as an incremental change.
      const targets = lines.flatMap((line, index) => {
        const at = line.indexOf('dropout(0.1)');
        return at >= 0 ? [{ line: index, character: at + 'dropout(0.'.length }] : [];
      });
      const flipped = new Set<number>();
      latencies.diagnosticsAfterEdit = await measure(3, async () => {
        version++;
        let change;
        if (targets.length > 0) {
          const target = targets[Math.floor(pick() * targets.length)]!;
          const was = flipped.has(target.line) ? '2' : '1';
          if (was === '1') flipped.add(target.line);
          else flipped.delete(target.line);
          const range = { start: target, end: { line: target.line, character: target.character + 1 } };
          change = { range, text: was === '1' ? '2' : '1' };
        } else {
          const line = layerLines[Math.floor(pick() * layerLines.length)]!.line;
          const end = { line, character: lines[line]!.length };
          lines[line] += version % 2 ? ' #' : '#';
          change = { range: { start: end, end }, text: version % 2 ? ' #' : '#' };
        }
        const published = diagnosticsOf(version);
        await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
        const diagnostics = await published;
        return `${diagnostics.length} diagnostics`;
      });
    }
  }

  await connection.sendRequest(ShutdownRequest.type);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await connection.sendNotification(ExitNotification.type);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  connection.dispose();
  if (child.exitCode === null) child.kill();
  if (stderr.trim()) process.stderr.write(`server stderr (${input.id}):\n${stderr}\n`);
  return { id: input.id, openMs, latencies };
}
