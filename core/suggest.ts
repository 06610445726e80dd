/** "Did you mean …": the nearest known name by edit distance. */

function editDistance(a: string, b: string): number {
  // Optimal string alignment: insertions, deletions, substitutions and swaps of two
  // neighbours (`cnov` for `conv`, the commonest slip) each cost one edit.
  const same = (i: number, j: number) => a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase();
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (same(i, j) ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1]!.toLowerCase() === b[j - 2]!.toLowerCase() && a[i - 2]!.toLowerCase() === b[j - 1]!.toLowerCase()) {
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
      }
    }
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidate within a third of the name's length (at least 1 edit, at most 3). */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // Lengths further apart than the limit cannot be near: skip the quadratic work.
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const nearest = nearestName(name, candidates);
  return nearest ? `: did you mean '${nearest}'?` : '';
}
