/**
 * The exported code, checked by PyTorch: each design is exported, and its module imports
 * under Debian's torch and passes pyflakes, its parameters sum to netlint's params, a
 * forward pass on zeros gives netlint's output shape, and a forward hook on every layer's
 * module sees netlint's shape for that layer. The test files that use this split the
 * examples between them: a test file has two minutes, and a shared machine is slow.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { analyze, type LayerNode } from '../../core';
import { exportPyTorch, type ExportedNetwork } from '../../core/export/pytorch';
import { PYTHON, runPython, torchMissing, torchScripts } from './torch';

interface TorchView {
  readonly params: number;
  /** The shape of each tensor `forward` returns: one, or each of a tuple. */
  readonly outputs: number[][];
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
function checkWithTorch(designs: readonly { readonly text: string; readonly meta?: boolean }[]): Checked[] {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-export-'));
  const exported = designs.map(({ text, meta }, index) => {
    const outcome = exportPyTorch(analyze(text));
    if (outcome.kind !== 'exported') assert.fail(`design ${index} not exported: ${outcome.kind}`);
    const file = join(dir, `model_${index}.py`);
    writeFileSync(file, outcome.text);
    return { file, networks: outcome.networks, meta };
  });
  const checks = exported.map(({ file, networks, meta }) => ({
    file,
    meta,
    networks: networks.map((n) => ({ className: n.className, inputs: n.inputs, modules: n.modules })),
  }));
  const seen = JSON.parse(runPython(join(torchScripts, 'check_export.py'), [], { input: JSON.stringify(checks) })) as TorchView[][];
  return exported.map((entry, index) => ({ ...entry, seen: seen[index]! }));
}

/**
 * The layers written as expressions in `forward`, not modules: the merges, a chunk of the
 * channels, and the sequence ops that index, reshape or add a learned tensor (`x[:, 0]`,
 * `x + self.pos_embedding`).
 */
const IN_FORWARD = new Set(['add', 'concat', 'mul', 'chunk', 'posembed', 'clstoken', 'token', 'tokenmean', 'tokens', 'transpose', 'spatial']);

/** Every layer of a network but those written in `forward`: what the hooks must see. */
function moduleLayerCount(text: string): number {
  let count = 0;
  const walk = (nodes: readonly LayerNode[]) => {
    for (const node of nodes) {
      if (!IN_FORWARD.has(node.op)) count++;
      if (node.children) walk(node.children);
    }
  };
  for (const network of analyze(text).networks) walk(network.layers);
  return count;
}

/** A test per design, named by its title, all checked by one Python process. */
export function describeTorchChecks(
  designs: readonly {
    readonly title: string;
    readonly text: string;
    readonly modules?: readonly [string, number][];
    /** Run on PyTorch's meta device: every shape worked out, nothing computed (a forward pass of minutes). */
    readonly meta?: boolean;
  }[],
): void {
  describe('export, checked by PyTorch', { skip: torchMissing() }, () => {
    let checked: Checked[] = [];
    // Building and running the networks takes seconds of CPU each; on a shared machine, far longer.
    before(
      () => {
        checked = checkWithTorch(designs);
      },
      { timeout: 900_000 },
    );
    designs.forEach((design, index) => {
      test(design.title, () => {
        const { networks, seen, file } = checked[index]!;
        if (design.modules) {
          assert.deepEqual(
            networks.map((n) => [n.className, n.modules.length]),
            design.modules,
          );
        }
        let modules = 0;
        networks.forEach((network, n) => {
          const torch = seen[n]!;
          assert.equal(BigInt(torch.params), network.params, `${network.name}: sum(p.numel())`);
          assert.deepEqual(
            torch.outputs,
            network.outputs.map((shape) => [...shape]),
            `${network.name}: output shapes`,
          );
          const mismatched = network.modules.filter((m) => JSON.stringify(torch.modules[m.path]) !== JSON.stringify(m.shape));
          assert.deepEqual(
            mismatched.map((m) => `${network.name}.${m.path}: netlint ${m.shape.join('x')}, PyTorch ${torch.modules[m.path]?.join('x') ?? 'no such module'}`),
            [],
          );
          modules += network.modules.length;
        });
        assert.equal(modules, moduleLayerCount(design.text), 'a module path for every layer but those written in forward');
        const flakes = spawnSync(PYTHON, ['-m', 'pyflakes', file], { encoding: 'utf8' });
        assert.equal(flakes.status, 0, flakes.stdout + flakes.stderr);
      });
    });
  });
}
