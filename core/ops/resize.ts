/** Resizing a feature map: `upsample` (language v2, the first op added as ops describe themselves). */
import { formatCount } from '../format';
import { pairArg } from './args';
import { fail, needFeatureMap, weightless } from './common';
import { defineOp, MAX_DIMENSION, type OpDefinition } from './definition';

/** `nn.Upsample(scale_factor=s, mode=…)`: C×H×W → C×(H·sH)×(W·sW); no params, and no multiply-accumulates. */
const upsample = defineOp({
  name: 'upsample',
  summary: 'Upsamples a feature map by a whole factor on H and W.',
  role: 'shape',
  params: [
    { name: 'scale', type: 'size', doc: 'The factor on H and W: an integer or HxW.' },
    {
      name: 'mode',
      type: 'enum',
      values: [{ name: 'nearest' }, { name: 'bilinear' }],
      valueNoun: 'upsampling mode',
      defaultText: 'nearest',
      doc: 'How the new values are made: nearest or bilinear. Changes no count.',
    },
  ],
  apply: (args, [input]) => {
    const notMap = needFeatureMap('upsample', input!);
    if (notMap) return notMap;
    const [sh, sw] = pairArg(args, 'scale');
    const [c, h, w] = input as readonly [number, number, number];
    // In bigints: two 31-bit factors make up to 62 bits, past what a double holds exactly.
    const height = BigInt(h) * BigInt(sh);
    const width = BigInt(w) * BigInt(sw);
    if (height > BigInt(MAX_DIMENSION) || width > BigInt(MAX_DIMENSION)) {
      return fail('shape', `upsample would make ${formatCount(height)}×${formatCount(width)}: a size is at most ${formatCount(MAX_DIMENSION)}`, 'scale');
    }
    return weightless([c, Number(height), Number(width)]);
  },
});

export const resizeOps: readonly OpDefinition[] = [upsample];
