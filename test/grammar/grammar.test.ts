/**
 * The TextMate grammar, the language configuration and the snippets, checked against the
 * parser's own token table so that the editor and the parser cannot drift apart:
 * - the fixtures in test/grammar/*.net pass vscode-tmgrammar-test, run as a user runs it;
 * - syntaxes/netdsl.tmLanguage.json is exactly what grammar/textmate.ts builds;
 * - every op, alias, activation and keyword is coloured as such, and every token the
 *   lexer finds in the examples gets the scope its token type promises;
 * - the snippets expand, with their defaults, to `.net` that analyses clean.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { after, describe, test } from 'node:test';
import { ACTIVATIONS, LineIndex, OPS, OP_ALIASES, RULE_CODES, analyze, parse, parseDirective } from '../../core';
import { lex } from '../../core/lexer';
import { SCOPES, SCOPE_NAME, VALUE_NAMES, buildTextMateGrammar, renderTextMateGrammar, type TextMateRule } from '../../grammar/textmate';
import { KEYWORDS, TOKENS, type Keyword, type TokenName } from '../../core/tokens';
import { KEYWORD_SCOPES, TOKEN_SCOPES } from '../../grammar/scopes';
import { examplePath, repoRoot } from '../helpers/paths';

const FIXTURES_DIR = join(repoRoot, 'test', 'grammar');
const GRAMMAR_FILE = join(repoRoot, 'syntaxes', 'netdsl.tmLanguage.json');
/** Fixtures whose code is deliberately broken, to show how far a mistake spreads. */
const BROKEN_PREFIX = 'broken-';

const scratch = mkdtempSync(join(tmpdir(), 'netlint-grammar-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The grammar as built now, written where vscode-tmgrammar-test can read it. */
const builtGrammarFile = (() => {
  const path = join(scratch, 'netdsl.tmLanguage.json');
  writeFileSync(path, renderTextMateGrammar());
  return path;
})();

const fixtureFiles = (): string[] =>
  readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.net'))
    .sort()
    .map((name) => join(FIXTURES_DIR, name));

const scopeOf = (tokenName: string): string => TOKEN_SCOPES[tokenName as TokenName]!;

// ---------------------------------------------------------------------------------------
// Running vscode-tmgrammar-test

const ASSERTION_LINE = /^#\s*(\^|<~*-+)/;

/** Source lines followed by at least one assertion line: the test cases the tool counts. */
function countAssertedLines(fixture: string): number {
  const lines = fixture.split(/\r?\n/).slice(1);
  let count = 0;
  lines.forEach((line, index) => {
    if (!ASSERTION_LINE.test(line) && ASSERTION_LINE.test(lines[index + 1] ?? '')) count++;
  });
  return count;
}

interface TmGrammarRun {
  readonly status: number | null;
  readonly output: string;
  /** The fixtures the tool reported as passed. */
  readonly passed: readonly string[];
  /** Per fixture, from its xunit report: cases run and cases failed. */
  readonly cases: ReadonlyMap<string, { readonly tests: number; readonly failures: number }>;
}

function tmGrammarTestBin(): string {
  const packageDir = join(repoRoot, 'node_modules', 'vscode-tmgrammar-test');
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(packageDir, manifest.bin['vscode-tmgrammar-test']!);
}

/** Runs the tool's own CLI, as `npx vscode-tmgrammar-test` would, on the given fixtures. */
function runTmGrammarTest(fixtures: readonly string[]): TmGrammarRun {
  const reportDir = mkdtempSync(join(scratch, 'report-'));
  // A config file that does not exist: only the grammar given with -g is loaded, even if
  // package.json one day contributes the committed grammar under the same scope.
  const noConfig = join(scratch, 'no-package.json');
  const result = spawnSync(process.execPath, [tmGrammarTestBin(), '--config', noConfig, '-g', builtGrammarFile, '--xunit-report', reportDir, ...fixtures], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const passed = [...output.matchAll(/^✓ (.+) run successfuly\.$/gm)].map((match) => match[1]!);
  const cases = new Map<string, { tests: number; failures: number }>();
  for (const fixture of fixtures) {
    const report = join(reportDir, `TEST-${fixture.replaceAll(sep, '.')}.xml`);
    if (!existsSync(report)) continue;
    const xml = readFileSync(report, 'utf8');
    const count = (attribute: string) => Number(new RegExp(`${attribute}="(\\d+)"`).exec(xml)?.[1] ?? NaN);
    cases.set(fixture, { tests: count('tests'), failures: count('failures') + count('errors') });
  }
  return { status: result.status, output, passed, cases };
}

function assertAllPass(fixtures: readonly string[]): number {
  const run = runTmGrammarTest(fixtures);
  assert.equal(run.status, 0, `vscode-tmgrammar-test failed:\n${run.output}`);
  assert.deepEqual([...run.passed].sort(), [...fixtures].sort(), `not every fixture was reported as passed:\n${run.output}`);
  let cases = 0;
  for (const fixture of fixtures) {
    const expected = countAssertedLines(readFileSync(fixture, 'utf8'));
    assert.ok(expected > 0, `${basename(fixture)} asserts nothing`);
    assert.deepEqual(run.cases.get(fixture), { tests: expected, failures: 0 }, `${basename(fixture)}: asserted lines run and failed`);
    cases += expected;
  }
  return cases;
}

// ---------------------------------------------------------------------------------------
// Writing fixtures from code

/** An assertion line that `range` of the line above has `scopes` (and lacks `without`). */
function assertion(start: number, end: number, scopes: readonly string[], without: readonly string[] = []): string {
  // Columns 0 and 1 sit under the comment's own `#`: the `<~~--` form reaches them.
  const marker = start < 2 ? `<${'~'.repeat(start)}${'-'.repeat(end - start)}` : `${' '.repeat(start - 1)}${'^'.repeat(end - start)}`;
  const exclusions = without.length ? ` - ${without.join(' ')}` : '';
  return `#${start < 2 ? ' ' : ''}${marker} ${scopes.join(' ')}${exclusions}`.trimEnd();
}

interface CheckedLine {
  readonly text: string;
  readonly checks: readonly { readonly start: number; readonly end: number; readonly scopes: readonly string[]; readonly without?: readonly string[] }[];
}

function writeFixture(name: string, description: string, lines: readonly CheckedLine[]): string {
  const text = [`# SYNTAX TEST "${SCOPE_NAME}" "${description}"`];
  for (const line of lines) {
    text.push(line.text);
    for (const check of line.checks) text.push(assertion(check.start, check.end, check.scopes, check.without));
  }
  const path = join(scratch, 'fixtures', name);
  mkdirSync(join(scratch, 'fixtures'), { recursive: true });
  writeFileSync(path, `${text.join('\n')}\n`);
  return path;
}

/** A line `  <before><word><after>` with checks on `word`. */
function lineAbout(before: string, word: string, after: string, scopes: string[], without: string[] = []): CheckedLine {
  const start = 2 + before.length;
  return { text: `  ${before}${word}${after}`, checks: [{ start, end: start + word.length, scopes, without }] };
}

// ---------------------------------------------------------------------------------------

describe('TextMate grammar', () => {
  test('the fixtures in test/grammar pass vscode-tmgrammar-test', (t) => {
    const fixtures = fixtureFiles();
    assert.ok(fixtures.length > 0, `no grammar fixtures in ${FIXTURES_DIR}`);
    const cases = assertAllPass(fixtures);
    t.diagnostic(`${cases} asserted lines in ${fixtures.length} fixtures passed`);
  });

  test('syntaxes/netdsl.tmLanguage.json is what grammar/textmate.ts builds', () => {
    const committed = readFileSync(GRAMMAR_FILE, 'utf8');
    const hint = 'regenerate it: node scripts/generate-grammar.mjs';
    assert.deepEqual(JSON.parse(committed), JSON.parse(JSON.stringify(buildTextMateGrammar())), hint);
    assert.equal(committed, renderTextMateGrammar(), hint);
  });

  test('the op pattern matches every op and alias of core/ops.ts, and only before a (', () => {
    const opCall = buildTextMateGrammar().repository['op-call']!;
    const begin = new RegExp(opCall.begin!);
    const names = [...OPS.keys(), ...OP_ALIASES.keys()];
    for (const name of names) {
      assert.equal(begin.exec(`${name}(`)?.[1], name, `${name}( is not an op call`);
      assert.equal(begin.exec(`${name} (`)?.[1], name, `${name} ( is not an op call`);
      assert.equal(begin.exec(`${name}`), null, `${name} without ( is an op call`);
      assert.equal(begin.exec(`${name}2(`), null, `${name}2( is an op call`);
      assert.equal(begin.exec(`my_${name}(`), null, `my_${name}( is an op call`);
    }
    assert.equal(opCall.beginCaptures?.['1']?.name, SCOPES.op);
  });

  test('every keyword of core/tokens.ts has its scope in the grammar', () => {
    const keywordRules = buildTextMateGrammar().repository['keywords']!.patterns!;
    for (const keyword of KEYWORDS) {
      const rules = keywordRules.filter((rule: TextMateRule) => new RegExp(`^(?:${rule.match})$`).test(keyword));
      assert.deepEqual(
        rules.map((rule) => rule.name),
        [KEYWORD_SCOPES[keyword]],
        `keyword ${keyword}`,
      );
      for (const rule of keywordRules) assert.ok(!new RegExp(rule.match!).test(`${keyword}_x ${keyword}1 x${keyword}`), `${keyword} inside a name`);
    }
  });

  test('ops, aliases, activations and keywords colour as such in the editor', () => {
    const opNames = [...OPS.keys(), ...OP_ALIASES.keys()];
    const lines: CheckedLine[] = [{ text: 'network Every {', checks: [] }];
    for (const name of opNames) {
      lines.push(lineAbout('', name, '()', [SCOPES.call, SCOPES.op]));
      lines.push(lineAbout('x = ', name, ' (1)', [SCOPES.call, SCOPES.op]));
      lines.push(lineAbout('', `${name}x`, '()', [SCOPES.callee], [SCOPES.op]));
      lines.push(lineAbout(`${name} = f(`, name, ')', [SCOPES.call], [SCOPES.op]));
    }
    for (const value of VALUE_NAMES) {
      lines.push(lineAbout('conv(8, 3x3, act=', value, ')', [SCOPES.call, SCOPES.valueConstant]));
      lines.push(lineAbout('', value, ' = relu()', [SCOPES.layerName], [SCOPES.valueConstant]));
    }
    for (const activation of ACTIVATIONS) assert.ok(VALUE_NAMES.includes(activation));
    for (const keyword of KEYWORDS) {
      lines.push(lineAbout('', keyword, '', [KEYWORD_SCOPES[keyword]]));
      lines.push(lineAbout('f(x=', keyword, ')', [KEYWORD_SCOPES[keyword]]));
      const notKeyword = Object.values(KEYWORD_SCOPES);
      lines.push(lineAbout('', `${keyword}_x`, ' = relu()', [SCOPES.layerName], notKeyword));
      lines.push(lineAbout('relu() from ', `${keyword}2`, '', [SCOPES.reference], notKeyword));
    }
    lines.push({ text: '}', checks: [] });
    assertAllPass([writeFixture('every-name.net', 'every op, value and keyword', lines)]);
  });

  test('every token the lexer finds in the examples and fixtures gets its scope', () => {
    const numberScopes = ['Dims', 'Decimal', 'Integer'].map(scopeOf);
    const keywordScopes = [...new Set(Object.values(KEYWORD_SCOPES))];
    const sources = [
      ...readdirSync(join(repoRoot, 'examples'))
        .filter((name) => name.endsWith('.net'))
        .map((name) => examplePath(name)),
      ...fixtureFiles(),
    ];
    assert.ok(sources.length > 5);
    const fixtures = sources.map((path) => {
      // Assertion lines and the header are the fixtures' own; the code is what remains.
      const text = readFileSync(path, 'utf8')
        .split(/\r?\n/)
        .map((line, index) => (ASSERTION_LINE.test(line) || (index === 0 && line.includes('SYNTAX TEST')) ? '' : line))
        .join('\n');
      const lexed = lex(text);
      const lines = new LineIndex(text);
      assert.deepEqual(lexed.errors, [], `${path} does not lex`);
      const byLine = new Map<number, { start: number; end: number; scopes: string[]; without?: string[] }[]>();
      for (const token of [...lexed.tokens, ...lexed.comments]) {
        const kind = token.tokenType.name;
        const position = lines.positionAt(token.startOffset);
        const start = position.character;
        const range = { start, end: start + token.image.length };
        const check = kind.startsWith('Keyword_')
          ? { ...range, scopes: [KEYWORD_SCOPES[kind.slice('Keyword_'.length) as Keyword]] }
          : kind === 'Identifier'
            ? { ...range, scopes: [], without: [...numberScopes, ...keywordScopes] }
            : { ...range, scopes: [scopeOf(kind)] };
        const line = position.line;
        byLine.set(line, [...(byLine.get(line) ?? []), check]);
      }
      const checked = text.split('\n').map((line, index) => ({ text: line, checks: byLine.get(index) ?? [] }));
      return writeFixture(`lexed-${basename(path)}`, `the lexer's tokens in ${basename(path)}`, checked);
    });
    assertAllPass(fixtures);
  });

  test('the fixtures are .net the parser reads, except the broken ones', () => {
    for (const path of fixtureFiles()) {
      const errors = parse(readFileSync(path, 'utf8')).errors.map((error) => error.message);
      if (basename(path).startsWith(BROKEN_PREFIX)) assert.notDeepEqual(errors, [], `${basename(path)} parses`);
      else assert.deepEqual(errors, [], `${basename(path)} has syntax errors`);
    }
  });
});

test('grammar/ reads core/, and core/ reads nothing of grammar/: the dependency runs one way', () => {
  const importsOf = (folder: string) =>
    readdirSync(join(repoRoot, folder))
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [...readFileSync(join(repoRoot, folder, name), 'utf8').matchAll(/ from '([^']+)'/g)].map((m) => `${folder}/${name} → ${m[1]}`));
  assert.deepEqual(
    importsOf('core').filter((line) => line.includes('grammar/')),
    [],
  );
  assert.deepEqual(
    importsOf('grammar').filter((line) => line.includes('core/')),
    ['grammar/scopes.ts → ../core/tokens', 'grammar/textmate.ts → ../core/ops', 'grammar/textmate.ts → ../core/tokens'],
  );
});

describe('language configuration', () => {
  const configuration = JSON.parse(readFileSync(join(repoRoot, 'language-configuration.json'), 'utf8')) as {
    comments: { lineComment: string };
    wordPattern: string;
    brackets: [string, string][];
  };

  test('a word is exactly a name or a number token of the lexer', () => {
    const word = new RegExp(configuration.wordPattern, 'y');
    const text = readdirSync(join(repoRoot, 'examples'))
      .filter((name) => name.endsWith('.net'))
      .map((name) => readFileSync(examplePath(name), 'utf8'))
      .concat('x = f(4_096, 1e-3, 2.5e+2, 0.5, 3x227x227, ch3x3, x3, _a1)')
      .join('\n');
    const words = lex(text).tokens.filter((token) => ['Identifier', 'Dims', 'Decimal', 'Integer'].includes(token.tokenType.name));
    assert.ok(words.length > 100);
    for (const token of words) {
      word.lastIndex = token.startOffset;
      assert.equal(word.exec(text)?.[0], token.image, `the word at ${token.image}`);
    }
  });

  test('comments and brackets are those of the token table', () => {
    assert.ok(new RegExp(`^${TOKENS.find((t) => t.name === 'Comment')!.pattern.source}$`).test(`${configuration.comments.lineComment} x`));
    for (const [open, close] of configuration.brackets) {
      assert.ok(TOKENS.some((t) => t.pattern.source === `\\${open}`) && TOKENS.some((t) => t.pattern.source === `\\${close}`));
    }
  });
});

// ---------------------------------------------------------------------------------------
// Snippets

interface Snippet {
  readonly prefix: string;
  readonly body: readonly string[];
  readonly description: string;
}

const snippets = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'netdsl.json'), 'utf8')) as Record<string, Snippet>;

/** A snippet's text as VS Code inserts it when every placeholder keeps its default. */
function expandSnippet(body: readonly string[]): string {
  const values = new Map<string, string>();
  // Innermost placeholders first, so that nested defaults expand inside out.
  const placeholder = /\$\{(\d+)(?::([^${}]*)|\|([^|]*)\|)\}/;
  let text = body.join('\n').replaceAll('\t', '  ');
  for (let match = placeholder.exec(text); match; match = placeholder.exec(text)) {
    const value = match[2] ?? match[3]!.split(',')[0]!;
    if (!values.has(match[1]!)) values.set(match[1]!, value);
    text = text.slice(0, match.index) + value + text.slice(match.index + match[0].length);
  }
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, braced?: string, bare?: string) => values.get(braced ?? bare!) ?? '');
}

const inNetwork = (input: string, body: string): string => `network Snippet {\n  input x: ${input}\n${body.replace(/^/gm, '  ')}\n}\n`;

/** How each snippet is used in a file, by prefix: every snippet needs one. */
const SNIPPET_USES: Record<string, (text: string) => string> = {
  network: (text) => text,
  residual: (text) => `${text}\n${inNetwork('64x28x28', 'r = Residual(64)')}`,
  inception: (text) => `${text}\n${inNetwork('192x28x28', 'i = Inception(64, 96, 128, 16, 32, 32)')}`,
  se: (text) => `${text}\n${inNetwork('64x28x28', 's = SE(64, 16)')}`,
  // Twelve, as in ViT-B/16: one alone would be nothing but heavy layers.
  encoder: (text) => `${text}\n${inNetwork('197x768', 'e = Encoder(768, 12) * 12')}`,
  input: (text) => `network Snippet {\n  ${text}\n  relu()\n}\n`,
  conv: (text) => inNetwork('3x224x224', text),
  dense: (text) => inNetwork('512', text),
  maxpool: (text) => inNetwork('3x224x224', text),
  head: (text) => inNetwork('512x7x7', text),
  'netlint-disable-next-line': (text) => inNetwork('3x32x32', `${text}\nconv(8, 3x3)`),
};

describe('snippets', () => {
  test('every snippet expands, with its defaults, to .net that analyses clean', () => {
    assert.deepEqual(
      Object.values(snippets)
        .map((s) => s.prefix)
        .sort(),
      Object.keys(SNIPPET_USES).sort(),
    );
    for (const [name, snippet] of Object.entries(snippets)) {
      const file = SNIPPET_USES[snippet.prefix]!(expandSnippet(snippet.body));
      const diagnostics = analyze(file).diagnostics.map((d) => `${d.code}: ${d.message}`);
      assert.deepEqual(diagnostics, [], `${name} expands to\n${file}`);
    }
  });

  test('the encoder block is pre-norm: layernorm, attention, add, layernorm, dense(4·d, gelu), dense(d), add', () => {
    const encoder = expandSnippet(snippets['Transformer encoder block']!.body);
    const ops = [...encoder.matchAll(/(\w+)\(/g)].map((m) => m[1]).slice(1);
    assert.deepEqual(ops, ['layernorm', 'attention', 'add', 'layernorm', 'dense', 'dense', 'add']);
    assert.match(encoder, /dense\(4 \* d, act=gelu\)/);
    // ViT-B/16's encoder: 7,087,872 params a layer (torchvision's EncoderBlock), twelve of them
    const { networks } = analyze(SNIPPET_USES['encoder']!(encoder));
    assert.equal(networks[0]!.totals.params, 12n * 7_087_872n);
  });

  test('the residual and inception blocks have the asked-for shape', () => {
    const residual = expandSnippet(snippets['Residual block']!.body);
    assert.equal(residual.match(/conv\([^)]*3x3/g)?.length, 2);
    assert.equal(residual.match(/batchnorm\(\)/g)?.length, 2);
    assert.match(residual, /add\(\w+, in\)/);
    const inception = expandSnippet(snippets['Inception block']!.body);
    assert.equal(inception.match(/from in\b/g)?.length, 4);
    assert.match(inception, /concat\((\w+, ){3}\w+\)/);
  });

  test('the squeeze-and-excitation block keeps its input’s shape, with the params of torchvision’s SqueezeExcitation', () => {
    const se = expandSnippet(snippets['Squeeze-and-excitation block']!.body);
    assert.match(se, /globalavgpool\(\)/);
    assert.match(se, /mul\(in, \w+\)/);
    const network = analyze(SNIPPET_USES.se!(se)).networks[0]!;
    assert.deepEqual(network.output, [64, 28, 28]);
    // reduce 64·4 + 4, gate 4·64 + 64: SqueezeExcitation(64, 4) has 580 params in PyTorch
    assert.equal(network.totals.params, 580n);
  });

  test('choice lists hold what core accepts', () => {
    const accepted: Record<string, readonly string[]> = { 'act=': ACTIVATIONS, 'netlint-disable-next-line ': RULE_CODES };
    for (const snippet of Object.values(snippets)) {
      const body = snippet.body.join('\n');
      const lists = [...body.matchAll(/(act=|netlint-disable-next-line )?\$\{\d+\|([^|]*)\|\}/g)];
      for (const [, before, list] of lists) {
        assert.ok(before, `${snippet.prefix}: a choice of ${list} where no list of core's applies`);
        assert.deepEqual(list!.split(',').sort(), [...accepted[before]!].sort(), `${snippet.prefix}: ${list}`);
      }
    }
    const directive = expandSnippet(snippets['Disable a rule for the next line']!.body);
    assert.deepEqual(parseDirective(directive), { kind: 'next-line', codes: ['heavy-layer'] });
  });
});
