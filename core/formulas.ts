/**
 * How a layer's counts were worked out, with its own numbers, for people to check:
 * `weights = 5·5·48·256 = 307,200`. Each op writes its own (`OpDefinition.formulas`);
 * this file only finds them and writes them out.
 */
import type { LayerNode } from './expand';
import { formatCount } from './format';
import { OPS } from './ops';

export interface Formula {
  readonly count: 'units' | 'weights' | 'biases' | 'params' | 'connections';
  /** The factors as written: `5·5·48·256`. */
  readonly factors: string;
  readonly value: bigint;
}

/** The formulas of an op layer; empty for ops that give none, for blocks and for unknown shapes. */
export function costFormulas(node: LayerNode): Formula[] {
  const input = node.inputs[0];
  if (node.kind !== 'op' || !node.args || !node.shape || !input) return [];
  const formulas = OPS.get(node.op)?.formulas;
  return formulas ? formulas({ args: node.args, input, shape: node.shape, counts: node.counts }) : [];
}

/** What the hover says after an op layer's formulas: what a count leaves out, or why (attention's `causal`). */
export function costNotes(node: LayerNode): string[] {
  const input = node.inputs[0];
  if (node.kind !== 'op' || !node.args || !node.shape || !input) return [];
  const notes = OPS.get(node.op)?.notes;
  return notes ? notes({ args: node.args, input, shape: node.shape, counts: node.counts }) : [];
}

export function formatFormula(formula: Formula): string {
  const value = formatCount(formula.value);
  // A count of one factor (a class token's D weights) is written once.
  return formula.factors === value ? `${formula.count} = ${value}` : `${formula.count} = ${formula.factors} = ${value}`;
}
