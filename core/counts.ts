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
export type CountName = (typeof COUNT_NAMES)[number];

export const ZERO_COUNTS: Counts = { units: 0n, weights: 0n, biases: 0n, params: 0n, connections: 0n, activations: 0n };

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    units: a.units + b.units,
    weights: a.weights + b.weights,
    biases: a.biases + b.biases,
    params: a.params + b.params,
    connections: a.connections + b.connections,
    activations: a.activations + b.activations,
  };
}

/** The sum of many counts, without an intermediate object per term (100,000 layers made 600,000 garbage bigints). */
export function sumCounts(all: Iterable<Counts>): Counts {
  let units = 0n;
  let weights = 0n;
  let biases = 0n;
  let params = 0n;
  let connections = 0n;
  let activations = 0n;
  for (const c of all) {
    units += c.units;
    weights += c.weights;
    biases += c.biases;
    params += c.params;
    connections += c.connections;
    activations += c.activations;
  }
  return { units, weights, biases, params, connections, activations };
}


