/**
 * Rename and prepare-rename as the server answers them, as tables: a fixture with `|` at the
 * cursor, the new name, and the lines the rename changes or the refusal, an InvalidParams
 * error the editor shows. test/core/rename.test.ts holds the core's table of what is renamed.
 */
import { ResponseError } from 'vscode-languageserver/node';
import { readExample } from '../../helpers/paths';
import { applyEdit, changedLines, check, markAt, rangeText, URI } from '../../helpers/fixture';
import { prepareRename, provideRename } from '../../../server/features/rename';

const RESNET = readExample('resnet50.net');
const ON_BOTTLENECK = markAt(RESNET, 'Bottleneck(64) * 2', 2);
const TEXT = 'network N {\n  input x: 3x32x32\n  conv1 = conv(8, 3x3)\n  conv2 = conv(8, 3x3)\n  dropout()\n  s = add(conv2, dropout_1)\n}\n';
const BLOCK = 'block B(f) {\n  a = conv(f, 3x3)\n  b = add(a, in)\n}\n';
const UP_NET =
  'block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n' +
  'network U {\n  input x: 3x16x16\n  e1 = conv(8, 3x3, pad=1)\n  p1 = maxpool(2)\n  u1 = Up(e1, 8)\n}\n';

/** What a refusal is over the protocol: an error with its code and message. */
function refusal(error: unknown): string {
  if (!(error instanceof ResponseError)) throw error;
  return `error ${error.code}: ${error.message}`;
}

const RENAMES: readonly (readonly [title: string, source: string, newName: string, expected: string[] | string])[] = [
  [
    'a block, at a use: its definition and its four uses',
    ON_BOTTLENECK,
    'Residual',
    [
      '7: block Residual(planes) {',
      '47:   layer1   = Residual(64) * 2',
      '49:   layer2   = Residual(128) * 3',
      '51:   layer3   = Residual(256) * 5',
      '53:   layer4   = Residual(512) * 2',
    ],
  ],
  [
    'a tensor parameter: its declaration and its reads',
    markAt(UP_NET, 'skip)', 1),
    'bridge',
    ['1: block Up(bridge: tensor, filters) {', '3:   c = concat(upsample_1, bridge)'],
  ],
  ['a layer passed to a tensor parameter: the call follows', markAt(UP_NET, 'e1 =', 1), 'enc1', ['8:   enc1 = conv(8, 3x3, pad=1)', '10:   u1 = Up(enc1, 8)']],
  ['a tensor parameter onto a layer of its block is refused', markAt(UP_NET, 'skip:', 1), 'c', "error -32602: 'c' is already the name of the layer on line 3"],
  ['a block onto an op is refused', ON_BOTTLENECK, 'conv', "error -32602: 'conv' is already an op"],
  ['a layer onto another layer is refused', markAt(TEXT, 'conv2 =', 1), 'conv1', "error -32602: 'conv1' is already the name of the layer on line 3"],
  ['an automatic name onto a layer is refused', markAt(TEXT, 'dropout_1', 1), 'conv1', "error -32602: 'conv1' is already the name of the layer on line 3"],
  [
    'a layer onto an automatic name is refused',
    markAt(TEXT, 'conv1 =', 1),
    'dropout_1',
    "error -32602: 'dropout_1' is already the automatic name of the layer on line 5",
  ],
  [
    'not a name is refused',
    markAt(TEXT, 'dropout_1', 1),
    'drop out',
    "error -32602: 'drop out' is not a name: letters, digits and _, not starting with a digit",
  ],
  ['a keyword is refused', markAt(TEXT, 'dropout_1', 1), 'input', "error -32602: 'input' is a keyword"],
  ['an automatic name: the layer is named where it stands', markAt(TEXT, 'dropout_1', 1), 'drop', ['5:   drop = dropout()', '6:   s = add(conv2, drop)']],
];

check('rename', RENAMES, ({ analysis, offset, text }, [, , newName]) => {
  try {
    return changedLines(text, applyEdit(text, provideRename(analysis, URI, offset, newName)));
  } catch (error) {
    return refusal(error);
  }
});

const PREPARED: readonly (readonly [title: string, source: string, expected: { range: string; placeholder: string } | string | null])[] = [
  ['an automatic name: its reference, and the name', markAt(TEXT, 'dropout_1', 1), { range: '6:18-6:27', placeholder: 'dropout_1' }],
  ['a block at a use', ON_BOTTLENECK, { range: '47:14-47:24', placeholder: 'Bottleneck' }],
  ["a block's input is refused", markAt(BLOCK, 'in)'), "error -32602: 'in' is the block's input: it cannot be renamed"],
  ['an op: nothing to rename', markAt(TEXT, 'conv(8', 1), null],
];

check('prepare rename', PREPARED, ({ analysis, offset }) => {
  try {
    const prepared = prepareRename(analysis, offset);
    return prepared ? { range: rangeText(prepared.range), placeholder: prepared.placeholder } : null;
  } catch (error) {
    return refusal(error);
  }
});
