/**
 * Protocol Buffers' text format, as Caffe's `.prototxt` files write it: fields `name: value`
 * and messages `name { … }` (the colon before a brace optional), strings in quotes, enum
 * names bare, `#` comments. Each field keeps its line, for messages that name the place.
 */
import { ImportError } from './graph';

export interface Field {
  readonly name: string;
  /** A scalar's text (a string without its quotes), or a nested message. */
  readonly value: string | Message;
  readonly line: number;
}

export interface Message {
  readonly fields: readonly Field[];
  readonly line: number;
}

interface Token {
  readonly kind: 'word' | 'string' | 'punct' | 'end';
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const TOKEN = /[ \t\r]+|\n|#[^\n]*|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|([A-Za-z0-9_.+-]+)|([{}:[\],;<>])/y;

function tokens(text: string): Token[] {
  const list: Token[] = [];
  let line = 1;
  let lineStart = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    const column = at - lineStart + 1;
    if (!match) {
      const shown = JSON.stringify(text[at]);
      throw new ImportError(`line ${line}, column ${column}: unexpected character ${shown}${text[at] === '"' ? ' (a string not closed on its line)' : ''}`);
    }
    if (match[0] === '\n') {
      line++;
      lineStart = TOKEN.lastIndex;
    } else if (match[1] !== undefined) {
      list.push({ kind: 'string', text: match[1].slice(1, -1), line, column });
    } else if (match[2] !== undefined) {
      list.push({ kind: 'word', text: match[2], line, column });
    } else if (match[3] !== undefined) {
      list.push({ kind: 'punct', text: match[3], line, column });
    }
  }
  list.push({ kind: 'end', text: 'the end of the file', line, column: text.length - lineStart + 1 });
  return list;
}

function describe(token: Token): string {
  return token.kind === 'end' ? token.text : token.kind === 'string' ? `"${token.text}"` : `'${token.text}'`;
}

/** Parses a whole prototxt; throws an ImportError at the first place it cannot read. */
export function parsePrototxt(text: string): Message {
  const list = tokens(text);
  let index = 0;
  let current = list[0]!;
  const advance = (): Token => {
    const token = current;
    current = list[Math.min(++index, list.length - 1)]!;
    return token;
  };
  const fail = (token: Token, what: string): never => {
    throw new ImportError(`line ${token.line}, column ${token.column}: ${what}, found ${describe(token)}`);
  };

  const parseMessage = (closing: string | undefined, line: number): Message => {
    const fields: Field[] = [];
    for (;;) {
      const token = current;
      if (closing !== undefined && token.kind === 'punct' && token.text === closing) {
        advance();
        return { fields, line };
      }
      if (token.kind === 'end') {
        if (closing === undefined) return { fields, line };
        fail(token, `expected '${closing}' to close the message opened on line ${line}`);
      }
      if (token.kind !== 'word' || !/^[A-Za-z_]/.test(token.text)) fail(token, 'expected a field name');
      advance();
      let colon = false;
      if (current.kind === 'punct' && current.text === ':') {
        advance();
        colon = true;
      }
      const opening = current;
      if (opening.kind === 'punct' && (opening.text === '{' || opening.text === '<')) {
        advance();
        fields.push({ name: token.text, value: parseMessage(opening.text === '{' ? '}' : '>', opening.line), line: token.line });
      } else if (colon && opening.kind === 'punct' && opening.text === '[') {
        advance();
        while (!(current.kind === 'punct' && current.text === ']')) {
          fields.push({ name: token.text, value: scalar(), line: token.line });
          if (current.kind === 'punct' && current.text === ',') advance();
          else if (!(current.kind === 'punct' && current.text === ']')) fail(current, `expected ',' or ']' in the list of '${token.text}'`);
        }
        advance();
      } else if (colon) {
        fields.push({ name: token.text, value: scalar(), line: token.line });
      } else {
        fail(opening, `expected ':' or '{' after '${token.text}'`);
      }
      if (current.kind === 'punct' && (current.text === ',' || current.text === ';')) advance();
    }
  };
  const scalar = (): string => {
    const token = current;
    if (token.kind === 'string') {
      advance();
      let value = token.text;
      // Adjacent strings join, as in C.
      while (current.kind === 'string') value += advance().text;
      return value;
    }
    if (token.kind !== 'word') fail(token, 'expected a value');
    return advance().text;
  };
  return parseMessage(undefined, 1);
}

export function fieldsOf(message: Message | undefined, name: string): Field[] {
  return message ? message.fields.filter((field) => field.name === name) : [];
}

export function messageOf(message: Message | undefined, name: string): Message | undefined {
  const value = message?.fields.find((field) => field.name === name)?.value;
  return typeof value === 'object' ? value : undefined;
}

export function scalarOf(message: Message | undefined, name: string): string | undefined {
  const value = message?.fields.find((field) => field.name === name)?.value;
  return typeof value === 'string' ? value : undefined;
}

export function scalarsOf(message: Message | undefined, name: string): string[] {
  return fieldsOf(message, name).flatMap((field) => (typeof field.value === 'string' ? [field.value] : []));
}
