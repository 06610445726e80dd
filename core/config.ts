/**
 * `.netlintrc.json` read as settings. The text is parsed as JSON by jsonc-parser (the reader
 * VS Code uses for its settings files), in strict mode, which keeps the place of each key and
 * value, so that every problem points at what it is about (JSON.parse keeps no places, and its
 * messages differ from one Node to the next). Pure: the CLI and the server each read the file
 * their own way and hand the text here.
 */
// The package's `main` is a UMD build whose inner requires a bundle cannot follow; its ES
// module build bundles.
import {
  createScanner,
  parseTree,
  printParseErrorCode,
  visit,
  type Node,
  type ParseError,
  type ParseErrorCode,
  type ParseOptions,
} from 'jsonc-parser/lib/esm/main.js';
import { DEFAULT_SETTINGS, mergeSettings, type SettingsInput, type SettingsProblem } from './settings';
import type { Span } from './text';

export const CONFIG_FILE = '.netlintrc.json';

/** The keys a config file may hold at its top; `$schema` only points editors at the schema. */
const CONFIG_KEYS = ['rules', 'maxLayers', 'maxDepth', '$schema'] as const;

export interface ConfigProblem {
  readonly message: string;
  /** The key or value the problem is about (for a syntax error, where reading stopped). */
  readonly span: Span;
}

export interface ParsedConfig {
  /** What the file sets, to merge over the settings below it. Empty when the text is not a JSON object. */
  readonly input: SettingsInput;
  /** Empty when the whole file was understood; otherwise the file should not be applied. */
  readonly problems: readonly ConfigProblem[];
}

/** Strict JSON (RFC 8259): no comments, no trailing commas, no empty file. */
const STRICT: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/**
 * Deeper than this is no settings file. jsonc-parser reads nested values by recursion (10,000
 * `[` exhaust the stack), so the depth is bounded before it reads.
 */
const MAX_NESTING = 64;

const WORD = /[A-Za-z_$][\w$]*/y;

/**
 * The offset of the first `{` or `[` deeper than MAX_NESTING (the top value is at depth 0),
 * counted with jsonc-parser's own scanner so that strings and comments are skipped as it
 * skips them; -1 when there is none. A close that does not match the innermost open is not
 * counted: the parser does not leave its container on it either (`[1},` over and over nests
 * it deeper and deeper). Iterative: no recursion to exhaust.
 */
function tooDeep(text: string): number {
  const scanner = createScanner(text, true);
  const open: string[] = [];
  // The scanner's token kinds are a const enum, which isolated modules cannot read: a
  // token is known by its first character, and the end of the text by its offset.
  for (;;) {
    scanner.scan();
    const at = scanner.getTokenOffset();
    if (at >= text.length) return -1;
    const ch = text[at];
    if (ch === '{' || ch === '[') {
      if (open.push(ch) > MAX_NESTING + 1) return at;
    } else if ((ch === '}' && open.at(-1) === '{') || (ch === ']' && open.at(-1) === '[')) {
      open.pop();
    }
  }
}

/** What the reader expected where it stopped, as the message says it. */
type Expected = 'value' | 'key' | { readonly colonAfter: string } | 'next in object' | 'next in array' | 'end';

function sayExpected(expected: Expected): string {
  if (typeof expected === 'object') return `':' after the key "${expected.colonAfter}"`;
  return {
    value: 'a value',
    key: 'a key in double quotes',
    'next in object': "',' or '}'",
    'next in array': "',' or ']'",
    end: 'the end of the file after the JSON value',
  }[expected];
}

interface FirstError {
  readonly code: ParseErrorCode;
  readonly offset: number;
  readonly length: number;
  readonly expected: Expected;
}

/**
 * The first error jsonc-parser finds, with what it was reading for there. Its error codes
 * alone do not say that (a comment or an unknown word may stand for a key, a value or a
 * comma), so the visit follows the grammar's state through its callbacks.
 */
function firstError(text: string): FirstError | undefined {
  let first: FirstError | undefined;
  const open: ('object' | 'array')[] = [];
  let expected: Expected = 'value';
  // A missing '}' or ']' is reported after the container's end callback: what it expected
  // is the state before that.
  let beforeClose: Expected = expected;
  const next = (): Expected => (open.length === 0 ? 'end' : open.at(-1) === 'object' ? 'next in object' : 'next in array');
  const enter = (kind: 'object' | 'array') => {
    open.push(kind);
    expected = kind === 'object' ? 'key' : 'value';
  };
  const leave = () => {
    beforeClose = expected;
    open.pop();
    expected = next();
  };
  visit(
    text,
    {
      onObjectBegin: () => enter('object'),
      onArrayBegin: () => enter('array'),
      onObjectEnd: leave,
      onArrayEnd: leave,
      onObjectProperty: (key) => {
        expected = { colonAfter: key };
      },
      onLiteralValue: () => {
        expected = next();
      },
      onSeparator: (separator) => {
        expected = separator === ',' && open.at(-1) === 'object' ? 'key' : 'value';
      },
      onError: (code, offset, length) => {
        if (first) return;
        const name = printParseErrorCode(code);
        const closing = name === 'CloseBraceExpected' || name === 'CloseBracketExpected';
        first = { code, offset, length, expected: closing ? beforeClose : expected };
      },
    },
    STRICT,
  );
  return first;
}

/** The first spot inside a string token (quotes included) that JSON does not allow in a string. */
function badInString(token: string): { start: number; end: number } | undefined {
  for (let i = 1; i < token.length; i++) {
    const ch = token[i]!;
    if (ch < ' ') return { start: i, end: i + 1 };
    if (ch !== '\\') continue;
    const escape = token[i + 1] ?? '';
    const known = escape === 'u' ? /^[0-9a-fA-F]{4}/.test(token.slice(i + 2, i + 6)) : escape !== '' && '"\\/bfnrt'.includes(escape);
    if (!known) return { start: i, end: i + 2 };
    i += 1;
  }
  return undefined;
}

/** jsonc-parser's first error as a problem: a stable message of ours, at the place reading stopped. */
function syntaxProblem(text: string, error: FirstError): ConfigProblem {
  const { offset, length } = error;
  const code = printParseErrorCode(error.code);
  if (code === 'UnexpectedEndOfString') return { message: 'not valid JSON: a string is not closed on its line', span: { start: offset, end: offset + length } };
  if (code === 'InvalidEscapeCharacter' || code === 'InvalidUnicode' || code === 'InvalidCharacter') {
    const bad = badInString(text.slice(offset, offset + length));
    if (bad) {
      const span = { start: offset + bad.start, end: offset + bad.end };
      return text[span.start] === '\\'
        ? { message: `not valid JSON: '${text.slice(span.start, span.end)}' is not an escape JSON knows`, span }
        : { message: 'not valid JSON: a string may not hold a control character (write it as an escape such as \\t)', span };
    }
  }
  if (code === 'UnexpectedEndOfNumber' || code === 'InvalidNumberFormat') {
    return {
      message: `not valid JSON: the number '${text.slice(offset, offset + length)}' is cut short (JSON wants digits after '.' and after 'e')`,
      span: { start: offset, end: offset + length },
    };
  }
  // Everything else is a token where another was expected: say which, and what stands there.
  let said = 'the end of the file';
  let end = offset;
  if (offset < text.length) {
    WORD.lastIndex = offset;
    // A word is said whole as jsonc-parser read it: `true-` is one unknown symbol, not `true`.
    const found = WORD.test(text) ? text.slice(offset, offset + length) : String.fromCodePoint(text.codePointAt(offset)!);
    said = `'${found.slice(0, 20)}'`;
    end = offset + found.length;
  }
  let expected = sayExpected(error.expected);
  // Before the first error, only spaces can stand between a ',' and what follows it.
  const close = error.expected === 'key' ? '}' : error.expected === 'value' ? ']' : undefined;
  if (close && text[offset] === close && text.slice(0, offset).trimEnd().endsWith(',')) expected += ` (JSON allows no comma before '${close}')`;
  const hint = text.startsWith('//', offset) || text.startsWith('/*', offset) ? ' (JSON has no comments)' : '';
  return { message: `not valid JSON: expected ${expected}, found ${said}${hint}`, span: { start: offset, end } };
}

/** The key of a property node, and its span with the quotes. */
function keyOf(property: Node): { key: string; span: Span } {
  const key = property.children![0]!;
  return { key: key.value as string, span: { start: key.offset, end: key.offset + key.length } };
}

/** The node as a plain value. Objects are made with fromEntries, so that a key `__proto__` stays a key. */
function plain(node: Node): unknown {
  if (node.type === 'array') return node.children!.map(plain);
  if (node.type === 'object') return Object.fromEntries(node.children!.map((property) => [keyOf(property).key, plain(property.children![1]!)]));
  return node.value;
}

/** Keys given twice in one object, anywhere in the tree: JSON.parse would keep the last in silence. */
function duplicateKeys(node: Node, problems: ConfigProblem[]): void {
  if (node.type === 'array') node.children!.forEach((item) => duplicateKeys(item, problems));
  if (node.type !== 'object') return;
  const seen = new Set<string>();
  for (const property of node.children!) {
    const { key, span } = keyOf(property);
    if (seen.has(key)) problems.push({ message: `'${key}' is given twice`, span });
    seen.add(key);
    duplicateKeys(property.children![1]!, problems);
  }
}

function spanOfNode(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}

/** The span a settings problem is about: its key or its value, found by its path. */
function spanOf(root: Node, problem: SettingsProblem): Span {
  let node = root;
  let keySpan: Span | undefined;
  for (const key of problem.path) {
    const property = node.type === 'object' ? node.children!.findLast((p) => keyOf(p).key === key) : undefined;
    if (!property) break;
    keySpan = keyOf(property).span;
    node = property.children![1]!;
  }
  return problem.about === 'key' && keySpan ? keySpan : spanOfNode(node);
}

/** Reads a config file's text: the settings it gives, and every problem with its place. */
export function parseConfig(source: string): ParsedConfig {
  // A leading byte-order mark is read as a space, so that places still count it.
  const text = source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source;
  // Too deep: read only what comes before, so that an earlier syntax error is still the one reported.
  const deep = tooDeep(text);
  const read = deep < 0 ? text : text.slice(0, deep);
  const errors: ParseError[] = [];
  const root = parseTree(read, errors, STRICT);
  if (errors.some((error) => deep < 0 || error.offset < deep)) return { input: {}, problems: [syntaxProblem(text, firstError(read)!)] };
  if (deep >= 0)
    return { input: {}, problems: [{ message: `not valid here: objects and arrays nest deeper than ${MAX_NESTING}`, span: { start: deep, end: deep + 1 } }] };
  if (!root || root.type !== 'object') {
    return {
      input: {},
      problems: [
        { message: 'a settings file holds a JSON object, such as {"rules": {"heavy-layer": "off"}}', span: root ? spanOfNode(root) : { start: 0, end: 0 } },
      ],
    };
  }
  const problems: ConfigProblem[] = [];
  duplicateKeys(root, problems);
  const input: Record<string, unknown> = {};
  for (const property of root.children!) {
    const { key, span } = keyOf(property);
    const value = property.children![1]!;
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      problems.push({ message: `unknown setting '${key}' (settings: ${CONFIG_KEYS.filter((k) => k !== '$schema').join(', ')})`, span });
    } else if (key === '$schema') {
      if (value.type !== 'string') problems.push({ message: "'$schema' must be a string: the address of the schema", span: spanOfNode(value) });
    } else {
      input[key] = plain(value);
    }
  }
  // The problems do not depend on the base: any base finds the same ones.
  for (const problem of mergeSettings(DEFAULT_SETTINGS, input).problems) problems.push({ message: problem.message, span: spanOf(root, problem) });
  problems.sort((a, b) => a.span.start - b.span.start);
  return { input, problems };
}
