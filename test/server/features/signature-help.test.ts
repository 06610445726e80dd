/** Signature help, as a table: a fixture with `|` in a call, the signature shown and the parameter marked. */
import { check, type Case } from '../../helpers/fixture';
import { provideSignatureHelp } from '../../../server/features/signature-help';

const NET = (line: string) => `network N {\n  input x: 3x32x32\n  a = conv(16, 3x3)\n${line}\n}\n`;

type Shown = { label: string; activeParameter: number | null } | null;

const CASES: readonly Case<Shown>[] = [
  [
    'the argument being written, named at the end of an unclosed call',
    'network N {\n  input x: 3x32x32\n  a = conv(16, 3x3, pad=|\n}\n',
    { label: 'conv(filters, kernel, stride=1, pad=0, dilation=1, groups=1, bias=true, act=none)', activeParameter: 3 },
  ],
  [
    'the first argument',
    NET('  b = conv(|)'),
    { label: 'conv(filters, kernel, stride=1, pad=0, dilation=1, groups=1, bias=true, act=none)', activeParameter: 0 },
  ],
  [
    'a deconv, at outpad',
    NET('  b = deconv(8, 4, stride=2, outpad=|)'),
    { label: 'deconv(filters, kernel, stride=1, pad=0, outpad=0, dilation=1, groups=1, bias=true, act=none)', activeParameter: 4 },
  ],
  ['adaptiveavgpool: its size', NET('  b = adaptiveavgpool(|)'), { label: 'adaptiveavgpool(size)', activeParameter: 0 }],
  ['the second argument, by position', NET('  b = dense(8, |)'), { label: 'dense(units, bias=true, act=none, tied=none)', activeParameter: 1 }],
  ['a recurrent op, its third argument', NET('  b = lstm(64, 2, |)'), { label: 'lstm(hidden, layers=1, bidirectional=false, bias=true)', activeParameter: 2 }],
  ['a default worked out from the input', NET('  b = posembed(|)'), { label: 'posembed(max=T)', activeParameter: 0 }],
  ['a signed index', NET('  b = token(|)'), { label: 'token(index=0)', activeParameter: 0 }],
  ['a merge op: its third and later arguments are one', NET('  b = add(a, x, |)'), { label: 'add(a, b, …)', activeParameter: 2 }],
  ['mul takes two', NET('  b = mul(a, |)'), { label: 'mul(a, b)', activeParameter: 1 }],
  ['a third argument of mul: none marked', NET('  b = mul(a, x, |)'), { label: 'mul(a, b)', activeParameter: null }],
  ['chunk: its index', NET('  b = chunk(2, |)'), { label: 'chunk(parts, index)', activeParameter: 1 }],
  ['droppath: its default', NET('  b = droppath(|)'), { label: 'droppath(p=0.1)', activeParameter: 0 }],
  ['a block call: its parameters as written', `block B(f, k=3) {\n  c = conv(f, k)\n}\n${NET('  b = B(8, |)')}`, { label: 'B(f, k=3)', activeParameter: 1 }],
  ['past the last parameter: none marked', NET('  b = relu(|)'), { label: 'relu()', activeParameter: null }],
  ['an unknown op: nothing', NET('  b = cnv(|)'), null],
  ['outside a call: nothing', NET('  b = relu() |'), null],
];

check('signature help', CASES, ({ analysis, offset }) => {
  const help = provideSignatureHelp(analysis, offset);
  return help ? { label: help.signatures[0]!.label, activeParameter: help.activeParameter ?? null } : null;
});
