/**
 * How a layer's counts were worked out, with its own numbers, for people to check:
 * `weights = 5·5·48·256 = 307,200`.
 */
import type { LayerNode } from './expand';
import { formatCount } from './format';
import type { Pair } from './ops';

export interface Formula {
  readonly count: 'units' | 'weights' | 'biases' | 'params' | 'connections';
  /** The factors as written: `5·5·48·256`. */
  readonly factors: string;
  readonly value: bigint;
}

const times = (...factors: (number | bigint | string)[]) => factors.map((f) => (typeof f === 'string' ? f : formatCount(f))).join('·');

/** The formulas of an op layer; empty for layers without weights and for blocks. */
export function costFormulas(node: LayerNode): Formula[] {
  const input = node.inputs[0];
  if (node.kind !== 'op' || !node.args || !node.shape || !input) return [];
  const counts = node.counts;
  if (node.op === 'conv' || node.op === 'dwconv') {
    const [kh, kw] = node.args['kernel'] as Pair;
    const channels = input[0]!;
    const groups = node.op === 'dwconv' ? channels : (node.args['groups'] as number);
    const perGroup = channels / groups;
    return [
      { count: 'units', factors: times(...node.shape), value: counts.units },
      { count: 'weights', factors: times(kh, kw, perGroup, node.shape[0]!), value: counts.weights },
      { count: 'connections', factors: times(counts.units, kh, kw, perGroup), value: counts.connections },
    ];
  }
  if (node.op === 'dense') {
    const fanIn = input.length === 1 ? formatCount(input[0]!) : `(${times(...input)})`;
    const units = node.shape[0]!;
    return [
      { count: 'weights', factors: `${fanIn}·${formatCount(units)}`, value: counts.weights },
      { count: 'connections', factors: `${fanIn}·${formatCount(units)}`, value: counts.connections },
    ];
  }
  if (node.op === 'batchnorm') return [{ count: 'params', factors: times(2, input[0]!), value: counts.params }];
  return [];
}

export function formatFormula(formula: Formula): string {
  return `${formula.count} = ${formula.factors} = ${formatCount(formula.value)}`;
}

