/**
 * Recovery: a broken line costs that line (and what reads it), never the rest of the file;
 * the parser never throws, and every range stays inside the document.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, forEachLeaf, parse, type Analysis } from '../../core';
import { analyzeNet, countRow, errors, nodeAt, readExample } from '../helpers/net';

const ALEXNET = readExample('alexnet.net');

/** AlexNet with one line replaced. */
function alexnetWith(line: string, replacement: string): string {
  assert.ok(ALEXNET.includes(line), line);
  return ALEXNET.replace(line, replacement);
}

const ALEXNET_WEIGHTS: [string, number][] = [
  ['conv1', 34_848],
  ['conv2', 307_200],
  ['conv3', 884_736],
  ['conv4', 663_552],
  ['conv5', 442_368],
  ['fc6', 37_748_736],
  ['fc7', 16_777_216],
  ['fc8', 4_096_000],
];

function weightsOf(analysis: Analysis): [string, number][] {
  const rows: [string, number][] = [];
  forEachLeaf(analysis.networks[0]!.layers, (leaf, path) => {
    if (leaf.counts.weights > 0n) rows.push([path, Number(leaf.counts.weights)]);
  });
  return rows;
}

function assertSpansInside(analysis: Analysis): void {
  for (const d of analysis.diagnostics) {
    assert.ok(
      Number.isInteger(d.span.start) && Number.isInteger(d.span.end) && 0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= analysis.text.length,
      `${d.code} [${d.span.start}, ${d.span.end}) outside a text of ${analysis.text.length}: ${d.message}`,
    );
    for (const related of d.related ?? [])
      assert.ok(0 <= related.span.start && related.span.start <= related.span.end && related.span.end <= analysis.text.length);
  }
}

describe('recovery inside a network', () => {
  test('a call left open: the layer is recovered and the network analysed to the digit', () => {
    const text = alexnetWith('conv3 = conv(384, 3x3, pad=1, act=relu)', 'conv3 = conv(384, 3x3, pad=1, act=relu');
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ["syntax: expected ')' to close conv(, found 'conv4'"]);
    const syntax = analysis.diagnostics.find((d) => d.code === 'syntax')!;
    assert.equal(text.slice(syntax.span.start, syntax.span.end), 'conv4');
    assert.deepEqual(weightsOf(analysis), ALEXNET_WEIGHTS);
    assert.equal(analysis.networks[0]!.totals.weights, 60_954_656n);
    assert.deepEqual(analysis.networks[0]!.output, [1000]);
  });

  test("a size list left open is named as a call left open is: expected ']' to close [", () => {
    const text = alexnetWith('conv3 = conv(384, 3x3, pad=1, act=relu)', 'conv3 = conv(384, [3, 3');
    assert.deepEqual(errors(analyze(text)), ["syntax: expected ']' to close [, found 'conv4'"]);
    const nested = alexnetWith('conv3 = conv(384, 3x3, pad=1, act=relu)', 'conv3 = conv(384, [3, (1 + 2), [1, 2]');
    assert.deepEqual(errors(analyze(nested)), ["syntax: expected ']' to close [, found 'conv4'"]);
  });

  test('a line of stray tokens: every layer still analysed', () => {
    const text = alexnetWith('  pool2 =', '  ) ) = 3x3\n  pool2 =');
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ["syntax: expected a layer, an input or '}', found ')'"]);
    assert.deepEqual(weightsOf(analysis), ALEXNET_WEIGHTS);
    assert.equal(analysis.networks[0]!.totals.connections, 724_406_816n);
  });

  test('a stray } inside the body does not end it', () => {
    const text = alexnetWith('  fc7   =', '  }\n  fc7   =');
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ["syntax: expected a layer or an input, found '}'"]);
    assert.deepEqual(weightsOf(analysis), ALEXNET_WEIGHTS);
  });

  test('a layer broken beyond repair keeps its name; what reads it is unknown, the rest is exact', () => {
    const text = alexnetWith('conv3 = conv(384, 3x3, pad=1, act=relu)', 'conv3 = conv(384, 3x3,, pad=1, act=relu)');
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ["syntax: expected a number, dimensions, a name, '(' or '[', found ','"]);
    const network = analysis.networks[0]!;
    assert.deepEqual(
      network.layers.map((layer) => layer.name),
      ['conv1', 'norm1', 'pool1', 'conv2', 'norm2', 'pool2', 'conv3', 'conv4', 'conv5', 'pool5', 'fc6', 'dropout_1', 'fc7', 'dropout_2', 'fc8', 'prob'],
    );
    // Before the broken line, the published numbers; from it on, nothing made up.
    assert.deepEqual(weightsOf(analysis), ALEXNET_WEIGHTS.slice(0, 2));
    assert.deepEqual(nodeAt(network, 'pool2').shape, [256, 13, 13]);
    for (const name of ['conv3', 'conv4', 'fc8', 'prob']) assert.equal(nodeAt(network, name).shape, undefined, name);
    assert.equal(network.output, undefined);
  });

  test('an error stops only what depends on it', () => {
    const text = ['network N {', '  input x: 3x8x8', '  a = conv(8, 3x3,, pad=1)', '  b = conv(4, 3x3) from x', '  c = dense(10)', '}', ''].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), ["syntax: expected a number, dimensions, a name, '(' or '[', found ','"]);
    assert.equal(nodeAt(network, 'a').shape, undefined);
    // b: 4×6×6, 3·3·3·4 = 108 weights; c: 144·10 = 1,440 weights
    assert.deepEqual(countRow(nodeAt(network, 'b').counts), [144, 108, 4, 112, 3_888, 144]);
    assert.deepEqual(countRow(nodeAt(network, 'c').counts), [10, 1_440, 10, 1_450, 1_440, 10]);
    assert.deepEqual(network.output, [10]);
  });

  test('a statement without its parentheses becomes a placeholder, not a shortcut', () => {
    const text = ['network N {', '  input x: 3x8x8', '  a = conv 8', '  b = relu()', '}', ''].join('\n');
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), ["syntax: expected '(', found '8'"]);
    // b reads a, whose shape is unknown: b is not silently fed the input instead.
    assert.deepEqual(
      network.layers.map((layer) => layer.name),
      ['a', 'b'],
    );
    assert.equal(nodeAt(network, 'b').shape, undefined);
  });

  test('a network without a name or without its { is still analysed', () => {
    const noName = analyze('network {\n  input x: 3\n  a = dense(2)\n}\n');
    assert.deepEqual(errors(noName), ["syntax: expected a name, found '{'"]);
    assert.equal(noName.networks[0]!.totals.weights, 6n);
    const noBrace = analyze('network N\n  input x: 3\n  a = dense(2)\n}\n');
    assert.deepEqual(errors(noBrace), ["syntax: expected '{', found 'input'"]);
    assert.equal(noBrace.networks[0]!.name, 'N');
    assert.equal(noBrace.networks[0]!.totals.weights, 6n);
  });
});

describe('recovery across declarations', () => {
  const SECOND = ['network Second {', '  input y: 1000', '  big = dense(2000)', '  out = dense(10)', '}', ''].join('\n');

  test('a network left open does not swallow the next one, which is analysed and linted', () => {
    const text = `network First {\n  input x: 3x8x8\n  a = conv(8, 3x3)\n${SECOND}`;
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ["syntax: expected '}' to close network First {, found 'network'"]);
    const syntax = analysis.diagnostics.find((d) => d.code === 'syntax')!;
    // Where First was left open: after its last token.
    assert.equal(syntax.span.start, text.indexOf('3x3)') + 4);
    assert.equal(syntax.span.end, syntax.span.start);
    assert.deepEqual(
      analysis.networks.map((n) => [n.name, n.output, Number(n.totals.weights)]),
      [
        ['First', [8, 6, 6], 216],
        ['Second', [10], 2_020_000],
      ],
    );
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.severity !== 'error').map((d) => `${d.code}:${d.target?.network}:${d.target?.path}`),
      ['heavy-layer:Second:big', 'fc-dominant:Second:big'],
    );
  });

  test('a broken first network, a sound second one', () => {
    const text = `network First {\n  input x: 3x8x8\n  a = cnov(8, 3x3)\n  b = conv(8, 3x3,\n}\n${SECOND}`;
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), [
      "unknown-op: unknown op or block 'cnov': did you mean 'conv'?",
      "syntax: expected a number, dimensions, a name, '(' or '[', found '}'",
    ]);
    assert.equal(analysis.networks[1]!.totals.params, 2_022_010n);
    assert.ok(analysis.diagnostics.some((d) => d.code === 'heavy-layer' && d.target?.network === 'Second'));
  });

  test('a block left open: the network after it is analysed with it', () => {
    const text = 'block B(c) {\n  conv(c, 3x3, pad=1)\nnetwork N {\n  input x: 3x8x8\n  b = B(4)\n}\n';
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), ["syntax: expected '}' to close block B {, found 'network'"]);
    assert.deepEqual(countRow(nodeAt(network, 'b').counts), [256, 108, 4, 112, 6_912, 256]);
  });

  test('a block head left open', () => {
    const text = 'block B(c {\n  conv(c, 1)\n}\nnetwork N {\n  input x: 3x8x8\n  b = B(4)\n}\n';
    const { analysis, network } = analyzeNet(text);
    assert.deepEqual(errors(analysis), ["syntax: expected ')' to close B(, found '{'"]);
    assert.equal(nodeAt(network, 'b').counts.weights, 12n);
  });

  test('garbage between declarations costs neither', () => {
    const text = 'network A {\n  input x: 3\n  a = dense(2)\n}\n ))) garbage = (\nnetwork B {\n  input x: 3\n  a = dense(4)\n}\n';
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ["syntax: expected 'network' or 'block', found ')'"]);
    assert.deepEqual(
      analysis.networks.map((n) => Number(n.totals.weights)),
      [6, 12],
    );
  });

  test('Windows line breaks change nothing', () => {
    const analysis = analyze(ALEXNET.replace(/\n/g, '\r\n'));
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      analyze(ALEXNET).diagnostics.map((d) => d.code),
    );
    assert.deepEqual(weightsOf(analysis), ALEXNET_WEIGHTS);
  });
});

const NASTY: readonly [string, string][] = [
  ['empty text', ''],
  ['only whitespace', '  \n\t\n\r\n   '],
  ['only comments', '# one\n# two: network N {\n   # three'],
  ['a lone keyword', 'network'],
  ['a head without a body', 'network N'],
  ['an opening brace', 'network N {'],
  ['an input cut short', 'network N { input'],
  ['an input without a shape', 'network N { input x:'],
  ['a shape cut short', 'network N { input x: 3x'],
  ['a call cut short', 'network N { input x: 3\n a = conv('],
  ['a repeat cut short', 'network N { input x: 3\n a = relu() *'],
  ['a from cut short', 'network N { input x: 3\n a = relu() from'],
  ['a block head cut short', 'block B('],
  ['a block parameter default cut short', 'block B(c =) { relu() }'],
  ['unbalanced braces', '}}}{{{ network N {{ }}} {'],
  ['unbalanced parentheses', 'network N { input x: 3\n a = dense((((2)\n b = dense(2)))) }'],
  ['stray tokens', ', = : * + - / ) ( 3x3 0.5 true from input'],
  ['keywords as names', 'network network { input input: 3\n from = relu() from from\n}'],
  ['a name that is a keyword prefix', 'network inputs { input x: 3\n networks = relu()\n}'],
  ['unknown characters', 'network N { input x: 3 @ ! ~ ` ; \\ }'],
  ['a byte-order mark', '\uFEFFnetwork N { input x: 3\n a = relu() }'],
  ['non-ASCII', 'network Ñ { input x: 3\n ä = relu() }'],
  ['a lone carriage return', 'network N {\r  input x: 3\r  a = relu()\r}'],
  ['a repeat of a block inside itself via expressions', 'block B(n) { B(n) * n }\nnetwork N { input x: 3\n a = B(2) }'],
  ['a merge of nothing', 'network N { input x: 3\n a = add()\n b = concat(,)\n}'],
  ['a huge dimension list', `network N { input x: ${Array(200).fill('9').join('x')} }`],
  ['a very long line', `network N { input x: 3\n a = dense(${'1,'.repeat(5000)}1) }`],
  ['deep parentheses', `network N { input x: 3\n a = dense(${'('.repeat(5000)}2${')'.repeat(5000)}) }`],
  ['a long sum', `network N { input x: 3\n a = dense(${Array(20000).fill('1').join(' + ')}) }`],
  ['a thousand unclosed calls', 'network N { input x: 3\n' + ' a = relu(\n'.repeat(1000)],
];

describe('the parser never throws', () => {
  for (const [title, text] of NASTY) {
    test(title, () => {
      const parsed = parse(text);
      for (const error of parsed.errors) assert.ok(0 <= error.span.start && error.span.start <= error.span.end && error.span.end <= text.length);
      const analysis = analyze(text);
      assertSpansInside(analysis);
      // The same text, the same analysis.
      assert.deepEqual(analyze(text).diagnostics, analysis.diagnostics);
    });
  }

  test('every single-token deletion and insertion in AlexNet analyses, with every range inside the text', () => {
    const tokens = [...ALEXNET.matchAll(/[A-Za-z_0-9.]+|[^\sA-Za-z_0-9]/g)].filter((m) => !ALEXNET.slice(0, m.index).split('\n').pop()!.includes('#'));
    assert.ok(tokens.length > 150);
    let runs = 0;
    for (const token of tokens) {
      const at = token.index!;
      const end = at + token[0].length;
      for (const text of [
        ALEXNET.slice(0, at) + ALEXNET.slice(end),
        `${ALEXNET.slice(0, end)} ) ${ALEXNET.slice(end)}`,
        `${ALEXNET.slice(0, end)}, ${ALEXNET.slice(end)}`,
      ]) {
        const analysis = analyze(text);
        assertSpansInside(analysis);
        assert.equal(analysis.networks.length, token[0] === 'network' && text.length < ALEXNET.length ? 0 : 1);
        runs++;
      }
    }
    assert.equal(runs, tokens.length * 3);
  });
});
