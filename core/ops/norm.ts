/**
 * Normalisations: batchnorm (learned) and lrn (AlexNet's, fixed); and language v2's
 * feature norms, layernorm, rmsnorm and layerscale, which learn per feature.
 */
import { ZERO_COUNTS } from '../counts';
import { formatFactors } from '../format';
import type { Formula } from '../formulas';
import { elementCount, type Shape } from '../shapes';
import { boolArg } from './args';
import { biasParam, elementwise } from './common';
import { defineOp, type FormulaInput, type OpDefinition, type OpResult } from './definition';

const batchnorm = defineOp({
  name: 'batchnorm',
  summary: 'Batch normalisation: a learned scale and shift per channel.',
  role: 'norm',
  pointwise: true,
  extraParams: 'batchnorm',
  params: [],
  apply: (_args, [input]) => {
    const channels = BigInt(input![0]!);
    return { shape: input!, counts: { ...ZERO_COUNTS, params: 2n * channels, activations: elementCount(input!) } };
  },
  formulas: ({ input, counts }) => [{ count: 'params', factors: formatFactors(2, input[0]!), value: counts.params }],
});

/**
 * The size a feature norm learns over: the last size of a vector or a T×D sequence (as
 * `nn.LayerNorm(D)`), the channels of a C×H×W map (ConvNeXt's channel norm).
 */
const features = (input: Shape): number => (input.length === 3 ? input[0]! : input[input.length - 1]!);

/** A feature norm's costs: `each` params for each feature, and its output size. */
function perFeature(input: Shape, each: 1 | 2): OpResult {
  return { shape: input, counts: { ...ZERO_COUNTS, params: BigInt(each) * BigInt(features(input)), activations: elementCount(input) } };
}

const perFeatureFormula = ({ input, counts }: FormulaInput, each: 1 | 2): Formula[] => [
  { count: 'params', factors: each === 2 ? formatFactors(2, features(input)) : formatFactors(features(input)), value: counts.params },
];

const layernorm = defineOp({
  name: 'layernorm',
  summary: 'Layer normalisation over the features of each token (the channels of a C×H×W map): a learned scale and shift per feature.',
  role: 'norm',
  extraParams: 'layernorm',
  params: [{ ...biasParam, doc: 'Whether it learns a shift per feature besides its scale.' }],
  apply: (args, [input]) => perFeature(input!, boolArg(args, 'bias') ? 2 : 1),
  formulas: (layer) => perFeatureFormula(layer, boolArg(layer.args, 'bias') ? 2 : 1),
});

const rmsnorm = defineOp({
  name: 'rmsnorm',
  summary: 'Root-mean-square normalisation over the features of each token: a learned scale per feature, no shift.',
  role: 'norm',
  extraParams: 'rmsnorm',
  params: [],
  apply: (_args, [input]) => perFeature(input!, 1),
  formulas: (layer) => perFeatureFormula(layer, 1),
});

const layerscale = defineOp({
  name: 'layerscale',
  summary: 'A learned scale per feature (the channels of a C×H×W map), as CaiT and ConvNeXt put on a residual branch.',
  role: 'norm',
  // Each output is its input times its feature's scale.
  pointwise: true,
  extraParams: 'layerscale',
  params: [],
  apply: (_args, [input]) => perFeature(input!, 1),
  formulas: (layer) => perFeatureFormula(layer, 1),
});

export const normOps: readonly OpDefinition[] = [
  batchnorm,
  // Not pointwise: it normalises across neighbouring channels.
  elementwise('lrn', 'Local response normalisation across channels (AlexNet).', 'norm', false, [
    { name: 'size', type: 'count', defaultText: '5', doc: 'Channels in the normalisation window.' },
  ]),
  layernorm,
  rmsnorm,
  layerscale,
];
