/**
 * Rename, as a table of fixtures: a `|` marks the cursor, then the new name and either the
 * renamed text or the reason the rename is refused. A rename that is done must leave the
 * network wired as it was: the renamed text has the same diagnostics on the same lines, and the same shapes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, applyEdits, renameEdits, renameTarget, type Analysis } from '../../core';
import { cursor } from '../helpers/net';

interface Fixture {
  readonly title: string;
  /** The text, with `|` at the cursor. */
  readonly source: string;
  readonly newName: string;
  /** The text after the rename, or the refusal's message. */
  readonly expected: { readonly text: string } | { readonly refusal: string };
}

const lines = (...all: string[]): string => [...all, ''].join('\n');

/** A network whose fifth line is an unnamed dropout, read as `dropout_1` on the sixth. */
const DROPOUT = (cursorAt: string) =>
  lines('network N {', '  input x: 3x32x32', '  conv1 = conv(8, 3x3)', '  conv2 = conv(8, 3x3)', '  dropout()', '  s = add(conv2, dropout_1)', '}').replace(
    cursorAt.replace('@', ''),
    cursorAt.replace('@', '|'),
  );

const FIXTURES: readonly Fixture[] = [
  {
    title: 'a layer onto the name of another layer is refused',
    source: DROPOUT('  c@onv2 ='),
    newName: 'conv1',
    expected: { refusal: "'conv1' is already the name of the layer on line 3" },
  },
  {
    title: 'an automatic name onto the name of another layer is refused',
    source: DROPOUT('dropout_@1)'),
    newName: 'conv1',
    expected: { refusal: "'conv1' is already the name of the layer on line 3" },
  },
  {
    title: 'a layer onto the automatic name of another is refused',
    source: DROPOUT('  c@onv1 ='),
    newName: 'dropout_1',
    expected: { refusal: "'dropout_1' is already the automatic name of the layer on line 5" },
  },
  {
    title: 'a layer onto the name of the input is refused',
    source: DROPOUT('  c@onv1 ='),
    newName: 'x',
    expected: { refusal: "'x' is already the name of the input on line 2" },
  },
  {
    title: 'an automatic name names its layer',
    source: DROPOUT('dropout_@1)'),
    newName: 'drop',
    expected: {
      text: lines('network N {', '  input x: 3x32x32', '  conv1 = conv(8, 3x3)', '  conv2 = conv(8, 3x3)', '  drop = dropout()', '  s = add(conv2, drop)', '}'),
    },
  },
  {
    title: 'naming an unnamed layer renumbers the later ones of its op, and their reads follow',
    source: lines(
      'network N {',
      '  input x: 3x32x32',
      '  conv(4, 1x1)',
      '  dropout()',
      '  conv(8, 1x1)',
      '  dropout()',
      '  conv(16, 1x1)',
      '  dropout()',
      '  a = relu() from dropout_|2',
      '  b = relu() from dropout_3',
      '  c = concat(a, b, dropout_1)',
      '}',
    ),
    newName: 'mid',
    expected: {
      text: lines(
        'network N {',
        '  input x: 3x32x32',
        '  conv(4, 1x1)',
        '  dropout()',
        '  conv(8, 1x1)',
        '  mid = dropout()',
        '  conv(16, 1x1)',
        '  dropout()',
        '  a = relu() from mid',
        '  b = relu() from dropout_2',
        '  c = concat(a, b, dropout_1)',
        '}',
      ),
    },
  },
  {
    title: 'naming the first unnamed layer of an op: dropout_2 becomes dropout_1, dropout_3 dropout_2',
    source: lines('network N {', '  input x: 3x32x32', '  dropout()', '  dropout()', '  dropout()', '  a = add(dropout_|1, dropout_2, dropout_3)', '}'),
    newName: 'first',
    expected: {
      text: lines('network N {', '  input x: 3x32x32', '  first = dropout()', '  dropout()', '  dropout()', '  a = add(first, dropout_1, dropout_2)', '}'),
    },
  },
  {
    title: 'a name that a read names in vain is refused: the read would find the renamed layer',
    source: lines('network N {', '  input x: 3x32x32', '  |a = relu()', '  b = relu() from ghost', '}'),
    newName: 'ghost',
    expected: { refusal: "'ghost' is read on line 4: the renamed layer would take that read" },
  },
  {
    title: 'a name must be an identifier',
    source: DROPOUT('  c@onv2 ='),
    newName: '2nd',
    expected: { refusal: "'2nd' is not a name: letters, digits and _, not starting with a digit" },
  },
  {
    title: 'a name with a space is not a name',
    source: DROPOUT('  c@onv2 ='),
    newName: 'conv 3',
    expected: { refusal: "'conv 3' is not a name: letters, digits and _, not starting with a digit" },
  },
  {
    title: 'a keyword is refused',
    source: DROPOUT('  c@onv2 ='),
    newName: 'from',
    expected: { refusal: "'from' is a keyword" },
  },
  {
    title: "'in' is refused",
    source: DROPOUT('  c@onv2 ='),
    newName: 'in',
    expected: { refusal: "'in' is reserved: it names a block's input" },
  },
  {
    title: 'the same name changes nothing',
    source: DROPOUT('  c@onv2 ='),
    newName: 'conv2',
    expected: { text: DROPOUT('  c@onv2 =').replace('|', '') },
  },
  {
    title: 'a layer in a block onto a parameter of the block is refused',
    source: lines('block B(f) {', '  |a = conv(f, 3x3)', '}'),
    newName: 'f',
    expected: { refusal: "'f' is already a parameter of block B" },
  },
  {
    title: 'a parameter onto another parameter is refused',
    source: lines('block B(|f, k=3) {', '  a = conv(f, k)', '}'),
    newName: 'k',
    expected: { refusal: "'k' is already a parameter of block B" },
  },
  {
    title: 'a parameter onto a name read as a value is refused: act=relu would read it',
    source: lines('block B(|f) {', '  a = conv(f, 3x3, act=relu)', '}'),
    newName: 'relu',
    expected: { refusal: "'relu' is read on line 2: the renamed parameter would take that read" },
  },
  {
    title: 'a parameter onto a layer of the block is refused',
    source: lines('block B(|f) {', '  a = conv(f, 3x3)', '}'),
    newName: 'a',
    expected: { refusal: "'a' is already the name of the layer on line 2" },
  },
  {
    title: 'a parameter renamed with its uses',
    source: lines('block B(|f, k=f) {', '  a = conv(f * 2, k) * f', '}'),
    newName: 'filters',
    expected: { text: lines('block B(filters, k=filters) {', '  a = conv(filters * 2, k) * filters', '}') },
  },
  {
    title: 'a block onto an op is refused',
    source: lines('block |B(f) {', '  a = conv(f, 3x3)', '}', 'block C(f) {', '  a = B(f)', '}'),
    newName: 'conv',
    expected: { refusal: "'conv' is already an op" },
  },
  {
    title: 'a block onto an alias of an op is refused',
    source: lines('block |B(f) {', '  a = conv(f, 3x3)', '}'),
    newName: 'fc',
    expected: { refusal: "'fc' is already an op" },
  },
  {
    title: 'a block onto another block is refused',
    source: lines('block |B(f) {', '  a = conv(f, 3x3)', '}', 'block C(f) {', '  a = B(f)', '}'),
    newName: 'C',
    expected: { refusal: "'C' is already a block, on line 4" },
  },
  {
    title: 'a block onto a name called in vain is refused: the call would find the renamed block',
    source: lines('block |B(f) {', '  a = conv(f, 3x3)', '}', 'network N {', '  input x: 3x8x8', '  a = Bottleneck(4)', '}'),
    newName: 'Bottleneck',
    expected: { refusal: "'Bottleneck' is called on line 6: the renamed block would take that call" },
  },
  {
    title: 'a block renamed with its calls',
    source: lines(
      'block |B(f) {',
      '  a = conv(f, 3x3)',
      '}',
      'network N {',
      '  input x: 3x8x8',
      '  a = B(4)',
      '  B(8) from x',
      '  B(4) from x',
      '  c = add(a, B_2)',
      '  d = relu() from B_1',
      '}',
    ),
    newName: 'Pair',
    expected: {
      text: lines(
        'block Pair(f) {',
        '  a = conv(f, 3x3)',
        '}',
        'network N {',
        '  input x: 3x8x8',
        '  a = Pair(4)',
        '  Pair(8) from x',
        '  Pair(4) from x',
        '  c = add(a, Pair_2)',
        '  d = relu() from Pair_1',
        '}',
      ),
    },
  },
  {
    title: 'a block whose unnamed use would get an automatic name that is taken is refused',
    source: lines('block |B(f) {', '  a = conv(f, 3x3)', '}', 'network N {', '  input x: 3x8x8', '  B(4)', '  Pair_1 = relu()', '}'),
    newName: 'Pair',
    expected: { refusal: "the unnamed use on line 6 would be called 'Pair_1': 'Pair_1' is already the name of the layer on line 7" },
  },
  {
    title: 'a block whose unnamed use would get an automatic name read in vain is refused',
    source: lines('block |B(f) {', '  a = conv(f, 3x3)', '}', 'network N {', '  input x: 3x8x8', '  B(4)', '  b = relu() from Pair_1', '}'),
    newName: 'Pair',
    expected: { refusal: "the unnamed use on line 6 would be called 'Pair_1': 'Pair_1' is read on line 7: the renamed block would take that read" },
  },
  {
    title: 'a network onto another network is refused',
    source: lines('network |A {', '  input x: 8', '}', 'network B {', '  input x: 8', '}'),
    newName: 'B',
    expected: { refusal: "'B' is already a network, on line 4" },
  },
  {
    title: "a block's input cannot be renamed",
    source: lines('block B(f) {', '  a = conv(f, 3x3)', '  b = add(a, i|n)', '}'),
    newName: 'x',
    expected: { refusal: "'in' is the block's input: it cannot be renamed" },
  },
  // `tied=NAME` names a layer (an embedding): a reference like a read, renamed with it.
  {
    title: 'an embedding renamed from its definition renames the tied= that names it',
    source: lines('network N {', '  input ids: 16', '  w|te = embedding(100, 8)', '  head = dense(100, tied=wte)', '}'),
    newName: 'table',
    expected: { text: lines('network N {', '  input ids: 16', '  table = embedding(100, 8)', '  head = dense(100, tied=table)', '}') },
  },
  {
    title: 'an embedding renamed from the tied= that names it',
    source: lines('network N {', '  input ids: 16', '  wte = embedding(100, 8)', '  head = dense(100, bias=false, tied=w|te)', '}'),
    newName: 'table',
    expected: { text: lines('network N {', '  input ids: 16', '  table = embedding(100, 8)', '  head = dense(100, bias=false, tied=table)', '}') },
  },
  {
    title: 'an unnamed embedding named by tied= is named, and the reference follows',
    source: lines('network N {', '  input ids: 16', '  embedding(100, 8)', '  dense(100, tied=embedding_|1)', '}'),
    newName: 'wte',
    expected: { text: lines('network N {', '  input ids: 16', '  wte = embedding(100, 8)', '  dense(100, tied=wte)', '}') },
  },
  {
    title: 'nothing to rename on an op',
    source: DROPOUT('  conv1 = co@nv('),
    newName: 'x',
    expected: { refusal: 'nothing to rename here' },
  },
];

/** What a rename must not change: each diagnostic's code and line, and each layer's input and output shapes. */
function wiring(analysis: Analysis): string[] {
  const diagnostics = analysis.diagnostics.map((d) => `${analysis.lines.positionAt(d.span.start).line + 1} ${d.code}`);
  const shape = (s: readonly number[] | undefined) => s?.join('x') ?? '?';
  const shapes = analysis.networks.flatMap((network) =>
    network.layers.map((layer) => `${layer.kind === 'block' ? 'block' : layer.op} ${layer.inputs.map(shape).join(' ')} → ${shape(layer.shape)}`),
  );
  return [...diagnostics, ...shapes];
}

describe('rename', () => {
  for (const fixture of FIXTURES) {
    test(fixture.title, () => {
      const { text, offset } = cursor(fixture.source);
      const analysis = analyze(text);
      const result = renameEdits(analysis, offset, fixture.newName);
      if ('refusal' in fixture.expected) {
        assert.deepEqual(result, { refusal: fixture.expected.refusal });
        return;
      }
      assert.ok('edits' in result, JSON.stringify(result));
      const renamed = applyEdits(text, result.edits);
      assert.equal(renamed, fixture.expected.text);
      assert.deepEqual(wiring(analyze(renamed)), wiring(analysis));
    });
  }

  test('prepare: the occurrence under the cursor and its name, automatic names included', () => {
    const { text, offset } = cursor(DROPOUT('dropout_@1)'));
    const target = renameTarget(analyze(text), offset);
    assert.ok(target && 'symbol' in target);
    assert.equal(target.symbol.name, 'dropout_1');
    assert.equal(text.slice(target.span.start, target.span.end), 'dropout_1');
  });
});
