/**
 * What may be typed next, as a table: a snippet with `|` at the cursor and the context
 * the core gives there, around the boundaries of statements in particular.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completionContext, type CompletionContext } from '../../core';
import { cursor } from '../helpers/net';

/** A network with an input and a pool, then `rest`; no closing brace unless `rest` has one. */
const POOL = (rest: string) => `network N {\n  input x: 3x32x32\n  pool = maxpool(2x2)${rest}`;
const NETWORK = { kind: 'statement', body: { kind: 'network', name: 'N' } } as const;
const BLOCK = { kind: 'statement', body: { kind: 'block', name: 'B' } } as const;

const CASES: readonly [title: string, source: string, expected: CompletionContext, partial: string][] = [
  ['a new line after a call, a word begun', POOL('\n  co|\n}\n'), NETWORK, 'co'],
  ['a new line after a call, at the end of the file, no line break after', POOL('\n  co|'), NETWORK, 'co'],
  ['a new line after a call, nothing typed yet', POOL('\n  |\n}\n'), NETWORK, ''],
  ['a new line after a comment line', POOL('\n  # the head\n  co|\n}\n'), NETWORK, 'co'],
  ['a new line after a call that ends in a comment', POOL(' # 2x down\n  |\n}\n'), NETWORK, ''],
  ['inside a comment: nothing', POOL(' # a co|\n}\n'), { kind: 'none' }, ''],
  ['after a call on the same line: from', POOL(' |\n}\n'), { kind: 'after-call' }, ''],
  ['after a call on the same line, from begun', POOL(' fr|\n}\n'), { kind: 'after-call' }, 'fr'],
  ['after a repeat count on the same line: from', POOL('\n  s = B(8) * 3 |\n}\n'), { kind: 'after-call' }, ''],
  ['after a repeat count with a parameter', POOL('\n  s = B(8) * n * 2 |\n}\n'), { kind: 'after-call' }, ''],
  ['a repeat count being written: nothing', POOL('\n  s = B(8) * |\n}\n'), { kind: 'none' }, ''],
  ['after from and its name on the same line: nothing', POOL('\n  a = relu() from x |\n}\n'), { kind: 'none' }, ''],
  ['after an input on the same line: nothing', 'network N {\n  input x: 3x32x32 |\n}\n', { kind: 'none' }, ''],
  ['the line after an input', 'network N {\n  input x: 3x32x32\n  |\n}\n', NETWORK, ''],
  ['the first statement, after the brace on its line', 'network N { |', NETWORK, ''],
  ['the first line of a body', 'network N {\n  |\n}\n', NETWORK, ''],
  ['a new line inside a block', 'block B(f) {\n  a = conv(f, 3x3)\n  co|\n}\n', BLOCK, 'co'],
  ['a new line inside a block at the end of the file', 'block B(f) {\n  a = conv(f, 3x3)\n  |', BLOCK, ''],
  ['after name = inside a block', 'block B(f) {\n  a = |', { kind: 'call-name', body: { kind: 'block', name: 'B' } }, ''],
  ['after a block, past its closing brace', 'block B(f) {\n  a = conv(f, 3x3)\n}\n|', { kind: 'top-level' }, ''],
  ['after a block, a word begun', 'block B(f) {\n  a = conv(f, 3x3)\n}\nne|', { kind: 'top-level' }, 'ne'],
  ['after a network, on the line of its closing brace', POOL('\n} |'), { kind: 'top-level' }, ''],
  ['after from', POOL('\n  a = relu() from |\n}\n'), { kind: 'from' }, ''],
  ['after a name and =', POOL('\n  a = co|\n}\n'), { kind: 'call-name', body: { kind: 'network', name: 'N' } }, 'co'],
  ["after ':' in a block's parameters: its type", 'block B(f, skip: |', { kind: 'parameter-type' }, ''],
  ["after ':' in a block's parameters, the type begun", 'block B(skip: te|) {\n}\n', { kind: 'parameter-type' }, 'te'],
];

describe('completion context', () => {
  for (const [title, source, expected, partial] of CASES) {
    test(title, () => {
      const { text, offset } = cursor(source);
      assert.deepEqual(completionContext(text, offset), { ...expected, partial });
    });
  }

  test("a size list's commas are not the call's: the argument is the list's place", () => {
    for (const [source, index] of [
      [POOL('\n  a = conv(8, [3, 3], |'), 2],
      [POOL('\n  a = conv(8, [3, |'), 1],
    ] as const) {
      const { text, offset } = cursor(source);
      const context = completionContext(text, offset);
      assert.deepEqual(context.kind === 'argument' && [context.call.callee, context.call.argumentIndex], ['conv', index]);
    }
  });

  test('a multi-line call: the next line is still its arguments', () => {
    const source = POOL('\n  a = conv(16,\n    |');
    const { text, offset } = cursor(source);
    const context = completionContext(text, offset);
    assert.equal(context.kind, 'argument');
    assert.deepEqual(context.kind === 'argument' && [context.call.callee, context.call.argumentIndex], ['conv', 1]);
  });
});
