/** Activations as layers of their own (a conv or dense may also fuse one: act=). */
import { elementwise } from './common';
import type { OpDefinition } from './definition';

export const activationOps: readonly OpDefinition[] = [
  elementwise('relu', 'Rectified linear activation.', 'activation', true),
  elementwise('sigmoid', 'Logistic sigmoid activation.', 'activation', true),
  elementwise('tanh', 'Hyperbolic tangent activation.', 'activation', true),
  elementwise('gelu', 'Gaussian error linear unit activation.', 'activation', true),
  // Not pointwise: each output depends on the whole vector.
  elementwise('softmax', 'Softmax over the channels or vector.', 'activation', false),
];
