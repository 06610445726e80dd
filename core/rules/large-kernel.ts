/**
 * `large-kernel`: a conv whose overlapping windows use a square kernel larger than 3×3, or
 * over a signal an odd kernel larger than 3, which smaller kernels can replace.
 */
import type { LayerNode } from '../expand';
import { pairArg } from '../ops';
import { asymmetric, depthwiseSeparable, stackOf3x3 } from '../rewrites';
import { defineRule, statementDiagnostics, type Leaf, type RuleDefinition } from './rule';

const isSignalConv = (leaf: LayerNode): boolean => leaf.inputs[0]?.length === 2;

/**
 * A kernel larger than 3 can be factorised into smaller ones; only where its windows
 * overlap (a stride below the kernel): a patchifying conv (ViT's 16×16, stride 16) reads
 * each input element once, and smaller kernels would not see the same patch.
 */
function isFactorisable(leaf: LayerNode): boolean {
  if (leaf.op !== 'conv' || !leaf.args) return false;
  const [h, w] = pairArg(leaf.args, 'kernel');
  // Most convs stop here, before their stride is read.
  if (h <= 3) return false;
  const [sh, sw] = pairArg(leaf.args, 'stride');
  if (isSignalConv(leaf)) return h % 2 === 1 && sh < h;
  return h === w && (sh < h || sw < w);
}

/** "an 8×8", "an 81×81", "an 11×11", "a 5×5": by how the number is said (eight…, eighty…, eleven…, eighteen…). */
const article = (k: number): string => (/^(8\d*|(11|18)(\d\d)*)$/.test(String(k)) ? 'an' : 'a');

export const largeKernel: RuleDefinition<'large-kernel'> = defineRule({
  code: 'large-kernel',
  summary:
    'a conv with overlapping windows and a square kernel larger than 3×3 (over a signal, an odd kernel larger than 3), which smaller kernels can replace.',
  severity: 'information',
  walk: {
    start: (): Leaf[] => [],
    visit: (large, leaf, path, top) => {
      if (isFactorisable(leaf)) large.push({ leaf, path, top });
    },
    finish: (large, network, severity) =>
      statementDiagnostics('large-kernel', severity, network, large, (item) => {
        const [k] = pairArg(item.leaf.args!, 'kernel');
        const kernel = isSignalConv(item.leaf) ? `1-D kernel of ${k}` : `${k}×${k} kernel`;
        return `${item.path} has ${isSignalConv(item.leaf) ? 'a' : article(k)} ${kernel}: smaller kernels can replace it with fewer weights`;
      }),
  },
  fixes: [stackOf3x3, asymmetric, depthwiseSeparable],
});
