/** "Did you mean …": the nearest known name by edit distance, at most 3 edits away. */

/** ASCII letters folded to lower case: names are ASCII, and case slips count as no edit. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * The three rows the distance works in, made once (as the parser's token objects are): a
 * name is compared with thousands of candidates, and each comparison writes every cell
 * it reads.
 */
const ROWS = [new Int32Array(7), new Int32Array(7), new Int32Array(7)];

/**
 * The optimal string alignment distance of `a` (its characters given folded) and `b`
 * (insertions, deletions, substitutions and swaps of two neighbours, `cnov` for `conv`,
 * each one edit) when it is at most `limit` (3 at most), and `limit + 1` otherwise. Only
 * the cells within `limit` of the diagonal can stay within `limit`, so a row holds
 * 2·limit + 1 of them, and the work stops at the first row past which no cell can come
 * back under the limit: a long name costs its length times the band, never its length
 * squared.
 */
function boundedDistance(a: Int32Array, b: string, limit: number): number {
  const over = limit + 1;
  const width = 2 * limit + 1;
  const n = a.length;
  const m = b.length;
  // Cell (i, j) of the full table is at index j − i + limit of row i; outside the table, `over`.
  let twoBack = ROWS[0]!.fill(over, 0, width);
  let previous = ROWS[1]!;
  let current = ROWS[2]!;
  for (let d = 0; d < width; d++) previous[d] = d >= limit && d - limit <= m ? d - limit : over;
  let previousLeast = 0;
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1]!;
    const aBefore = i > 1 ? a[i - 2]! : -1;
    let least = over;
    let left = over;
    // b's character before the band's first: the swap at the first cell reads it.
    let bBefore = i - limit >= 2 ? fold(b.charCodeAt(i - limit - 2)) : -1;
    for (let d = 0; d < width; d++) {
      const j = i + d - limit;
      let cell = over;
      if (j === 0) cell = i;
      else if (j > 0 && j <= m) {
        const bj = fold(b.charCodeAt(j - 1));
        cell = previous[d]! + (ai === bj ? 0 : 1);
        const up = d + 1 < width ? previous[d + 1]! + 1 : over;
        if (up < cell) cell = up;
        if (left + 1 < cell) cell = left + 1;
        if (ai === bBefore && aBefore === bj && twoBack[d]! + 1 < cell) cell = twoBack[d]! + 1;
        if (cell > over) cell = over;
        bBefore = bj;
      }
      current[d] = cell;
      left = cell;
      if (cell < least) least = cell;
    }
    // Every later cell comes from this row, or from the one before it plus a swap.
    if (least > limit && previousLeast >= limit) return over;
    previousLeast = least;
    const spare = twoBack;
    twoBack = previous;
    previous = current;
    current = spare;
  }
  return previous[m - n + limit]!;
}

/**
 * The closest of the first `count` candidates within a third of the name's length (at
 * least 1 edit, at most 3); the first of equals. Lengths are compared before anything
 * else, and once a candidate is found only nearer ones are looked for, so a name costs
 * little per candidate.
 */
export function nearestName(name: string, candidates: readonly string[], count = candidates.length): string | undefined {
  let limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const folded = new Int32Array(name.length);
  for (let i = 0; i < name.length; i++) folded[i] = fold(name.charCodeAt(i));
  let best: string | undefined;
  for (let index = 0; index < count && limit >= 0; index++) {
    const candidate = candidates[index]!;
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = boundedDistance(folded, candidate, limit);
    if (distance <= limit) {
      best = candidate;
      limit = distance - 1;
    }
  }
  return best;
}

export function didYouMean(name: string, candidates: readonly string[], count = candidates.length): string {
  const nearest = nearestName(name, candidates, count);
  return nearest ? `: did you mean '${nearest}'?` : '';
}
