/**
 * Settings for the CLI: the defaults, then the nearest `.netlintrc.json` upward from the
 * file, then flags on top (the editor puts its own settings between the first two).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CONFIG_FILE, decodeSource, DEFAULT_SETTINGS, LineIndex, mergeSettings, parseConfig, type Settings, type SettingsInput } from '../core';
import { describeReadError, UsageError } from './io';

/** The nearest `.netlintrc.json` in the folder or above it. */
function findConfig(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A found config's path as a person would type it from here. */
function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near && !near.startsWith('..') && !isAbsolute(near) ? near : path;
}

/** The settings a config file gives over `base`; every problem, with its line and column, ends the run. */
function readConfig(base: Settings, path: string, name: string): Settings {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read '${name}': ${describeReadError(error)}`);
  }
  const decoded = decodeSource(bytes);
  if ('error' in decoded) throw new UsageError(`${name}: ${decoded.error}`);
  const { input, problems } = parseConfig(decoded.text);
  if (problems.length) {
    const lines = new LineIndex(decoded.text);
    const located = problems.map((problem) => {
      const { line, character } = lines.positionAt(problem.span.start);
      return `${line + 1}:${character + 1}: ${problem.message}`;
    });
    throw new UsageError(`${name}:${located.join('; ')}`);
  }
  return mergeSettings(base, input).settings;
}

export interface ConfigOptions {
  /** An explicit config file: no search. */
  readonly configPath?: string | undefined;
  /** Ignore config files altogether. */
  readonly noConfig?: boolean;
  /** Overrides from flags, applied last. */
  readonly overrides: SettingsInput;
}

/** The settings that apply to a file in `dir`, cached per config file. */
export function settingsResolver(options: ConfigOptions): (dir: string) => Settings {
  const cache = new Map<string, Settings>();
  return (dir: string) => {
    const path = options.noConfig ? undefined : (options.configPath ?? findConfig(dir));
    const key = path ?? '';
    let settings = cache.get(key);
    if (!settings) {
      const fromFile = path ? readConfig(DEFAULT_SETTINGS, path, options.configPath ?? shown(path)) : DEFAULT_SETTINGS;
      const merged = mergeSettings(fromFile, options.overrides);
      if (merged.problems.length) throw new UsageError(`command line: ${merged.problems.map((p) => p.message).join('; ')}`);
      settings = merged.settings;
      cache.set(key, settings);
    }
    return settings;
  };
}
