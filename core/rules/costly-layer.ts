/** `costly-layer`: one layer makes most of the network's connections. */
import { formatCount, formatShare } from '../format';
import { groupedQuery, tieHead } from '../rewrites';
import { defineRule, layerShareWalk, shareThresholds, type RuleDefinition } from './rule';

export const costlyLayer: RuleDefinition<'costly-layer'> = defineRule({
  code: 'costly-layer',
  summary: "one layer makes more than `share` of the network's connections (multiply-accumulates), and at least `minimum`.",
  severity: 'information',
  thresholds: shareThresholds('costly-layer', 0.25, 100_000_000),
  walk: layerShareWalk(
    'costly-layer',
    'connections',
    (path, part, whole) =>
      `${path} makes ${formatShare(part, whole)} of the network's connections (${formatCount(part)} of ${formatCount(whole)} multiply-accumulates)`,
  ),
  // An untied language-model head is the costliest layer before it is the heaviest (GPT-2
  // small: 27.1% of the connections, 23.7% of the weights): tying is offered here too.
  fixes: [groupedQuery, tieHead],
});
