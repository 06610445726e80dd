/** `costly-layer`: one layer makes most of the network's connections. */
import { formatCount, formatShare } from '../format';
import { defineRule, layerDiagnostic, passes, passing, shareThresholds, type Leaf, type Passing, type RuleDefinition } from './rule';

export const costlyLayer: RuleDefinition<'costly-layer'> = defineRule({
  code: 'costly-layer',
  summary: "one layer makes more than `share` of the network's connections (multiply-accumulates), and at least `minimum`.",
  severity: 'information',
  thresholds: shareThresholds('costly-layer', 0.25, 100_000_000),
  walk: {
    start: (network, setting): { test: Passing; costly: Leaf[] } => ({ test: passing(network.totals.connections, setting), costly: [] }),
    visit: (state, leaf, path, top) => {
      if (passes(state.test, leaf.counts.connections)) state.costly.push({ leaf, path, top });
    },
    finish: (state, network, severity) => {
      const total = network.totals.connections;
      return state.costly.map((item) =>
        layerDiagnostic(
          'costly-layer',
          severity,
          `${item.path} makes ${formatShare(item.leaf.counts.connections, total)} of the network's connections (${formatCount(item.leaf.counts.connections)} of ${formatCount(total)} multiply-accumulates)`,
          network,
          item,
        ),
      );
    },
  },
});
