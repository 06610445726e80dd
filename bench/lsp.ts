/**
 * Latencies over stdio with a real LSP client: the language server runs as a child
 * process (`node out/bench/server.js --stdio`, bundled from server/ like dist/server.js)
 * and is spoken to in JSON-RPC as an editor would, by the client of the protocol tests
 * (test/helpers/lsp-client.ts), with node flags for the server such as `--cpu-prof`.
 *
 * Each request is sent alone and awaited: the time is the round trip an editor sees.
 */
import { dirname, join } from 'node:path';
import { CodeActionRequest, DidChangeTextDocumentNotification, HoverRequest, InlayHintRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { startServer } from '../test/helpers/lsp-client';
import type { BenchInput } from './inputs';
import { median, now, quantile } from './stats';

/**
 * The requests measured. `inlayHints` asks for the whole file, as the target does;
 * `inlayHintsFloor` asks the same of a server that only returns that answer, ready made
 * (bench/echo-server.ts): the protocol's own cost, which no server can go under;
 * `inlayHintsScreen` for 60 lines at a random place, as VS Code asks for what it shows,
 * and `inlayHintsAfterEdit` the same, first after each one-line edit.
 */
export const LSP_KINDS = [
  'hover',
  'inlayHints',
  'inlayHintsFloor',
  'inlayHintsScreen',
  'inlayHintsAfterEdit',
  'codeActions',
  'codeActionsAfterEdit',
  'diagnosticsAfterEdit',
] as const;
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

export async function runLsp(serverPath: string, input: BenchInput, options: LspOptions): Promise<LspResult> {
  const session = await startServer({ serverPath, ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}) });
  const { connection } = session;
  const lines = input.text.split('\n');
  let version = 1;
  const openStart = now();
  const { uri, diagnostics: firstDiagnostics } = await session.open(`bench-${input.id.replace(/[^a-z0-9-]/gi, '_')}.net`, input.text);
  const openMs = now() - openStart;
  const textDocument = { uri };

  /**
   * Runs `ask` up to the bound, after `warmups` unmeasured runs, within the time budget;
   * `before`, if given, runs untimed before each.
   */
  const measure = async (warmups: number, ask: (i: number) => Promise<string>, before?: () => Promise<void>): Promise<Latency> => {
    const samples: number[] = [];
    const answers = new Map<string, number>();
    const until = now() + options.budgetMs;
    // A request slower than a twentieth of the budget needs no warming of the compiler:
    // the first such one counts as a sample, and the warm-up ends.
    for (let i = 0; i < warmups; i++) {
      await before?.();
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
      await before?.();
      const start = now();
      const answered = await ask(i);
      samples.push(now() - start);
      answers.set(answered, (answers.get(answered) ?? 0) + 1);
    }
    const answered = [...answers].map(([what, count]) => `${count}× ${what}`).join(', ');
    return {
      n: samples.length,
      p50: quantile(samples, 0.5),
      p99: quantile(samples, 0.99),
      max: Math.max(...samples),
      median: median(samples),
      answered,
      ...(stoppedBy ? { stoppedBy } : {}),
    };
  };

  // Positions on layer statements, at the op's name: a hover there shows the layer's costs.
  const layerLines = lines.flatMap((line, index) => {
    const match = /^(\s+(?:\w+\s*=\s*)?)(\w+)\(/.exec(line);
    return match ? [{ line: index, character: match[1]!.length + 1 }] : [];
  });
  const pick = random(4);
  const latencies: Partial<Record<LspKind, Latency>> = {};
  const fixableOf = (diagnostics: readonly Diagnostic[]) =>
    diagnostics.filter((d) => d.code === 'large-kernel' || d.code === 'heavy-layer' || d.code === 'fc-dominant');
  const askActions = async (diagnostic: Diagnostic): Promise<string> => {
    const actions = await connection.sendRequest(CodeActionRequest.type, {
      textDocument,
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    return `${actions?.length ?? 0} actions`;
  };
  // One-line edits: a dropout's p flips between 0.1 and 0.2 (or, without dropouts, a
  // comment at a line's end grows by one character), sent as an incremental change; the
  // diagnostics published for that version come back.
  const targets = lines.flatMap((line, index) => {
    const at = line.indexOf('dropout(0.1)');
    return at >= 0 ? [{ line: index, character: at + 'dropout(0.'.length }] : [];
  });
  const flipped = new Set<number>();
  const editOneLine = async (): Promise<Diagnostic[]> => {
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
    const published = session.diagnosticsOf(uri, version);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    return published;
  };
  /** The hints of 60 lines at a random place: what VS Code asks for, the lines it shows. */
  const askScreen = async (): Promise<string> => {
    const top = Math.floor(pick() * Math.max(1, lines.length - 60));
    const range = { start: { line: top, character: 0 }, end: { line: top + 60, character: 0 } };
    const hints = await connection.sendRequest(InlayHintRequest.type, { textDocument, range });
    return `${hints?.length ?? 0} hints`;
  };
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
    } else if (kind === 'inlayHintsFloor') {
      const range = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      const answer = await connection.sendRequest(InlayHintRequest.type, { textDocument, range });
      const echo = await startServer({ serverPath: join(dirname(serverPath), 'echo-server.js') });
      try {
        await echo.connection.sendRequest('netlint-bench/answer', answer);
        latencies.inlayHintsFloor = await measure(3, async () => {
          const hints = await echo.connection.sendRequest(InlayHintRequest.type, { textDocument, range });
          return `${hints?.length ?? 0} hints`;
        });
      } finally {
        await echo.close();
      }
    } else if (kind === 'inlayHintsScreen') {
      latencies.inlayHintsScreen = await measure(10, askScreen);
    } else if (kind === 'inlayHintsAfterEdit') {
      // The first request of a version: its hints are worked out, not remembered.
      latencies.inlayHintsAfterEdit = await measure(3, askScreen, async () => void (await editOneLine()));
    } else if (kind === 'codeActions') {
      const latest = session.diagnostics(uri);
      const fixable = fixableOf(latest.length ? latest : firstDiagnostics);
      if (fixable.length === 0) continue;
      latencies.codeActions = await measure(2, async (i) => askActions(fixable[Math.abs(i) % fixable.length]!));
    } else if (kind === 'codeActionsAfterEdit') {
      // The first request of a version: its fixes are measured by re-analysis, not remembered.
      if (fixableOf(session.diagnostics(uri).length ? session.diagnostics(uri) : firstDiagnostics).length === 0) continue;
      let fixable: Diagnostic[] = [];
      latencies.codeActionsAfterEdit = await measure(
        1,
        async (i) => askActions(fixable[Math.abs(i) % fixable.length]!),
        async () => {
          fixable = fixableOf(await editOneLine());
        },
      );
    } else if (kind === 'diagnosticsAfterEdit') {
      latencies.diagnosticsAfterEdit = await measure(3, async () => `${(await editOneLine()).length} diagnostics`);
    }
  }

  await session.close();
  if (session.stderr().trim()) process.stderr.write(`server stderr (${input.id}):\n${session.stderr()}\n`);
  return { id: input.id, openMs, latencies };
}
