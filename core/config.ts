/**
 * `.netlintrc.json` read as settings. The text is parsed as JSON keeping the place of each
 * key and value, so that every problem points at what it is about (JSON.parse keeps no
 * places, and its messages differ from one Node to the next). Pure: the CLI and the server
 * each read the file their own way and hand the text here.
 */
import { DEFAULT_SETTINGS, mergeSettings, type SettingsInput, type SettingsProblem } from './settings';
import type { Span } from './text';

export const CONFIG_FILE = '.netlintrc.json';

/** The keys a config file may hold at its top; `$schema` only points editors at the schema. */
export const CONFIG_KEYS = ['rules', 'maxLayers', 'maxDepth', '$schema'] as const;

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

type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'scalar'; readonly start: number; readonly end: number; readonly value: string | number | boolean | null };

interface JsonMember {
  readonly key: string;
  /** The key with its quotes. */
  readonly keySpan: Span;
  readonly value: JsonNode;
}

/** Thrown inside the JSON reader only, and caught by parseJson. */
class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly span: Span,
  ) {}
}

/** Deeper than this is no settings file: a bound, so that hostile nesting cannot exhaust the stack. */
const MAX_NESTING = 64;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Strict JSON (RFC 8259), a leading byte-order mark allowed, as a tree of nodes with their spans. */
function parseJson(text: string): JsonNode | JsonSyntaxError {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const skipSpace = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  /** What stands at the cursor: a word, one character, or nothing. */
  const found = (): { said: string; end: number } => {
    if (at >= text.length) return { said: 'the end of the file', end: at };
    WORD.lastIndex = at;
    const word = WORD.exec(text)?.[0];
    return word ? { said: `'${word.slice(0, 20)}'`, end: at + word.length } : { said: `'${text[at]}'`, end: at + 1 };
  };
  const fail = (expected: string): never => {
    const { said, end } = found();
    const hint = text.startsWith('//', at) || text.startsWith('/*', at) ? ' (JSON has no comments)' : '';
    throw new JsonSyntaxError(`not valid JSON: expected ${expected}, found ${said}${hint}`, { start: at, end });
  };

  const readString = (): { value: string; span: Span } => {
    const start = at++;
    let value = '';
    for (;;) {
      const ch = text[at];
      if (ch === undefined || ch === '\n' || ch === '\r') {
        throw new JsonSyntaxError('not valid JSON: a string is not closed on its line', { start, end: at });
      }
      if (ch === '"') break;
      if (ch < ' ') throw new JsonSyntaxError('not valid JSON: a string may not hold a control character (write it as an escape such as \\t)', { start: at, end: at + 1 });
      if (ch !== '\\') {
        value += ch;
        at++;
        continue;
      }
      const escape = text[at + 1] ?? '';
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
        value += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
        at += 6;
      } else if (escape in ESCAPES) {
        value += ESCAPES[escape];
        at += 2;
      } else {
        throw new JsonSyntaxError(`not valid JSON: '\\${escape}' is not an escape JSON knows`, { start: at, end: at + 2 });
      }
    }
    at++;
    return { value, span: { start, end: at } };
  };

  const readValue = (depth: number): JsonNode => {
    skipSpace();
    const start = at;
    const ch = text[at];
    if (depth > MAX_NESTING && (ch === '{' || ch === '[')) {
      throw new JsonSyntaxError(`not valid here: objects and arrays nest deeper than ${MAX_NESTING}`, { start, end: start + 1 });
    }
    if (ch === '{') {
      at++;
      const members: JsonMember[] = [];
      skipSpace();
      if (text[at] === '}') {
        at++;
        return { kind: 'object', start, end: at, members };
      }
      for (;;) {
        skipSpace();
        if (text[at] !== '"') fail(members.length > 0 && text[at] === '}' ? "a key in double quotes (JSON allows no comma before '}')" : 'a key in double quotes');
        const key = readString();
        skipSpace();
        if (text[at] !== ':') fail(`':' after the key "${key.value}"`);
        at++;
        members.push({ key: key.value, keySpan: key.span, value: readValue(depth + 1) });
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return { kind: 'object', start, end: at, members };
        }
        fail("',' or '}'");
      }
    }
    if (ch === '[') {
      at++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[at] === ']') {
        at++;
        return { kind: 'array', start, end: at, items };
      }
      for (;;) {
        skipSpace();
        if (items.length > 0 && text[at] === ']') fail("a value (JSON allows no comma before ']')");
        items.push(readValue(depth + 1));
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return { kind: 'array', start, end: at, items };
        }
        fail("',' or ']'");
      }
    }
    if (ch === '"') {
      const { value, span } = readString();
      return { kind: 'scalar', ...span, value };
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (number) {
      at += number[0].length;
      return { kind: 'scalar', start, end: at, value: Number(number[0]) };
    }
    WORD.lastIndex = at;
    const word = WORD.exec(text)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      at += word.length;
      return { kind: 'scalar', start, end: at, value: word === 'null' ? null : word === 'true' };
    }
    return fail('a value');
  };

  try {
    const root = readValue(0);
    skipSpace();
    if (at < text.length) fail('the end of the file after the JSON value');
    return root;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
}

/** The node as a plain value. Objects are made with fromEntries, so that a key `__proto__` stays a key. */
function plain(node: JsonNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'array') return node.items.map(plain);
  return Object.fromEntries(node.members.map((member) => [member.key, plain(member.value)]));
}

/** Keys given twice in one object, anywhere in the tree: JSON.parse would keep the last in silence. */
function duplicateKeys(node: JsonNode, problems: ConfigProblem[]): void {
  if (node.kind === 'array') node.items.forEach((item) => duplicateKeys(item, problems));
  if (node.kind !== 'object') return;
  const seen = new Set<string>();
  for (const member of node.members) {
    if (seen.has(member.key)) problems.push({ message: `'${member.key}' is given twice`, span: member.keySpan });
    seen.add(member.key);
    duplicateKeys(member.value, problems);
  }
}

/** The span a settings problem is about: its key or its value, found by its path. */
function spanOf(root: JsonNode, problem: SettingsProblem): Span {
  let node = root;
  let keySpan: Span | undefined;
  for (const key of problem.path) {
    const member = node.kind === 'object' ? node.members.findLast((m) => m.key === key) : undefined;
    if (!member) break;
    keySpan = member.keySpan;
    node = member.value;
  }
  const span = problem.about === 'key' && keySpan ? keySpan : node;
  return { start: span.start, end: span.end };
}

/** Reads a config file's text: the settings it gives, and every problem with its place. */
export function parseConfig(text: string): ParsedConfig {
  const root = parseJson(text);
  if (root instanceof JsonSyntaxError) return { input: {}, problems: [{ message: root.message, span: root.span }] };
  if (root.kind !== 'object') {
    return { input: {}, problems: [{ message: 'a settings file holds a JSON object, such as {"rules": {"heavy-layer": "off"}}', span: { start: root.start, end: root.end } }] };
  }
  const problems: ConfigProblem[] = [];
  duplicateKeys(root, problems);
  const input: Record<string, unknown> = {};
  for (const member of root.members) {
    if (!(CONFIG_KEYS as readonly string[]).includes(member.key)) {
      problems.push({ message: `unknown setting '${member.key}' (settings: ${CONFIG_KEYS.filter((k) => k !== '$schema').join(', ')})`, span: member.keySpan });
    } else if (member.key === '$schema') {
      if (member.value.kind !== 'scalar' || typeof member.value.value !== 'string') {
        problems.push({ message: "'$schema' must be a string: the address of the schema", span: { start: member.value.start, end: member.value.end } });
      }
    } else {
      input[member.key] = plain(member.value);
    }
  }
  // The problems do not depend on the base: any base finds the same ones.
  for (const problem of mergeSettings(DEFAULT_SETTINGS, input).problems) problems.push({ message: problem.message, span: spanOf(root, problem) });
  problems.sort((a, b) => a.span.start - b.span.start);
  return { input, problems };
}
