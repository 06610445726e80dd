/**
 * Every op of the spec's table on small inputs: output shape and the six counts, each
 * worked out by hand (the comment of each row shows the sum).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, costFormulas, formatFormula } from '../../core';
import { boolArg, countArg, EXTRA_PARAM_LABELS, nameArg, OPS, padArg, pairArg, VALUE_NAMES } from '../../core/ops';
import { analyzeNet, countRow, errors, leafPaths, net, nodeAt, type CountRow } from '../helpers/net';

interface OpCase {
  readonly title: string;
  readonly input: string;
  readonly lines: readonly string[];
  /** The layer to look at; `y` when left out. */
  readonly path?: string;
  readonly shape: readonly number[];
  /** units, weights, biases, params, connections, activations */
  readonly counts: CountRow;
  /** The canonical op, when it is worth checking. */
  readonly op?: string;
}

const CASES: readonly OpCase[] = [
  // conv: H' = floor((H + 2p − d(k−1) − 1) / s) + 1; weights kH·kW·(C/g)·C'; connections units·kH·kW·(C/g).
  // 8−2 = 6: 4×6×6 = 144 units; 3·3·3·4 = 108 weights; 144·27 = 3,888
  { title: 'conv 3×3', input: '3x8x8', lines: ['y = conv(4, 3x3)'], shape: [4, 6, 6], counts: [144, 108, 4, 112, 3_888, 144], op: 'conv' },
  // floor(5/2)+1 = 3: 36 units; 36·27 = 972
  { title: 'conv with stride 2', input: '3x8x8', lines: ['y = conv(4, 3, stride=2)'], shape: [4, 3, 3], counts: [36, 108, 4, 112, 972, 36] },
  // 8+2−2−1 = 7 → 8: 256 units; 256·27 = 6,912
  { title: 'conv with pad 1', input: '3x8x8', lines: ['y = conv(4, 3, pad=1)'], shape: [4, 8, 8], counts: [256, 108, 4, 112, 6_912, 256] },
  // 8−2·2−1 = 3 → 4: 64 units; 64·27 = 1,728
  { title: 'conv with dilation 2', input: '3x8x8', lines: ['y = conv(4, 3, dilation=2)'], shape: [4, 4, 4], counts: [64, 108, 4, 112, 1_728, 64] },
  // 6×6×6 = 216 units; 3·3·(4/2)·6 = 108 weights; 216·18 = 3,888
  { title: 'conv with groups 2', input: '4x8x8', lines: ['y = conv(6, 3, groups=2)'], shape: [6, 6, 6], counts: [216, 108, 6, 114, 3_888, 216] },
  // p = 2: 8×8 kept; 5·5·3·4 = 300 weights; 256·75 = 19,200
  { title: 'conv with pad=same, 5×5', input: '3x8x8', lines: ['y = conv(4, 5, pad=same)'], shape: [4, 8, 8], counts: [256, 300, 4, 304, 19_200, 256] },
  // p = d(k−1)/2 = 2: 8+4−4−1 = 7 → 8
  {
    title: 'conv with pad=same and dilation 2',
    input: '3x8x8',
    lines: ['y = conv(4, 3, pad=same, dilation=2)'],
    shape: [4, 8, 8],
    counts: [256, 108, 4, 112, 6_912, 256],
  },
  // W: 8+6−6−1 = 7 → 8; 1·7·3·4 = 84 weights; 256·21 = 5,376
  { title: 'conv 1x7 with pad=0x3', input: '3x8x8', lines: ['y = conv(4, 1x7, pad=0x3)'], shape: [4, 8, 8], counts: [256, 84, 4, 88, 5_376, 256] },
  { title: 'conv 7x1 with pad=3x0', input: '3x8x8', lines: ['y = conv(4, 7x1, pad=3x0)'], shape: [4, 8, 8], counts: [256, 84, 4, 88, 5_376, 256] },
  // H: 6; W: floor(5/2)+1 = 3: 72 units; 72·27 = 1,944
  { title: 'conv with stride=1x2', input: '3x8x8', lines: ['y = conv(4, 3x3, stride=1x2)'], shape: [4, 6, 3], counts: [72, 108, 4, 112, 1_944, 72] },
  // H: 8+2−2−1 = 7 → floor(7/2)+1 = 4; W: 8−2·1−1 = 5 → 6: 48 units; 3·2·3·2 = 36 weights; 48·18 = 864
  {
    title: 'conv 3x2 with stride, pad and dilation pairs',
    input: '3x8x8',
    lines: ['y = conv(2, 3x2, stride=2x1, pad=1x0, dilation=1x2)'],
    shape: [2, 4, 6],
    counts: [48, 36, 2, 38, 864, 48],
  },
  { title: 'conv with bias=false', input: '3x8x8', lines: ['y = conv(4, 3x3, bias=false)'], shape: [4, 6, 6], counts: [144, 108, 0, 108, 3_888, 144] },
  { title: 'conv with a fused act', input: '3x8x8', lines: ['y = conv(4, 3x3, act=relu)'], shape: [4, 6, 6], counts: [144, 108, 4, 112, 3_888, 144] },
  // 4_096 is 4096
  {
    title: 'conv with an integer written 4_096',
    input: '3x8x8',
    lines: ['y = conv(4_096, 1)'],
    shape: [4096, 8, 8],
    counts: [262_144, 12_288, 4096, 16_384, 786_432, 262_144],
  },
  // dwconv is a conv with groups = C: 3·3·1·3 = 27 weights; 108 units; 108·9 = 972
  { title: 'dwconv 3×3', input: '3x8x8', lines: ['y = dwconv(3x3)'], shape: [3, 6, 6], counts: [108, 27, 3, 30, 972, 108], op: 'dwconv' },
  // C' = 3·2 = 6; 3·3·1·6 = 54 weights; 384 units; 384·9 = 3,456
  { title: 'dwconv with multiplier 2', input: '3x8x8', lines: ['y = dwconv(3, multiplier=2, pad=1)'], shape: [6, 8, 8], counts: [384, 54, 6, 60, 3_456, 384] },
  // floor(7/2)+1 = 4: 48 units; 48·9 = 432
  {
    title: 'dwconv with stride 2, no bias',
    input: '3x8x8',
    lines: ['y = dwconv(3, stride=2, pad=1, bias=false)'],
    shape: [3, 4, 4],
    counts: [48, 27, 0, 27, 432, 48],
  },
  // On a C×L signal (Conv1d): L' = floor((L + 2p − d(k−1) − 1) / s) + 1; weights k·(C/g)·C'; connections units·k·(C/g).
  // 100 − 4 = 96: 8×96 = 768 units; 5·2·8 = 80 weights; 768·10 = 7,680
  { title: 'conv 5 over a signal', input: '2x100', lines: ['y = conv(8, 5)'], shape: [8, 96], counts: [768, 80, 8, 88, 7_680, 768], op: 'conv' },
  // floor((100 + 2 − 2·2 − 1) / 2) + 1 = 49: 392 units; 392·3·2 = 2,352
  {
    title: 'conv over a signal with stride, pad and dilation',
    input: '2x100',
    lines: ['y = conv(8, 3, stride=2, pad=1, dilation=2)'],
    shape: [8, 49],
    counts: [392, 48, 8, 56, 2_352, 392],
  },
  // pad=same: (7−1)/2 = 3; 4·7·(4/2) = 56 weights; 4·100 = 400 units; 400·14 = 5,600
  {
    title: 'conv over a signal with pad=same and groups',
    input: '4x100',
    lines: ['y = conv(4, 7, pad=same, groups=2, bias=false)'],
    shape: [4, 100],
    counts: [400, 56, 0, 56, 5_600, 400],
  },
  // 3·1·2 = 6 weights; floor(99/2)+1 = 50: 100 units; 100·3 = 300
  { title: 'dwconv over a signal', input: '2x100', lines: ['y = dwconv(3, stride=2, pad=1)'], shape: [2, 50], counts: [100, 6, 2, 8, 300, 100] },
  // deconv (ConvTranspose2d): H' = (H − 1)·s − 2p + d(k−1) + outpad + 1; weights kH·kW·(C/g)·C'; connections C·H·W·kH·kW·(C'/g).
  // 7·2 + 1 + 1 = 16: 4·16·16 = 1,024 units; 2·2·3·4 = 48 weights; 192·4·4 = 3,072
  {
    title: 'deconv 2x2 stride 2',
    input: '3x8x8',
    lines: ['y = deconv(4, 2x2, stride=2)'],
    shape: [4, 16, 16],
    counts: [1_024, 48, 4, 52, 3_072, 1_024],
    op: 'deconv',
  },
  // 14 − 2 + 3 + 1 = 16; 4·4·3·4 = 192 weights; 192·16·4 = 12,288
  {
    title: 'deconv 4 stride 2 pad 1',
    input: '3x8x8',
    lines: ['y = deconv(4, 4, stride=2, pad=1)'],
    shape: [4, 16, 16],
    counts: [1_024, 192, 4, 196, 12_288, 1_024],
  },
  // 14 − 2 + 2 + 1 + 1 = 16; 3·3·3·4 = 108 weights; 192·9·4 = 6,912
  {
    title: 'deconv 3 stride 2 pad 1 outpad 1',
    input: '3x8x8',
    lines: ['y = deconv(4, 3, stride=2, pad=1, outpad=1, bias=false)'],
    shape: [4, 16, 16],
    counts: [1_024, 108, 0, 108, 6_912, 1_024],
  },
  // 7 + 2 + 1 = 10: 6·10·10 = 600 units; 3·3·(4/2)·6 = 108 weights; 256·9·(6/2) = 6,912
  { title: 'deconv with groups 2', input: '4x8x8', lines: ['y = deconv(6, 3, groups=2)'], shape: [6, 10, 10], counts: [600, 108, 6, 114, 6_912, 600] },
  // H: 7 + 2·2 + 1 = 12, W: 7·2 + 2·(2 − 1) + 1 + 1 = 18 (outpad 1 < stride 2): 4·12·18 = 864 units; 3·2·3·4 = 72 weights; 192·6·4 = 4,608
  {
    title: 'deconv 3x2 with dilation, stride and outpad pairs',
    input: '3x8x8',
    lines: ['y = deconv(4, 3x2, stride=1x2, outpad=0x1, dilation=2x2)'],
    shape: [4, 12, 18],
    counts: [864, 72, 4, 76, 4_608, 864],
  },
  // ConvTranspose1d: 199·2 − 2 + 3 + 1 = 400; 4·32·8 = 1,024 weights; 32·200·4·8 = 204,800
  {
    title: 'deconv over a signal',
    input: '32x200',
    lines: ['y = deconv(8, 4, stride=2, pad=1)'],
    shape: [8, 400],
    counts: [3_200, 1_024, 8, 1_032, 204_800, 3_200],
  },
  // dense: N·units
  { title: 'dense over a vector', input: '100', lines: ['y = dense(10)'], shape: [10], counts: [10, 1_000, 10, 1_010, 1_000, 10], op: 'dense' },
  // 3·8·8 = 192 inputs: 1,920 weights
  { title: 'dense over a 3-D input (flattened)', input: '3x8x8', lines: ['y = dense(10)'], shape: [10], counts: [10, 1_920, 10, 1_930, 1_920, 10] },
  { title: 'dense with bias=false', input: '100', lines: ['y = dense(10, bias=false)'], shape: [10], counts: [10, 1_000, 0, 1_000, 1_000, 10] },
  { title: 'fc is dense', input: '100', lines: ['y = fc(10, act=tanh)'], shape: [10], counts: [10, 1_000, 10, 1_010, 1_000, 10], op: 'dense' },
  // dense on T×D, once per token (nn.Linear): 4×3; weights 8·3 = 24; units 4·3 = 12; connections 4·8·3 = 96
  { title: 'dense on a sequence, per token', input: '4x8', lines: ['y = dense(3)'], shape: [4, 3], counts: [12, 24, 3, 27, 96, 12], op: 'dense' },
  { title: 'dense on a sequence, bias=false', input: '4x8', lines: ['y = dense(3, bias=false)'], shape: [4, 3], counts: [12, 24, 0, 24, 96, 12] },
  // tied: the weights are the embedding's (100·8 = 800, counted there); biases 100; units 4·100; connections 4·8·100 = 3,200
  {
    title: 'dense tied to an embedding',
    input: '4',
    lines: ['wte = embedding(100, 8)', 'y = dense(100, tied=wte)'],
    shape: [4, 100],
    counts: [400, 0, 100, 100, 3_200, 400],
  },
  {
    title: 'a tied embedding keeps its weights',
    input: '4',
    lines: ['y = embedding(100, 8)', 'z = dense(100, tied=y)'],
    shape: [4, 8],
    counts: [0, 800, 0, 800, 0, 32],
  },
  // embedding: T ids → T×dim; weights vocab·dim = 1,000·16; a table read, no connections
  { title: 'embedding', input: '12', lines: ['y = embedding(1000, 16)'], shape: [12, 16], counts: [0, 16_000, 0, 16_000, 0, 192], op: 'embedding' },
  // attention on 6×8, 2 heads (h = 4, q = kv = 8): weights 8·8 + 2·8·8 + 8·8 = 256; biases 8 + 16 + 8 = 32;
  // units 6·32 = 192; connections 6·256 + 2·36·8 = 1,536 + 576 = 2,112
  { title: 'attention', input: '6x8', lines: ['y = attention(2)'], shape: [6, 8], counts: [192, 256, 32, 288, 2_112, 48], op: 'attention' },
  {
    title: 'attention, causal (the count of the full product)',
    input: '6x8',
    lines: ['y = attention(2, causal=true)'],
    shape: [6, 8],
    counts: [192, 256, 32, 288, 2_112, 48],
  },
  { title: 'attention, bias=false', input: '6x8', lines: ['y = attention(2, bias=false)'], shape: [6, 8], counts: [192, 256, 0, 256, 2_112, 48] },
  // grouped-query: 4 heads of 2 (q = 8), 1 kv head (kv = 2): weights 64 + 2·8·2 + 64 = 160; biases 8 + 4 + 8 = 20;
  // units 6·20 = 120; connections 6·160 + 2·36·8 = 960 + 576 = 1,536
  { title: 'attention, grouped-query', input: '6x8', lines: ['y = attention(4, kv_heads=1)'], shape: [6, 8], counts: [120, 160, 20, 180, 1_536, 48] },
  // head_dim given, D need not divide: 3 heads of 5 on D = 8 (q = kv = 15): weights 8·15·4 = 480; biases 15·3 + 8 = 53;
  // units 6·53 = 318; connections 6·480 + 2·36·15 = 2,880 + 1,080 = 3,960
  { title: 'attention with head_dim', input: '6x8', lines: ['y = attention(3, head_dim=5)'], shape: [6, 8], counts: [318, 480, 53, 533, 3_960, 48] },
  // pooling: stride = kernel by default; only activations count
  { title: 'maxpool 2, stride = kernel', input: '3x8x8', lines: ['y = maxpool(2)'], shape: [3, 4, 4], counts: [0, 0, 0, 0, 0, 48], op: 'maxpool' },
  // floor(5/3)+1 = 2
  { title: 'maxpool 3, stride = kernel', input: '3x8x8', lines: ['y = maxpool(3)'], shape: [3, 2, 2], counts: [0, 0, 0, 0, 0, 12] },
  // stride 2x3: H floor(6/2)+1 = 4, W floor(5/3)+1 = 2
  { title: 'avgpool 2x3, stride = kernel', input: '3x8x8', lines: ['y = avgpool(2x3)'], shape: [3, 4, 2], counts: [0, 0, 0, 0, 0, 24], op: 'avgpool' },
  // floor(5/2)+1 = 3
  { title: 'maxpool 3 stride 2, floor', input: '3x8x8', lines: ['y = maxpool(3, stride=2)'], shape: [3, 3, 3], counts: [0, 0, 0, 0, 0, 27] },
  // ceil(5/2)+1 = 4; the last window starts at 6 < 8: kept
  {
    title: 'maxpool 3 stride 2, ceil=true rounds up',
    input: '3x8x8',
    lines: ['y = maxpool(3, stride=2, ceil=true)'],
    shape: [3, 4, 4],
    counts: [0, 0, 0, 0, 0, 48],
  },
  // ceil((5+2−1−1)/2)+1 = 4, but the 4th window would start at 3·2 = 6 ≥ 5+1, in the padding: dropped → 3
  {
    title: 'maxpool 2 stride 2 pad 1, ceil=true: a last window starting in the padding is dropped',
    input: '3x5x5',
    lines: ['y = maxpool(2, stride=2, pad=1, ceil=true)'],
    shape: [3, 3, 3],
    counts: [0, 0, 0, 0, 0, 27],
  },
  // ceil((5+2−3−1)/2)+1 = 3; window 3 would start at 4 < 5+1: kept (AlexNet-style Caffe pool)
  {
    title: 'avgpool 3 stride 2 pad 1, ceil=true',
    input: '3x5x5',
    lines: ['y = avgpool(3, stride=2, pad=1, ceil=true)'],
    shape: [3, 3, 3],
    counts: [0, 0, 0, 0, 0, 27],
  },
  // PyTorch: floor((2 − 2 − 1 + 1) / 2) + 1 = 1, and (1 − 1)·2 = 0 < 2: kept; a window larger than its input
  {
    title: 'maxpool 3x3 stride 2, ceil=true, on a 2×2 input',
    input: '8x2x2',
    lines: ['y = maxpool(3x3, stride=2, ceil=true)'],
    shape: [8, 1, 1],
    counts: [0, 0, 0, 0, 0, 8],
  },
  {
    title: 'avgpool 3x3 stride 2, ceil=true, on a 2×2 input',
    input: '8x2x2',
    lines: ['y = avgpool(3x3, stride=2, ceil=true)'],
    shape: [8, 1, 1],
    counts: [0, 0, 0, 0, 0, 8],
  },
  { title: 'globalavgpool', input: '3x8x8', lines: ['y = globalavgpool()'], shape: [3, 1, 1], counts: [0, 0, 0, 0, 0, 3] },
  { title: 'globalmaxpool', input: '3x8x8', lines: ['y = globalmaxpool()'], shape: [3, 1, 1], counts: [0, 0, 0, 0, 0, 3] },
  // Over a signal (MaxPool1d): floor((100 − 3) / 2) + 1 = 49
  { title: 'maxpool 3 stride 2 over a signal', input: '4x100', lines: ['y = maxpool(3, stride=2)'], shape: [4, 49], counts: [0, 0, 0, 0, 0, 196] },
  // ceil((100 + 2 − 3) / 2) + 1 = 51, and the last window starts at 100 < 101: kept
  {
    title: 'avgpool over a signal, ceil=true',
    input: '4x100',
    lines: ['y = avgpool(3, stride=2, pad=1, ceil=true)'],
    shape: [4, 51],
    counts: [0, 0, 0, 0, 0, 204],
  },
  // A signal pools to a vector of C (AdaptiveAvgPool1d(1), then flatten)
  { title: 'globalavgpool over a signal', input: '4x100', lines: ['y = globalavgpool()'], shape: [4], counts: [0, 0, 0, 0, 0, 4] },
  { title: 'globalmaxpool over a signal', input: '4x100', lines: ['y = globalmaxpool()'], shape: [4], counts: [0, 0, 0, 0, 0, 4] },
  // adaptiveavgpool: C×S×S, C×h×w, or C×S; a size larger than the input repeats elements
  { title: 'adaptiveavgpool 7', input: '3x8x8', lines: ['y = adaptiveavgpool(7)'], shape: [3, 7, 7], counts: [0, 0, 0, 0, 0, 147], op: 'adaptiveavgpool' },
  {
    title: 'adaptiveavgpool 3x5, larger than its 2×2 input',
    input: '3x2x2',
    lines: ['y = adaptiveavgpool(3x5)'],
    shape: [3, 3, 5],
    counts: [0, 0, 0, 0, 0, 45],
  },
  { title: 'adaptiveavgpool over a signal', input: '4x100', lines: ['y = adaptiveavgpool(10)'], shape: [4, 10], counts: [0, 0, 0, 0, 0, 40] },
  // batchnorm: 2·C params, nothing else but its output size
  { title: 'batchnorm', input: '3x8x8', lines: ['y = batchnorm()'], shape: [3, 8, 8], counts: [0, 0, 0, 6, 0, 192] },
  { title: 'batchnorm over a vector', input: '100', lines: ['y = batchnorm()'], shape: [100], counts: [0, 0, 0, 200, 0, 100] },
  // BatchNorm1d over a C×L signal: 2·C
  { title: 'batchnorm over a signal', input: '4x100', lines: ['y = batchnorm()'], shape: [4, 100], counts: [0, 0, 0, 8, 0, 400] },
  { title: 'lrn, default size', input: '3x8x8', lines: ['y = lrn()'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192] },
  { title: 'lrn(3)', input: '3x8x8', lines: ['y = lrn(3)'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192] },
  ...(['relu', 'sigmoid', 'tanh', 'gelu', 'softmax'] as const).flatMap((op): OpCase[] => [
    { title: `${op} over a feature map`, input: '3x8x8', lines: [`y = ${op}()`], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192], op },
    { title: `${op} over a vector`, input: '10', lines: [`y = ${op}()`], shape: [10], counts: [0, 0, 0, 0, 0, 10], op },
  ]),
  // v2's activations, and identity: same shape at any rank, no params; 4·25 = 100 activations on a signal
  ...(['silu', 'hardswish', 'hardsigmoid', 'relu6', 'leakyrelu', 'elu', 'identity'] as const).flatMap((op): OpCase[] => [
    { title: `${op} over a feature map`, input: '3x8x8', lines: [`y = ${op}()`], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192], op },
    { title: `${op} over a signal`, input: '4x25', lines: [`y = ${op}()`], shape: [4, 25], counts: [0, 0, 0, 0, 0, 100], op },
    { title: `${op} over a vector`, input: '10', lines: [`y = ${op}()`], shape: [10], counts: [0, 0, 0, 0, 0, 10], op },
  ]),
  { title: 'swish is silu', input: '3x8x8', lines: ['y = swish()'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192], op: 'silu' },
  // a fused act of v2 changes no count: as conv 3×3 above
  { title: 'conv with act=swish', input: '3x8x8', lines: ['y = conv(4, 3x3, act=swish)'], shape: [4, 6, 6], counts: [144, 108, 4, 112, 3_888, 144] },
  { title: 'dense with act=hardswish', input: '100', lines: ['y = dense(10, act=hardswish)'], shape: [10], counts: [10, 1_000, 10, 1_010, 1_000, 10] },
  { title: 'dropout, default p', input: '3x8x8', lines: ['y = dropout()'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192] },
  { title: 'dropout(0.2)', input: '3x8x8', lines: ['y = dropout(0.2)'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192] },
  { title: 'dropout(p=0)', input: '10', lines: ['y = dropout(p=0)'], shape: [10], counts: [0, 0, 0, 0, 0, 10] },
  // droppath (stochastic depth): same shape, any rank, no params
  { title: 'droppath, default p', input: '3x8x8', lines: ['y = droppath()'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192], op: 'droppath' },
  { title: 'droppath(0.2) over a sequence', input: '5x8', lines: ['y = droppath(0.2)'], shape: [5, 8], counts: [0, 0, 0, 0, 0, 40] },
  { title: 'flatten', input: '3x8x8', lines: ['y = flatten()'], shape: [192], counts: [0, 0, 0, 0, 0, 192] },
  // chunk: the first size divided by parts, the rest kept; 2·8·8 = 128
  { title: 'chunk the channels of a map', input: '6x8x8', lines: ['y = chunk(3, 2)'], shape: [2, 8, 8], counts: [0, 0, 0, 0, 0, 128], op: 'chunk' },
  // 6/2 = 3 channels of 100: 300
  { title: 'chunk the channels of a signal', input: '6x100', lines: ['y = chunk(2, 0)'], shape: [3, 100], counts: [0, 0, 0, 0, 0, 300] },
  { title: 'chunk a vector, the last part', input: '10', lines: ['y = chunk(5, index=4)'], shape: [2], counts: [0, 0, 0, 0, 0, 2] },
  { title: 'chunk into one part keeps it all', input: '6x4x4', lines: ['y = chunk(1, 0)'], shape: [6, 4, 4], counts: [0, 0, 0, 0, 0, 96] },
  // channelshuffle: same shape; 6·8·8 = 384, 6·10 = 60
  { title: 'channelshuffle of a map', input: '6x8x8', lines: ['y = channelshuffle(3)'], shape: [6, 8, 8], counts: [0, 0, 0, 0, 0, 384], op: 'channelshuffle' },
  { title: 'channelshuffle of a signal', input: '6x10', lines: ['y = channelshuffle(2)'], shape: [6, 10], counts: [0, 0, 0, 0, 0, 60] },
  // upsample: C×(H·s)×(W·s), no params, no multiply-accumulates; 3·16·16 = 768 activations
  { title: 'upsample by 2', input: '3x8x8', lines: ['y = upsample(2)'], shape: [3, 16, 16], counts: [0, 0, 0, 0, 0, 768], op: 'upsample' },
  // 3·(8·2)·(8·3) = 1,152; the mode changes no count
  { title: 'upsample by 2x3, bilinear', input: '3x8x8', lines: ['y = upsample(2x3, mode=bilinear)'], shape: [3, 16, 24], counts: [0, 0, 0, 0, 0, 1_152] },
  // posembed: a table of max·D weights, added; max = T by default: 5·10 = 50 weights
  { title: 'posembed, max = T', input: '5x10', lines: ['y = posembed()'], shape: [5, 10], counts: [0, 50, 0, 50, 0, 50], op: 'posembed' },
  // 8·10 = 80 weights; the output keeps T
  { title: 'posembed with a longer table', input: '5x10', lines: ['y = posembed(max=8)'], shape: [5, 10], counts: [0, 80, 0, 80, 0, 50] },
  // clstoken: D weights, one token more: 6·10 = 60 activations
  { title: 'clstoken', input: '5x10', lines: ['y = clstoken()'], shape: [6, 10], counts: [0, 10, 0, 10, 0, 60], op: 'clstoken' },
  { title: 'token, the first', input: '5x10', lines: ['y = token()'], shape: [10], counts: [0, 0, 0, 0, 0, 10], op: 'token' },
  { title: 'token, the last', input: '5x10', lines: ['y = token(4)'], shape: [10], counts: [0, 0, 0, 0, 0, 10] },
  // a negative index counts from the end: −5 is the first of 5
  { title: 'token with a negative index', input: '5x10', lines: ['y = token(0 - 5)'], shape: [10], counts: [0, 0, 0, 0, 0, 10] },
  { title: 'tokenmean', input: '5x10', lines: ['y = tokenmean()'], shape: [10], counts: [0, 0, 0, 0, 0, 10], op: 'tokenmean' },
  // tokens: C×H×W → (H·W)×C: 12×3
  { title: 'tokens', input: '3x4x3', lines: ['y = tokens()'], shape: [12, 3], counts: [0, 0, 0, 0, 0, 36], op: 'tokens' },
  { title: 'transpose', input: '5x10', lines: ['y = transpose()'], shape: [10, 5], counts: [0, 0, 0, 0, 0, 50], op: 'transpose' },
  // spatial: T×D → D×h×w with T = h·w: 12 = 4·3
  { title: 'spatial', input: '12x3', lines: ['y = spatial(4, 3)'], shape: [3, 4, 3], counts: [0, 0, 0, 0, 0, 36], op: 'spatial' },
  {
    title: 'tokens then spatial is the map again',
    input: '3x4x3',
    lines: ['t = tokens()', 'y = spatial(4, 3)'],
    shape: [3, 4, 3],
    counts: [0, 0, 0, 0, 0, 36],
  },
  // layernorm: 2·F params, F the last size of N or T×D, C of C×H×W
  { title: 'layernorm over a sequence', input: '5x10', lines: ['y = layernorm()'], shape: [5, 10], counts: [0, 0, 0, 20, 0, 50], op: 'layernorm' },
  { title: 'layernorm over a vector', input: '10', lines: ['y = layernorm()'], shape: [10], counts: [0, 0, 0, 20, 0, 10] },
  { title: 'layernorm over the channels of a map', input: '3x4x4', lines: ['y = layernorm()'], shape: [3, 4, 4], counts: [0, 0, 0, 6, 0, 48] },
  { title: 'layernorm with bias=false', input: '5x10', lines: ['y = layernorm(bias=false)'], shape: [5, 10], counts: [0, 0, 0, 10, 0, 50] },
  // rmsnorm, layerscale: F params
  { title: 'rmsnorm', input: '5x10', lines: ['y = rmsnorm()'], shape: [5, 10], counts: [0, 0, 0, 10, 0, 50], op: 'rmsnorm' },
  { title: 'rmsnorm over the channels of a map', input: '3x4x4', lines: ['y = rmsnorm()'], shape: [3, 4, 4], counts: [0, 0, 0, 3, 0, 48] },
  { title: 'layerscale', input: '5x10', lines: ['y = layerscale()'], shape: [5, 10], counts: [0, 0, 0, 10, 0, 50], op: 'layerscale' },
  { title: 'layerscale over the channels of a map', input: '3x4x4', lines: ['y = layerscale()'], shape: [3, 4, 4], counts: [0, 0, 0, 3, 0, 48] },
  // lstm: weights 4·20·(10 + 20) = 2,400; biases 8·20 = 160; units 5·4·20 = 400; connections 5·2,400 = 12,000; 5·20 activations
  { title: 'lstm', input: '5x10', lines: ['y = lstm(20)'], shape: [5, 20], counts: [400, 2_400, 160, 2_560, 12_000, 100], op: 'lstm' },
  // 2 layers, 2 directions: 2·4·20·(10 + 20) + 2·4·20·(40 + 20) = 4,800 + 9,600 = 14,400; biases 8·20·2·2 = 640;
  // units 5·4·20·2·2 = 1,600; connections 5·14,400 = 72,000; 5·40 activations
  {
    title: 'lstm, 2 layers, bidirectional',
    input: '5x10',
    lines: ['y = lstm(20, layers=2, bidirectional=true)'],
    shape: [5, 40],
    counts: [1_600, 14_400, 640, 15_040, 72_000, 200],
  },
  // gru: 3·20·(10 + 20) = 1,800; biases 6·20 = 120; units 5·3·20 = 300; connections 5·1,800 = 9,000
  { title: 'gru', input: '5x10', lines: ['y = gru(20)'], shape: [5, 20], counts: [300, 1_800, 120, 1_920, 9_000, 100], op: 'gru' },
  // 3·7·(40 + 7) = 987, no biases; units 6·3·7 = 126; connections 6·987 = 5,922
  { title: 'gru with bias=false', input: '6x40', lines: ['y = gru(7, bias=false)'], shape: [6, 7], counts: [126, 987, 0, 987, 5_922, 42] },
  // C×(L·s): 4·300 = 1,200
  { title: 'upsample a signal by 3', input: '4x100', lines: ['y = upsample(3)'], shape: [4, 300], counts: [0, 0, 0, 0, 0, 1_200] },
  {
    title: 'add of two equal shapes',
    input: '3x8x8',
    lines: ['a = relu()', 'b = conv(3, 3x3, pad=1) from x', 'y = add(a, b)'],
    shape: [3, 8, 8],
    counts: [0, 0, 0, 0, 0, 192],
  },
  { title: 'add of three', input: '3x8x8', lines: ['a = relu()', 'b = tanh()', 'y = add(x, a, b)'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192] },
  // 3 + 4 + 5 = 12 channels: 12·64 = 768
  {
    title: 'concat sums the channels',
    input: '3x8x8',
    lines: ['a = conv(4, 1) from x', 'b = conv(5, 3, pad=1) from x', 'y = concat(x, a, b)'],
    shape: [12, 8, 8],
    counts: [0, 0, 0, 0, 0, 768],
  },
  { title: 'concat of vectors', input: '10', lines: ['a = dense(6)', 'y = concat(x, a)'], shape: [16], counts: [0, 0, 0, 0, 0, 16] },
  // rank 2 joins along the first size: 3 + 5 = 8 channels of a signal of 10, 80; 4 + 1 = 5 tokens of 64, 320
  { title: 'concat of signals: the channels add up', input: '3x10', lines: ['input z: 5x10', 'y = concat(x, z)'], shape: [8, 10], counts: [0, 0, 0, 0, 0, 80] },
  {
    title: 'concat of sequences: the tokens add up',
    input: '4x64',
    lines: ['input z: 1x64', 'y = concat(z, x)'],
    shape: [5, 64],
    counts: [0, 0, 0, 0, 0, 320],
  },
  // mul: the broadcast shape, no params, no connections; a squeeze-and-excitation gate 16×1×1 on 16×8×8: 1,024
  {
    title: 'mul by a gate of C×1×1',
    input: '16x8x8',
    lines: ['g = globalavgpool()', 'y = mul(x, g)'],
    shape: [16, 8, 8],
    counts: [0, 0, 0, 0, 0, 1_024],
    op: 'mul',
  },
  { title: 'mul, the gate first', input: '16x8x8', lines: ['g = globalavgpool()', 'y = mul(g, x)'], shape: [16, 8, 8], counts: [0, 0, 0, 0, 0, 1_024] },
  { title: 'mul of equal shapes', input: '3x8x8', lines: ['a = sigmoid()', 'y = mul(x, a)'], shape: [3, 8, 8], counts: [0, 0, 0, 0, 0, 192] },
  // each takes the other's size where its own is 1: 4×6×8 = 192
  { title: 'mul broadcasts both ways', input: '4x1x8', lines: ['input z: 1x6x1', 'y = mul(x, z)'], shape: [4, 6, 8], counts: [0, 0, 0, 0, 0, 192] },
  { title: 'mul of a signal by a gate of C×1', input: '8x100', lines: ['input g: 8x1', 'y = mul(x, g)'], shape: [8, 100], counts: [0, 0, 0, 0, 0, 800] },
  { title: 'mul of vectors', input: '10', lines: ['input z: 1', 'y = mul(x, z)'], shape: [10], counts: [0, 0, 0, 0, 0, 10] },
  // from: the conv reads the input, not the relu before it
  {
    title: '`from` picks the input',
    input: '3x8x8',
    lines: ['a = maxpool(2)', 'y = conv(4, 3x3) from x'],
    shape: [4, 6, 6],
    counts: [144, 108, 4, 112, 3_888, 144],
  },
];

describe('ops: shapes and counts', () => {
  for (const c of CASES) {
    test(c.title, () => {
      const text = net(c.input, ...c.lines);
      const { analysis, network } = analyzeNet(text);
      assert.deepEqual(errors(analysis), []);
      const node = nodeAt(network, c.path ?? 'y');
      assert.deepEqual(node.shape, c.shape);
      assert.deepEqual(countRow(node.counts), c.counts);
      if (c.op) assert.equal(node.op, c.op);
    });
  }
});

/**
 * What each op says of itself, which the rules, fixes and table read: its role, then its
 * flags (pointwise: serves the layer before; windowed: may leave input rows unread; merge;
 * extra=label: params beyond weights and biases). Every op has a row, in the registry's order.
 */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  conv: 'weighted windowed',
  dwconv: 'weighted windowed',
  // It spreads its input rather than slides over it: every row is read.
  deconv: 'weighted',
  dense: 'weighted',
  embedding: 'weighted',
  attention: 'weighted',
  maxpool: 'window windowed',
  avgpool: 'window windowed',
  globalavgpool: 'window',
  globalmaxpool: 'window',
  adaptiveavgpool: 'window',
  batchnorm: 'norm pointwise extra=batchnorm',
  lrn: 'norm',
  layernorm: 'norm extra=layernorm',
  rmsnorm: 'norm extra=rmsnorm',
  layerscale: 'norm pointwise extra=layerscale',
  relu: 'activation pointwise',
  sigmoid: 'activation pointwise',
  tanh: 'activation pointwise',
  gelu: 'activation pointwise',
  silu: 'activation pointwise',
  hardswish: 'activation pointwise',
  hardsigmoid: 'activation pointwise',
  relu6: 'activation pointwise',
  leakyrelu: 'activation pointwise',
  elu: 'activation pointwise',
  softmax: 'activation',
  dropout: 'regulariser pointwise',
  droppath: 'regulariser pointwise',
  flatten: 'shape',
  identity: 'shape',
  chunk: 'shape',
  channelshuffle: 'shape',
  upsample: 'shape',
  posembed: 'weighted',
  clstoken: 'weighted',
  token: 'shape',
  tokenmean: 'window',
  tokens: 'shape',
  transpose: 'shape',
  spatial: 'shape',
  lstm: 'weighted',
  gru: 'weighted',
  add: 'merge merge',
  concat: 'merge merge',
  mul: 'merge merge',
};

test('every op describes itself: role, pointwise, windowed, merge and the label of its extra params', () => {
  const described = Object.fromEntries(
    [...OPS.values()].map((op) => [
      op.name,
      [op.role, op.pointwise && 'pointwise', op.windowed && 'windowed', op.merge && 'merge', op.extraParams && `extra=${op.extraParams}`]
        .filter(Boolean)
        .join(' '),
    ]),
  );
  // In the registry's order, which completion and the docs follow.
  assert.deepEqual(Object.entries(described), Object.entries(DESCRIPTIONS));
  assert.deepEqual(EXTRA_PARAM_LABELS, ['batchnorm', 'layernorm', 'rmsnorm', 'layerscale']);
});

test('the names parameters take as values, which checking, completion and the grammar read', () => {
  const named = [...OPS.values()].flatMap((op) =>
    op.params.filter((p) => p.values).map((p) => `${op.name}.${p.name} ${p.type}: ${p.values!.map((v) => v.name).join(' ')}`),
  );
  assert.deepEqual(named, [
    'conv.pad pad: same',
    'conv.act enum: relu sigmoid tanh gelu silu swish hardswish hardsigmoid relu6 leakyrelu elu none',
    'dwconv.pad pad: same',
    'dwconv.act enum: relu sigmoid tanh gelu silu swish hardswish hardsigmoid relu6 leakyrelu elu none',
    'deconv.act enum: relu sigmoid tanh gelu silu swish hardswish hardsigmoid relu6 leakyrelu elu none',
    'dense.act enum: relu sigmoid tanh gelu silu swish hardswish hardsigmoid relu6 leakyrelu elu none',
    'dense.tied layer: none',
    'maxpool.pad pad: same',
    'avgpool.pad pad: same',
    'upsample.mode enum: nearest bilinear',
  ]);
  assert.deepEqual(VALUE_NAMES, [
    'relu',
    'sigmoid',
    'tanh',
    'gelu',
    'silu',
    'swish',
    'hardswish',
    'hardsigmoid',
    'relu6',
    'leakyrelu',
    'elu',
    'none',
    'nearest',
    'bilinear',
    'same',
  ]);
  // Every enum has values, and a noun for its messages.
  for (const op of OPS.values()) for (const p of op.params) if (p.type === 'enum') assert.ok(p.values?.length && p.valueNoun, `${op.name}.${p.name}`);
});

test('arguments are read by type: a value of another type is a bug, and says which', () => {
  const { network } = analyzeNet(net('3x8x8', 'y = conv(4, 3x3, pad=same, act=relu)', 'z = maxpool(2)'));
  const conv = nodeAt(network, 'y').args!;
  assert.deepEqual(
    [countArg(conv, 'filters'), pairArg(conv, 'kernel'), padArg(conv, 'pad'), boolArg(conv, 'bias'), nameArg(conv, 'act')],
    [4, [3, 3], 'same', true, 'relu'],
  );
  const pool = nodeAt(network, 'z').args!;
  assert.deepEqual([pairArg(pool, 'dilation', [1, 1]), boolArg(conv, 'ceil', false), padArg(pool, 'pad')], [[1, 1], false, [0, 0]]);
  assert.throws(() => pairArg(conv, 'act'), { message: "argument 'act' is string relu, not a size" });
  assert.throws(() => countArg(conv, 'kernel'), { message: "argument 'kernel' is object 3,3, not a count" });
  assert.throws(() => boolArg(conv, 'act'), { message: "argument 'act' is string relu, not true or false" });
  assert.throws(() => nameArg(pool, 'dilation'), { message: "argument 'dilation' is missing, not a name" });
});

/** Each op's hover formulas on a small layer `y`; ops without a row write none. */
const FORMULAS: Readonly<Record<string, { readonly input: string; readonly line: string; readonly formulas: readonly string[] }>> = {
  conv: {
    input: '4x8x8',
    line: 'y = conv(6, 3x3, groups=2)',
    formulas: ['units = 6·6·6 = 216', 'weights = 3·3·2·6 = 108', 'connections = 216·3·3·2 = 3,888'],
  },
  dwconv: {
    input: '3x8x8',
    line: 'y = dwconv(3x3, multiplier=2)',
    formulas: ['units = 6·6·6 = 216', 'weights = 3·3·1·6 = 54', 'connections = 216·3·3·1 = 1,944'],
  },
  // Each input element feeds kH·kW·(C'/g) outputs: 4·8·8·4·4·(6/2) = 12,288
  deconv: {
    input: '4x8x8',
    line: 'y = deconv(6, 4x4, stride=2, pad=1, groups=2)',
    formulas: ['units = 6·16·16 = 1,536', 'weights = 4·4·2·6 = 192', 'connections = 4·8·8·4·4·3 = 12,288'],
  },
  // A C×H×W input is flattened: its fan-in is the product.
  dense: { input: '2x3x4', line: 'y = dense(1000)', formulas: ['weights = (2·3·4)·1,000 = 24,000', 'connections = (2·3·4)·1,000 = 24,000'] },
  embedding: { input: '12', line: 'y = embedding(1000, 16)', formulas: ['weights = 1,000·16 = 16,000'] },
  // The projections, then the T² part, apart.
  attention: {
    input: '6x8',
    line: 'y = attention(4, kv_heads=1)',
    formulas: [
      'units = 6·(8 + 2·2 + 8) = 120',
      'weights = 8·8 + 2·8·2 + 8·8 = 160',
      'biases = 8 + 2·2 + 8 = 20',
      'connections = 6·160 + 2·6²·8 = 960 + 576 = 1,536',
    ],
  },
  batchnorm: { input: '16x4x4', line: 'y = batchnorm()', formulas: ['params = 2·16 = 32'] },
  // The channels of a map; the last size of a sequence.
  layernorm: { input: '16x4x4', line: 'y = layernorm()', formulas: ['params = 2·16 = 32'] },
  rmsnorm: { input: '5x64', line: 'y = rmsnorm()', formulas: ['params = 64'] },
  layerscale: { input: '5x64', line: 'y = layerscale()', formulas: ['params = 64'] },
  posembed: { input: '197x768', line: 'y = posembed()', formulas: ['weights = 197·768 = 151,296'] },
  clstoken: { input: '196x768', line: 'y = clstoken()', formulas: ['weights = 768'] },
  // The first layer reads D, the second hidden·dirs; a dirs or layers of 1 is left out.
  lstm: {
    input: '5x10',
    line: 'y = lstm(20, layers=3, bidirectional=true)',
    formulas: [
      'units = 5·4·20·2·3 = 2,400',
      'weights = 4·20·(10 + 20)·2 + 4·20·(40 + 20)·2·2 = 24,000',
      'biases = 8·20·2·3 = 960',
      'connections = 5·24,000 = 120,000',
    ],
  },
  gru: {
    input: '5x10',
    line: 'y = gru(20, bias=false)',
    formulas: ['units = 5·3·20 = 300', 'weights = 3·20·(10 + 20) = 1,800', 'connections = 5·1,800 = 9,000'],
  },
};

test('each op writes the formulas of its counts for the hover; the others write none', () => {
  assert.deepEqual(
    [...OPS.values()].filter((op) => op.formulas).map((op) => op.name),
    Object.keys(FORMULAS),
  );
  for (const [op, { input, line, formulas }] of Object.entries(FORMULAS)) {
    const { analysis, network } = analyzeNet(net(input, line, 'z = relu()'));
    assert.deepEqual(errors(analysis), [], op);
    assert.deepEqual(costFormulas(nodeAt(network, 'y')).map(formatFormula), formulas, op);
    assert.deepEqual(costFormulas(nodeAt(network, 'z')), [], op);
  }
});

/** Over a C×L signal the formulas write the one kernel size. */
const SIGNAL_FORMULAS: readonly { readonly input: string; readonly line: string; readonly formulas: readonly string[] }[] = [
  { input: '2x100', line: 'y = conv(8, 5)', formulas: ['units = 8·96 = 768', 'weights = 5·2·8 = 80', 'connections = 768·5·2 = 7,680'] },
  { input: '2x100', line: 'y = dwconv(3, multiplier=2)', formulas: ['units = 4·98 = 392', 'weights = 3·1·4 = 12', 'connections = 392·3·1 = 1,176'] },
  {
    input: '32x200',
    line: 'y = deconv(8, 4, stride=2, pad=1)',
    formulas: ['units = 8·400 = 3,200', 'weights = 4·32·8 = 1,024', 'connections = 32·200·4·8 = 204,800'],
  },
  { input: '4x100', line: 'y = batchnorm()', formulas: ['params = 2·4 = 8'] },
];

test('over a signal, the formulas have one kernel size', () => {
  for (const { input, line, formulas } of SIGNAL_FORMULAS) {
    const { analysis, network } = analyzeNet(net(input, line));
    assert.deepEqual(errors(analysis), [], line);
    assert.deepEqual(costFormulas(nodeAt(network, 'y')).map(formatFormula), formulas, line);
  }
});

/** PyTorch's pooling_output_shape (aten/src/ATen/native/Pool.h), with dilation 1. */
function torchPoolOutput(size: number, kernel: number, pad: number, stride: number, ceil: boolean): number {
  const numerator = size + 2 * pad - (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(numerator / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

test('pooling matches PyTorch’s output formula, ceil or floor, over a grid of sizes, windows larger than the input included', () => {
  let compared = 0;
  let dropped = 0;
  let refused = 0;
  let overhanging = 0;
  for (let size = 1; size <= 12; size++) {
    for (let kernel = 1; kernel <= 4; kernel++) {
      for (let stride = 1; stride <= 3; stride++) {
        for (let pad = 0; pad * 2 <= kernel; pad++) {
          for (const ceil of [false, true]) {
            for (const op of ['maxpool', 'avgpool']) {
              const expected = torchPoolOutput(size, kernel, pad, stride, ceil);
              const { analysis, network } = analyzeNet(net(`2x${size}x${size}`, `y = ${op}(${kernel}, stride=${stride}, pad=${pad}, ceil=${ceil})`));
              const what = `${op} size ${size} k ${kernel} s ${stride} p ${pad} ceil ${ceil}`;
              compared++;
              // PyTorch refuses an output below 1 ("Output size is too small"), and only that.
              if (expected < 1) {
                assert.deepEqual(
                  errors(analysis),
                  [
                    `shape: ${op}'s ${kernel}x${kernel} window does not fit its ${size}×${size} input with pad ${pad}x${pad}: the output would be ${expected}×${expected}`,
                  ],
                  what,
                );
                refused++;
                continue;
              }
              assert.deepEqual(errors(analysis), [], what);
              assert.deepEqual(network.output, [2, expected, expected], what);
              if (ceil && Math.ceil((size + 2 * pad - kernel) / stride) + 1 !== expected) dropped++;
              if (kernel > size + 2 * pad) overhanging++;
            }
          }
        }
      }
    }
  }
  assert.equal(compared, 1152);
  // The grid holds cases where the last-window rule changes the answer, windows PyTorch
  // refuses, and windows larger than the padded input that ceil rounding keeps.
  assert.ok(dropped > 0);
  assert.equal(refused, 64);
  assert.equal(overhanging, 20);
});

describe('blocks, repeats and names', () => {
  const PAIR = ['block Pair(c) {', '  p = conv(c, 3x3, pad=1)', '  q = conv(c * 2, 1x1, bias=false)', '}'].join('\n');

  test('a block instance’s counts are the sums over its layers', () => {
    const { analysis, network } = analyzeNet(`${PAIR}\n${net('3x8x8', 'y = Pair(4)')}`);
    assert.deepEqual(errors(analysis), []);
    // p: 4×8×8, 3·3·3·4 = 108 weights, 256·27 = 6,912; q: 8×8×8, 4·8 = 32 weights, 512·4 = 2,048
    assert.deepEqual(countRow(nodeAt(network, 'y.p').counts), [256, 108, 4, 112, 6_912, 256]);
    assert.deepEqual(countRow(nodeAt(network, 'y.q').counts), [512, 32, 0, 32, 2_048, 512]);
    const y = nodeAt(network, 'y');
    assert.equal(y.kind, 'block');
    assert.equal(y.op, 'Pair');
    assert.deepEqual(y.shape, [8, 8, 8]);
    assert.deepEqual(countRow(y.counts), [768, 140, 4, 144, 8_960, 768]);
    assert.deepEqual(countRow(network.totals), [768, 140, 4, 144, 8_960, 768]);
    assert.deepEqual(leafPaths(network), ['y.p', 'y.q']);
    assert.equal(network.layerCount, 2);
  });

  test('a block parameter’s default may use the parameters before it', () => {
    const text = [
      'block Squeeze(c, mid = c / 4) {',
      '  s = conv(mid, 1x1)',
      '  e = conv(c, 1x1)',
      '}',
      net('16x4x4', 'y = Squeeze(16)', 'z = Squeeze(16, mid=2)'),
    ].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), []);
    // mid = 4: 16·4 + 4·16 = 128 weights; mid = 2: 16·2 + 2·16 = 64
    assert.equal(nodeAt(network, 'y').counts.weights, 128n);
    assert.equal(nodeAt(network, 'z').counts.weights, 64n);
    assert.deepEqual(nodeAt(network, 'y.s').shape, [4, 4, 4]);
  });

  test('a repeated op chains its copies, numbered from 1', () => {
    const { analysis, network } = analyzeNet(net('4x8x8', 'stage = conv(4, 3x3, pad=1) * 3'));
    assert.deepEqual(errors(analysis), []);
    // each copy: 3·3·4·4 = 144 weights, 256 units, 256·36 = 9,216 connections
    assert.deepEqual(leafPaths(network), ['stage.1', 'stage.2', 'stage.3']);
    for (const copy of ['stage.1', 'stage.2', 'stage.3']) assert.deepEqual(countRow(nodeAt(network, copy).counts), [256, 144, 4, 148, 9_216, 256]);
    const stage = nodeAt(network, 'stage');
    assert.equal(stage.kind, 'repeat');
    assert.deepEqual(countRow(stage.counts), [768, 432, 12, 444, 27_648, 768]);
    assert.equal(network.layerCount, 3);
  });

  test('a repeated block: paths stage.1.…, stage.2.…, counts summed', () => {
    const text = [
      'block Res(c) {',
      '  a = conv(c, 3x3, pad=1, bias=false)',
      '  b = batchnorm()',
      '  s = add(b, in)',
      '  relu()',
      '}',
      net('4x8x8', 'stage = Res(4) * 2'),
    ].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), []);
    assert.deepEqual(leafPaths(network), ['stage.1.a', 'stage.1.b', 'stage.1.s', 'stage.1.relu_1', 'stage.2.a', 'stage.2.b', 'stage.2.s', 'stage.2.relu_1']);
    // per copy: conv 144 weights, 256 units, 9,216 connections; batchnorm 2·4 = 8 params; 4 × 256 activations
    assert.deepEqual(countRow(nodeAt(network, 'stage.1').counts), [256, 144, 0, 152, 9_216, 1_024]);
    assert.deepEqual(countRow(nodeAt(network, 'stage').counts), [512, 288, 0, 304, 18_432, 2_048]);
    assert.deepEqual(nodeAt(network, 'stage.2').shape, [4, 8, 8]);
    assert.equal(network.layerCount, 8);
  });

  test('unnamed layers are named <op>_<n> per op, in their scope', () => {
    const text = net('3x8x8', 'dropout()', 'relu()', 'dropout(0.1)', 'conv(4, 1)', 'dropout()');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(
      network.layers.map((layer) => layer.name),
      ['dropout_1', 'relu_1', 'dropout_2', 'conv_1', 'dropout_3'],
    );
  });

  test('`fc` is `dense`; an unnamed fc is numbered as written (fc_1)', () => {
    // The spec names the op as written; the core counts `fc` and `dense` apart.
    const { analysis, network } = analyzeNet(net('100', 'dense(50)', 'fc(10)'));
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(
      network.layers.map((layer) => [layer.name, layer.op]),
      [
        ['dense_1', 'dense'],
        ['fc_1', 'dense'],
      ],
    );
  });

  test('the network’s totals sum all layers, blocks expanded, and its output is the last statement’s', () => {
    const text = `${PAIR}\n${net('3x8x8', 'y = Pair(4)', 'g = globalavgpool()', 'out = fc(10)')}`;
    const analysis = analyze(text);
    const network = analysis.networks[0]!;
    // Pair: 768 units, 140 weights, 4 biases, 8,960 connections, 768 activations;
    // globalavgpool: 8 activations; fc: 8·10 = 80 weights, 10 biases, 10 units
    assert.deepEqual(countRow(network.totals), [778, 220, 14, 234, 9_040, 786]);
    assert.deepEqual(network.input, [3, 8, 8]);
    assert.deepEqual(network.output, [10]);
  });
});

describe('inputs and expressions', () => {
  test('the first layer reads the first input; `from` reads another', () => {
    const text = [
      'network T {',
      '  input x: 3x5x5',
      '  input z: 10',
      '  y = dense(2 + 3 * 4)',
      '  w = dense(10 - 2 - 3) from z',
      '  v = concat(y, w)',
      '}',
    ].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(
      network.inputs.map((input) => [input.name, input.shape]),
      [
        ['x', [3, 5, 5]],
        ['z', [10]],
      ],
    );
    assert.deepEqual(network.input, [3, 5, 5]);
    // 2 + 3·4 = 14 units over 75 inputs; 10 − 2 − 3 = 5 units over 10
    assert.deepEqual(countRow(nodeAt(network, 'y').counts), [14, 1_050, 14, 1_064, 1_050, 14]);
    assert.deepEqual(countRow(nodeAt(network, 'w').counts), [5, 50, 5, 55, 50, 5]);
    assert.deepEqual(network.output, [19]);
  });

  test('operators: precedence, parentheses, exact division, in block parameters', () => {
    const text = [
      'block B(a, b) {',
      '  conv((a + b) * 2, 1)',
      '  conv(a * b / 3 / 2, 1)',
      '  conv(a + b * 2 - 12 / 3 / 2, 1)',
      '  conv(20 - a - b, 1)',
      '}',
      net('3x4x4', 'y = B(3, 4)'),
    ].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(analysis.diagnostics, []);
    // (3 + 4)·2 = 14 filters, then 3·4/3/2 = 2, 3 + 4·2 − 12/3/2 = 9, (20 − 3) − 4 = 13
    assert.deepEqual(nodeAt(network, 'y.conv_1').shape, [14, 4, 4]);
    assert.deepEqual(nodeAt(network, 'y.conv_2').shape, [2, 4, 4]);
    assert.deepEqual(nodeAt(network, 'y.conv_3').shape, [9, 4, 4]);
    assert.deepEqual(nodeAt(network, 'y.conv_4').shape, [13, 4, 4]);
  });
});

describe('a layer written again', () => {
  test('on the same shape: the same arguments and costs, shared; on another shape, its own', () => {
    const text = net('16x8x8', 'a = conv(16, 3x3, pad=1)', 'b = conv(16, 3x3, pad=1)', 'p = maxpool(2)', 'c = conv(16, 3x3, pad=1)');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(analysis.diagnostics, []);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => nodeAt(network, name));
    assert.equal(b!.args, a!.args, 'b shares the arguments a worked out');
    assert.equal(b!.counts, a!.counts);
    assert.deepEqual(countRow(a!.counts), [1_024, 2_304, 16, 2_320, 147_456, 1_024]);
    assert.notEqual(c!.counts, a!.counts, 'c reads a 16×4×4 input');
    assert.deepEqual(countRow(c!.counts), [256, 2_304, 16, 2_320, 36_864, 256]);
  });

  test('inside a block, the same text means what the parameters make it', () => {
    const text = ['block B(c) {', '  conv(c, 1)', '}', net('4x2x2', 'u = B(8)', 'v = B(3)')].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(nodeAt(network, 'u.conv_1').shape, [8, 2, 2]);
    assert.deepEqual(nodeAt(network, 'v.conv_1').shape, [3, 2, 2]);
  });

  test('a layer with an error is not kept for the next one written alike', () => {
    const text = net('3x2x2', 'a = conv(8, 5)', 'b = conv(8, 1) from x', 'c = conv(8, 5) from x');
    const found = errors(analyze(text));
    assert.equal(found.filter((e) => e.startsWith('shape')).length, 2, found.join('\n'));
  });
});
