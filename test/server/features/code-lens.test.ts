/** Code lenses and the cost table they open, as tables: a file, each lens's range, title and arguments; the table's lines. */
import { readExample } from '../../helpers/paths';
import { check, rangeText, URI, type Case } from '../../helpers/fixture';
import { costTableMarkdown, provideCodeLenses } from '../../../server/features/code-lens';

const ALEXNET = readExample('alexnet.net');
const TWO = 'network A {\n  input x: 3x8x8\n  c = conv(4, 3x3)\n}\nnetwork B {\n  input x: 16\n  d = dense(10)\n}\n';

const LENSES: readonly Case<string[]>[] = [
  [
    'two lenses over a network: its totals, opening its cost table, and its cost report',
    ALEXNET,
    [
      '2:9-2:16 AlexNet: 60,954,656 weights · 724,406,816 connections · 659,272 units · cost table ["file:///fixture.net","AlexNet"]',
      '2:9-2:16 cost report ["file:///fixture.net","AlexNet"]',
    ],
  ],
  [
    'the lenses of each network',
    TWO,
    [
      '1:9-1:10 A: 108 weights · 3,888 connections · 144 units · cost table ["file:///fixture.net","A"]',
      '1:9-1:10 cost report ["file:///fixture.net","A"]',
      '5:9-5:10 B: 160 weights · 160 connections · 10 units · cost table ["file:///fixture.net","B"]',
      '5:9-5:10 cost report ["file:///fixture.net","B"]',
    ],
  ],
  ['none for a file of blocks', 'block B(f) {\n  a = conv(f, 3x3)\n}\n', []],
];

check('code lens', LENSES, ({ analysis }) =>
  provideCodeLenses(analysis, URI).map((lens) => `${rangeText(lens.range)} ${lens.command!.title} ${JSON.stringify(lens.command!.arguments)}`),
);

/** The table for one network of the file, or for all when none is named. */
const TABLES: readonly (readonly [title: string, source: string, network: string | undefined, expected: string[]])[] = [
  [
    'every layer of AlexNet with its counts and shares',
    ALEXNET,
    'AlexNet',
    [
      '### AlexNet: input 3×227×227 → output 1000',
      '',
      '| layer | op | output shape | units | weights | connections | % weights | % conn. |',
      '|---|---|---|---:|---:|---:|---:|---:|',
      '| conv1 | conv | 96×55×55 | 290,400 | 34,848 | 105,415,200 | 0.1% | 14.6% |',
      '| norm1 | lrn | 96×55×55 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| pool1 | maxpool | 96×27×27 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| conv2 | conv | 256×27×27 | 186,624 | 307,200 | 223,948,800 | 0.5% | 30.9% |',
      '| norm2 | lrn | 256×27×27 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| pool2 | maxpool | 256×13×13 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| conv3 | conv | 384×13×13 | 64,896 | 884,736 | 149,520,384 | 1.5% | 20.6% |',
      '| conv4 | conv | 384×13×13 | 64,896 | 663,552 | 112,140,288 | 1.1% | 15.5% |',
      '| conv5 | conv | 256×13×13 | 43,264 | 442,368 | 74,760,192 | 0.7% | 10.3% |',
      '| pool5 | maxpool | 256×6×6 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| fc6 | dense | 4096 | 4,096 | 37,748,736 | 37,748,736 | 61.9% | 5.2% |',
      '| dropout_1 | dropout | 4096 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| fc7 | dense | 4096 | 4,096 | 16,777,216 | 16,777,216 | 27.5% | 2.3% |',
      '| dropout_2 | dropout | 4096 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| fc8 | dense | 1000 | 1,000 | 4,096,000 | 4,096,000 | 6.7% | 0.6% |',
      '| prob | softmax | 1000 | 0 | 0 | 0 | 0.0% | 0.0% |',
      '| **total** |  |  | **659,272** | **60,954,656** | **724,406,816** | **100.0%** | **100.0%** |',
      '',
      'params 60,965,224 (weights 60,954,656 + biases 10,568) · activations 1,267,952 · 16 layers',
    ],
  ],
  [
    'only the network asked for',
    TWO,
    'B',
    [
      '### B: input 16 → output 10',
      '',
      '| layer | op | output shape | units | weights | connections | % weights | % conn. |',
      '|---|---|---|---:|---:|---:|---:|---:|',
      '| d | dense | 10 | 10 | 160 | 160 | 100.0% | 100.0% |',
      '| **total** |  |  | **10** | **160** | **160** | **100.0%** | **100.0%** |',
      '',
      'params 170 (weights 160 + biases 10) · activations 10 · 1 layer',
    ],
  ],
  [
    'every network when none is named',
    TWO,
    undefined,
    [
      '### A: input 3×8×8 → output 4×6×6',
      '',
      '| layer | op | output shape | units | weights | connections | % weights | % conn. |',
      '|---|---|---|---:|---:|---:|---:|---:|',
      '| c | conv | 4×6×6 | 144 | 108 | 3,888 | 100.0% | 100.0% |',
      '| **total** |  |  | **144** | **108** | **3,888** | **100.0%** | **100.0%** |',
      '',
      'params 112 (weights 108 + biases 4) · activations 144 · 1 layer',
      '',
      '### B: input 16 → output 10',
      '',
      '| layer | op | output shape | units | weights | connections | % weights | % conn. |',
      '|---|---|---|---:|---:|---:|---:|---:|',
      '| d | dense | 10 | 10 | 160 | 160 | 100.0% | 100.0% |',
      '| **total** |  |  | **10** | **160** | **160** | **100.0%** | **100.0%** |',
      '',
      'params 170 (weights 160 + biases 10) · activations 10 · 1 layer',
    ],
  ],
];

check('cost table', TABLES, ({ analysis }, [, , network]) => costTableMarkdown(analysis, network).split('\n'));
