/** `large-kernel`: a square conv kernel larger than 3×3, which smaller kernels can replace. */
import type { LayerNode } from '../expand';
import { pairArg } from '../ops';
import { asymmetric, depthwiseSeparable, stackOf3x3 } from '../rewrites';
import { defineRule, statementDiagnostics, type Leaf, type RuleDefinition } from './rule';

/** A square conv kernel larger than 3 can be factorised into smaller ones. */
function isFactorisable(leaf: LayerNode): boolean {
  if (leaf.op !== 'conv' || !leaf.args) return false;
  const [h, w] = pairArg(leaf.args, 'kernel');
  return h === w && h > 3;
}

export const largeKernel: RuleDefinition<'large-kernel'> = defineRule({
  code: 'large-kernel',
  summary: 'a square conv kernel larger than 3×3, which smaller kernels can replace.',
  severity: 'information',
  walk: {
    start: (): Leaf[] => [],
    visit: (large, leaf, path, top) => {
      if (isFactorisable(leaf)) large.push({ leaf, path, top });
    },
    finish: (large, network, severity) =>
      statementDiagnostics('large-kernel', severity, network, large, (item) => {
        const [k] = pairArg(item.leaf.args!, 'kernel');
        return `${item.path} has ${/^(8|11|18)(\d\d)*$/.test(String(k)) ? 'an' : 'a'} ${k}×${k} kernel: smaller kernels can replace it with fewer weights`;
      }),
  },
  fixes: [stackOf3x3, asymmetric, depthwiseSeparable],
});
