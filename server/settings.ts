/** The editor's `netlint.*` settings, read through workspace/configuration, as core settings. */
import { DEFAULT_SETTINGS, mergeSettings, type Settings, type SettingsInput } from '../core';

export interface EditorSettings {
  readonly analysis: Settings;
  readonly inlayHints: boolean;
  /** Problems with the settings, for the log. */
  readonly problems: readonly string[];
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { analysis: DEFAULT_SETTINGS, inlayHints: true, problems: [] };

interface RawSettings {
  rules?: Record<string, unknown>;
  maxLayers?: unknown;
  inlayHints?: { enabled?: unknown };
}

export function readEditorSettings(raw: unknown): EditorSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_EDITOR_SETTINGS;
  const value = raw as RawSettings;
  const input: SettingsInput = {};
  if (value.rules) input.rules = value.rules;
  if (value.maxLayers !== undefined && value.maxLayers !== null) input.maxLayers = value.maxLayers;
  const { settings, problems } = mergeSettings(DEFAULT_SETTINGS, input);
  return { analysis: settings, inlayHints: value.inlayHints?.enabled !== false, problems: problems.map((p) => `netlint.${p.path.join('.')}: ${p.message}`) };
}
