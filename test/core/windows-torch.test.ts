/**
 * Signals and transposed convolutions refereed by PyTorch, live: grids of `deconv`, 1-D
 * `conv`, pooling, `adaptiveavgpool` and `upsample` layers, each built as the torch.nn
 * module it stands for (torch/modules.py). Where PyTorch gives an output, netlint gives
 * the same shape and params; where PyTorch refuses, netlint reports an error.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../core';
import { runPython, torchMissing, torchScripts } from '../helpers/torch';

interface Case {
  /** The netlint layer, written on `input x: <input>`. */
  readonly layer: string;
  readonly input: readonly number[];
  readonly module: string;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
}

type Refereed = { readonly shape: number[]; readonly params: number } | { readonly error: string };

function* deconvs(spatial: readonly number[]): Generator<Case> {
  const module = spatial.length === 1 ? 'ConvTranspose1d' : 'ConvTranspose2d';
  for (const filters of [2, 6])
    for (const k of [1, 2, 3, 4])
      for (const s of [1, 2, 3])
        for (const p of [0, 1, 2])
          for (const o of [0, 1, 2])
            for (const d of [1, 2])
              for (const g of [1, 2]) {
                yield {
                  layer: `deconv(${filters}, ${k}, stride=${s}, pad=${p}, outpad=${o}, dilation=${d}, groups=${g}, bias=${k !== 2})`,
                  input: [4, ...spatial],
                  module,
                  args: [4, filters, k],
                  kwargs: { stride: s, padding: p, output_padding: o, dilation: d, groups: g, bias: k !== 2 },
                };
              }
}

function* signalConvs(): Generator<Case> {
  for (const k of [1, 2, 3, 4, 8])
    for (const s of [1, 2, 3])
      for (const p of [0, 1, 2])
        for (const d of [1, 2])
          for (const g of [1, 2]) {
            yield {
              layer: `conv(6, ${k}, stride=${s}, pad=${p}, dilation=${d}, groups=${g})`,
              input: [4, 7],
              module: 'Conv1d',
              args: [4, 6, k],
              kwargs: { stride: s, padding: p, dilation: d, groups: g },
            };
          }
  for (const k of [1, 3, 5]) {
    yield { layer: `dwconv(${k}, multiplier=2, pad=same)`, input: [4, 7], module: 'Conv1d', args: [4, 8, k], kwargs: { padding: 'same', groups: 4 } };
  }
}

function* signalPools(): Generator<Case> {
  for (const [op, module] of [
    ['maxpool', 'MaxPool1d'],
    ['avgpool', 'AvgPool1d'],
  ] as const)
    for (const k of [1, 2, 3, 4])
      for (const s of [1, 2, 3])
        for (const p of [0, 1, 2, 3])
          for (const ceil of [false, true]) {
            yield {
              layer: `${op}(${k}, stride=${s}, pad=${p}, ceil=${ceil})`,
              input: [3, 7],
              module,
              args: [k],
              kwargs: { stride: s, padding: p, ceil_mode: ceil },
            };
          }
}

function* resizes(): Generator<Case> {
  for (const size of [1, 2, 3, 5, 9]) {
    yield { layer: `adaptiveavgpool(${size})`, input: [3, 4], module: 'AdaptiveAvgPool1d', args: [size], kwargs: {} };
    yield { layer: `adaptiveavgpool(${size})`, input: [3, 4, 6], module: 'AdaptiveAvgPool2d', args: [size], kwargs: {} };
    yield { layer: `adaptiveavgpool(${size}x2)`, input: [3, 4, 6], module: 'AdaptiveAvgPool2d', args: [[size, 2]], kwargs: {} };
  }
  for (const scale of [1, 2, 3]) yield { layer: `upsample(${scale})`, input: [3, 5], module: 'Upsample', args: [], kwargs: { scale_factor: scale } };
  yield { layer: 'batchnorm()', input: [3, 5], module: 'BatchNorm1d', args: [3], kwargs: {} };
}

const CASES: readonly Case[] = [...deconvs([5, 3]), ...deconvs([5]), ...signalConvs(), ...signalPools(), ...resizes()];

test('signals and deconv match PyTorch: shapes, params, and what it refuses', { skip: torchMissing() }, () => {
  const refereed = JSON.parse(runPython(join(torchScripts, 'modules.py'), [], { input: JSON.stringify(CASES) })) as Refereed[];
  assert.equal(refereed.length, CASES.length);
  let refused = 0;
  CASES.forEach((c, i) => {
    const torch = refereed[i]!;
    const analysis = analyze(`network T {\n  input x: ${c.input.join('x')}\n  y = ${c.layer}\n}\n`);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
    const what = `${c.layer} on ${c.input.join('×')} (${c.module}): ${JSON.stringify(torch)}`;
    if ('error' in torch) {
      refused++;
      assert.equal(errors.length, 1, what);
      return;
    }
    assert.deepEqual(errors, [], what);
    const layer = analysis.networks[0]!.layers[0]!;
    assert.deepEqual({ shape: layer.shape, params: Number(layer.counts.params) }, torch, what);
  });
  // The grids hold modules PyTorch refuses: outpad at the stride and the dilation, outputs below 1, pads past half a pool.
  assert.equal(CASES.length, 2_122);
  assert.ok(refused > 100, `${refused} refused`);
});
