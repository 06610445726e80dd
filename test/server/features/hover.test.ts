/** Hover, as a table: a fixture with `|` at the cursor and the exact markdown shown there, with the range it covers. */
import { readExample } from '../../helpers/paths';
import { check, markAt, rangeText, type Case } from '../../helpers/fixture';
import { provideHover } from '../../../server/features/hover';

const ALEXNET = readExample('alexnet.net');
const RESNET = readExample('resnet50.net');
/** AlexNet after the quick fix that factorises conv2's 5×5 into two 3×3. */
const ALEXNET_FIXED = ALEXNET.replace(
  '  conv2 = conv(256, 5x5, pad=2, groups=2, act=relu)',
  '  conv2_1 = conv(96, 3x3, pad=1, groups=2, act=relu)\n  conv2 = conv(256, 3x3, pad=1, groups=2, act=relu)',
);
const HUGE = 'network N {\n  input x: 3x32x32\n  big = conv(8, 2147483647x2147483647, pad=1073741823)\n}\n';
const SEQUENCE = 'network S {\n  input words: 64x100\n  rnn = lstm(128, layers=2, bidirectional=true)\n  norm = layernorm()\n  pos = posembed()\n}\n';
/** ViT-B/16's attention and GPT-2's tied head, in one small file. */
const VIT = 'network ViT {\n  input x: 197x768\n  att = attention(12, causal=true)\n  out = dense(10)\n}\n';
const TIED = 'network LM {\n  input ids: 16\n  wte = embedding(50257, 768)\n  head = dense(50257, bias=false, tied=wte)\n}\n';
const SMALL = (body: string) => `network N {\n  input x: 3x32x32\n${body}\n}\n`;
/** A 1-D signal (language v2): a conv over its length, then a transposed conv back up. */
const AUDIO = 'network A {\n  input audio: 1x16000\n  c = conv(16, 81, stride=4, pad=40)\n  up = deconv(8, 4, stride=2, pad=1)\n}\n';

const UP_NET =
  'block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n' +
  'network U {\n  input x: 3x16x16\n  e1 = conv(8, 3x3, pad=1)\n  p1 = maxpool(2)\n  u1 = Up(e1, 8)\n}\n';

type Shown = { range: string | null; lines: string[] } | null;

const CASES: readonly Case<Shown>[] = [
  [
    'a layer: shape, counts with shares, and the formulas',
    markAt(ALEXNET, 'conv2 =', 1),
    {
      range: '8:3-8:52',
      lines: [
        '**conv2** `conv` → **256×27×27**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 186,624 | 28.3% |',
        '| weights | 307,200 (+256 biases) | 0.5% |',
        '| connections | 223,948,800 | 30.9% |',
        '',
        '`units = 256·27·27 = 186,624`  ',
        '`weights = 5·5·48·256 = 307,200`  ',
        '`connections = 186,624·5·5·48 = 223,948,800`',
      ],
    },
  ],
  [
    'attention: the projections and the T² part apart, and what causal leaves counted',
    markAt(VIT, 'att =', 1),
    {
      range: '3:3-3:35',
      lines: [
        '**att** `attention` → **197×768**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 605,184 | 99.7% |',
        '| weights | 2,359,296 (+3,072 biases) | 99.7% |',
        '| connections | 524,391,936 | 99.7% |',
        '',
        '`units = 197·(768 + 2·768 + 768) = 605,184`  ',
        '`weights = 768·768 + 2·768·768 + 768·768 = 2,359,296`  ',
        '`biases = 768 + 2·768 + 768 = 3,072`  ',
        '`connections = 197·2,359,296 + 2·197²·768 = 464,781,312 + 59,610,624 = 524,391,936`  ',
        "causal=true changes no count: the full T×T products (QKᵀ, then the weighted sum of V) are counted, as fvcore and PyTorch's FLOP counter count them",
      ],
    },
  ],
  [
    'a tied head: no weights of its own, and whose they are',
    markAt(TIED, 'head =', 1),
    {
      range: '4:3-4:44',
      lines: [
        '**head** `dense` → **16×50257**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 804,112 | 100.0% |',
        '| weights | 0 | 0.0% |',
        '| connections | 617,558,016 | 100.0% |',
        '',
        '`units = 16·50,257 = 804,112`  ',
        '`connections = 16·768·50,257 = 617,558,016`  ',
        'weights = 0: tied to wte, whose 50,257·768 table is counted once, there',
      ],
    },
  ],
  [
    'a block instance: the block, its repeat and its totals',
    markAt(RESNET, 'layer2   =', 1),
    {
      range: '49:3-49:33',
      lines: [
        '**layer2** `Bottleneck ×3` → **512×28×28**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 1,806,336 | 16.3% |',
        '| weights | 835,584 | 3.3% |',
        '| params | 840,192 | 3.3% |',
        '| connections | 655,097,856 | 16.0% |',
        '',
        '30 layers inside',
      ],
    },
  ],
  [
    'a block name: its parameters and uses',
    markAt(RESNET, 'block BottleneckDown', 7),
    {
      range: null,
      lines: ['**block BottleneckDown**(planes, stride)', '', 'Parameters:', '- `planes`', '- `stride=1`', '', 'Used 4 times in this file.'],
    },
  ],
  [
    'a tensor read in a block: its shape in each instance',
    markAt(RESNET, 'add(bn3, dn_bn)', 9),
    {
      range: '33:20-33:25',
      lines: [
        '**dn_bn** in layer1_0: 256×56×56  ',
        '**dn_bn** in layer2_0: 512×28×28  ',
        '**dn_bn** in layer3_0: 1024×14×14  ',
        '**dn_bn** in layer4_0: 2048×7×7',
      ],
    },
  ],
  ['a tensor parameter, on its declaration: what each use passes', markAt(UP_NET, 'skip:', 1), { range: '1:10-1:14', lines: ['**skip**: 8×16×16'] }],
  [
    "'tensor' after a parameter's ':'",
    markAt(UP_NET, 'tensor,', 2),
    {
      range: '1:16-1:22',
      lines: [
        '**tensor**: the parameter takes a tensor. Each call passes the name of an earlier layer, an input, `in` or a tensor parameter of its own scope, and the block reads it like any name (`from`, merges).',
      ],
    },
  ],
  [
    "'output' before a layer",
    markAt(SMALL('  c = conv(8, 1x1)\n  output d = relu() from x'), 'output', 3),
    {
      range: '4:3-4:9',
      lines: [
        "**output**: marks an output of the network. A network's outputs are its marked layers and its last statement, in the order written; a marked layer is never `unused`.",
      ],
    },
  ],

  ['a tensor parameter, where the block reads it', markAt(UP_NET, 'skip)', 1), { range: '3:26-3:30', lines: ['**skip**: 8×16×16'] }],
  [
    'a layer after a quick fix: the new numbers',
    markAt(ALEXNET_FIXED, 'conv2 =', 1),
    {
      range: '9:3-9:52',
      lines: [
        '**conv2** `conv` → **256×27×27**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 186,624 | 25.6% |',
        '| weights | 110,592 (+256 biases) | 0.2% |',
        '| connections | 80,621,568 | 13.2% |',
        '',
        '`units = 256·27·27 = 186,624`  ',
        '`weights = 3·3·48·256 = 110,592`  ',
        '`connections = 186,624·3·3·48 = 80,621,568`',
      ],
    },
  ],
  [
    'a layer with a 2³¹−1 kernel',
    markAt(HUGE, 'big =', 1),
    {
      range: '3:3-3:55',
      lines: [
        '**big** `conv` → **8×32×32**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 8,192 | 100.0% |',
        '| weights | 110,680,464,339,178,094,616 (+8 biases) | 100.0% |',
        '| connections | 113,336,795,483,318,368,886,784 | 100.0% |',
        '',
        '`units = 8·32·32 = 8,192`  ',
        '`weights = 2,147,483,647·2,147,483,647·3·8 = 110,680,464,339,178,094,616`  ',
        '`connections = 8,192·2,147,483,647·2,147,483,647·3 = 113,336,795,483,318,368,886,784`',
      ],
    },
  ],
  [
    'a recurrent layer: its formulas, the first layer reading D, the second hidden·dirs',
    markAt(SEQUENCE, 'rnn =', 1),
    {
      range: '3:3-3:48',
      lines: [
        '**rnn** `lstm` → **64×256**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 131,072 | 100.0% |',
        '| weights | 626,688 (+4,096 biases) | 97.5% |',
        '| connections | 40,108,032 | 100.0% |',
        '',
        '`units = 64·4·128·2·2 = 131,072`  ',
        '`weights = 4·128·(100 + 128)·2 + 4·128·(256 + 128)·2 = 626,688`  ',
        '`biases = 8·128·2·2 = 4,096`  ',
        '`connections = 64·626,688 = 40,108,032`',
      ],
    },
  ],
  [
    'a conv over a signal: one kernel size in its formulas',
    markAt(AUDIO, 'c =', 1),
    {
      range: '3:3-3:37',
      lines: [
        '**c** `conv` → **16×4000**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 64,000 | 50.0% |',
        '| weights | 1,296 (+16 biases) | 71.7% |',
        '| connections | 5,184,000 | 71.7% |',
        '',
        '`units = 16·4,000 = 64,000`  ',
        '`weights = 81·1·16 = 1,296`  ',
        '`connections = 64,000·81·1 = 5,184,000`',
      ],
    },
  ],
  [
    'a feature norm: its params, neither weights nor biases',
    markAt(SEQUENCE, 'norm =', 1),
    {
      range: '4:3-4:21',
      lines: [
        '**norm** `layernorm` → **64×256**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 0 | 0.0% |',
        '| weights | 0 | 0.0% |',
        '| params | 512 | 0.1% |',
        '| connections | 0 | 0.0% |',
        '',
        '`params = 2·256 = 512`',
      ],
    },
  ],
  [
    'a gate: mul of a map by C×1×1, its broadcast shape and no weights',
    SMALL('  s = globalavgpool()\n  g = conv(3, 1x1, act=hardsigmoid)\n  y = m|ul(x, g)'),
    {
      range: '5:3-5:16',
      lines: [
        '**y** `mul` → **3×32×32**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 0 | 0.0% |',
        '| weights | 0 | 0.0% |',
        '| connections | 0 | 0.0% |',
      ],
    },
  ],
  [
    'a deconv: each input element spread over k·(C′/g) outputs',
    markAt(AUDIO, 'up =', 1),
    {
      range: '4:3-4:37',
      // 3,999·2 − 2 + 3 + 1 = 8,000
      lines: [
        '**up** `deconv` → **8×8000**',
        '',
        '| | count | share |',
        '|---|---:|---:|',
        '| units | 64,000 | 50.0% |',
        '| weights | 512 (+8 biases) | 28.3% |',
        '| connections | 2,048,000 | 28.3% |',
        '',
        '`units = 8·8,000 = 64,000`  ',
        '`weights = 4·16·8 = 512`  ',
        '`connections = 16·4,000·4·8 = 2,048,000`',
      ],
    },
  ],
  ['the input name', SMALL('  a = conv(8, 3x3)').replace('input x', 'input |x'), { range: '2:9-2:10', lines: ['**x**: 3×32×32'] }],
  ['a comment: nothing', '# a |comment\n' + SMALL('  a = conv(8, 3x3)'), null],
];

check('hover', CASES, ({ analysis, offset }) => {
  const hover = provideHover(analysis, offset);
  if (!hover) return null;
  return { range: hover.range ? rangeText(hover.range) : null, lines: (hover.contents as { value: string }).value.split('\n') };
});
