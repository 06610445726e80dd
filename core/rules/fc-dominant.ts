/**
 * `fc-dominant`: the dense layers together hold most of the network's weights. A dense
 * layer applied per token of a T×D sequence is a transformer's MLP, as a 1×1 conv is a
 * convnet's: it is not a fully connected head, and is not counted.
 */
import { formatCount, formatShare, someNames } from '../format';
import { globalAveragePool } from '../rewrites';
import type { RuleSetting } from '../settings';
import { defineRule, layerDiagnostic, passes, passing, shareThresholds, type Leaf, type RuleDefinition } from './rule';

export const fcDominant: RuleDefinition<'fc-dominant'> = defineRule({
  code: 'fc-dominant',
  summary: "dense layers together hold more than `share` of the network's weights, and at least `minimum` weights.",
  severity: 'warning',
  thresholds: shareThresholds('fc-dominant', 0.5, 1_000_000),
  walk: {
    start: (_network, setting): { setting: RuleSetting; dense: Leaf[] } => ({ setting, dense: [] }),
    visit: (state, leaf, path, top) => {
      if (leaf.op === 'dense' && leaf.inputs[0]?.length !== 2) state.dense.push({ leaf, path, top });
    },
    finish: ({ setting, dense }, network, severity) => {
      const weights = dense.reduce((sum, { leaf }) => sum + leaf.counts.weights, 0n);
      const total = network.totals.weights;
      if (dense.length === 0 || !passes(passing(total, setting), weights)) return [];
      const names = someNames(dense.map((item) => item.path));
      return [
        layerDiagnostic(
          'fc-dominant',
          severity,
          `dense layers hold ${formatShare(weights, total)} of the network's weights (${formatCount(weights)} of ${formatCount(total)}: ${names})`,
          network,
          dense[0]!,
        ),
      ];
    },
  },
  fixes: [globalAveragePool],
});
