/**
 * The language status, as a table: a file and what the status item shows (the status bar's
 * text, the hover's detail), then each network's outputs in the totals the client is sent.
 */
import { readExample } from '../../helpers/paths';
import { check, type Case } from '../../helpers/fixture';
import { provideTotals } from '../../../server/features/totals';

const NO_CONFIG = { state: 'none' } as const;
const HEADS =
  'network Heads {\n  input x: 3x8x8\n  c = conv(4, 3x3, pad=1)\n  g = globalavgpool()\n  f = flatten()\n  output aux = dense(10)\n  main = dense(5) from f\n}\n';

const STATUS: readonly Case<{ text: string; detail: string | undefined }>[] = [
  [
    'one output: the first network, and its output in the hover',
    readExample('alexnet.net'),
    { text: 'AlexNet: 61M weights · 724M conn', detail: 'AlexNet: 60,965,224 params, 724,406,816 connections → output 1000' },
  ],
  [
    'an auxiliary head: how many outputs, and every one by name',
    readExample('inception_v3.net'),
    {
      text: 'InceptionV3: 27.1M weights · 5.72G conn · 2 outputs',
      detail: 'InceptionV3: 27,161,264 params, 5,718,899,296 connections → outputs aux 1000, fc 1000',
    },
  ],
  [
    'each network in the hover, each with its outputs',
    `${HEADS}network Last {\n  input x: 4\n  output main = dense(5)\n}\n`,
    {
      text: 'Heads: 168 weights · 6.97K conn · 2 outputs',
      detail: 'Heads: 187 params, 6,972 connections → outputs aux 10, main 5; Last: 25 params, 20 connections → output 5',
    },
  ],
  ['no network', 'block B(f) {\n  a = conv(f, 3x3)\n}\n', { text: 'netlint: no network', detail: undefined }],
];
check('language status', STATUS, ({ analysis }) => provideTotals(analysis, NO_CONFIG).status);

const OUTPUTS: readonly Case<unknown[]>[] = [
  [
    'every output of each network, by name, and the last as in v1',
    HEADS,
    [
      {
        outputs: [
          { name: 'aux', shape: [10] },
          { name: 'main', shape: [5] },
        ],
        output: [5],
      },
    ],
  ],
];
check('totals', OUTPUTS, ({ analysis }) => provideTotals(analysis, NO_CONFIG).networks.map(({ outputs, output }) => ({ outputs, output })));
