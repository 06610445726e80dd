/**
 * The built-in ops: their arguments, output shapes and costs, exactly as the spec's
 * Ops and Costs tables define them. Each op is a pure function of its resolved
 * arguments and its input shape, defined once in the file of its family; this registry
 * lists the families, and derives what the rest of the core reads of all ops.
 */
import { activationOps } from './activation';
import { convOps } from './conv';
import { denseOps } from './dense';
import type { OpDefinition } from './definition';
import { dropoutOps } from './dropout';
import { mergeOps } from './merge';
import { normOps } from './norm';
import { poolOps } from './pool';
import { recurrentOps } from './recurrent';
import { resizeOps } from './resize';
import { sequenceOps } from './sequence';
import { shapeOps } from './shape';
import { transformerOps } from './transformer';

export { boolArg, countArg, makePair, nameArg, padArg, pairArg } from './args';
export { ACTIVATIONS, resolvePad } from './common';
export * from './definition';
export { denseFeatures } from './dense';

/** Every op, in the order completion and the docs list them. */
export const OPS: ReadonlyMap<string, OpDefinition> = new Map(
  [
    ...convOps,
    ...denseOps,
    ...transformerOps,
    ...poolOps,
    ...normOps,
    ...activationOps,
    ...dropoutOps,
    ...shapeOps,
    ...resizeOps,
    ...sequenceOps,
    ...recurrentOps,
    ...mergeOps,
  ].map((op) => [op.name, op]),
);

/** Other names for ops, from their definitions: `fc` is `dense`. */
export const OP_ALIASES: ReadonlyMap<string, string> = new Map([...OPS.values()].flatMap((op) => (op.aliases ?? []).map((alias) => [alias, op.name] as const)));

export function findOp(name: string): OpDefinition | undefined {
  return OPS.get(OP_ALIASES.get(name) ?? name);
}

/**
 * The names that are values of some op's parameter: the members of enumerations (`act=`)
 * first, then the names other parameters take besides numbers (`pad=same`); each once.
 */
export const VALUE_NAMES: readonly string[] = (() => {
  const params = [...OPS.values()].flatMap((op) => op.params);
  const ordered = [...params.filter((p) => p.type === 'enum'), ...params.filter((p) => p.type !== 'enum')];
  return [...new Set(ordered.flatMap((p) => (p.values ?? []).map((value) => value.name)))];
})();

/** The labels of the params ops learn beyond weights and biases (`batchnorm`), each once, in the ops' order. */
export const EXTRA_PARAM_LABELS: readonly string[] = [...new Set([...OPS.values()].flatMap((op) => (op.extraParams ? [op.extraParams] : [])))];
