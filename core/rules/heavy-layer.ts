/** `heavy-layer`: one layer holds most of the network's weights. */
import { formatCount, formatShare } from '../format';
import { depthwiseSeparable, removeLayer, type FixMaker } from '../rewrites';
import { defineRule, layerDiagnostic, passes, passing, shareThresholds, type Leaf, type Passing, type RuleDefinition } from './rule';

/** Fixes rewrite the layer itself, not one inside a block instance. */
const ownLayer =
  (make: FixMaker): FixMaker =>
  (target) =>
    target.diagnostic.target?.path === target.node.name ? make(target) : undefined;

export const heavyLayer: RuleDefinition<'heavy-layer'> = defineRule({
  code: 'heavy-layer',
  summary: "one layer holds more than `share` of the network's weights, and at least `minimum` weights.",
  severity: 'warning',
  thresholds: shareThresholds('heavy-layer', 0.25, 1_000_000),
  walk: {
    start: (network, setting): { test: Passing; heavy: Leaf[] } => ({ test: passing(network.totals.weights, setting), heavy: [] }),
    visit: (state, leaf, path, top) => {
      if (passes(state.test, leaf.counts.weights)) state.heavy.push({ leaf, path, top });
    },
    finish: (state, network, severity) => {
      const total = network.totals.weights;
      return state.heavy.map((item) =>
        layerDiagnostic(
          'heavy-layer',
          severity,
          `${item.path} holds ${formatShare(item.leaf.counts.weights, total)} of the network's weights (${formatCount(item.leaf.counts.weights)} of ${formatCount(total)})`,
          network,
          item,
        ),
      );
    },
  },
  fixes: [ownLayer(depthwiseSeparable), ownLayer(removeLayer)],
});
