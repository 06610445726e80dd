/** `heavy-layer`: one layer holds most of the network's weights. */
import { formatCount, formatShare } from '../format';
import { depthwiseSeparable, factorisedEmbedding, groupedQuery, lowRankDense, removeLayer, tieHead } from '../rewrites';
import { defineRule, layerShareWalk, shareThresholds, type RuleDefinition } from './rule';

export const heavyLayer: RuleDefinition<'heavy-layer'> = defineRule({
  code: 'heavy-layer',
  summary: "one layer holds more than `share` of the network's weights, and at least `minimum` weights.",
  severity: 'warning',
  thresholds: shareThresholds('heavy-layer', 0.25, 1_000_000),
  walk: layerShareWalk(
    'heavy-layer',
    'weights',
    (path, part, whole) => `${path} holds ${formatShare(part, whole)} of the network's weights (${formatCount(part)} of ${formatCount(whole)})`,
  ),
  fixes: [depthwiseSeparable, removeLayer, lowRankDense, tieHead, factorisedEmbedding, groupedQuery],
});
