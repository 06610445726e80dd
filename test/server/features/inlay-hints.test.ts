/**
 * Inlay hints, as a table: a file and the hints over the whole of it, `line:col label`
 * (1-based). They are made per request for the lines asked: whatever the order of the
 * requests, a range gets exactly the hints of the whole file that stand in it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../core';
import { readExample } from '../../helpers/paths';
import { check, type Case } from '../../helpers/fixture';
import { provideInlayHints } from '../../../server/features/inlay-hints';

const TEXT = [
  'block Two(c) {',
  '  a = conv(c, 3x3, pad=1)',
  '  b = relu()',
  '}',
  'network N {',
  '  input x: 3x32x32',
  '  one = Two(16)',
  '  two = Two(16)',
  '  pool = maxpool(2x2, stride=2)',
  '  three = Two(32)',
  '  flatten()',
  '  dense(10)',
  '}',
  '',
].join('\n');

const labelsOf = (hints: ReturnType<typeof provideInlayHints>) => hints.map((h) => `${h.position.line}: ${h.label}`);

test('a block layer gets a hint only when every instance agrees', () => {
  const hints = labelsOf(provideInlayHints(analyze(TEXT), 0, TEXT.length));
  assert.deepEqual(hints, [
    // Inside Two, no hints: a is 16×32×32 on 3 channels (432 weights), 16×32×32 on 16
    // (2,304) and 32×16×16; b follows a. The uses: 3·3·3·16 = 432 weights on 32·32
    // places; 3·3·16·16 = 2,304; 3·3·16·32 = 4,608 on 16·16.
    '6: 16×32×32 · 432 w · 442K conn',
    '7: 16×32×32 · 2.3K w · 2.36M conn',
    '8: 16×16×16',
    '9: 32×16×16 · 4.61K w · 1.18M conn',
    '10: 8192',
    '11: 10 · 81.9K w · 81.9K conn',
  ]);
});

test('any range, asked in any order, gets the whole file’s hints that stand in it', () => {
  const whole = provideInlayHints(analyze(TEXT), 0, TEXT.length);
  const lineStarts = [0, ...[...TEXT.matchAll(/\n/g)].map((m) => m.index! + 1)];
  for (const [from, to] of [
    [7, 9],
    [0, 4],
    [9, 13],
    [6, 6],
    [0, 13],
    [8, 8],
  ] as const) {
    // A fresh analysis each time: its hints are made only as the requests reach them.
    const analysis = analyze(TEXT);
    provideInlayHints(analysis, lineStarts[9]!, lineStarts[10]!);
    const got = provideInlayHints(analysis, lineStarts[from]!, lineStarts[to + 1] ?? TEXT.length);
    assert.deepEqual(labelsOf(got), labelsOf(whole.filter((h) => h.position.line >= from && h.position.line <= to)), `lines ${from}–${to}`);
  }
});

const CASES: readonly Case<string[]>[] = [
  // conv3's 149,520,384 connections read '15M' when the zeros of '150' were dropped as a fraction's.
  [
    'after each layer of AlexNet: the shape, then weights and connections where there are any',
    readExample('alexnet.net'),
    [
      '5:46 96×55×55 · 34.8K w · 105M conn',
      '6:17 96×55×55',
      '7:33 96×27×27',
      '8:52 256×27×27 · 307K w · 224M conn',
      '9:17 256×27×27',
      '10:33 256×13×13',
      '11:42 384×13×13 · 885K w · 150M conn',
      '12:52 384×13×13 · 664K w · 112M conn',
      '13:52 256×13×13 · 442K w · 74.8M conn',
      '14:33 256×6×6',
      '15:32 4096 · 37.7M w · 37.7M conn',
      '16:15 4096',
      '17:32 4096 · 16.8M w · 16.8M conn',
      '18:15 4096',
      '19:22 1000 · 4.1M w · 4.1M conn',
      '20:20 1000',
    ],
  ],
  [
    'over a signal: a 1-D conv, pooling to a vector, a transposed conv',
    'network A {\n  input audio: 1x16000\n  c = conv(16, 81, stride=4, pad=40)\n  up = deconv(8, 4, stride=2, pad=1)\n  gap = globalavgpool()\n}\n',
    ['3:37 16×4000 · 1.3K w · 5.18M conn', '4:37 8×8000 · 512 w · 2.05M conn', '5:24 8'],
  ],
];

check('inlay hints', CASES, ({ analysis, text }) =>
  provideInlayHints(analysis, 0, text.length).map((h) => `${h.position.line + 1}:${h.position.character + 1} ${h.label}`),
);
