/**
 * The editor agrees with the command line: the server applies the `.netlintrc.json` above
 * each document, over the editor's settings, and follows the file when it changes. Driven
 * over stdio by a real LSP client, on AlexNet copied into scratch folders.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runCli } from '../helpers/cli';
import { changeSettings, readExample, startServer, type LspSession } from '../helpers/lsp-client';

const ALEXNET = readExample('alexnet.net');
const ALL_SIX = ['large-kernel', 'costly-layer', 'large-kernel', 'heavy-layer', 'fc-dominant', 'heavy-layer'];

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-config-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);
const uriOf = (path: string) => pathToFileURL(path).href;

describe('.netlintrc.json in the language server', () => {
  let session: LspSession;
  let dir: string;
  const totals = (uri: string) => session.connection.sendRequest('netlint/totals', { uri }) as Promise<{ config: unknown }>;
  const opened: string[] = [];
  const open = async (path: string) => {
    const result = await session.open(path, ALEXNET);
    opened.push(result.uri);
    return result;
  };
  /** Waits for the diagnostics a change re-publishes: every open document gets them. */
  const republished = async (change: () => Promise<void>): Promise<Map<string, Diagnostic[]>> => {
    const next = opened.map((uri) => session.nextDiagnostics(uri).then((diagnostics) => [uri, diagnostics] as const));
    await change();
    return new Map(await Promise.all(next));
  };
  /** Writes (or with no text, deletes) a config and tells the server, as the editor's file watcher does. */
  const save = (path: string, text?: string) =>
    republished(async () => {
      if (text === undefined) rmSync(path);
      else writeFileSync(path, text);
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path), type: text === undefined ? 3 : 2 }] });
    });

  before(async () => {
    dir = scratch({
      'team/.netlintrc.json': '{"rules": {"heavy-layer": "off", "fc-dominant": "off"}}',
      'team/alexnet.net': ALEXNET,
      'team/nets/deep/alexnet.net': ALEXNET,
      'other/.netlintrc.json': '{"rules": {"large-kernel": "off", "costly-layer": "error"}}',
      'other/alexnet.net': ALEXNET,
      'broken/.netlintrc.json': '{\n  "rules": 5\n}\n',
      'broken/alexnet.net': ALEXNET,
    });
    session = await startServer({ rootPath: dir });
  });
  after(async () => {
    await session.close();
    assert.doesNotMatch(session.stderr(), /Error/);
  });

  test('the issue, as a new user tried it: the editor says what `netlint lint` says', async () => {
    const path = join(dir, 'team', 'alexnet.net');
    const cli = runCli(['lint', path, '--format', 'json']);
    const cliCodes = JSON.parse(cli.stdout)[0].diagnostics.map((d: { code: string }) => d.code);
    assert.deepEqual(cliCodes, ['large-kernel', 'costly-layer', 'large-kernel']);
    const { uri, diagnostics } = await open(path);
    assert.deepEqual(codes(diagnostics), cliCodes);
    assert.deepEqual((await totals(uri)).config, { state: 'applied', uri: uriOf(join(dir, 'team', '.netlintrc.json')) });
  });

  test('the watcher is registered for every config in the workspace, and for the folders above it', () => {
    const registered = session.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').map((r) => r.registerOptions);
    assert.deepEqual(registered[0], { watchers: [{ globPattern: '**/.netlintrc.json' }] });
    // The workspace is a scratch folder; what is above it (the temporary folder up to the root) is watched once.
    const above: string[] = [];
    for (let folder = new URL('..', uriOf(dir) + '/'); ; folder = new URL('..', folder)) {
      above.push(folder.href);
      if (folder.pathname === '/') break;
    }
    assert.deepEqual(registered.slice(1), [{ watchers: above.map((baseUri) => ({ globPattern: { baseUri, pattern: '.netlintrc.json' } })) }]);
  });

  test('a document deeper down uses the nearest config above it', async () => {
    const { diagnostics } = await open(join(dir, 'team', 'nets', 'deep', 'alexnet.net'));
    assert.deepEqual(codes(diagnostics), ['large-kernel', 'costly-layer', 'large-kernel']);
  });

  test('two folders, two configs, each document its own', async () => {
    const { diagnostics } = await open(join(dir, 'other', 'alexnet.net'));
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}:${d.severity}`),
      ['costly-layer:1', 'heavy-layer:2', 'fc-dominant:2', 'heavy-layer:2'],
    );
    assert.deepEqual(codes(session.diagnostics(uriOf(join(dir, 'team', 'alexnet.net')))), ['large-kernel', 'costly-layer', 'large-kernel']);
  });

  test('a broken config: one diagnostic on the config, a line in the log, the defaults for its documents', async () => {
    const configUri = uriOf(join(dir, 'broken', '.netlintrc.json'));
    const shown = session.nextDiagnostics(configUri);
    const { uri, diagnostics } = await open(join(dir, 'broken', 'alexnet.net'));
    assert.deepEqual(codes(diagnostics), ALL_SIX);
    const [problem, ...more] = await shown;
    assert.deepEqual(more, []);
    assert.deepEqual(problem, {
      range: { start: { line: 1, character: 11 }, end: { line: 1, character: 12 } },
      severity: 1,
      source: 'netlint',
      message: `'rules' must be an object, such as {"heavy-layer": "off"}`,
    });
    assert.ok(
      session.log.includes(
        `netlint: ${configUri}:2:12: 'rules' must be an object, such as {"heavy-layer": "off"}; its documents use the defaults and the editor's settings`,
      ),
      session.log.join('\n'),
    );
    assert.deepEqual((await totals(uri)).config, { state: 'broken', uri: configUri });
  });

  test('saving a config re-validates the open documents, and a mended config loses its diagnostic', async () => {
    const team = uriOf(join(dir, 'team', 'alexnet.net'));
    const broken = uriOf(join(dir, 'broken', 'alexnet.net'));
    const brokenConfig = uriOf(join(dir, 'broken', '.netlintrc.json'));
    const saved = await save(join(dir, 'team', '.netlintrc.json'), '{"rules": {"large-kernel": "off"}}');
    assert.deepEqual(codes(saved.get(team)!), ['costly-layer', 'heavy-layer', 'fc-dominant', 'heavy-layer']);
    assert.deepEqual(codes(saved.get(broken)!), ALL_SIX);

    // Read again after the team's config changed, the broken config was not logged twice.
    assert.equal(session.log.filter((line) => line.startsWith(`netlint: ${brokenConfig}:2:12:`)).length, 1);
    const cleared = session.nextDiagnostics(brokenConfig);
    const mended = await save(join(dir, 'broken', '.netlintrc.json'), '{"rules": {"unused": "error", "heavy-layer": "hint"}}');
    assert.deepEqual(
      mended.get(broken)!.map((d) => `${d.code}:${d.severity}`),
      ['large-kernel:3', 'costly-layer:3', 'large-kernel:3', 'heavy-layer:4', 'fc-dominant:2', 'heavy-layer:4'],
    );
    assert.deepEqual(await cleared, []);
    assert.deepEqual((await totals(broken)).config, { state: 'applied', uri: brokenConfig });
  });

  test('a config wins over the editor settings, which fill in what it leaves out; asked per document', async () => {
    const team = uriOf(join(dir, 'team', 'alexnet.net'));
    // The team config turns large-kernel off; the editor would show it as an error, and heavy-layer too.
    const changed = await republished(() =>
      changeSettings(session, { rules: { 'large-kernel': { severity: 'error' }, 'heavy-layer': { severity: 'error' }, 'costly-layer': { severity: 'off' } } }),
    );
    assert.deepEqual(
      changed.get(team)!.map((d) => `${d.code}:${d.severity}`),
      ['heavy-layer:1', 'fc-dominant:2', 'heavy-layer:1'],
    );
    assert.ok(session.configurationScopes.includes(team), JSON.stringify(session.configurationScopes));
    await republished(() => changeSettings(session, {}));
  });

  test('a deleted config: its documents go back to the defaults', async () => {
    const other = uriOf(join(dir, 'other', 'alexnet.net'));
    const deleted = await save(join(dir, 'other', '.netlintrc.json'));
    assert.deepEqual(codes(deleted.get(other)!), ALL_SIX);
  });
});

describe('.netlintrc.json above the workspace', () => {
  test('is watched: changing it re-validates the documents below', async () => {
    const dir = scratch({ '.netlintrc.json': '{"rules": {"heavy-layer": "off"}}', 'ws/nets/alexnet.net': ALEXNET });
    const session = await startServer({ rootPath: join(dir, 'ws') });
    try {
      const { uri, diagnostics } = await session.open(join(dir, 'ws', 'nets', 'alexnet.net'), ALEXNET);
      assert.deepEqual(codes(diagnostics), ['large-kernel', 'costly-layer', 'large-kernel', 'fc-dominant']);
      const watched = session.registrations.flatMap((r) => (r.registerOptions as { watchers: { globPattern: unknown }[] }).watchers.map((w) => w.globPattern));
      assert.ok(
        watched.some((glob) => JSON.stringify(glob) === JSON.stringify({ baseUri: `${uriOf(dir)}/`, pattern: '.netlintrc.json' })),
        JSON.stringify(watched),
      );
      const next = session.nextDiagnostics(uri);
      writeFileSync(join(dir, '.netlintrc.json'), '{"rules": {"large-kernel": "off"}}');
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(dir, '.netlintrc.json')), type: 2 }] });
      assert.deepEqual(codes(await next), ['costly-layer', 'heavy-layer', 'fc-dominant', 'heavy-layer']);
    } finally {
      await session.close();
    }
  });
});

describe('.netlintrc.json with a client that watches no files', () => {
  test('no watcher is asked for, and each document opened reads the config afresh', async () => {
    const dir = scratch({ '.netlintrc.json': '{"rules": {"heavy-layer": "off"}}' });
    const session = await startServer({ rootPath: dir, watchFiles: false });
    try {
      const first = await session.open(join(dir, 'a.net'), ALEXNET);
      assert.deepEqual(codes(first.diagnostics), ['large-kernel', 'costly-layer', 'large-kernel', 'fc-dominant']);
      writeFileSync(join(dir, '.netlintrc.json'), '{"rules": {"large-kernel": "off"}}');
      const second = await session.open(join(dir, 'b.net'), ALEXNET);
      assert.deepEqual(codes(second.diagnostics), ['costly-layer', 'heavy-layer', 'fc-dominant', 'heavy-layer']);
      assert.deepEqual(session.registrations, []);
    } finally {
      await session.close();
    }
  });
});

describe('.netlintrc.json read through the client', () => {
  test('a virtual workspace: the config comes from the client, not the disk', async () => {
    const files: Record<string, string> = { 'memfs:/project/.netlintrc.json': '{"rules": {"heavy-layer": "off"}}' };
    const asked: string[] = [];
    const session = await startServer({
      initializationOptions: { readFile: true },
      readFile: ({ uri }) => {
        asked.push(uri);
        return uri in files ? { text: files[uri] } : { missing: true };
      },
    });
    try {
      const { uri, diagnostics } = await session.open('memfs:/project/nets/alexnet.net', ALEXNET);
      assert.deepEqual(codes(diagnostics), ['large-kernel', 'costly-layer', 'large-kernel', 'fc-dominant']);
      assert.deepEqual(asked, ['memfs:/project/nets/.netlintrc.json', 'memfs:/project/.netlintrc.json']);
      // An untitled document has no folder, hence no config.
      const untitled = await session.open('untitled:Untitled-1', ALEXNET);
      assert.deepEqual(codes(untitled.diagnostics), ALL_SIX);
      assert.equal(uri, 'memfs:/project/nets/alexnet.net');
    } finally {
      await session.close();
    }
  });
});
