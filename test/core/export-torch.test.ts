/**
 * The exported code, checked by PyTorch: for every example, the module imports under
 * Debian's torch and passes pyflakes, its parameters sum to netlint's params, a forward
 * pass on zeros gives netlint's output shape, and a forward hook on every layer's module
 * sees netlint's shape for that layer.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { analyze } from '../../core';
import { exportPyTorch, type ExportedNetwork } from '../../core/export/pytorch';
import { examplePath, readExample } from '../helpers/paths';
import { PYTHON, runPython, torchMissing, torchScripts } from '../helpers/torch';

interface TorchView {
  readonly params: number;
  readonly output: number[];
  readonly modules: Record<string, number[] | null>;
}

interface Checked {
  readonly file: string;
  readonly networks: readonly ExportedNetwork[];
  readonly seen: readonly TorchView[];
}

/**
 * Exports each design, writes its module, and has PyTorch build and run every network in
 * them, all in one Python process: importing torch takes seconds.
 */
function checkWithTorch(texts: readonly string[]): Checked[] {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-export-'));
  const exported = texts.map((text, index) => {
    const outcome = exportPyTorch(analyze(text));
    if (outcome.kind !== 'exported') assert.fail(`design ${index} not exported: ${outcome.kind}`);
    const file = join(dir, `model_${index}.py`);
    writeFileSync(file, outcome.text);
    return { file, networks: outcome.networks };
  });
  const checks = exported.map(({ file, networks }) => ({
    file,
    networks: networks.map((n) => ({ className: n.className, inputs: n.inputs, modules: n.modules })),
  }));
  const seen = JSON.parse(runPython(join(torchScripts, 'check_export.py'), [], { input: JSON.stringify(checks) })) as TorchView[][];
  return exported.map((entry, index) => ({ ...entry, seen: seen[index]! }));
}

/** Every layer of a network but its merges: what the hooks must see. */
function moduleLayerCount(text: string): number {
  let count = 0;
  const walk = (nodes: readonly import('../../core').LayerNode[]) => {
    for (const node of nodes) {
      if (node.op !== 'add' && node.op !== 'concat') count++;
      if (node.children) walk(node.children);
    }
  };
  for (const network of analyze(text).networks) walk(network.layers);
  return count;
}

const EXAMPLES = readdirSync(examplePath('.')).filter((name) => name.endsWith('.net'));

/** Every v1 op and upsample, in blocks, repeats, merges and from, on maps and on vectors. */
const ALL_OPS = [
  'block Mixed(f, k=3x3) {',
  '  a = conv(f, k, pad=same, act=sigmoid)',
  '  b = dwconv(3x3, 2, stride=2, pad=same, bias=false) from in',
  '  c = avgpool(2x2, ceil=true) from in',
  '  d = concat(b, c)',
  '  upsample(2, mode=bilinear)',
  '  e = conv(f, 1x1, act=gelu)',
  '  add(a, e)',
  '}',
  'network Small {',
  '  input x: 4x16x16',
  '  m = Mixed(6) * 2',
  '  lrn(3)',
  '  u = upsample(2x3)',
  '  maxpool(3x3, stride=2, pad=1)',
  '  g = globalmaxpool()',
  '  flatten()',
  '  dense(10, act=tanh)',
  '  batchnorm()',
  '  dropout(0.1)',
  '  h = dense(5, bias=false) from g',
  '  softmax()',
  '}',
  'network Vector {',
  '  input v: 12',
  '  p = dense(8, act=relu)',
  '  q = dense(8) from v',
  '  r = concat(p, q)',
  '  relu()',
  '}',
  '',
].join('\n');

describe('export, checked by PyTorch', { skip: torchMissing() }, () => {
  const texts = [...EXAMPLES.map(readExample), ALL_OPS];
  let checked: Checked[] = [];
  before(() => {
    checked = checkWithTorch(texts);
  });

  const agree = (index: number) => {
    const { networks, seen } = checked[index]!;
    let modules = 0;
    networks.forEach((network, n) => {
      const torch = seen[n]!;
      assert.equal(BigInt(torch.params), network.params, `${network.name}: sum(p.numel())`);
      assert.deepEqual(torch.output, [...network.output], `${network.name}: output shape`);
      const mismatched = network.modules.filter((m) => JSON.stringify(torch.modules[m.path]) !== JSON.stringify(m.shape));
      assert.deepEqual(
        mismatched.map((m) => `${network.name}.${m.path}: netlint ${m.shape.join('x')}, PyTorch ${torch.modules[m.path]?.join('x') ?? 'no such module'}`),
        [],
      );
      modules += network.modules.length;
    });
    assert.equal(modules, moduleLayerCount(texts[index]!), 'a module path for every layer but the merges');
    const flakes = spawnSync(PYTHON, ['-m', 'pyflakes', checked[index]!.file], { encoding: 'utf8' });
    assert.equal(flakes.status, 0, flakes.stdout + flakes.stderr);
  };

  EXAMPLES.forEach((name, index) => {
    test(`${name}: params, output shape and every layer's shape as netlint's; pyflakes clean`, () => agree(index));
  });

  test('every v1 op and upsample, in blocks, repeats, merges and from, on maps and vectors', () => {
    assert.deepEqual(
      checked[EXAMPLES.length]!.networks.map((n) => [n.className, n.modules.length]),
      [
        ['Small', 23],
        ['Vector', 3],
      ],
    );
    agree(EXAMPLES.length);
  });
});
