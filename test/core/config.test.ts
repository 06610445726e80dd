/**
 * `.netlintrc.json` as the core reads it: what a text sets, and every problem at the key or
 * value it is about. Fixtures mark that place with «…» (JSON's own brackets would clash
 * with `[[…]]`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS, mergeSettings, parseConfig } from '../../core';

function located(source: string): { text: string; start: number; end: number } {
  const start = source.indexOf('«');
  const end = source.indexOf('»');
  assert.ok(start >= 0 && end > start, `one «…» marker expected in ${source}`);
  return { text: source.slice(0, start) + source.slice(start + 1, end) + source.slice(end + 1), start, end: end - 1 };
}

describe('config files: what they set', () => {
  test('a rule turned off, a severity by its short name, thresholds and limits', () => {
    const { input, problems } = parseConfig(
      '{\n  "$schema": "./node_modules/netlint/schemas/netlintrc.schema.json",\n  "rules": {"heavy-layer": "off", "fc-dominant": {"severity": "warn", "share": 0.6, "minimum": 0}},\n  "maxLayers": 2000, "maxDepth": 8\n}\n',
    );
    assert.deepEqual(problems, []);
    const { settings } = mergeSettings(DEFAULT_SETTINGS, input);
    assert.deepEqual(settings.rules['heavy-layer'], { severity: 'off', share: 0.25, minimum: 1_000_000 });
    assert.deepEqual(settings.rules['fc-dominant'], { severity: 'warning', share: 0.6, minimum: 0 });
    assert.equal(settings.maxLayers, 2000);
    assert.equal(settings.maxDepth, 8);
  });

  test('a byte-order mark is skipped, and places still count it', () => {
    const { input, problems } = parseConfig('\ufeff{"rules": {"unused": "off"}}');
    assert.deepEqual(problems, []);
    assert.deepEqual(input, { rules: { unused: 'off' } });
    assert.deepEqual(parseConfig('\ufeff{"rules": 5}').problems[0]!.span, { start: 11, end: 12 });
  });

  test('escapes in strings, and a key named __proto__ stays a key', () => {
    const { input, problems } = parseConfig('{"rules": {"\\u0075nused": "o\\u0066f", "__proto__": "off"}}');
    assert.deepEqual(Object.keys(input.rules as object), ['unused', '__proto__']);
    assert.deepEqual(
      problems.map((p) => p.message),
      ["unknown rule '__proto__' (rules: heavy-layer, fc-dominant, costly-layer, large-kernel, lossy-stride, unused)"],
    );
  });

  test('brackets inside a string are no nesting', () => {
    const schema = `${'['.repeat(100)}.json`;
    assert.deepEqual(parseConfig(`{"$schema": "${schema}"}`), { input: {}, problems: [] });
  });

  test('an empty object sets nothing', () => {
    assert.deepEqual(parseConfig(' {} \n'), { input: {}, problems: [] });
  });
});

describe('config files: every problem, with its place', () => {
  const RULES = 'heavy-layer, fc-dominant, costly-layer, large-kernel, lossy-stride, unused';
  const cases: [string, string, string][] = [
    // What is wrong in the settings, named by key (issue 14, item 13).
    ['rules is a number', '{"rules": «5»}', `'rules' must be an object, such as {"heavy-layer": "off"}`],
    ['rules is an array', '{"rules": «[]»}', `'rules' must be an object, such as {"heavy-layer": "off"}`],
    ['rules is null', '{"rules": «null»}', `'rules' must be an object, such as {"heavy-layer": "off"}`],
    ['an unknown key inside a rule', '{"rules": {"heavy-layer": {«"bogus"»: 1}}}', "rule 'heavy-layer': unknown key 'bogus' (keys: severity, share, minimum)"],
    [
      'share on a rule with no threshold',
      '{"rules": {"large-kernel": {«"share"»: 0.5}}}',
      "rule 'large-kernel' has no threshold: 'share' does not apply to it (keys: severity)",
    ],
    [
      'minimum on a rule with no threshold',
      '{"rules": {"unused": {«"minimum"»: 3}}}',
      "rule 'unused' has no threshold: 'minimum' does not apply to it (keys: severity)",
    ],
    ['an unknown rule', '{"rules": {«"heavy"»: "off"}}', `unknown rule 'heavy' (rules: ${RULES})`],
    ['a severity not known', '{"rules": {"unused": «"loud"»}}', "rule 'unused': expected a severity (error, warning, information, hint, off) or an object"],
    [
      'a severity inside an object',
      '{"rules": {"unused": {"severity": «"loud"»}}}',
      "rule 'unused': severity must be one of error, warning, information, hint, off",
    ],
    ['a rule set to null', '{"rules": {"unused": «null»}}', "rule 'unused': expected a severity (error, warning, information, hint, off) or an object"],
    ['a share past 1', '{"rules": {"fc-dominant": {"share": «1.5»}}}', "rule 'fc-dominant': share must be a number from 0 to 1"],
    // 1e20 is a whole number, but not one a JSON number holds exactly (issue 14, item 19).
    ['a minimum past 2^53', '{"rules": {"heavy-layer": {"minimum": «1e20»}}}', "rule 'heavy-layer': minimum must be a whole number from 0 to 9007199254740991"],
    ['a negative minimum', '{"rules": {"heavy-layer": {"minimum": «-1»}}}', "rule 'heavy-layer': minimum must be a whole number from 0 to 9007199254740991"],
    ['maxLayers of 0', '{"maxLayers": «0»}', 'maxLayers must be a whole number from 1 to 9007199254740991'],
    ['maxDepth as a string', '{"maxDepth": «"64"»}', 'maxDepth must be a whole number from 1 to 9007199254740991'],
    ['maxLayers null', '{"maxLayers": «null»}', 'maxLayers must be a whole number from 1 to 9007199254740991'],
    ['an unknown setting', '{"rules": {}, «"rule"»: {}}', "unknown setting 'rule' (settings: rules, maxLayers, maxDepth)"],
    ['$schema that is not a string', '{"$schema": «true»}', "'$schema' must be a string: the address of the schema"],
    ['a key given twice', '{"rules": {"unused": "off"},\n «"rules"»: {}}', "'rules' is given twice"],
    ['not an object', '«["rules"]»', 'a settings file holds a JSON object, such as {"rules": {"heavy-layer": "off"}}'],
    // Syntax: stable messages, at the place reading stopped.
    ['an empty file', '«»', 'not valid JSON: expected a value, found the end of the file'],
    ['a trailing comma', '{"rules": {"unused": "off",\n  «}»}', "not valid JSON: expected a key in double quotes (JSON allows no comma before '}'), found '}'"],
    ['a missing comma', '{"maxLayers": 10\n «"»maxDepth": 3}', "not valid JSON: expected ',' or '}', found '\"'"],
    ['a comment', '{\n  «/»/ no\n}', "not valid JSON: expected a key in double quotes, found '/' (JSON has no comments)"],
    ['a single-quoted key', "{«'»rules': {}}", "not valid JSON: expected a key in double quotes, found '''"],
    ['a missing colon', '{"rules" «{»}', "not valid JSON: expected ':' after the key \"rules\", found '{'"],
    ['a word that is no value', '{"maxLayers": «True»}', "not valid JSON: expected a value, found 'True'"],
    ['an unclosed string', '{«"rules: {}}»\n', 'not valid JSON: a string is not closed on its line'],
    ['a bad escape', '{"rules": {"a«\\x»"}}', "not valid JSON: '\\x' is not an escape JSON knows"],
    ['text after the object', '{} «xyz»', "not valid JSON: expected the end of the file after the JSON value, found 'xyz'"],
    ['hostile nesting', `{"rules": ${'['.repeat(64)}«[»${']'.repeat(65)}}`, 'not valid here: objects and arrays nest deeper than 64'],
    // jsonc-parser reads nested values by recursion, and 10,000 '[' exhaust its stack: the
    // depth is bounded before it reads, yet an earlier syntax error is still the one reported.
    ['100,000 open brackets', `${'['.repeat(65)}«[»${'['.repeat(99_934)}`, 'not valid here: objects and arrays nest deeper than 64'],
    ['a close that does not match nests deeper', `[1«}»,${'[1},'.repeat(20_000)}`, "not valid JSON: expected ',' or ']', found '}'"],
    ['a syntax error before deep nesting', `{"rules" «[»${'['.repeat(100_000)}`, "not valid JSON: expected ':' after the key \"rules\", found '['"],
    ['brackets in a comment', `{«/»* ${'['.repeat(100_000)} */}`, "not valid JSON: expected a key in double quotes, found '/' (JSON has no comments)"],
    ['a trailing comma in an array', '{"rules": [1,«]»}', "not valid JSON: expected a value (JSON allows no comma before ']'), found ']'"],
    ['a file that stops after a comma', '{"rules": {"unused": "off",«»', 'not valid JSON: expected a key in double quotes, found the end of the file'],
    ['a number cut short', '{"maxLayers": «1.»}', "not valid JSON: the number '1.' is cut short (JSON wants digits after '.' and after 'e')"],
    ['a tab inside a string', '{"rules": "«\t»"}', 'not valid JSON: a string may not hold a control character (write it as an escape such as \\t)'],
  ];
  for (const [name, source, message] of cases) {
    test(name, () => {
      const { text, start, end } = located(source);
      const { input, problems } = parseConfig(text);
      assert.deepEqual(
        problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]),
        [[message, text.slice(start, end)]],
      );
      assert.deepEqual(problems[0]!.span, { start, end });
      // What was not understood is not applied.
      assert.deepEqual(mergeSettings(DEFAULT_SETTINGS, input).settings.rules, DEFAULT_SETTINGS.rules);
    });
  }

  test('several problems come in the order of the file', () => {
    const { problems } = parseConfig('{"maxLayers": -3, "rules": {"large-kernel": {"share": 1}, "unused": "loud"}, "extra": 1}');
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'maxLayers must be a whole number from 1 to 9007199254740991',
        "rule 'large-kernel' has no threshold: 'share' does not apply to it (keys: severity)",
        "rule 'unused': expected a severity (error, warning, information, hint, off) or an object",
        "unknown setting 'extra' (settings: rules, maxLayers, maxDepth)",
      ],
    );
  });
});
