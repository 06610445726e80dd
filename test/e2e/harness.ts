// End-to-end harness: a real VS Code served by code-server on loopback and driven by
// Playwright in Debian's Chromium, offline. See shared/testing.md, section 3. Two versions,
// installed side by side: code-server 4.100.3 = VS Code 1.100 on the system's Node 20 (the
// oldest VS Code that `engines.vscode` admits, and the default) and code-server 4.139.1 =
// VS Code 1.139 on Node 24 (the newest).
//
// Install once with `bash scripts/install-code-server.sh [--version 4.139.1]`; then:
//
//   await withWorkbench({ workspace, vsix: ['netlint.vsix'], version: '4.139.1' }, async (wb) => {
//     await openFile(wb.page, 'alexnet.net');
//     await waitForSquiggle(wb.page, 'warning');
//     await hoverWord(wb.page, { line: 3, word: 'conv1', text: 'weights' });
//     await screenshot(wb.page, 'alexnet-hover');
//   });
//
// Everything waits on selectors or text (short poll loops where the DOM gives nothing to wait
// on); nothing sleeps for a fixed time. Cleanup (process group, browser, temp dirs) runs even
// when a step throws. NETLINT_E2E_KEEP=1 keeps the temp folder (logs, settings) for a look.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { after, before } from 'node:test';
import { repoRoot } from '../helpers/paths';

/** A code-server version the harness knows, the VS Code it serves, and the Node that runs it. */
export interface KnownCodeServer {
  readonly codeServer: string;
  /** VS Code's major.minor, as in test names and screenshot names. */
  readonly vscode: string;
  /** The Node major its native modules are built for; `system` = the node on PATH (Node 20 here). */
  readonly node: string;
}

/** Oldest first: what scripts/install-code-server.sh can install. */
export const CODE_SERVERS: readonly KnownCodeServer[] = [
  { codeServer: '4.100.3', vscode: '1.100', node: 'system' },
  { codeServer: '4.139.1', vscode: '1.139', node: '24' },
];

/** The default version (the oldest); NETLINT_CODE_SERVER_VERSION picks another, as for the install script. */
export const CODE_SERVER_VERSION: string = process.env.NETLINT_CODE_SERVER_VERSION ?? CODE_SERVERS[0]!.codeServer;
const MARKER = '.netlint-installed';

/** User settings that keep the workbench quiet: no trust dialog, walkthroughs, ports, tips, updates. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'remote.autoForwardPorts': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
};

const log = (msg: string): void => {
  if (process.env.NETLINT_E2E_QUIET !== '1') process.stderr.write(`[e2e] ${msg}\n`);
};

/** Polls `check` every `intervalMs` until it returns a truthy value; throws `what` on timeout. */
export async function poll<T>(what: string, check: () => Promise<T> | T, timeoutMs = 30_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---- code-server ----------------------------------------------------------------------------

export interface CodeServerInstall {
  readonly dir: string;
  /** code-server's version, like 4.139.1. */
  readonly version: string;
  /** The VS Code it serves, major.minor (1.139). */
  readonly vscode: string;
  /** out/node/entry.js, run with `node`. */
  readonly entry: string;
  /** The node binary that runs entry.js (and --install-extension): Node 20 for 4.100.3, Node 24 for 4.139.1. */
  readonly node: string;
}

function readMarker(path: string): Map<string, string> {
  const fields = new Map<string, string>();
  if (!existsSync(path)) return fields;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return fields;
}

/**
 * The code-server `version` (4.100.3 or 4.139.1; default CODE_SERVER_VERSION) that
 * scripts/install-code-server.sh installed, with the same folder logic: NETLINT_CODE_SERVER_DIR
 * when its marker names that version, else $NETLINT_CACHE/code-server-<version>. The node
 * binary comes from the marker's `node_bin=` (markers written before it was recorded: the node
 * running the tests, for the versions that run on the system's Node). Throws, saying how to
 * install it, when it is not installed.
 */
export function findCodeServer(version: string = CODE_SERVER_VERSION): CodeServerInstall {
  const known = CODE_SERVERS.find((k) => k.codeServer === version);
  const flag = version === CODE_SERVERS[0]!.codeServer ? '' : ` --version ${version}`;
  const howTo = `run \`bash scripts/install-code-server.sh${flag}\``;
  if (!known) throw new Error(`unknown code-server version ${version} (known: ${CODE_SERVERS.map((k) => k.codeServer).join(', ')})`);
  const cache = process.env.NETLINT_CACHE ?? '/var/cache/netlint';
  const candidates = [process.env.NETLINT_CODE_SERVER_DIR, join(cache, `code-server-${version}`)].filter((d): d is string => !!d);
  const dir = candidates.find((d) => readMarker(join(d, MARKER)).get('version') === version);
  const entry = dir && join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!dir || !entry || !existsSync(entry)) {
    throw new Error(`code-server ${version} (VS Code ${known.vscode}) is not installed in ${candidates.join(' or ')}: ${howTo}`);
  }
  const node = readMarker(join(dir, MARKER)).get('node_bin') ?? (known.node === 'system' ? process.execPath : undefined);
  if (!node || !existsSync(node)) {
    throw new Error(`code-server ${version} in ${dir} needs Node ${known.node}, and ${node ?? 'no node_bin in its marker'} is missing: ${howTo}`);
  }
  return { dir, version, vscode: known.vscode, entry, node };
}

/** Why `version` cannot run here (for `test(…, { skip })`), or false when it is installed. */
export function codeServerMissing(version: string = CODE_SERVER_VERSION): string | false {
  try {
    findCodeServer(version);
    return false;
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it; a race with another process is retried by the caller). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  readonly workspace: string;
  /** .vsix files installed with --install-extension before the server starts. */
  readonly vsix?: readonly string[];
  /** Merged over QUIET_SETTINGS into <user-data-dir>/User/settings.json. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** withWorkbench saves test-results/<name>-failure.png when its callback throws. */
  readonly name?: string;
  /** The code-server version to run (default CODE_SERVER_VERSION); see findCodeServer. */
  readonly version?: string;
}

export interface CodeServer {
  readonly install: CodeServerInstall;
  readonly port: number;
  readonly url: string;
  /** Temp folder holding user-data, extensions, config, XDG folders, the browser profile and logs. */
  readonly tmp: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  readonly process: ChildProcess;
  /** Milliseconds spent installing the .vsix files, and from spawn to a healthy /healthz. */
  readonly timings: { readonly installMs: number; readonly healthzMs: number };
  /** The last lines of code-server's log, for error messages. */
  logTail(lines?: number): string;
  /** Kills the process group, waits for it, removes the temp folder. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The environment for code-server and Chromium: XDG folders in the temp dir, so nothing lands
 * in $HOME. With `install`, its node's folder goes first on PATH, so that anything code-server
 * starts as plain `node` runs on the same Node as code-server.
 */
function isolatedEnv(tmp: string, install?: CodeServerInstall): Record<string, string> {
  // XDG folders and --config keep code-server from writing config and logs under $HOME.
  const home = join(tmp, 'xdg');
  mkdirSync(home, { recursive: true });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  if (install) env.PATH = [dirname(install.node), env.PATH].filter(Boolean).join(delimiter);
  return { ...env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home, XDG_RUNTIME_DIR: home };
}

function baseArgs(tmp: string): string[] {
  return ['--config', join(tmp, 'config.yaml'), '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions')];
}

/** Installs a .vsix into the server's extensions folder (offline, well under a second). */
export function installExtension(install: CodeServerInstall, tmp: string, vsix: string): void {
  const path = resolve(vsix);
  if (!existsSync(path)) throw new Error(`no such .vsix: ${path}`);
  const result = spawnSync(install.node, [install.entry, ...baseArgs(tmp), '--force', '--install-extension', path], {
    env: isolatedEnv(tmp, install),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`--install-extension ${path} failed (exit ${result.status}):\n${output}`);
  }
  log(`installed ${path} into code-server ${install.version}`);
}

/** Starts code-server in its own process group (setsid) on a free loopback port and waits for /healthz. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const install = findCodeServer(options.version);
  const workspace = resolve(options.workspace);
  if (!existsSync(workspace)) throw new Error(`no such workspace: ${workspace}`);
  const tmp = mkdtempSync(join(tmpdir(), 'netlint-e2e-'));
  let keep: CodeServer | undefined;
  try {
    const userDataDir = join(tmp, 'user-data');
    const extensionsDir = join(tmp, 'extensions');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
    writeFileSync(join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
    const installStarted = Date.now();
    for (const vsix of options.vsix ?? []) installExtension(install, tmp, vsix);
    const installMs = Date.now() - installStarted;

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const logFile = join(tmp, `code-server-${port}.log`);
      const fd = openSync(logFile, 'a');
      const spawned = Date.now();
      // Not `detached`: node's child is then no group leader, so setsid(1) calls setsid() and
      // execs node in place: the pid we get is the new session's and process group's id.
      const child = spawn(
        'setsid',
        [
          install.node,
          install.entry,
          ...baseArgs(tmp),
          '--bind-addr',
          `127.0.0.1:${port}`,
          '--auth',
          'none',
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          '--disable-proxy',
          workspace,
        ],
        { env: isolatedEnv(tmp, install), stdio: ['ignore', fd, fd] },
      );
      closeSync(fd);
      const pgid = child.pid;
      if (pgid === undefined) throw new Error('could not spawn setsid');
      let exited: number | string | null | undefined;
      child.on('exit', (code, signal) => (exited = code ?? signal));
      const killGroup = (signal: NodeJS.Signals): void => {
        try {
          process.kill(-pgid, signal);
        } catch {
          /* already gone */
        }
      };
      const onExit = (): void => killGroup('SIGKILL'); // if this process dies first
      process.on('exit', onExit);
      const logTail = (lines = 30): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '');
      let stopped = false;
      const timings = { installMs, healthzMs: 0 };
      const server: CodeServer = {
        install,
        port,
        url: `http://127.0.0.1:${port}`,
        tmp,
        userDataDir,
        extensionsDir,
        logFile,
        process: child,
        logTail,
        timings,
        async stop() {
          if (stopped) return;
          stopped = true;
          killGroup('SIGTERM');
          const gone = (): boolean => {
            try {
              process.kill(-pgid, 0);
              return false;
            } catch {
              return true;
            }
          };
          try {
            await poll('code-server to exit', gone, 5_000, 50);
          } catch {
            killGroup('SIGKILL');
            await poll('code-server to die', gone, 5_000, 50).catch(() => undefined);
          }
          process.off('exit', onExit);
          if (process.env.NETLINT_E2E_KEEP === '1') log(`kept ${tmp}`);
          else rmSync(tmp, { recursive: true, force: true });
        },
      };
      keep = server;
      try {
        await poll(
          `code-server /healthz on port ${port}`,
          async () => {
            if (exited !== undefined) throw new Error(`code-server exited (${exited}):\n${logTail()}`);
            const res = await fetch(`${server.url}/healthz`);
            return res.ok;
          },
          30_000,
        );
        timings.healthzMs = Date.now() - spawned;
        log(
          `code-server ${install.version} (VS Code ${install.vscode}, node ${install.node}) healthy on ${server.url} in ${timings.healthzMs} ms (pgid ${pgid})`,
        );
        return server;
      } catch (error) {
        const inUse = /EADDRINUSE/.test(logTail());
        keep = undefined;
        killGroup('SIGKILL');
        process.off('exit', onExit);
        if (!inUse || attempt >= 3) throw new Error(`${(error as Error).message}\n--- code-server log ---\n${logTail()}`);
        log(`port ${port} taken, retrying`);
      }
    }
  } catch (error) {
    if (keep) await keep.stop();
    else rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

// ---- browser -------------------------------------------------------------------------------

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-default-browser-check',
];

export interface Workbench {
  readonly server: CodeServer;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Milliseconds from page.goto to `.monaco-workbench`. */
  readonly workbenchMs: number;
}

/** Opens the workspace in Chromium (a fresh profile in the server's temp folder) and waits for the workbench. */
export async function openWorkbench(server: CodeServer, workspace: string): Promise<Workbench> {
  const profile = join(server.tmp, 'chromium-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.NETLINT_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: isolatedEnv(server.tmp), // Chromium too writes under $XDG_CACHE_HOME (dconf)
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    const started = Date.now();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(resolve(workspace))}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The explorer's tree is the sign that the folder, not an empty window, was opened.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    const workbenchMs = Date.now() - started;
    log(`workbench up in ${workbenchMs} ms`);
    return { server, context, page, workbenchMs };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

/** Starts code-server, installs the .vsix files, opens the workbench, runs `fn`, and always cleans up. */
export async function withWorkbench<T>(options: CodeServerOptions, fn: (wb: Workbench) => Promise<T>): Promise<T> {
  const server = await startCodeServer(options);
  let context: BrowserContext | undefined;
  try {
    const wb = await openWorkbench(server, options.workspace);
    context = wb.context;
    try {
      return await fn(wb);
    } catch (error) {
      await screenshot(wb.page, `${options.name ?? 'e2e'}-failure`).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    if (error instanceof Error) error.message += `\n--- code-server log (tail) ---\n${server.logTail(15)}`;
    throw error;
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
  }
}

// ---- workbench actions ---------------------------------------------------------------------

/** Presses `key` until `locator` is visible (keys can be lost while the workbench is still busy). */
export async function pressUntilVisible(page: Page, key: string, locator: Locator, what: string, tries = 5, waitMs = 2_000): Promise<void> {
  for (let i = 1; ; i++) {
    await page.keyboard.press(key);
    try {
      await locator.first().waitFor({ state: 'visible', timeout: waitMs });
      return;
    } catch (error) {
      if (i >= tries) throw new Error(`${key} opened no ${what} after ${tries} tries: ${(error as Error).message}`);
      log(`${key}: no ${what} yet (try ${i}), retrying`);
    }
  }
}

/** The active editor: the editor group that has focus, or the only one. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Opens a workspace file with Quick Open (Ctrl+P), waits for its tab and its text. Returns ms taken. */
export async function openFile(page: Page, relativePath: string): Promise<number> {
  const started = Date.now();
  const name = relativePath.split('/').pop() ?? relativePath;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await pressUntilVisible(page, 'Control+P', input, 'quick open');
  await input.fill(relativePath);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name });
  await row.first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ state: 'visible' });
  await activeEditor(page).locator('.view-lines .view-line').first().waitFor({ state: 'visible' });
  const ms = Date.now() - started;
  log(`opened ${relativePath} in ${ms} ms`);
  return ms;
}

/** Runs a command by its title from the command palette (F1), as a person does. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await pressUntilVisible(page, 'F1', input, 'command palette');
  // The palette opens with '>' typed: fill() replaces it, so keep it.
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The on-screen box of the first `word` on 1-based `line` of the active editor. The line is
 * found through the line-number gutter (view lines are not in DOM order) and revealed with
 * Ctrl+G when it is not rendered.
 */
export async function wordBox(page: Page, line: number, word: string, occurrence = 0): Promise<Rect> {
  const editor = activeEditor(page);
  await editor.waitFor({ state: 'visible' });
  // Runs in the page. The repository's tsconfig has no DOM lib, hence the `any`s.
  const find = (): Promise<Rect | null> =>
    editor.evaluate(
      (root: any, { line, word, occurrence }) => {
        const doc: any = (globalThis as any).document;
        const number = [...root.querySelectorAll('.margin-view-overlays .line-numbers')].find((el: any) => el.textContent?.trim() === String(line));
        if (!number) return null;
        const top = number.getBoundingClientRect().top;
        const viewLine = [...root.querySelectorAll('.view-lines .view-line')].find((el: any) => Math.abs(el.getBoundingClientRect().top - top) < 2);
        if (!viewLine) return null;
        // Monaco renders spaces as U+00A0; walk the text nodes to find the word's offset.
        const walker = doc.createTreeWalker(viewLine, 4 /* NodeFilter.SHOW_TEXT */);
        const nodes: any[] = [];
        let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push(n);
          text += n.data;
        }
        text = text.replace(/\u00a0/g, ' ');
        const re = new RegExp(`(?<![\\w$])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`, 'g');
        const match = [...text.matchAll(re)][occurrence];
        if (!match || match.index === undefined || nodes.length === 0) return null;
        const at = (offset: number): [any, number] => {
          for (const node of nodes) {
            if (offset <= node.data.length) return [node, offset];
            offset -= node.data.length;
          }
          const last = nodes[nodes.length - 1];
          return [last, last.data.length];
        };
        const range = doc.createRange();
        range.setStart(...at(match.index));
        range.setEnd(...at(match.index + word.length));
        const r = range.getBoundingClientRect();
        return r.width > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
      },
      { line, word, occurrence },
    );
  let box = await find();
  if (!box) {
    await goToLine(page, line);
    box = await poll(`"${word}" on line ${line}`, find, 10_000);
  }
  return box;
}

/** Ctrl+G, ":line", Enter: moves the cursor to `line` and reveals it. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await activeEditor(page)
    .locator('.view-lines')
    .click({ position: { x: 5, y: 5 } });
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await pressUntilVisible(page, 'Control+G', input, 'go-to-line box');
  // Go to Line is Quick Open with a ":" prefix already typed: fill() replaces it, so keep it.
  await input.fill(`:${line}`);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: String(line) })
    .first()
    .waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

export interface HoverOptions {
  readonly line: number;
  readonly word: string;
  /** Text the hover must contain (a substring, or a RegExp). */
  readonly text: string | RegExp;
  readonly occurrence?: number;
  readonly timeoutMs?: number;
}

/**
 * Hovers `word` on `line` and waits for a `.monaco-hover-content` with `text`; returns the
 * hover's text. Playwright's hover() does not open VS Code's hover here: two small mouse moves
 * onto the word do. Retries by moving away and back.
 */
export async function hoverWord(page: Page, options: HoverOptions): Promise<string> {
  const { line, word, text, occurrence = 0, timeoutMs = 15_000 } = options;
  const hover = page.locator('.monaco-hover-content', { hasText: text });
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const box = await wordBox(page, line, word, occurrence);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx - Math.min(3, box.width / 4), cy, { steps: 2 });
    await page.mouse.move(cx, cy, { steps: 2 });
    try {
      await hover.first().waitFor({ state: 'visible', timeout: Math.max(1_000, Math.min(4_000, deadline - Date.now())) });
      return (await hover.first().innerText()).trim();
    } catch (error) {
      if (Date.now() >= deadline) {
        const shown = await page.locator('.monaco-hover-content').allInnerTexts();
        throw new Error(
          `no hover with ${String(text)} over "${word}" on line ${line} (attempt ${attempt}); hovers shown: ${JSON.stringify(shown)}: ${(error as Error).message}`,
        );
      }
      await page.mouse.move(5, 5); // away, to reset the hover controller
    }
  }
}

/** Clicks on `word` on `line`, putting the cursor inside it. */
export async function clickWord(page: Page, line: number, word: string, occurrence = 0): Promise<void> {
  const box = await wordBox(page, line, word, occurrence);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/**
 * The code-action widget VS Code shows for Ctrl+. (the light-bulb menu). VS Code 1.139 also
 * renders an (empty, hidden) submenu panel with the same class beside it: not that one.
 */
export function quickFixMenu(page: Page): Locator {
  return page.locator('.action-widget:not(.action-list-submenu-panel)');
}

/**
 * Puts the cursor on `word` and opens the quick-fix menu with Ctrl+. (retried: the key is
 * sometimes lost while the workbench is busy). Returns the menu's action titles; the menu
 * stays open (see applyQuickFix, or press Escape).
 */
export async function openQuickFix(page: Page, line: number, word: string, expect?: string | RegExp): Promise<string[]> {
  await clickWord(page, line, word);
  const menu = quickFixMenu(page);
  const item = menu.locator('.monaco-list-row.action', expect ? { hasText: expect } : {});
  await pressUntilVisible(page, 'Control+.', item, 'quick-fix menu', 6, 2_500);
  const titles = await menu.locator('.monaco-list-row.action').allInnerTexts();
  return titles.map((t) => t.trim()).filter(Boolean);
}

/**
 * Chooses the quick fix whose title contains `title` in the open menu and waits for it to
 * close. By keyboard: a click on a row lands on the menu's `.context-view-pointerBlock`.
 */
export async function applyQuickFix(page: Page, title: string | RegExp): Promise<void> {
  const menu = quickFixMenu(page);
  const rows = menu.locator('.monaco-list-row.action');
  const count = await rows.count();
  const matches = (label: string): boolean => (typeof title === 'string' ? label.includes(title) : title.test(label));
  for (let i = 0; i <= count; i++) {
    const focused = await menu
      .locator('.monaco-list-row.action.focused')
      .first()
      .getAttribute('aria-label')
      .catch(() => null);
    if (focused !== null && matches(focused)) {
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden' });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no quick fix ${String(title)} in ${JSON.stringify(await rows.allInnerTexts())}`);
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Squiggle (and hint dots) counts in the active editor, by severity. */
export async function squiggles(page: Page): Promise<Record<Severity, number>> {
  const editor = activeEditor(page);
  const count = (cls: string): Promise<number> => editor.locator(`.view-overlays .${cls}`).count();
  return {
    error: await count('squiggly-error'),
    warning: await count('squiggly-warning'),
    info: await count('squiggly-info'),
    hint: await count('squiggly-hint'),
  };
}

/** Waits until the active editor shows at least one squiggle of `severity`; returns ms waited. */
export async function waitForSquiggle(page: Page, severity: Severity = 'warning', timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  await activeEditor(page).locator(`.view-overlays .squiggly-${severity}`).first().waitFor({ state: 'attached', timeout: timeoutMs });
  return Date.now() - started;
}

export interface Problem {
  readonly severity: string;
  /** The row's text as the Problems panel shows it (message, source, code, position). */
  readonly text: string;
  /** The row's accessible label, which VS Code words as "<severity>: <message> at line L column C in <file>". */
  readonly label: string;
}

/**
 * Gives the active editor's text the keyboard focus back, without moving its cursor (no click),
 * and waits until the editor says it has it.
 */
export async function focusEditor(page: Page): Promise<void> {
  const editor = activeEditor(page);
  // VS Code 1.100 and 1.139 both take input through an EditContext div; older ones a textarea.
  await editor.locator('.native-edit-context, textarea.inputarea').first().focus();
  await editor.and(page.locator('.monaco-editor.focused')).waitFor({ state: 'attached', timeout: 5_000 });
}

/**
 * Opens the Problems panel (Ctrl+Shift+M) and reads its rows once `minCount` of them are there.
 * Ctrl+Shift+M moves the focus into the panel; when the editor had it, it gets it back
 * afterwards, as a person would click back into the text. This matters: VS Code (1.100 and
 * 1.139 alike) asks for code lenses a debounce (250 ms or more) after the model or a provider
 * changes, and a blur of the editor's text cancels that pending request until the text is
 * focused again. On VS Code 1.139, where the server comes up later, the server's
 * `workspace/codeLens/refresh` landed within that window before Ctrl+Shift+M in most runs,
 * and the code lens never showed.
 */
export async function readProblems(page: Page, minCount = 1, timeoutMs = 20_000): Promise<Problem[]> {
  const panel = page.locator('.markers-panel');
  const editorHadFocus = (await activeEditor(page).getAttribute('class'))?.split(/\s+/).includes('focused') ?? false;
  if (!(await panel.isVisible())) await pressUntilVisible(page, 'Control+Shift+M', panel, 'Problems panel');
  const rows = panel.locator('.monaco-list-row');
  const problems = await poll(
    `${minCount} problem(s) in the Problems panel`,
    async () => {
      const all = await rows.evaluateAll((els: any[]) =>
        els.map((el: any) => {
          const icon = el.querySelector('.marker-icon');
          const cls = icon ? icon.className : '';
          const severity = /\berror\b/.test(cls)
            ? 'error'
            : /\bwarning\b/.test(cls)
              ? 'warning'
              : /\binfo\b/.test(cls)
                ? 'info'
                : el.querySelector('.file-icon')
                  ? 'file'
                  : '';
          return { severity, text: String(el.innerText).replace(/\s+/g, ' ').trim(), label: el.getAttribute('aria-label') ?? '' };
        }),
      );
      const problems = all.filter((p) => p.severity !== 'file');
      return problems.length >= minCount ? problems : null;
    },
    timeoutMs,
    200,
  );
  if (editorHadFocus) await focusEditor(page);
  return problems;
}

/** Saves a PNG of the page into test-results/<name>.png (in the repository) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.NETLINT_E2E_RESULTS ?? join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  log(`screenshot ${path}`);
  return path;
}

/**
 * The code-servers a test file runs on (each skipped, with the reason, where it is missing),
 * and a scratch folder with the packaged extension in it, made before the file's tests and
 * removed after them. `work` and `vsix` are set once `before` has run.
 */
export function packagedExtension(prefix: string): {
  readonly versions: readonly (KnownCodeServer & { readonly skip: string | false })[];
  readonly paths: { work: string; vsix: string };
} {
  const versions = CODE_SERVERS.map((known) => ({ ...known, skip: codeServerMissing(known.codeServer) }));
  const paths = { work: '', vsix: '' };
  before(() => {
    if (versions.every((v) => v.skip)) return;
    paths.work = mkdtempSync(join(tmpdir(), prefix));
    paths.vsix = join(paths.work, 'netlint.vsix');
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs'), '--out', paths.vsix], { cwd: repoRoot, stdio: 'pipe' });
  });
  after(() => {
    if (paths.work) rmSync(paths.work, { recursive: true, force: true });
  });
  return { versions, paths };
}

/** The report's page: a webview is an iframe in an iframe. */
export const reportFrame = (page: Page): FrameLocator => page.frameLocator('iframe.webview').frameLocator('#active-frame');

/** Replaces the text of `line` of the file `name` with `text`, as typed. */
export async function retype(page: Page, name: string, line: number, text: string): Promise<void> {
  // The report may have the focus: back to the file's editor first.
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).click();
  await goToLine(page, line);
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type(text);
}

/**
 * Waits for the text editor's cursor to be on `line`: as the status bar says it, or, when
 * the status bar shows no editor items (VS Code 1.139 hides them while a webview has the
 * focus), as the editor's own gutter marks the cursor's line.
 */
export async function cursorLine(page: Page, line: number): Promise<void> {
  await poll(`the cursor on line ${line}`, async () => {
    const status = page.locator('[id="status.editor.selection"]');
    if ((await status.count()) > 0) {
      const text = await status.first().innerText({ timeout: 1_000 });
      if (new RegExp(`Ln ${line},`).test(text)) return text;
    }
    const gutter = page.locator('.monaco-editor .line-numbers.active-line-number');
    const marked = (await gutter.count()) > 0 ? await gutter.first().innerText({ timeout: 1_000 }) : '';
    return marked.trim() === String(line) ? `line ${marked.trim()} marked in the gutter` : null;
  });
}
