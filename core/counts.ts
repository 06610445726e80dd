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

/** A running sum of counts, for a loop that makes the terms one by one. */
export class CountsSum {
  private units = 0n;
  private weights = 0n;
  private biases = 0n;
  private params = 0n;
  private connections = 0n;
  private activations = 0n;

  add(c: Counts): void {
    // Zero terms are common (activations, merges); adding 0n would still make new bigints.
    if (c.units !== 0n) this.units += c.units;
    if (c.weights !== 0n) this.weights += c.weights;
    if (c.biases !== 0n) this.biases += c.biases;
    if (c.params !== 0n) this.params += c.params;
    if (c.connections !== 0n) this.connections += c.connections;
    if (c.activations !== 0n) this.activations += c.activations;
  }

  get total(): Counts {
    const { units, weights, biases, params, connections, activations } = this;
    return { units, weights, biases, params, connections, activations };
  }
}

/** The sum of many counts, without an intermediate object per term (100,000 layers made 600,000 garbage bigints). */
export function sumCounts(all: Iterable<Counts>): Counts {
  const sum = new CountsSum();
  for (const counts of all) sum.add(counts);
  return sum.total;
}
