/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and sums its samples by function: self
 * time (where the CPU was) and inclusive time (what was on the stack), with each function
 * placed in its TypeScript source through the bundle's source map.
 *
 *   node out/bench/profile.js some.cpuprofile [top]
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionTime {
  readonly name: string;
  readonly location: string;
  readonly ms: number;
  /** Share of the busy time: all samples but (idle). */
  readonly share: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly busyMs: number;
  readonly idleMs: number;
  readonly self: FunctionTime[];
  readonly inclusive: FunctionTime[];
}

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    let map: SourceMap | undefined;
    try {
      const path = fileURLToPath(url);
      if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload);
    } catch {
      map = undefined;
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** `core/query.ts:41` for a bundled function, `node:internal/...` as is. */
function locate(frame: CallFrame): string {
  if (!frame.url) return '';
  if (frame.url.startsWith('file://')) {
    const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry) {
      const source = entry.originalSource.replace(/^.*?(?:\.\.\/)+/, '').replace(/^.*\/(node_modules\/)/, '$1');
      return `${source}:${entry.originalLine + 1}`;
    }
  }
  return `${frame.url.replace(/^file:\/\/.*\//, '')}:${frame.lineNumber + 1}`;
}

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = new Map<number, string>();
  const described = new Map<string, { name: string; location: string }>();
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName || '(anonymous)';
    const location = locate(node.callFrame);
    const key = `${name}@${location}`;
    keyOf.set(node.id, key);
    described.set(key, { name, location });
  }

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one.
    const ms = ((i + 1 < timeDeltas.length ? timeDeltas[i + 1]! : 0) || 0) / 1000;
    const leaf = samples[i]!;
    const leafKey = keyOf.get(leaf)!;
    if (leafKey.startsWith('(idle)')) {
      idle += ms;
      continue;
    }
    busy += ms;
    self.set(leafKey, (self.get(leafKey) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const key = keyOf.get(id)!;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const rank = (totals: Map<string, number>, skip: (f: { name: string; location: string }) => boolean): FunctionTime[] =>
    [...totals]
      .filter(([key]) => !skip(described.get(key)!))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, ms]) => ({ ...described.get(key)!, ms, share: busy ? ms / busy : 0 }));
  return {
    file,
    busyMs: busy,
    idleMs: idle,
    self: rank(self, () => false),
    // Node's own frames (timers, ticks, the module loader) hold everything: left out.
    inclusive: rank(inclusive, (f) => !f.location || /^(node:|internal\/)/.test(f.location)),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const row = (f: FunctionTime) => `| ${(f.share * 100).toFixed(1)}% | ${f.ms.toFixed(0)} | \`${f.name}\` | ${f.location} |`;
  return [
    `Busy ${summary.busyMs.toFixed(0)} ms (idle ${summary.idleMs.toFixed(0)} ms) in \`${summary.file.replace(/^.*\//, '')}\`.`,
    '',
    'Self time:',
    '',
    '| share | ms | function | source |',
    '|---:|---:|---|---|',
    ...summary.self.map(row),
    '',
    'Inclusive time (on the stack):',
    '',
    '| share | ms | function | source |',
    '|---:|---:|---|---|',
    ...summary.inclusive.map(row),
  ].join('\n');
}
