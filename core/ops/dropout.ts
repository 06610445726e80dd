/** Regularisers: active in training only, free at inference. */
import { elementwise } from './common';
import type { OpDefinition } from './definition';

export const dropoutOps: readonly OpDefinition[] = [
  elementwise('dropout', 'Dropout; active in training only.', 'regulariser', true, [
    { name: 'p', type: 'probability', defaultText: '0.5', doc: 'Probability of dropping an element, from 0 up to 1.' },
  ]),
  // torchvision's StochasticDepth(p, mode='row'): drops the whole sample's branch, so it serves the layer before like dropout.
  elementwise('droppath', 'Stochastic depth: drops a residual branch per sample; active in training only.', 'regulariser', true, [
    { name: 'p', type: 'probability', defaultText: '0.1', doc: 'Probability of dropping the branch, from 0 up to 1.' },
  ]),
];
