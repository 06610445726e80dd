/** Activations as layers of their own (a conv or dense may also fuse one: act=). */
import { elementwise, weightless } from './common';
import { defineOp, type OpDefinition } from './definition';

/** `nn.SiLU`, x·sigmoid(x), which the EfficientNet paper calls swish. */
const silu = defineOp({
  name: 'silu',
  aliases: ['swish'],
  summary: 'Sigmoid linear unit, x·sigmoid(x) (also called swish).',
  role: 'activation',
  pointwise: true,
  params: [],
  apply: (_args, [input]) => weightless(input!),
});

export const activationOps: readonly OpDefinition[] = [
  elementwise('relu', 'Rectified linear activation.', 'activation', true),
  elementwise('sigmoid', 'Logistic sigmoid activation.', 'activation', true),
  elementwise('tanh', 'Hyperbolic tangent activation.', 'activation', true),
  elementwise('gelu', 'Gaussian error linear unit activation.', 'activation', true),
  silu,
  elementwise('hardswish', 'Hard swish, x·relu6(x + 3)/6 (MobileNetV3).', 'activation', true),
  elementwise('hardsigmoid', 'Hard sigmoid, relu6(x + 3)/6 (MobileNetV3).', 'activation', true),
  elementwise('relu6', 'Rectified linear activation capped at 6 (MobileNet).', 'activation', true),
  // PyTorch's defaults: a slope of 0.01 below 0; α = 1. Neither is learned, so neither changes a count.
  elementwise('leakyrelu', 'Leaky rectified linear activation, a slope of 0.01 below 0.', 'activation', true),
  elementwise('elu', 'Exponential linear unit activation (α = 1).', 'activation', true),
  // Not pointwise: each output depends on the whole vector.
  elementwise('softmax', 'Softmax over the channels or vector.', 'activation', false),
];
