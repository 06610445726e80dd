/**
 * The spec's limits: bad input gets a clear diagnostic at the place that caused it, never
 * a hang, a crash or an exhausted heap.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, countToJson, decodeSource, DEFAULT_SETTINGS, describeNonText, formatCount, MAX_DIAGNOSTICS, mergeSettings, renderTables } from '../../core';
import { countRow, errors, net, nodeAt } from '../helpers/net';

const LIMIT_100 = mergeSettings(DEFAULT_SETTINGS, { maxLayers: 100 }).settings;
const limitMessage = (network: string, layers: string) =>
  `limit: network '${network}' expands to more than ${layers} layers (the layer limit, a setting); its analysis stops here`;

/** The text the one diagnostic of the analysis covers. */
function covered(text: string, settings = DEFAULT_SETTINGS): string[] {
  const analysis = analyze(text, settings);
  return analysis.diagnostics.map((d) => text.slice(d.span.start, d.span.end));
}

describe('the layer limit (a setting)', () => {
  test('at the limit: analysed', () => {
    assert.equal(LIMIT_100.maxLayers, 100);
    const analysis = analyze(net('3x8x8', 'a = relu() * 100'), LIMIT_100);
    assert.deepEqual(analysis.diagnostics, []);
    const network = analysis.networks[0]!;
    assert.equal(network.layerCount, 100);
    assert.equal(network.complete, true);
    assert.deepEqual(network.output, [3, 8, 8]);
  });

  test('one past it: an error on the statement that crossed the line', () => {
    const text = net('3x8x8', 'a = relu() * 101');
    const analysis = analyze(text, LIMIT_100);
    assert.deepEqual(errors(analysis), [limitMessage('T', '100')]);
    assert.deepEqual(covered(text, LIMIT_100), ['a = relu() * 101']);
    assert.equal(analysis.networks[0]!.complete, false);
    assert.equal(analysis.networks[0]!.output, undefined);
  });

  test('the statement that crosses, not the first one', () => {
    const text = net('3x8x8', 'a = relu() * 99', 'b = tanh()', 'c = relu()', 'd = relu()');
    assert.deepEqual(covered(text, LIMIT_100), ['c = relu()']);
  });

  test('blocks and repeats count every layer they expand to', () => {
    const block = 'block Two() {\n  relu()\n  tanh()\n}\n';
    const at = analyze(`${block}${net('3x8x8', 'a = Two() * 50')}`, LIMIT_100);
    assert.deepEqual(at.diagnostics, []);
    assert.equal(at.networks[0]!.layerCount, 100);
    const past = `${block}${net('3x8x8', 'a = Two() * 50', 'b = relu()')}`;
    assert.deepEqual(errors(analyze(past, LIMIT_100)), [limitMessage('T', '100')]);
    assert.deepEqual(covered(past, LIMIT_100), ['b = relu()']);
  });

  test('the limit is per network', () => {
    const text = `${net('3x8x8', 'a = relu() * 101')}network U {\n  input x: 3\n  a = relu() * 100\n}\n`;
    const analysis = analyze(text, LIMIT_100);
    assert.deepEqual(errors(analysis), [limitMessage('T', '100')]);
    assert.deepEqual(
      analysis.networks.map((n) => [n.name, n.complete, n.layerCount]),
      [
        ['T', false, 0],
        ['U', true, 100],
      ],
    );
  });

  test('the default is 1,000,000: a repeat past it is refused at once, without building a layer', () => {
    assert.equal(DEFAULT_SETTINGS.maxLayers, 1_000_000);
    const text = net('3x8x8', 'a = conv(8, 3x3) * 1000001');
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), [limitMessage('T', '1,000,000')]);
    assert.deepEqual(covered(text), ['a = conv(8, 3x3) * 1000001']);
    const huge = net('3x8x8', 'a = conv(8, 3x3) * 99999999999999999999999999');
    assert.deepEqual(errors(analyze(huge)), [limitMessage('T', '1,000,000')]);
  });

  test('the default, reached through nested repeats of blocks: exactly 1,000,000 is analysed, one more is not', () => {
    const blocks = 'block Thousand() {\n  Unit() * 1000\n}\nblock Unit() {\n  relu() * 1000\n}\n';
    const at = analyze(`${blocks}${net('3x8x8', 'a = Thousand()')}`);
    assert.deepEqual(at.diagnostics, []);
    assert.equal(at.networks[0]!.layerCount, 1_000_000);
    const past = `${blocks}${net('3x8x8', 'a = Thousand()', 'b = relu()')}`;
    assert.deepEqual(errors(analyze(past)), [limitMessage('T', '1,000,000')]);
    assert.deepEqual(covered(past), ['b = relu()']);
  });
});

describe('block nesting', () => {
  /** B1 uses B2, …, B<n> holds a relu. */
  const chain = (n: number): string => {
    let text = '';
    for (let i = 1; i <= n; i++) text += `block B${i}() {\n  ${i < n ? `B${i + 1}()` : 'relu()'}\n}\n`;
    return `${text}${net('3x8x8', 'a = B1()')}`;
  };

  test('64 deep: analysed', () => {
    const analysis = analyze(chain(64));
    assert.equal(DEFAULT_SETTINGS.maxDepth, 64);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.networks[0]!.output, [3, 8, 8]);
    assert.equal(analysis.networks[0]!.layerCount, 1);
  });

  test('65 deep: an error on the use that goes too deep', () => {
    const text = chain(65);
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ['limit: block uses nest deeper than 64 (the nesting limit)']);
    const limit = analysis.diagnostics[0]!;
    assert.equal(text.slice(limit.span.start, limit.span.end), 'B65');
    // The use inside B64's body.
    assert.equal(analysis.lines.positionAt(limit.span.start).line, analysis.lines.positionAt(text.indexOf('block B64')).line + 1);
    assert.equal(analysis.networks[0]!.output, undefined);
  });

  test('a chain of 20,000 blocks is refused without exhausting the stack', () => {
    const analysis = analyze(chain(20_000));
    assert.deepEqual(errors(analysis), ['limit: block uses nest deeper than 64 (the nesting limit)']);
  });

  test('recursion is found before any expansion', () => {
    const text = [
      'block A(n) {',
      '  b = B(n * n) * 1000',
      '}',
      'block B(n) {',
      '  a = A(n * n) * 1000',
      '}',
      'block Self() {',
      '  s = Self()',
      '}',
      net('3x8x8', 'a = A(2) * 1000', 'b = relu()'),
    ].join('\n');
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), [
      "recursive-block: block 'A' uses itself through B: A → B → A",
      "recursive-block: block 'Self' uses itself directly: Self → Self",
    ]);
    const network = analysis.networks[0]!;
    // Nothing was expanded: the recursive block is left unknown, and so is what reads it.
    assert.equal(network.layerCount, 0);
    assert.equal(nodeAt(network, 'a').shape, undefined);
    assert.equal(nodeAt(network, 'b').shape, undefined);
  });
});

describe('a scope of thousands of names', () => {
  test('resolves reads, duplicates and suggestions as a small one does', () => {
    const layers = Array.from({ length: 5000 }, (_, i) => `l${i} = relu()`);
    const analysis = analyze(net('3x8x8', ...layers, 'a = add(l4999, l17)', 'l42 = relu()', 'b = relu() from l1234x', 'c = relu() from a'));
    assert.deepEqual(errors(analysis), [
      "duplicate-name: 'l42' is already defined on line 45",
      "unknown-name: no earlier statement is named 'l1234x': did you mean 'l1234'?",
    ]);
    const network = analysis.networks[0]!;
    assert.deepEqual(nodeAt(network, 'a').inputs, [
      [3, 8, 8],
      [3, 8, 8],
    ]);
    assert.equal(nodeAt(network, 'b').shape, undefined);
    assert.deepEqual(nodeAt(network, 'c').inputs, [[3, 8, 8]]);
    const entries = analysis.symbols.scopes.get(network.declaration)!.entries;
    assert.equal(entries.size, 5004);
    assert.equal(entries.get('l42'), 43);
    assert.deepEqual([...entries.keys()].slice(0, 2), ['x', 'l0']);
    assert.deepEqual([...entries].slice(-3), [
      ['a', 5001],
      ['b', 5003],
      ['c', 5004],
    ]);
  });
});

describe('input that is not text', () => {
  test('a NUL character: not-text, not parsed', () => {
    const text = net('3x8x8', 'a = relu()\0');
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.diagnostics.map((d) => [d.code, d.severity, d.message, d.span]),
      [['not-text', 'error', 'not a text file: it holds a NUL character at line 3', { start: text.indexOf('\0'), end: text.indexOf('\0') + 1 }]],
    );
    assert.deepEqual(analysis.networks, []);
  });

  test('bytes: NUL and invalid UTF-8 are named, a byte-order mark is dropped', () => {
    assert.equal(describeNonText(new Uint8Array([0x6e, 0x65, 0x00, 0x74])), 'not a text file: it holds a NUL byte at offset 2');
    assert.equal(describeNonText(new Uint8Array([0x6e, 0xff, 0xfe, 0x74])), 'not a text file: it is not valid UTF-8');
    assert.equal(describeNonText(new TextEncoder().encode('network Ñ {}')), undefined);
    assert.deepEqual(decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, 0x6e])), { text: 'n' });
    assert.deepEqual(decodeSource(new Uint8Array([0xc3])), { error: 'not a text file: it is not valid UTF-8' });
  });
});

describe('huge numbers', () => {
  test('an argument past 2^31 − 1: a clear diagnostic at the number', () => {
    const text = net('100', 'a = dense(99999999999999999999)');
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ['bad-argument: units must be at most 2,147,483,647, not an integer 99999999999999999999']);
    assert.deepEqual(covered(text), ['99999999999999999999']);
  });

  test('an input size past 2^31 − 1', () => {
    const text = net('99999999999x1x1', 'a = relu()');
    assert.deepEqual(errors(analyze(text)), ['shape: every size of an input must be from 1 to 2,147,483,647']);
    assert.deepEqual(covered(text), ['99999999999x1x1']);
  });

  test('an expression past 2^63 − 1', () => {
    const text = net('100', 'a = dense(99999999999 * 99999999999)');
    assert.deepEqual(errors(analyze(text)), ['bad-argument: this value is too large: past 9223372036854775807 (2^63 − 1)']);
    assert.deepEqual(covered(text), ['99999999999 * 99999999999']);
  });

  test('a flatten past 2^31 − 1 elements', () => {
    const text = net('2x65536x65536', 'a = flatten()');
    assert.deepEqual(errors(analyze(text)), ['shape: flatten would make a vector of 8589934592, past 2147483647']);
  });

  test('a dwconv whose channels would pass 2^31 − 1: the size limit, worked out exactly', () => {
    // (2^31 − 1)^2 = 4,611,686,014,132,420,609, which a double rounds to …600, and which groups=2^31 − 1 divides
    const text = net('2147483647x1x1', 'a = dwconv(1x1, multiplier=2147483647)');
    assert.deepEqual(errors(analyze(text)), ['shape: dwconv would make 4,611,686,014,132,420,609 channels (2,147,483,647·2,147,483,647), past 2,147,483,647']);
    assert.deepEqual(covered(text), ['2147483647']);
  });

  test('pad=same on a window past 2^31 − 1, and a window far larger than its input: exact figures', () => {
    // d·(k − 1)/2 = 2,147,483,647 · 2,147,483,646 / 2
    assert.deepEqual(errors(analyze(net('3x8x8', 'a = conv(4, 2147483647, dilation=2147483647, pad=same)'))), [
      'bad-argument: pad=same would pad by 2,305,843,005,992,468,481, past 2,147,483,647',
    ]);
    // 8 − 2,147,483,647 · 2,147,483,646 − 1 + 1 = −4,611,686,011,984,936,954
    assert.deepEqual(errors(analyze(net('3x8x8', 'a = conv(4, 2147483647, dilation=2147483647)'))), [
      "shape: conv's 2147483647x2147483647 window with dilation 2147483647x2147483647 does not fit its 8×8 input with pad 0x0: the output would be -4611686011984936954×-4611686011984936954",
    ]);
    // d·(k − 1)/2 = 2,147,483,647 fits: 8 + 2·p − 2·p − 1 + 1 = 8
    const fits = analyze(net('3x8x8', 'a = conv(4, 3, dilation=2147483647, pad=same)'));
    assert.deepEqual(errors(fits), []);
    assert.deepEqual(fits.networks[0]!.output, [4, 8, 8]);
  });

  test('a window whose padding makes its output pass 2^31 − 1: the size limit, at the pad', () => {
    // (32 + 2·(2^31 − 1) − 3 + 1) / 1 + 1 = 4,294,967,325: each side past the limit
    const text = net('3x32x32', 'a = conv(8, 3x3, pad=2147483647)');
    assert.deepEqual(errors(analyze(text)), ["shape: conv's output would be 4,294,967,324×4,294,967,324: a size is at most 2,147,483,647"]);
    assert.deepEqual(covered(text), ['2147483647']);
    const huge = net('3x32x32', 'a = conv(8, 2147483647x2147483647, pad=2147483647)');
    assert.deepEqual(errors(analyze(huge)), ["shape: conv's output would be 2,147,483,680×2,147,483,680: a size is at most 2,147,483,647"]);
    // Just under the limit: 1 + 2·(2^30 − 1) − 1 + 1 = 2^31 − 1
    const edge = analyze(net('3x1x1', 'a = conv(8, 1x1, pad=1073741823)'));
    assert.deepEqual(errors(edge), []);
    assert.deepEqual(edge.networks[0]!.output, [8, 2_147_483_647, 2_147_483_647]);
  });

  test('a concat whose channels would pass 2^31 − 1', () => {
    assert.deepEqual(errors(analyze(net('2147483647x2x2', 'b = relu()', 'c = concat(x, b)'))), [
      'shape: concat would make 4,294,967,294 channels, past 2,147,483,647',
    ]);
    assert.deepEqual(errors(analyze(net('2147483647', 'b = relu()', 'c = concat(x, b)'))), [
      'shape: concat would make a vector of 4,294,967,294, past 2,147,483,647',
    ]);
  });

  test('counts past 2^53 stay exact', () => {
    const { networks } = analyze(net('2147483647', 'a = dense(2147483647)', 'b = dense(2147483647)'));
    const network = networks[0]!;
    // (2^31 − 1)^2 = 4,611,686,014,132,420,609: odd, so a double could not hold it
    const square = 4_611_686_014_132_420_609n;
    assert.equal(nodeAt(network, 'a').counts.weights, square);
    assert.ok(square > BigInt(Number.MAX_SAFE_INTEGER));
    assert.notEqual(BigInt(Number(square)), square);
    assert.equal(network.totals.weights, 2n * square);
    assert.equal(network.totals.params, 2n * square + 2n * 2_147_483_647n);
    assert.equal(network.totals.connections, 9_223_372_028_264_841_218n);
    assert.equal(formatCount(network.totals.weights), '9,223,372,028,264,841,218');
    assert.equal(countToJson(network.totals.weights), '9223372028264841218');
    assert.equal(countToJson(nodeAt(network, 'a').counts.units), 2_147_483_647);
  });

  test('counts each below 2^53 whose sum passes it stay exact', () => {
    const { networks } = analyze(net('100000001', 'a = dense(60000001)', 'b = dense(100000001)', 'c = dense(60000001)'));
    const network = networks[0]!;
    const each = 6_000_000_160_000_001n;
    assert.ok(each < BigInt(Number.MAX_SAFE_INTEGER));
    for (const name of ['a', 'b', 'c']) assert.equal(nodeAt(network, name).counts.weights, each);
    // Odd and past 2^53: a sum in doubles would round it.
    assert.equal(network.totals.weights, 18_000_000_480_000_003n);
    assert.notEqual(BigInt(Number(3n * each)), 3n * each);
  });

  test('a conv’s connections past 2^53', () => {
    const { networks, diagnostics } = analyze(net('1x65536x65536', 'a = conv(1048576, 3x3, pad=1)'));
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    // units 2^20 · 2^32 = 2^52; connections 2^52 · 9
    assert.deepEqual(countRow(networks[0]!.totals), [2 ** 52, 9_437_184, 1_048_576, 10_485_760, Number(9n * 2n ** 52n), 2 ** 52]);
    assert.equal(networks[0]!.totals.connections, 40_532_396_646_334_464n);
  });
});

describe('the parser’s own limits', () => {
  test('a size list of 100,000 sizes: one error that names three and counts them', () => {
    const list = Array.from({ length: 100_000 }, () => '1').join(', ');
    const analysis = analyze(net('3x32x32', `conv(8, [${list}])`));
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.message),
      ['kernel must be an integer or HxW, not dimensions 1x1x1x… (100,000 sizes)'],
    );
  });

  const parens = (depth: number) => net('100', `a = dense(${'('.repeat(depth - 1)}7${')'.repeat(depth - 1)})`);
  const sum = (operators: number) =>
    net(
      '100',
      `a = dense(${Array(operators + 1)
        .fill('1')
        .join('+')})`,
    );

  test('parentheses 64 deep (the call’s own included): analysed', () => {
    const analysis = analyze(parens(64));
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.networks[0]!.output, [7]);
  });

  test('65 deep: a limit error on the statement, which keeps its name', () => {
    const text = `${parens(65).slice(0, -2)}  b = relu()\n}\n`;
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ['limit: this statement nests parentheses 65 deep, past the limit of 64: it is not analysed']);
    assert.equal(text.slice(analysis.diagnostics[0]!.span.start, analysis.diagnostics[0]!.span.end), `a = dense(${'('.repeat(64)}7${')'.repeat(64)})`);
    assert.deepEqual(
      analysis.networks[0]!.layers.map((layer) => [layer.name, layer.shape]),
      [
        ['a', undefined],
        ['b', undefined],
      ],
    );
  });

  test('1,000 operators in a statement: analysed; 1,001: a limit error', () => {
    const at = analyze(sum(1000));
    assert.deepEqual(at.diagnostics, []);
    assert.deepEqual(at.networks[0]!.output, [1001]);
    assert.deepEqual(errors(analyze(sum(1001))), ['limit: this statement holds 1001 operators, past the limit of 1000: it is not analysed']);
  });
});

describe('big arrays are never spread into a call (past about 125,000 items the stack overflows)', () => {
  test('the expanded table of 130,000 dense layers', () => {
    const analysis = analyze(net('8', 'd = dense(8) * 130000'));
    const table = renderTables(analysis, 'table', { expand: true, all: false });
    const lines = table.split('\n');
    assert.equal(lines.length, 130_009);
    assert.equal(lines[130_004], '  130000  dense          8                     8         64           64       0.0%     0.0%');
  });

  test('130,000 statements each with a diagnostic of a rule', () => {
    const lines = Array.from({ length: 130_000 }, () => '  maxpool(2x2, stride=2) from a\n').join('');
    const analysis = analyze(`network N {\n  input x: 3x5x5\n  a = relu()\n${lines}}\n`);
    // All 259,999 are made (130,000 of one rule, and the unread layers); the file shows the first 1,000.
    assert.equal(analysis.diagnostics.length, MAX_DIAGNOSTICS + 1);
    assert.equal(analysis.diagnostics.filter((d) => d.code === 'lossy-stride').length, 500);
    assert.equal(analysis.diagnostics.at(-1)!.message, 'and 258,999 more problems from here on, not shown: a file reports at most 1,000');
  });
});

describe('"did you mean" on hostile names', () => {
  test('a 40,000-character name misspelt by one letter: the suggestion, without a table of every pair', () => {
    const name = 'a'.repeat(40_000);
    const misspelt = `${name.slice(1)}b`;
    const text = net('3x8x8', `${name} = relu()`, `b = relu() from ${misspelt}`);
    assert.deepEqual(errors(analyze(text)), [`unknown-name: no earlier statement is named '${misspelt}': did you mean '${name}'?`]);
  });

  test('an op name 20,000 characters long, near a block’s name', () => {
    const block = 'c'.repeat(20_000);
    const text = `block ${block}() {\n  relu()\n}\n${net('3x8x8', `a = ${block.slice(2)}dd()`)}`;
    assert.deepEqual(errors(analyze(text)), [`unknown-op: unknown op or block '${block.slice(2)}dd': did you mean '${block}'?`]);
  });

  test('4,000 unknown names, each compared with the thousands of names before it', () => {
    const id = (i: number) => String(i).padStart(5, '0');
    const lines = Array.from({ length: 4000 }, (_, i) => `layer${id(i)} = relu() from zzzzz${id(i)}`);
    // One letter short of several names: the first of them defined is suggested.
    lines.splice(2, 0, 'near = relu() from layer0001');
    const analysis = analyze(net('3x8x8', ...lines));
    const found = errors(analysis);
    assert.deepEqual(found.slice(0, 4), [
      "unknown-name: no earlier statement is named 'zzzzz00000'",
      "unknown-name: no earlier statement is named 'zzzzz00001'",
      "unknown-name: no earlier statement is named 'layer0001': did you mean 'layer00001'?",
      "unknown-name: no earlier statement is named 'zzzzz00002'",
    ]);
    // 4,001 unknown names, 4,000 unread layers and the unread input, less the 1,000 shown.
    assert.equal(analysis.diagnostics.at(-1)!.message, 'and 7,002 more problems from here on, not shown: a file reports at most 1,000');
  });
});

describe('diagnostics per file', () => {
  test('a line of 1,700,000 surplus arguments is one error, covering them all', () => {
    const text = net('3x8x8', `a = conv(8, 3x3${', 1'.repeat(1_700_000)})`);
    const analysis = analyze(text);
    assert.deepEqual(errors(analysis), ['bad-argument: conv takes at most 8 arguments, but is given 1,700,002']);
    // The ninth argument is the first surplus one: six ', 1' after 3x3, then ', '.
    const first = text.indexOf('3x3') + 3 + 6 * 3 + 2;
    assert.deepEqual(analysis.diagnostics[0]!.span, { start: first, end: text.lastIndexOf(')') });
  });

  test('at most 1,000, then one that counts the rest, at the first left out', () => {
    assert.equal(MAX_DIAGNOSTICS, 1000);
    const lines = Array.from({ length: 1500 }, (_, i) => `b${i} = relu(${i})`);
    const text = net('3x8x8', ...lines);
    const analysis = analyze(text);
    assert.equal(analysis.diagnostics.length, 1001);
    assert.deepEqual(analysis.diagnostics[999]!.message, 'relu takes no arguments, but is given 1');
    assert.equal(text.slice(analysis.diagnostics[999]!.span.start, analysis.diagnostics[999]!.span.end), '999');
    const more = analysis.diagnostics[1000]!;
    assert.deepEqual([more.code, more.severity, more.message], ['limit', 'error', 'and 500 more errors from here on, not shown: a file reports at most 1,000']);
    assert.equal(text.slice(more.span.start, more.span.end), '1000');
  });

  test('what is left out counts as problems, as severe as the worst of them', () => {
    const lines = Array.from({ length: 1001 }, (_, i) => `b${i} = relu(${i})`);
    const text = `${net('3x8x8', ...lines)}network U {
  input unread: 3
  input y: 3
  a = relu() from y
}
`;
    const analysis = analyze(text);
    assert.equal(analysis.diagnostics.length, 1001);
    const more = analysis.diagnostics[1000]!;
    assert.deepEqual([more.code, more.severity, more.message], ['limit', 'error', 'and 2 more problems from here on, not shown: a file reports at most 1,000']);
    assert.equal(text.slice(more.span.start, more.span.end), '1000');
    // Warnings alone left out: the last diagnostic is a warning.
    const warnings = `${net('3x8x8', ...lines.slice(0, 1000))}network U {
  input unread: 3
  input y: 3
  a = relu() from y
}
`;
    const last = analyze(warnings).diagnostics.at(-1)!;
    assert.deepEqual(
      [last.code, last.severity, last.message],
      ['limit', 'warning', 'and 1 more problem from here on, not shown: a file reports at most 1,000'],
    );
  });
});
