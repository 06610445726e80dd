/**
 * Completion, as a table: a fixture with `|` at the cursor and the labels offered there, in
 * order; then the snippets some of them insert.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPS, OP_ALIASES } from '../../../core';
import { check, fixture, type Case } from '../../helpers/fixture';
import { provideCompletion } from '../../../server/features/completion';

// Every op in the registry's order, then the aliases: test/core/ops.test.ts lists the ops by name.
const CALLABLES = [...OPS.keys(), ...OP_ALIASES.keys()];
const NET = (body: string) => `network N {\n  input x: 3x32x32\n  a = conv(16, 3x3)\n  b = relu()\n${body}\n}\n`;
const SIGNAL = (body: string) => `network M {\n  input wave: 1x16000\n  a = conv(32, 80, stride=16)\n  b = relu()\n${body}\n}\n`;
const SIGNAL_BLOCK = 'block Down(f) {\n  a = conv(f, 3, pad=1)\n';
const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'gelu', 'silu', 'swish', 'hardswish', 'hardsigmoid', 'relu6', 'leakyrelu', 'elu', 'none'];

const CASES: readonly Case<string[]>[] = [
  ['ops and blocks at a new statement', NET('  c = |'), CALLABLES],
  [
    'argument names inside a call, those written left out',
    NET('  c = conv(8, 3x3, pad=1, |)'),
    ['filters=', 'kernel=', 'stride=', 'dilation=', 'groups=', 'bias=', 'act='],
  ],
  ['activations after act=', NET('  c = conv(8, 3x3, act=|)'), ACTIVATIONS],
  ['same after pad=', NET('  c = conv(8, 3x3, pad=|)'), ['same']],
  ['true and false after bias=', NET('  c = dense(8, bias=|)'), ['true', 'false']],
  [
    'a block parameter takes the values of the op argument it is passed on to',
    `block B(f, a) {\n  c = conv(f, 3x3, act=a)\n}\n${NET('  c = B(8, a=|)')}`,
    ACTIVATIONS,
  ],
  [
    'the same by position, through another block',
    `block A(f, b) {\n  c = dense(f, b)\n}\nblock B(u) {\n  a = A(8, u)\n}\n${NET('  c = B(u=|)')}`,
    ['true', 'false'],
  ],
  ['no values for a block parameter passed on to none', `block B(f, act) {\n  c = conv(f, 3x3)\n}\n${NET('  c = B(8, act=|)')}`, []],
  ['tied= takes an earlier layer, nearest first, or none', NET('  c = dense(8, tied=|)'), ['b', 'a', 'none']],
  ['tensors in scope after from, nearest first', NET('  c = relu() from |'), ['b', 'a', 'x']],
  ['tensors inside add', NET('  c = add(a, |)'), ['b', 'a', 'x']],
  ['tensors inside mul', NET('  c = mul(|)'), ['b', 'a', 'x']],
  ['tensors after from at the end of a file, the body still open', 'network N {\n  input x: 3x32x32\n  a = relu()\n  b = relu() from |', ['a', 'x']],
  ['tensors inside add at the end of a file, past a blank line', 'network N {\n  input x: 3x32x32\n  a = relu()\n\n  b = add(a, |', ['a', 'x']],
  ['in and earlier layers inside a block', 'block B(f) {\n  a = conv(f, 1x1)\n  b = concat(a, |)\n}\n', ['a', 'in']],
  [
    'block parameters as values inside a block',
    'block B(filters, k=3) {\n  a = conv(|)\n}\n',
    ['filters=', 'kernel=', 'stride=', 'pad=', 'dilation=', 'groups=', 'bias=', 'act=', 'filters', 'k'],
  ],
  ['network and block at the top level', '|', ['network', 'block']],
  ["'tensor' after a parameter's ':'", 'block B(skip: |', ['tensor']],
  ["'tensor' after ':' with the type begun", 'block B(f, skip: te|) {\n}\n', ['tensor']],
  ['tensors in scope at the place of a tensor parameter', `block Up(skip: tensor, f) {\n  add(in, skip)\n}\n${NET('  c = Up(|)')}`, ['b', 'a', 'x']],
  ['the same after its name', `block Up(f, skip: tensor) {\n  add(in, skip)\n}\n${NET('  c = Up(8, skip=|)')}`, ['b', 'a', 'x']],
  [
    'in and tensor parameters inside a block, its value parameters not',
    'block Up(skip: tensor, f) {\n  a = conv(f, 1x1)\n  b = concat(a, |)\n}\n',
    ['a', 'skip', 'in'],
  ],

  ['ops, blocks and input on the line after a call, not from', NET('  pool = maxpool(2x2)\n  co|'), [...CALLABLES, 'input']],
  ['the same at the end of a file with no line break', 'network N {\n  input x: 3x32x32\n  pool = maxpool(2x2)\n  co|', [...CALLABLES, 'input']],
  ['the same after a comment line', NET('  # the head\n  |'), [...CALLABLES, 'input']],
  ['from after a call on the same line', NET('  pool = maxpool(2x2) |'), ['from']],
  [
    'inside a block: no input, nor the blocks a call would make recursive (B itself, A that uses it)',
    'block A(f) {\n  a = B(f)\n}\nblock B(f) {\n  a = conv(f, 3x3)\n  |\n}\nblock C(f) {\n  a = conv(f, 1x1)\n}\n',
    [...CALLABLES, 'C'],
  ],
  [
    'the same after name = at the end of a file',
    'block A(f) {\n  a = B(f)\n}\nblock C(f) {\n  a = conv(f, 1x1)\n}\nblock B(f) {\n  x = |',
    [...CALLABLES, 'C'],
  ],
  ['a recurrent op’s argument names', NET('  c = lstm(32, |)'), ['hidden=', 'layers=', 'bidirectional=', 'bias=']],
  ['true and false after bidirectional=', NET('  c = gru(32, bidirectional=|)'), ['true', 'false']],
  ['network and block after a block', 'block B(f) {\n  a = conv(f, 3x3)\n}\n|', ['network', 'block']],
  ['nothing inside a comment', NET('  pool = maxpool(2x2) # 2x co|'), []],
];

check('completion', CASES, ({ analysis, offset }) => provideCompletion(analysis, offset).map((item) => item.label));

/** Where, which label, and the snippet it inserts. */
const SNIPPETS: readonly (readonly [title: string, source: string, label: string, insertText: string])[] = [
  ['conv on a map: an HxW kernel', NET('  c = |'), 'conv', 'conv(${1:filters}, ${2:3x3})$0'],
  ['add', NET('  c = |'), 'add', 'add(${1:a}, ${2:b})$0'],
  ['posembed: only the required arguments, max defaults to T', NET('  c = |'), 'posembed', 'posembed()$0'],
  ['spatial', NET('  c = |'), 'spatial', 'spatial(${1:height}, ${2:width})$0'],
  ['mul', NET('  c = |'), 'mul', 'mul(${1:a}, ${2:b})$0'],
  ['chunk', NET('  c = |'), 'chunk', 'chunk(${1:parts}, ${2:index})$0'],
  ['swish', NET('  c = |'), 'swish', 'swish()$0'],
  ['deconv on a map', NET('  c = |'), 'deconv', 'deconv(${1:filters}, ${2:3x3})$0'],
  // On a C×L signal a kernel is one size: HxW there is an error.
  ['conv on a signal: a 1-D kernel', SIGNAL('  c = |'), 'conv', 'conv(${1:filters}, ${2:3})$0'],
  ['maxpool on a signal', SIGNAL('  c = |'), 'maxpool', 'maxpool(${1:3})$0'],
  ["adaptiveavgpool's size on a signal", SIGNAL('  c = |'), 'adaptiveavgpool', 'adaptiveavgpool(${1:3})$0'],
  ['an unnamed layer on a signal', SIGNAL('  |'), 'avgpool', 'avgpool(${1:3})$0'],
  ['the first layer, on a signal input', 'network M {\n  input wave: 1x16000\n  c = |\n}\n', 'conv', 'conv(${1:filters}, ${2:3})$0'],
  [
    'after a flatten, not a signal any more',
    'network M {\n  input wave: 1x16000\n  a = conv(8, 80, stride=16)\n  f = flatten()\n  c = |\n}\n',
    'conv',
    'conv(${1:filters}, ${2:3x3})$0',
  ],
  ['in a block used on a signal', `${SIGNAL_BLOCK}  c = |\n}\n${SIGNAL('  b = Down(8)')}`, 'conv', 'conv(${1:filters}, ${2:3})$0'],
  ["a block's first layer, reading in, used on a signal", `block Down(f) {\n  |\n}\n${SIGNAL('  b = Down(8)')}`, 'maxpool', 'maxpool(${1:3})$0'],
  ['in a block used on a map', `${SIGNAL_BLOCK}  c = |\n}\n${NET('  d = Down(8)')}`, 'conv', 'conv(${1:filters}, ${2:3x3})$0'],
];

check(
  'completion snippets',
  SNIPPETS,
  ({ analysis, offset }, [, , label]) => provideCompletion(analysis, offset).find((item) => item.label === label)?.insertText,
);

test('completion: a merge shows how many tensors it takes', () => {
  const { analysis, offset } = fixture(NET('  c = |'));
  const details = Object.fromEntries(provideCompletion(analysis, offset).map((item) => [item.label, item.detail]));
  assert.deepEqual([details.add, details.concat, details.mul, details.chunk], ['add(a, b, …)', 'concat(a, b, …)', 'mul(a, b)', 'chunk(parts, index)']);
});
