/** Normalisations: batchnorm (learned) and lrn (AlexNet's, fixed). */
import { ZERO_COUNTS } from '../counts';
import { formatFactors } from '../format';
import { elementCount } from '../shapes';
import { elementwise } from './common';
import { defineOp, type OpDefinition } from './definition';

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

export const normOps: readonly OpDefinition[] = [
  batchnorm,
  // Not pointwise: it normalises across neighbouring channels.
  elementwise('lrn', 'Local response normalisation across channels (AlexNet).', 'norm', false, [
    { name: 'size', type: 'count', defaultText: '5', doc: 'Channels in the normalisation window.' },
  ]),
];
