/**
 * Two ways the core saves work on big files, each checked against a plain reference: the
 * lexer is a hand-written scanner into a packed table (core/lexer.ts `scan`), and its
 * tokens, comments and errors must be those of chevrotain's lexer made from the token
 * table; the parser reuses the statements an edit did not touch, and its tree must be the
 * one a parse from nothing gives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze, type Analysis } from '../../core/analyze';
import { fixesFor, mayHaveFixes } from '../../core/fixes';
import fc from 'fast-check';
import { lex, scan, tokenEnd } from '../../core/lexer';
import { parse } from '../../core/parser';
import { DEFAULT_SETTINGS } from '../../core/settings';
import { sharedEnds } from '../../core/text';
import { referenceLex } from '../helpers/chevrotain-lexer';
import { readExample } from '../helpers/paths';

function scanned(text: string) {
  const { table, comments, errors } = scan(text);
  const tokens: string[] = [];
  for (let i = 0; i < table.count; i++) tokens.push(`${table.type(i)!.name} ${table.start(i)} ${table.end(i)}`);
  return {
    tokens,
    comments: comments.map((c) => `${c.text} ${c.start} ${c.end}`),
    errors: errors.map((e) => `${e.message} ${e.start} ${e.end}`),
  };
}

/** What `lex` (chevrotain token objects, for small texts) gives, in the same form. */
function lexed(text: string) {
  const result = lex(text);
  return {
    tokens: result.tokens.map((t) => `${t.tokenType.name} ${t.startOffset} ${tokenEnd(t)}`),
    comments: result.comments.map((c) => `${c.image} ${c.startOffset} ${tokenEnd(c)}`),
    errors: result.errors.map((e) => `${e.message} ${e.start} ${e.end}`),
  };
}

/** Lines of every kind a chunk may end next to: comments, CRLF, bad characters, numbers with a leading zero, blank lines. */
const LINES = [
  'network Big {',
  '  input image: 3x224x224',
  '  c1 = conv(64, 7x7, stride=2, pad=3, act=relu)   # a comment that runs on',
  '  bn = batchnorm()\r',
  '',
  '  # a whole-line comment with = ( ) , and 3x3',
  '  p = maxpool(3, stride=2, pad=1) from c1',
  '  bad = conv(007, 3) @@ $',
  '  d = dropout(0.5)',
  '  m = add(p, d)\r',
  '  x = conv(16 * 2 + (4 - 1), 03x3, pad=same)',
  '}',
];

/** Pieces a random text is made of: every token's start, the characters after a number that may or may not go on with it, keywords and their prefixes, and characters no token starts with. */
const PIECES = [
  ...['0', '1', '9', '07', '3x3', '03x3', '1e5', '1E-2', '0.5', '1_000', 'x', 'x0', '.', 'e', 'E', '+', '-', '_', '__'],
  ...['/', '//', '#', ' ', '\t', '\r', '\n', '\r\n', '\f', '\v', 'a', 'Z', 'network', 'networks', 'block', 'inpu', 'input', 'from', 'true', 'false', 'output'],
  ...['(', ')', '[', ']', '{', '}', ',', '=', ':', '*', '@', '$', '\\', '"', 'é', '\u00a0', '\ufeff', '\u200b', '😀', '\ud800', '\x00', '\x7f'],
];

describe("the scanner lexes as chevrotain's lexer made from the token table", () => {
  test('a text of every kind of line, 9,000 lines long', () => {
    const text = Array.from({ length: 9_000 }, (_, i) => LINES[i % LINES.length]).join('\n');
    const expected = referenceLex(text);
    assert.ok(expected.errors.length > 0 && expected.comments.length > 0, 'the text has errors and comments to compare');
    assert.deepEqual(scanned(text), expected);
    assert.deepEqual(lexed(text), expected);
  });

  test('random texts of tokens, their near misses and characters no token starts with', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const expected = referenceLex(text);
        assert.deepEqual(scanned(text), expected, JSON.stringify(text));
        assert.deepEqual(lexed(text), expected, JSON.stringify(text));
      }),
      { numRuns: 3_000, seed: 20261207 },
    );
  });

  test('numbers, each as one token or as several', () => {
    const cases: [string, string[]][] = [
      ['3x3', ['Dims 0 3']],
      ['3x', ['Integer 0 1', 'Identifier 1 2']],
      ['1.5x3', ['Decimal 0 3', 'Identifier 3 5']],
      ['1.5e', ['Decimal 0 3', 'Identifier 3 4']],
      ['1e+5', ['Decimal 0 4']],
      ['1_', ['Integer 0 1', 'Identifier 1 2']],
      ['1__0', ['Integer 0 1', 'Identifier 1 4']],
      ['networks', ['Identifier 0 8']],
      ['network', ['Keyword_network 0 7']],
      ['a//b/c', ['Identifier 0 1', 'SlashSlash 1 3', 'Identifier 3 4', 'Slash 4 5', 'Identifier 5 6']],
    ];
    for (const [text, tokens] of cases) {
      assert.deepEqual(scanned(text).tokens, tokens, text);
      assert.deepEqual(referenceLex(text).tokens, tokens, `${text}, by chevrotain`);
    }
  });

  test('the empty text and a lone line break', () => {
    assert.deepEqual(scanned(''), referenceLex(''));
    assert.deepEqual(scanned('\n'), referenceLex('\n'));
  });
});

describe('the parser reuses what an edit did not touch', () => {
  const lines = ['network N {', '  input x: 16x8x8', ...Array.from({ length: 200 }, (_, i) => `  c${i} = conv(16, 3, pad=1)`), '}'];
  const text = lines.join('\n');
  const layers = (parsed: ReturnType<typeof parse>) => parsed.file.declarations[0]!.statements;

  test('statements before the edit are the same nodes; after it, the same text moved', () => {
    const first = parse(text);
    const before = layers(first);
    // c100's filters go from 16 to 128: one character more.
    const edited = text.replace('c100 = conv(16,', 'c100 = conv(128,');
    const reparsed = parse(edited, first.reusable);
    const after = layers(reparsed);
    assert.equal(reparsed.reusable.reused, 200, 'all statements but the edited one are reused');
    assert.equal(after.length, before.length);
    assert.equal(after[50], before[50], 'a statement before the edit is reused as it is');
    assert.notEqual(after[101], before[101], 'the edited statement is parsed again');
    assert.equal(edited.slice(after[101]!.start, after[101]!.end), 'c100 = conv(128, 3, pad=1)');
    const moved = after[150]!;
    assert.notEqual(moved, before[150]);
    assert.equal(moved.start, before[150]!.start + 1, 'a statement after the edit moved by the character added');
    assert.equal(edited.slice(moved.start, moved.end), 'c149 = conv(16, 3, pad=1)');
    assert.deepEqual(layers(parse(edited)), after, 'and the whole tree is what a parse from nothing gives');
  });
});

describe("v2's brackets and output markers: a reparse after an edit is a parse from nothing", () => {
  const text = [
    'block Up(skip: tensor, f) {',
    '  c = concat(in, skip)',
    '  conv(f, [1,',
    '    3], pad=[0, 3 // 2])',
    '}',
    'network N {',
    '  input x: 4x8x8',
    '  a = conv(4, [3], pad=-(-1))',
    '  output aux = dense(10) from a',
    '  b = relu() from output',
    '  u = Up(a, 4) from a',
    '  output dense(3)',
    '}',
  ].join('\n');
  // Nodes as JSON, offsets included: the reused tree must be the fresh one.
  const tree = (parsed: ReturnType<typeof parse>) =>
    JSON.stringify([parsed.file, parsed.errors], (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));
  const edits: [string, (t: string) => string][] = [
    ["a list's bracket deleted: the list runs on", (t) => t.replace('[1,\n', '1,\n')],
    ["a list's closing bracket deleted", (t) => t.replace('3], pad', '3, pad')],
    ['a marker typed before a layer', (t) => t.replace('  b = relu()', '  output b = relu()')],
    ['a marker deleted', (t) => t.replace('  output aux', '  aux')],
    ["the marker's word cut to a name", (t) => t.replace('  output dense(3)', '  outpu dense(3)')],
    ["a type after ':' changed", (t) => t.replace('skip: tensor', 'skip: tensr')],
    ['a bracket typed in a repeat', (t) => t.replace('relu() from output', 'relu() * [2 from output')],
    ['a floor division typed', (t) => t.replace('[3], pad', '[3 // 1], pad')],
  ];
  for (const [what, edit] of edits) {
    test(what, () => {
      const edited = edit(text);
      assert.notEqual(edited, text);
      assert.equal(tree(parse(edited, parse(text).reusable)), tree(parse(edited)));
      assert.equal(tree(parse(text, parse(edited).reusable)), tree(parse(text)));
    });
  }
});

describe('the lexer takes the lines an edit did not touch from the scan before it', () => {
  const body = Array.from({ length: 9_000 }, (_, i) => LINES[i % LINES.length]).join('\n');
  const edits: [string, (text: string) => string][] = [
    ['a character typed mid-line', (t) => t.slice(0, 100_000) + 'x' + t.slice(100_000)],
    ['a line deleted', (t) => t.replace('  d = dropout(0.5)\n', '')],
    ['a comment opened that runs to the end of its line', (t) => t.slice(0, 150_000) + '#' + t.slice(150_000)],
    ['a line break typed', (t) => t.slice(0, 70_000) + '\n' + t.slice(70_000)],
    ['a line break deleted, joining two lines', (t) => t.replace('pad=1) from c1\n', 'pad=1) from c1')],
    ['the first character', (t) => 'z' + t],
    ['the last character', (t) => t.slice(0, -1)],
    ['a bad character at the end of a line', (t) => t.replace('act=relu)   # a comment that runs on\n', 'act=relu)@\n')],
    ['nothing', (t) => t],
    ['everything', () => 'network M {\n  input x: 3\n}\n'],
  ];
  for (const [what, edit] of edits) {
    test(what, () => {
      const before = scan(body);
      const text = edit(body);
      const taken = scan(text, { scan: before, shared: sharedEnds(body, text) });
      const fresh = scan(text);
      const tokens = (s: ReturnType<typeof scan>) =>
        Array.from({ length: s.table.count }, (_, i) => `${s.table.type(i)!.name} ${s.table.start(i)} ${s.table.end(i)}`);
      assert.deepEqual(tokens(taken), tokens(fresh));
      assert.deepEqual(taken.comments, fresh.comments);
      const errors = (s: ReturnType<typeof scan>) => s.errors.map((e) => `${e.message} ${e.start} ${e.end}`).sort();
      assert.deepEqual(errors(taken), errors(fresh));
    });
  }
});

describe("an analysis reuses its own document's previous analysis, whatever ran in between", () => {
  const alexnet = readExample('alexnet.net');
  // conv1's filters go from 96 to 64: one line of 17 statements edited.
  const edited = alexnet.replace('conv1 = conv(96,', 'conv1 = conv(64,');
  const statementCount = (analysis: Analysis) => analysis.file.declarations.reduce((sum, d) => sum + d.statements.length, 0);
  const findings = (analysis: Analysis) =>
    JSON.stringify([analysis.diagnostics, analysis.networks.map((n) => [n.output, n.totals, n.layerCount])], (_key, value) =>
      typeof value === 'bigint' ? `${value}n` : value,
    );
  const between: [string, (a: Analysis) => void][] = [
    ['nothing', () => undefined],
    ['another document analysed', () => void analyze(readExample('vgg16.net'))],
    [
      'the fixes of its diagnostics measured',
      (a) => {
        const fixes = a.diagnostics.filter(mayHaveFixes).flatMap((d) => fixesFor(a, d));
        assert.equal(fixes.length, 10, 'ten fixes measured');
      },
    ],
  ];
  for (const [what, run] of between) {
    test(`16 of AlexNet's 17 statements reused after a one-line edit, with ${what} in between`, () => {
      const before = analyze(alexnet);
      run(before);
      const after = analyze(edited, DEFAULT_SETTINGS, before);
      assert.equal(statementCount(after), 17);
      assert.equal(after.reusable.statements?.reused, 16);
      assert.equal(findings(after), findings(analyze(edited)), 'and it finds what an analysis from nothing finds');
    });
  }
});

test('an analysis given the previous one does not keep it alive', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const text = readExample('alexnet.net');
  let previous: WeakRef<Analysis> | undefined;
  const chain = (): Analysis => {
    let analysis = analyze(text);
    previous = new WeakRef(analysis);
    for (let edit = 0; edit < 3; edit++) analysis = analyze(text.replace('conv(96,', `conv(${90 + edit},`), DEFAULT_SETTINGS, analysis);
    return analysis;
  };
  const latest = chain();
  // A WeakRef holds its target until the task that made it ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(latest.reusable.statements?.reused, 16);
  assert.equal(previous!.deref(), undefined, 'the first analysis of the chain is let go');
});
