/** Pooling: over a window, over the whole map or signal, and to a given size; over a C×H×W map or a C×L signal. */
import { boolArg, pairArg } from './args';
import { fail, isSignal, needSignalOrMap, needSingleSizes, resolvePad, SAME, slide, weightless, windowText } from './common';
import { defineOp, type OpDefinition, type Pair } from './definition';

function pool(name: 'maxpool' | 'avgpool'): OpDefinition {
  return defineOp({
    name,
    summary: name === 'maxpool' ? 'Max pooling over a window.' : 'Average pooling over a window.',
    role: 'window',
    params: [
      { name: 'kernel', type: 'size', doc: 'Window size: an integer, or HxW on a map.' },
      { name: 'stride', type: 'size', defaultFrom: 'kernel', defaultText: 'kernel', doc: 'Step of the window; the kernel size by default.' },
      { name: 'pad', type: 'pad', values: SAME, defaultText: '0', doc: 'Padding on each side, at most half the kernel.' },
      { name: 'ceil', type: 'bool', defaultText: 'false', doc: 'Round the output size up (Caffe); a last window starting in the padding is dropped.' },
    ],
    apply: (args, [input]) => {
      const wrong = needSignalOrMap(name, input!) ?? needSingleSizes(args, input!, ['kernel', 'stride', 'pad']);
      if (wrong) return wrong;
      const signal = isSignal(input!);
      const kernel = pairArg(args, 'kernel');
      const pad = resolvePad(args, kernel, [1, 1], signal);
      if ('error' in pad) return pad;
      if (pad[0] * 2 > kernel[0] || pad[1] * 2 > kernel[1]) {
        return fail('bad-argument', `pad ${windowText(pad, signal)} is more than half the ${windowText(kernel, signal)} window (PyTorch refuses it)`, 'pad');
      }
      const window = { kernel, stride: pairArg(args, 'stride'), pad, dilation: [1, 1] as Pair };
      const size = slide(name, input!, window, boolArg(args, 'ceil'));
      if ('error' in size) return size;
      return weightless([input![0]!, ...size]);
    },
  });
}

/** C×H×W → C×1×1 (v1); C×L → a vector C, as `AdaptiveAvgPool1d(1)` then flatten (v2). */
function globalPool(name: 'globalavgpool' | 'globalmaxpool'): OpDefinition {
  return defineOp({
    name,
    summary: `Global ${name === 'globalavgpool' ? 'average' : 'max'} pooling: one value per channel (a vector of them from a signal).`,
    role: 'window',
    params: [],
    apply: (_args, [input]) => needSignalOrMap(name, input!) ?? weightless(isSignal(input!) ? [input![0]!] : [input![0]!, 1, 1]),
  });
}

/** `nn.AdaptiveAvgPool2d(size)` (`1d` on a signal): any positive size, a larger one repeating elements. */
const adaptiveavgpool = defineOp({
  name: 'adaptiveavgpool',
  summary: 'Average pooling to a given output size, the windows worked out from the input size.',
  role: 'window',
  params: [{ name: 'size', type: 'size', doc: 'Output size: an integer S (C×S×S from a map, C×S from a signal), or HxW on a map.' }],
  apply: (args, [input]) => {
    const wrong = needSignalOrMap('adaptiveavgpool', input!) ?? needSingleSizes(args, input!, ['size']);
    if (wrong) return wrong;
    const [h, w] = pairArg(args, 'size');
    return weightless(isSignal(input!) ? [input![0]!, h] : [input![0]!, h, w]);
  },
});

export const poolOps: readonly OpDefinition[] = [pool('maxpool'), pool('avgpool'), globalPool('globalavgpool'), globalPool('globalmaxpool'), adaptiveavgpool];
