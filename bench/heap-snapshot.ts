/**
 * What an analysis keeps alive, from two V8 heap snapshots (before `analyze()` and after
 * it, the analysis still referenced, each after a full GC): the objects added, summed by
 * kind (constructor name for objects, the node type for strings, numbers, bigints…).
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: string[];
      readonly node_types: [string[], ...unknown[]];
      readonly edge_fields: string[];
      readonly edge_types: [string[], ...unknown[]];
    };
  };
  readonly nodes: number[];
  readonly edges: number[];
  readonly strings: string[];
}

export interface HeapKind {
  readonly kind: string;
  readonly count: number;
  readonly bytes: number;
  readonly share: number;
}

export interface SnapshotDiff {
  readonly addedBytes: number;
  readonly kinds: HeapKind[];
}

/** Objects by kind, and their self sizes, over a whole snapshot. */
function tally(path: string): Map<string, { count: number; bytes: number }> {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const edgeCountAt = fields.indexOf('edge_count');
  const edgeFields = snapshot.snapshot.meta.edge_fields;
  const edgeWidth = edgeFields.length;
  const edgeTypeAt = edgeFields.indexOf('type');
  const edgeNameAt = edgeFields.indexOf('name_or_index');
  const toAt = edgeFields.indexOf('to_node');
  const property = snapshot.snapshot.meta.edge_types[0].indexOf('property');
  const holders = new Map<string, { count: number; bytes: number }>();
  const totals = new Map<string, { count: number; bytes: number }>();
  const { nodes, edges, strings } = snapshot;
  let edge = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!]!;
    const name = strings[nodes[i + nameAt]!]!;
    const edgeCount = nodes[i + edgeCountAt]!;
    // Plain objects by their property names, other objects by constructor; strings,
    // numbers and the like by type alone. A field holding a small integer (Smi) is no
    // object and leaves no edge: `Object {}` has only such fields, like a Span {start, end}.
    let kind: string;
    if (type === 'object' && name === 'Object') {
      const keys: string[] = [];
      for (let e = edge; e < edge + edgeCount * edgeWidth; e += edgeWidth) {
        const key = strings[edges[e + edgeNameAt]!]!;
        if (edges[e + edgeTypeAt] === property && key !== '__proto__') keys.push(key);
      }
      kind = `Object {${keys.sort().join(', ')}}`;
    } else {
      kind =
        type === 'object' || type === 'native'
          ? name
          : type === 'closure'
            ? `closure ${name || '(anonymous)'}`
            : type === 'hidden' || type === 'array'
              ? `(${type}) ${name}`
              : `(${type})`;
    }
    // Heap numbers (doubles, and integers past 2^31) are counted by what holds them.
    for (let e = edge; e < edge + edgeCount * edgeWidth; e += edgeWidth) {
      if (types[nodes[edges[e + toAt]! + typeAt]!] === 'number') {
        const holder = `(number) held by ${kind}`;
        const entry = holders.get(holder) ?? { count: 0, bytes: 0 };
        entry.count++;
        entry.bytes += nodes[edges[e + toAt]! + sizeAt]!;
        holders.set(holder, entry);
      }
    }
    edge += edgeCount * edgeWidth;
    const entry = totals.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += nodes[i + sizeAt]!;
    totals.set(kind, entry);
  }
  for (const [holder, entry] of holders) totals.set(holder, entry);
  return totals;
}

export function diffSnapshots(before: string, after: string, top = 15): SnapshotDiff {
  const a = tally(before);
  const b = tally(after);
  const added: { kind: string; count: number; bytes: number }[] = [];
  for (const [kind, entry] of b) {
    const was = a.get(kind) ?? { count: 0, bytes: 0 };
    if (entry.bytes > was.bytes) added.push({ kind, count: entry.count - was.count, bytes: entry.bytes - was.bytes });
  }
  // The heap numbers by holder repeat the `(number)` line: left out of the sum.
  const addedBytes = added.filter((k) => !k.kind.startsWith('(number) held by')).reduce((sum, k) => sum + k.bytes, 0);
  added.sort((x, y) => y.bytes - x.bytes);
  return { addedBytes, kinds: added.slice(0, top).map((k) => ({ ...k, share: addedBytes ? k.bytes / addedBytes : 0 })) };
}
