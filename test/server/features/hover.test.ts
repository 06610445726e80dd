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
const SMALL = (body: string) => `network N {\n  input x: 3x32x32\n${body}\n}\n`;

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
  ['the input name', SMALL('  a = conv(8, 3x3)').replace('input x', 'input |x'), { range: '2:9-2:10', lines: ['**x**: 3×32×32'] }],
  ['a comment: nothing', '# a |comment\n' + SMALL('  a = conv(8, 3x3)'), null],
];

check('hover', CASES, ({ analysis, offset }) => {
  const hover = provideHover(analysis, offset);
  if (!hover) return null;
  return { range: hover.range ? rangeText(hover.range) : null, lines: (hover.contents as { value: string }).value.split('\n') };
});
