/**
 * The PyTorch export of AlexNet, GoogLeNet and MobileNetV2, and of a design that uses every
 * v1 op and upsample, checked by PyTorch (the other examples: export-torch-more.test.ts).
 */
import { describeTorchChecks } from '../helpers/export-torch';
import { readExample } from '../helpers/paths';

/** Every v1 op and upsample, in blocks, repeats, merges and from, on maps and on vectors. */
const ALL_OPS = [
  'block Mixed(f, k=3x3) {',
  '  a = conv(f, k, pad=same, act=sigmoid)',
  '  b = dwconv(3x3, 2, stride=2, pad=same, bias=false) from in',
  '  c = avgpool(2x2, ceil=true) from in',
  '  d = concat(b, c)',
  '  upsample(2, mode=bilinear)',
  '  e = conv(f, 1x1, act=gelu)',
  '  add(a, e)',
  '}',
  'network Small {',
  '  input x: 4x16x16',
  '  m = Mixed(6) * 2',
  '  lrn(3)',
  '  u = upsample(2x3)',
  '  maxpool(3x3, stride=2, pad=1)',
  '  g = globalmaxpool()',
  '  flatten()',
  '  dense(10, act=tanh)',
  '  batchnorm()',
  '  dropout(0.1)',
  '  h = dense(5, bias=false) from g',
  '  softmax()',
  '}',
  'network Vector {',
  '  input v: 12',
  '  p = dense(8, act=relu)',
  '  q = dense(8) from v',
  '  r = concat(p, q)',
  '  relu()',
  '}',
  '',
].join('\n');

const example = (name: string) => ({ title: `${name}: params, output shape and every layer's shape as netlint's; pyflakes clean`, text: readExample(name) });

describeTorchChecks([
  example('alexnet.net'),
  example('googlenet.net'),
  example('mobilenetv2.net'),
  {
    title: 'every v1 op and upsample, in blocks, repeats, merges and from, on maps and vectors',
    text: ALL_OPS,
    modules: [
      ['Small', 23],
      ['Vector', 3],
    ],
  },
]);
