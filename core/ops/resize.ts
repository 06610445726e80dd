/** Resizing a feature map or a signal: `upsample` (language v2, the first op added as ops describe themselves). */
import { formatCount, formatShape } from '../format';
import { nameArg, pairArg } from './args';
import { fail, isSignal, needSignalOrMap, needSingleSizes, weightless } from './common';
import { defineOp, MAX_DIMENSION, type OpDefinition } from './definition';

/** `nn.Upsample(scale_factor=s, mode=…)`: C×H×W → C×(H·sH)×(W·sW), C×L → C×(L·s); no params, and no multiply-accumulates. */
const upsample = defineOp({
  name: 'upsample',
  summary: 'Upsamples a feature map by a whole factor on H and W, or a signal on L.',
  role: 'shape',
  params: [
    { name: 'scale', type: 'size', doc: 'The whole factor: an integer, or HxW on a map.' },
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
    const wrong = needSignalOrMap('upsample', input!) ?? needSingleSizes(args, input!, ['scale']);
    if (wrong) return wrong;
    if (isSignal(input!)) {
      // PyTorch's bilinear mode needs a map; a signal's would be `linear`, which v2 does not have.
      if (nameArg(args, 'mode') === 'bilinear') {
        return fail('bad-argument', `mode=bilinear needs a C×H×W map, but the input is a signal, ${formatShape(input!)}: use mode=nearest`, 'mode');
      }
      const [c, l] = input as readonly [number, number];
      const length = BigInt(l) * BigInt(pairArg(args, 'scale')[0]);
      if (length > BigInt(MAX_DIMENSION))
        return fail('shape', `upsample would make a length of ${formatCount(length)}: a size is at most ${formatCount(MAX_DIMENSION)}`, 'scale');
      return weightless([c, Number(length)]);
    }
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
