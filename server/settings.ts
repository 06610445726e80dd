/**
 * The settings of each document, in this order, each over the one before: the defaults,
 * the editor's `netlint.*` settings for the document's resource (each folder of a
 * multi-root workspace keeps its own), then the nearest `.netlintrc.json`, which wins
 * because it is what CI runs. A config with errors is left out, never half applied.
 */
import { DidChangeWatchedFilesNotification, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { CONFIG_FILE, DEFAULT_SETTINGS, mergeSettings, type Settings, type SettingsInput } from '../core';
import { ConfigFiles, configFolders } from './config-files';
import type { DocumentStore } from './documents';
import type { ConfigInUse, InitializationOptions } from './protocol';

export interface EditorSettings {
  readonly analysis: Settings;
  readonly inlayHints: boolean;
  /** Problems with the settings, for the log. */
  readonly problems: readonly string[];
}

const DEFAULT_EDITOR_SETTINGS: EditorSettings = { analysis: DEFAULT_SETTINGS, inlayHints: true, problems: [] };

/** What a document is analysed with, and where its settings came from. */
export interface DocumentSettings {
  readonly analysis: Settings;
  readonly inlayHints: boolean;
  readonly config: ConfigInUse;
}

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = { analysis: DEFAULT_SETTINGS, inlayHints: true, config: { state: 'none' } };

interface RawSettings {
  rules?: Record<string, unknown>;
  maxLayers?: unknown;
  inlayHints?: { enabled?: unknown };
}

function readEditorSettings(raw: unknown): EditorSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_EDITOR_SETTINGS;
  const value = raw as RawSettings;
  const input: SettingsInput = {};
  if (value.rules) input.rules = value.rules;
  if (value.maxLayers !== undefined && value.maxLayers !== null) input.maxLayers = value.maxLayers;
  const { settings, problems } = mergeSettings(DEFAULT_SETTINGS, input);
  return { analysis: settings, inlayHints: value.inlayHints?.enabled !== false, problems: problems.map((p) => `netlint.${p.path.join('.')}: ${p.message}`) };
}

/** The watcher's pattern: a config anywhere in the workspace. */
const CONFIG_GLOB = `**/${CONFIG_FILE}`;

/**
 * Gives each open document its settings before its first diagnostics, and again when the
 * editor's settings or a config file change. `revalidate` publishes a document's diagnostics.
 */
export function registerSettings(
  connection: Connection,
  store: DocumentStore,
  revalidate: (uri: string) => void,
): { initialize(params: InitializeParams): void } {
  let capabilities: InitializeParams['capabilities'] = {};
  let clientReads = false;
  /** The workspace's folders, each ending in '/'. */
  let workspaceFolders: string[] = [];
  const configs = new ConfigFiles(connection, () => clientReads);
  // A change starts a new round; what an older round works out is dropped.
  let round = 0;

  const editorSettings = async (uri: string): Promise<EditorSettings> => {
    if (capabilities.workspace?.configuration !== true) return DEFAULT_EDITOR_SETTINGS;
    const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: uri, section: 'netlint' }).catch((error: unknown) => {
      connection.console.warn(`netlint settings: the editor did not give them for ${uri}, the defaults apply: ${String(error)}`);
      return undefined;
    });
    const settings = readEditorSettings(raw);
    for (const problem of settings.problems) connection.console.warn(`netlint settings: ${problem}`);
    return settings;
  };

  const resolve = async (uri: string): Promise<DocumentSettings> => {
    const [editor, config] = await Promise.all([editorSettings(uri), configs.find(uri)]);
    const base = { analysis: editor.analysis, inlayHints: editor.inlayHints };
    if (!config) return { ...base, config: { state: 'none' } };
    if ('unreadable' in config || config.parsed.problems.length > 0) return { ...base, config: { state: 'broken', uri: config.uri } };
    return { ...base, analysis: mergeSettings(editor.analysis, config.parsed.input).settings, config: { state: 'applied', uri: config.uri } };
  };

  const refresh = async (uri: string): Promise<void> => {
    const mine = round;
    const settings = await resolve(uri).catch((error: unknown) => {
      connection.console.error(
        `netlint: the settings of ${uri} could not be worked out, the defaults apply: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return DEFAULT_DOCUMENT_SETTINGS;
    });
    if (mine !== round || !store.get(uri)) return;
    store.setSettings(uri, settings);
    revalidate(uri);
  };

  const refreshAll = async (): Promise<void> => {
    round++;
    configs.forget();
    const mine = round;
    await Promise.all(store.documents.all().map((document) => refresh(document.uri)));
    if (mine !== round) return;
    configs.settle();
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };

  const watching = () => capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  /** The folders above the workspace watched for a config, each once: `**` covers only the workspace. */
  const watchedAbove = new Set<string>();
  const watchAbove = (documentUri: string): void => {
    if (!watching() || capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport !== true) return;
    const inside = (folder: string) => workspaceFolders.some((root) => folder.startsWith(root));
    const folders = configFolders(documentUri).filter((folder) => folder.startsWith('file:') && !inside(folder) && !watchedAbove.has(folder));
    if (folders.length === 0) return;
    for (const folder of folders) watchedAbove.add(folder);
    const watchers = folders.map((baseUri) => ({ globPattern: { baseUri, pattern: CONFIG_FILE } }));
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  };
  connection.onInitialized(() => {
    if (watching()) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_GLOB }] });
  });
  connection.onDidChangeConfiguration(() => void refreshAll());
  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((change) => change.uri.endsWith(`/${CONFIG_FILE}`))) void refreshAll();
  });
  store.documents.onDidOpen((event) => {
    // Without a watcher nothing says when a config changes: read it afresh for each document opened.
    if (!watching()) configs.forget();
    watchAbove(event.document.uri);
    void refresh(event.document.uri);
  });

  return {
    initialize(params: InitializeParams): void {
      capabilities = params.capabilities;
      const roots = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
      workspaceFolders = roots.map((root) => (root.endsWith('/') ? root : `${root}/`));
      clientReads = (params.initializationOptions as InitializationOptions | undefined)?.readFile === true;
    },
  };
}
