/**
 * What core/ast.ts promises of a tree the parser recovered: a missing part is undefined,
 * but for the two names a node always has (a call's callee, a block parameter's name),
 * which are empty and zero-width where the name should be.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BlockDeclaration, LayerStatement } from '../../core/ast';
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
