/**
 * Definition, references and highlights, as tables: a fixture with `|` on a name and the
 * ranges (1-based `line:col-line:col`) where it is defined, read, or both.
 */
import { DocumentHighlightKind } from 'vscode-languageserver-protocol';
import { readExample } from '../../helpers/paths';
import { check, markAt, rangeText, URI, type Case } from '../../helpers/fixture';
import { provideDefinition, provideHighlights, provideReferences } from '../../../server/features/navigation';

const RESNET = readExample('resnet50.net');
const ON_BOTTLENECK = markAt(RESNET, 'Bottleneck(64) * 2', 2);
const SMALL = 'network N {\n  input x: 3x32x32\n  a = conv(8, 3x3)\n  b = relu()\n  c = add(a, b)\n  d = relu() from a\n}\n';
const IN_BLOCK = 'block B(f) {\n  a = conv(f, 3x3)\n  b = add(a, in)\n}\n';
const AUTO = 'network N {\n  input x: 3x32x32\n  conv(8, 3x3)\n  relu()\n  conv(8, 1x1)\n  s = add(conv_1, conv_2)\n  d = relu() from relu_1\n}\n';
const IN_HEADER = 'block B(f) {\n  a = conv(f, 3x3)\n  b = add(a, in)\n  c = relu() from in\n}\n';
const MERGE_IN = 'block Up(skip: tensor, f) {\n  c = concat(in, skip)\n}\n';
const UP_NET =
  'block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n' +
  'network U {\n  input x: 3x16x16\n  e1 = conv(8, 3x3, pad=1)\n  p1 = maxpool(2)\n  u1 = Up(e1, 8)\n}\n';

const DEFINITIONS: readonly Case<string[]>[] = [
  ['a block, from a use', ON_BOTTLENECK, ['7:7-7:17']],
  ['a tensor read inside a block, from its use', markAt(RESNET, 'add(bn3, dn_bn)', 5), ['30:3-30:6']],
  ['a layer, from a read with from', markAt(SMALL, 'from a', 5), ['3:3-3:4']],
  ['a layer, on its own name', markAt(SMALL, 'a =', 0), ['3:3-3:4']],
  ['a layer, from a read in add', markAt(SMALL, 'add(a, b)', 4), ['3:3-3:4']],
  ["a block's input in, read by add: the block's header", markAt(IN_BLOCK, 'in)', 0), ['1:1-1:11']],
  ["a block's input in, read with from: the block's header", markAt(IN_HEADER, 'from in', 6), ['1:1-1:11']],
  ['in, in a block with a tensor parameter: the header, its parameters whole', markAt(MERGE_IN, 'in,', 0), ['1:1-1:26']],
  ['an automatic name, from a read in add: the call that makes it', markAt(AUTO, 'conv_1', 2), ['3:3-3:7']],
  ['the second automatic name of an op', markAt(AUTO, 'conv_2', 6), ['5:3-5:7']],
  ['an automatic name, from a read with from', markAt(AUTO, 'relu_1', 3), ['4:3-4:7']],
  ['an op: nothing', markAt(SMALL, 'conv', 1), []],
  ['a tensor parameter, from its read in concat', markAt(UP_NET, 'skip)', 1), ['1:10-1:14']],
  ['a layer, from the call that passes it to a tensor parameter', markAt(UP_NET, 'Up(e1', 4), ['8:3-8:5']],
];
check('definition', DEFINITIONS, ({ analysis, offset }) => provideDefinition(analysis, URI, offset).map((l) => rangeText(l.range)));

/** Without the declaration, as with `includeDeclaration: false`, then with it. */
const REFERENCES: readonly Case<{ uses: string[]; withDeclaration: string[] }>[] = [
  [
    'a block: its four uses',
    ON_BOTTLENECK,
    {
      uses: ['47:14-47:24', '49:14-49:24', '51:14-51:24', '53:14-53:24'],
      withDeclaration: ['7:7-7:17', '47:14-47:24', '49:14-49:24', '51:14-51:24', '53:14-53:24'],
    },
  ],
  ['a layer read by add and from', markAt(SMALL, 'a =', 0), { uses: ['5:11-5:12', '6:19-6:20'], withDeclaration: ['3:3-3:4', '5:11-5:12', '6:19-6:20'] }],
  ['a tensor parameter, on its declaration', markAt(UP_NET, 'skip:', 1), { uses: ['3:26-3:30'], withDeclaration: ['1:10-1:14', '3:26-3:30'] }],
  ['a layer passed to a tensor parameter', markAt(UP_NET, 'e1 =', 0), { uses: ['10:11-10:13'], withDeclaration: ['8:3-8:5', '10:11-10:13'] }],
  ['an automatic name: its reads, and the call that makes it', markAt(AUTO, 'conv_1', 2), { uses: ['6:11-6:17'], withDeclaration: ['3:3-3:7', '6:11-6:17'] }],
  [
    "a block's input: its reads, and the block's header",
    markAt(IN_HEADER, 'in)', 0),
    { uses: ['3:14-3:16', '4:19-4:21'], withDeclaration: ['1:1-1:11', '3:14-3:16', '4:19-4:21'] },
  ],
];
check('references', REFERENCES, ({ analysis, offset }) => ({
  uses: provideReferences(analysis, URI, offset, false).map((l) => rangeText(l.range)),
  withDeclaration: provideReferences(analysis, URI, offset, true).map((l) => rangeText(l.range)),
}));

/** `write` where the name is defined, `read` where it is used. */
const HIGHLIGHTS: readonly Case<string[]>[] = [
  ['a block: its definition and four uses', ON_BOTTLENECK, ['write 7:7-7:17', 'read 47:14-47:24', 'read 49:14-49:24', 'read 51:14-51:24', 'read 53:14-53:24']],
  ['a layer', markAt(SMALL, 'from a', 5), ['write 3:3-3:4', 'read 5:11-5:12', 'read 6:19-6:20']],
  ['nothing on an op', markAt(SMALL, 'conv', 1), []],
  ['an automatic name: the call that makes it, and its read', markAt(AUTO, 'relu_1', 1), ['write 4:3-4:7', 'read 7:19-7:25']],
  ["a block's input: the block's header, and its reads", markAt(IN_HEADER, 'from in', 5), ['write 1:1-1:11', 'read 3:14-3:16', 'read 4:19-4:21']],
];
check('highlights', HIGHLIGHTS, ({ analysis, offset }) =>
  provideHighlights(analysis, offset).map((h) => `${h.kind === DocumentHighlightKind.Write ? 'write' : 'read'} ${rangeText(h.range)}`),
);
