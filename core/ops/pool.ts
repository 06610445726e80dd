/** Pooling: over a window, and over the whole map. */
import { boolArg, pairArg } from './args';
import { fail, needFeatureMap, resolvePad, SAME, slide, weightless } from './common';
import { defineOp, type OpDefinition, type Pair } from './definition';

function pool(name: 'maxpool' | 'avgpool'): OpDefinition {
  return defineOp({
    name,
    summary: name === 'maxpool' ? 'Max pooling over a window.' : 'Average pooling over a window.',
    role: 'window',
    params: [
      { name: 'kernel', type: 'size', doc: 'Window size: an integer or HxW.' },
      { name: 'stride', type: 'size', defaultFrom: 'kernel', defaultText: 'kernel', doc: 'Step of the window; the kernel size by default.' },
      { name: 'pad', type: 'pad', values: SAME, defaultText: '0', doc: 'Padding on each side, at most half the kernel.' },
      { name: 'ceil', type: 'bool', defaultText: 'false', doc: 'Round the output size up (Caffe); a last window starting in the padding is dropped.' },
    ],
    apply: (args, [input]) => {
      const notMap = needFeatureMap(name, input!);
      if (notMap) return notMap;
      const kernel = pairArg(args, 'kernel');
      const pad = resolvePad(args, kernel, [1, 1]);
      if ('error' in pad) return pad;
      if (pad[0] * 2 > kernel[0] || pad[1] * 2 > kernel[1]) {
        return fail('bad-argument', `pad ${pad.join('x')} is more than half the ${kernel.join('x')} window (PyTorch refuses it)`, 'pad');
      }
      const window = { kernel, stride: pairArg(args, 'stride'), pad, dilation: [1, 1] as Pair };
      const size = slide(name, input as readonly [number, number, number], window, boolArg(args, 'ceil'));
      if ('error' in size) return size;
      return weightless([input![0]!, size[0], size[1]]);
    },
  });
}

function globalPool(name: 'globalavgpool' | 'globalmaxpool'): OpDefinition {
  return defineOp({
    name,
    summary: `Global ${name === 'globalavgpool' ? 'average' : 'max'} pooling: one value per channel.`,
    role: 'window',
    params: [],
    apply: (_args, [input]) => needFeatureMap(name, input!) ?? weightless([input![0]!, 1, 1]),
  });
}

export const poolOps: readonly OpDefinition[] = [pool('maxpool'), pool('avgpool'), globalPool('globalavgpool'), globalPool('globalmaxpool')];
