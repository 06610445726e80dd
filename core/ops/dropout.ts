/** Regularisers: active in training only, free at inference. */
import { elementwise } from './common';
import type { OpDefinition } from './definition';

export const dropoutOps: readonly OpDefinition[] = [
  elementwise('dropout', 'Dropout; active in training only.', 'regulariser', true, [
    { name: 'p', type: 'probability', defaultText: '0.5', doc: 'Probability of dropping an element, from 0 up to 1.' },
  ]),
];
