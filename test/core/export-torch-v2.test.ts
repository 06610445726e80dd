/**
 * The PyTorch export of U-Net, and of a design with every v2 op on maps and the language
 * additions (tensor parameters, computed sizes, `//`, unary minus, several outputs),
 * checked by PyTorch (the other v2 convnets: export-torch-convnets.test.ts).
 */
import { describeTorchChecks } from '../helpers/export-torch';
import { readExample } from '../helpers/paths';

/** Every v2 op on maps, with tensor parameters, size lists over a block's parameters, and two outputs. */
const V2_ON_MAPS = [
  'block Mix(skip: tensor, c, k=3) {',
  '  a = conv(c, [1, k], pad=[0, k // 2], act=hardswish)',
  '  b = conv(c, [k, 1], pad=[-(-k // 2) - 1, 0], act=leakyrelu)',
  '  g = adaptiveavgpool([1, k - 2])',
  '  s = conv(c, 1x1, act=hardsigmoid)',
  '  m = mul(b, s)',
  '  t = conv(c, 1x1, act=relu6) from skip',
  '  u = concat(m, t)',
  '  channelshuffle(2)',
  '  h1 = chunk(2, 0)',
  '  h2 = chunk(2, 1) from u',
  '  add(h1, h2)',
  '  layernorm(bias=false)',
  '  layerscale()',
  '  droppath()',
  '  identity()',
  '  elu()',
  '}',
  'block Up(skip: tensor, c) {',
  '  up = deconv(c, [2, 2], stride=2, groups=2, dilation=1, act=silu)',
  '  cat = concat(skip, up)',
  '  conv(c, 3x3, pad=1, act=swish)',
  '}',
  'network Heads {',
  '  input x: 4x16x16',
  '  stem = conv(8, 3x3, pad=1, act=silu)',
  '  down = maxpool(2x2)',
  '  m = Mix(stem, 8) from stem',
  '  d = deconv(8, 3x3, stride=2, pad=2, outpad=1, dilation=2, bias=false) from down',
  '  u = Up(m, 8) from down',
  '  pooled = adaptiveavgpool(2x3)',
  '  output aux = dense(10, act=relu6) from pooled',
  '  hs = hardswish() from d',
  '  mul(hs, u)',
  '  silu()',
  '  relu6()',
  '  leakyrelu()',
  '  hardsigmoid()',
  '  layernorm()',
  '  globalavgpool()',
  '  dense(5)',
  '}',
  '',
].join('\n');

/** The v2 convnet ops on rank-2 tensors: the 1-D modules on a C×L signal, the feature ops on a T×D sequence, a tensor parameter of a sequence block. */
const V2_ON_RANK_2 = [
  'block Mix(skip: tensor) {',
  '  n = layernorm()',
  '  add(n, skip)',
  '  layerscale()',
  '  dense(4)',
  '}',
  'network Signals {',
  '  input x: 8x32',
  '  deconv(8, 4, stride=2, act=relu)',
  '  a = adaptiveavgpool(16)',
  '  g = adaptiveavgpool(1) from a',
  '  mul(a, g)',
  '  chunk(2, 1)',
  '  channelshuffle(2)',
  '  droppath(0.1)',
  '  transpose()',
  '  layerscale()',
  '  layernorm()',
  '  chunk(2, 0)',
  '  t = dense(6)',
  '  output Mix(t)',
  '}',
  '',
].join('\n');

describeTorchChecks([
  { title: "unet.net: params, output shape and every layer's shape as netlint's; pyflakes clean", text: readExample('unet.net') },
  {
    title: 'every v2 op on maps, tensor parameters, computed sizes and two outputs: a tuple, each shape checked',
    text: V2_ON_MAPS,
    modules: [['Heads', 28]],
  },
  {
    title: 'the v2 convnet ops on a C×L signal and a T×D sequence, and a sequence block that takes a tensor',
    text: V2_ON_RANK_2,
    modules: [['Signals', 12]],
  },
]);
