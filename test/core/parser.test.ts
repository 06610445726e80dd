/**
 * What core/ast.ts promises of a tree the parser recovered: a missing part is undefined,
 * but for the two names a node always has (a call's callee, a block parameter's name),
 * which are empty and zero-width where the name should be.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BlockDeclaration, Expr, LayerStatement } from '../../core/ast';
import { parse } from '../../core/parser';
import { repoRoot } from '../helpers/paths';

test('a missing callee or parameter name is empty and zero-width; other missing parts are undefined', () => {
  const text = 'block B(a, = 2) {\n  y = (3)\n  input : 3\n}\n';
  const block = parse(text).file.declarations[0] as BlockDeclaration;
  const names = block.params.map((p) => [p.name.text, p.name.start, p.name.end]);
  assert.deepEqual(names, [
    ['a', 8, 9],
    ['', 11, 11],
  ]);
  const [layer, input] = block.statements;
  const callee = (layer as LayerStatement).call.callee;
  assert.deepEqual([layer!.kind, layer!.name?.text, callee.text, callee.start, callee.end], ['layer', 'y', '', 24, 24]);
  assert.deepEqual([input!.kind, input!.name], ['input', undefined]);
});

test('the core keeps no module-level variable but the one parser instance', () => {
  const core = join(repoRoot, 'core');
  const found = readdirSync(core, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      readFileSync(join(core, file), 'utf8')
        .split('\n')
        .filter((line) => /^(export )?(let|var) /.test(line))
        .map((line) => `${file}: ${line}`),
    );
  assert.deepEqual(found, [`${join('parser', 'grammar.ts')}: let parserInstance: NetParser | undefined;`]);
});

/** An expression written back with its structure: binary operations in parentheses. */
function show(expr: Expr | undefined): string {
  if (!expr) return '?';
  switch (expr.kind) {
    case 'integer':
      return String(expr.value);
    case 'decimal':
      return expr.text;
    case 'dims':
      return expr.value.join('x');
    case 'boolean':
      return String(expr.value);
    case 'name':
      return expr.name;
    case 'binary':
      return `(${show(expr.left)} ${expr.operator} ${show(expr.right)})`;
    case 'negate':
      return `-${show(expr.operand)}`;
    case 'list':
      return `[${expr.items.map(show).join(', ')}]`;
  }
}

function layers(body: string): { statements: LayerStatement[]; errors: string[] } {
  const result = parse(`network N {\n  input x: 3x8x8\n${body}\n}\n`);
  const network = result.file.declarations[0]!;
  return {
    statements: network.statements.filter((s): s is LayerStatement => s.kind === 'layer'),
    errors: result.errors.map((e) => e.message),
  };
}

test('size lists, floor division and one leading minus parse with the usual precedence', () => {
  const { statements, errors } = layers('  a = conv(c, [1, k], pad=[0, k // 2], stride=-(a + 1) * 2, dilation=-[1, 2], p=-0.5, q=a - -b // 2 + 1)');
  assert.deepEqual(errors, []);
  assert.deepEqual(
    statements[0]!.call.args.map((arg) => show(arg.value)),
    ['c', '[1, k]', '[0, (k // 2)]', '(-(a + 1) * 2)', '-[1, 2]', '-0.5', '((a - (-b // 2)) + 1)'],
  );
  const list = statements[0]!.call.args[1]!.value!;
  assert.deepEqual([list.start, list.end], [43, 49]);
});

test('a size list may span lines as parentheses do, and one left open does not swallow the next layer', () => {
  const spanning = layers('  a = conv(8, [3,\n    3], pad=[1,\n 1])\n  b = relu()');
  assert.deepEqual(spanning.errors, []);
  assert.deepEqual(
    spanning.statements.map((s) => [s.name?.text, s.call.args.map((arg) => show(arg.value))]),
    [
      ['a', ['8', '[3, 3]', '[1, 1]']],
      ['b', []],
    ],
  );
  const open = layers('  a = conv(8, [3, 3)\n  b = relu()');
  assert.deepEqual(open.errors, ["expected ']' to close [, found ')'"]);
  assert.deepEqual(
    open.statements.map((s) => s.name?.text),
    ['a', 'b'],
  );
});

test("'output' marks a layer only before a layer; elsewhere it is a name, as 'tensor' is", () => {
  const { statements, errors } = layers(
    [
      '  output aux = dense(10)',
      '  output dense(3)',
      '  output = relu()',
      '  tensor = relu() from output',
      '  r = relu() from output',
      '  output(3)',
      '  output output = relu()',
      '  s = conv(tensor, output)',
    ].join('\n'),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(
    statements.map((s) => [s.output?.text ?? '', s.name?.text ?? '', s.call.callee.text, s.from?.text ?? '']),
    [
      ['output', 'aux', 'dense', ''],
      ['output', '', 'dense', ''],
      ['', 'output', 'relu', ''],
      ['', 'tensor', 'relu', 'output'],
      ['', 'r', 'relu', 'output'],
      ['', '', 'output', ''],
      ['output', 'output', 'relu', ''],
      ['', 's', 'conv', ''],
    ],
  );
});

test("a block parameter may be typed ': tensor'; 'tensor' and 'output' stay names of blocks and parameters", () => {
  const result = parse('block Up(skip: tensor, filters, m=2 * filters) {\n  relu()\n}\nblock tensor(output, tensor: tensor) {\n  relu()\n}\n');
  assert.deepEqual(result.errors, []);
  const [up, named] = result.file.declarations as BlockDeclaration[];
  assert.deepEqual(
    up!.params.map((p) => [p.name.text, p.type?.text ?? '', show(p.defaultValue)]),
    [
      ['skip', 'tensor', '?'],
      ['filters', '', '?'],
      ['m', '', '(2 * filters)'],
    ],
  );
  assert.deepEqual([named!.name?.text, ...named!.params.map((p) => `${p.name.text}:${p.type?.text ?? ''}`)], ['tensor', 'output:', 'tensor:tensor']);
});
