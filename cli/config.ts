/** Settings for the CLI: `.netlintrc.json` found upward from the file, then flags on top. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_SETTINGS, mergeSettings, type Settings, type SettingsInput } from '../core';
import { UsageError } from './io';

export const CONFIG_FILE = '.netlintrc.json';

/** The nearest `.netlintrc.json` in the folder or above it. */
export function findConfig(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readConfig(path: string): SettingsInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${path} must hold a JSON object such as {"rules": {"heavy-layer": "off"}}`);
  }
  const known = new Set(['rules', 'maxLayers', 'maxDepth', '$schema']);
  const unknown = Object.keys(parsed).filter((key) => !known.has(key));
  if (unknown.length) throw new UsageError(`${path}: unknown setting ${unknown.map((k) => `'${k}'`).join(', ')} (settings: rules, maxLayers, maxDepth)`);
  return parsed as SettingsInput;
}

export interface ConfigOptions {
  /** An explicit config file: no search. */
  readonly configPath?: string | undefined;
  /** Ignore config files altogether. */
  readonly noConfig?: boolean;
  /** Overrides from flags, applied last. */
  readonly overrides: SettingsInput;
}

function merge(base: Settings, input: SettingsInput, source: string): Settings {
  const { settings, problems } = mergeSettings(base, input);
  if (problems.length) throw new UsageError(`${source}: ${problems.join('; ')}`);
  return settings;
}

/** The settings that apply to a file in `dir`, cached per config file. */
export function settingsResolver(options: ConfigOptions): (dir: string) => Settings {
  const cache = new Map<string, Settings>();
  return (dir: string) => {
    const path = options.noConfig ? undefined : (options.configPath ?? findConfig(dir));
    const key = path ?? '';
    let settings = cache.get(key);
    if (!settings) {
      const fromFile = path ? merge(DEFAULT_SETTINGS, readConfig(path), path) : DEFAULT_SETTINGS;
      settings = merge(fromFile, options.overrides, 'command line');
      cache.set(key, settings);
    }
    return settings;
  };
}
