/** The exact per-sample counts of a layer, a block instance or a network (spec: Costs). */

export interface Counts {
  /** Neurons: output elements of layers that have weights. */
  readonly units: bigint;
  /** Multiplicative weights, biases excluded. */
  readonly weights: bigint;
  readonly biases: bigint;
  /** Every learnable parameter: weights, biases, batchnorm scale and shift. */
  readonly params: bigint;
  /** Weighted input-to-unit links, equal to multiply-accumulates. */
  readonly connections: bigint;
  /** Output elements of the layer, whatever its kind. */
  readonly activations: bigint;
}

export const COUNT_NAMES = ['units', 'weights', 'biases', 'params', 'connections', 'activations'] as const;

export const ZERO_COUNTS: Counts = { units: 0n, weights: 0n, biases: 0n, params: 0n, connections: 0n, activations: 0n };

/**
 * A running sum of counts, for a loop that makes the terms one by one. Each total is kept
 * in a double while it is an exact integer, as nearly every network's are: adding bigints
 * makes a new one per term. What would go past that is kept in bigints (`spill`).
 */
export class CountsSum {
  private units = 0;
  private weights = 0;
  private biases = 0;
  private params = 0;
  private connections = 0;
  private activations = 0;
  private spill: bigint[] | undefined;

  add(c: Counts): void {
    // Zero terms are common (activations, merges).
    if (c.units !== 0n) this.units = this.plus(0, this.units, c.units);
    if (c.weights !== 0n) this.weights = this.plus(1, this.weights, c.weights);
    if (c.biases !== 0n) this.biases = this.plus(2, this.biases, c.biases);
    if (c.params !== 0n) this.params = this.plus(3, this.params, c.params);
    if (c.connections !== 0n) this.connections = this.plus(4, this.connections, c.connections);
    if (c.activations !== 0n) this.activations = this.plus(5, this.activations, c.activations);
  }

  /** `total + term` while the double holds it exactly; otherwise the term goes to the spill and `total` stays. */
  private plus(index: number, total: number, term: bigint): number {
    // A term past 2^53 rounds to a double that is no safe integer, and so does a sum.
    const near = Number(term);
    const sum = total + near;
    if (Number.isSafeInteger(near) && Number.isSafeInteger(sum)) return sum;
    (this.spill ??= [0n, 0n, 0n, 0n, 0n, 0n])[index]! += term;
    return total;
  }

  get total(): Counts {
    const spill = this.spill;
    const exact = (index: number, total: number): bigint => (spill ? BigInt(total) + spill[index]! : BigInt(total));
    return {
      units: exact(0, this.units),
      weights: exact(1, this.weights),
      biases: exact(2, this.biases),
      params: exact(3, this.params),
      connections: exact(4, this.connections),
      activations: exact(5, this.activations),
    };
  }
}

/** The sum of many counts, without an intermediate object per term (100,000 layers made 600,000 garbage bigints). */
export function sumCounts(all: Iterable<Counts>): Counts {
  const sum = new CountsSum();
  for (const counts of all) sum.add(counts);
  return sum.total;
}
