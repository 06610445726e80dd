/**
 * Every example network against PyTorch, to the digit: torch/counts.py builds each one
 * (torchvision's builder, or torch/models.py) and counts its params, weights, biases and
 * multiply-accumulates in netlint's conventions; netlint must find the same totals, inputs,
 * output and intermediate shapes. No expected figure is typed in here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze, formatCount, formatShape, type Shape } from '../../core';
import { runCli } from '../helpers/cli';
import { errors, nodeAt } from '../helpers/net';
import { readExample, repoRoot } from '../helpers/paths';
import { runPython, torchMissing, torchScripts } from '../helpers/torch';

/** One example as torch/counts.py prints it; counts are decimal strings, shapes leave the batch out. */
interface TorchExample {
  readonly name: string;
  readonly file: string;
  readonly inputs: readonly Shape[];
  readonly params: string;
  readonly weights: string;
  readonly biases: string;
  readonly extras: string;
  readonly connections: string;
  readonly outputs: readonly Shape[];
  /** netlint's layer path → the output shape of the PyTorch module it stands for. */
  readonly shapes: Readonly<Record<string, Shape>>;
}

const FILES = readdirSync(join(repoRoot, 'examples'))
  .filter((name) => name.endsWith('.net'))
  .sort();

const skip = torchMissing();

interface TorchReport {
  readonly examples: readonly TorchExample[];
  /** The README's table of the examples, markers included. */
  readonly readme: string;
}

let report: TorchReport | undefined;
let counted: ReadonlyMap<string, TorchExample> | undefined;

/** The script's report: it runs once for the whole file of tests. */
function torchReport(): TorchReport {
  report ??= JSON.parse(runPython(join(torchScripts, 'counts.py'))) as TorchReport;
  return report;
}

/** The script's counts, by file. */
function torchCounts(): ReadonlyMap<string, TorchExample> {
  counted ??= new Map(torchReport().examples.map((example) => [example.file, example]));
  return counted;
}

function torchExample(file: string): TorchExample {
  const example = torchCounts().get(file);
  assert.ok(example, `torch/counts.py does not build ${file}`);
  return example;
}

function analyzeExample(file: string) {
  const analysis = analyze(readExample(file));
  assert.deepEqual(errors(analysis), [], file);
  assert.equal(analysis.networks.length, 1, file);
  const network = analysis.networks[0]!;
  assert.equal(network.complete, true);
  return network;
}

describe('examples', () => {
  for (const file of FILES) {
    test(`${file} analyses without errors`, () => {
      analyzeExample(file);
    });
  }
});

describe('examples against PyTorch (torch/counts.py)', () => {
  test('the script builds every example, and only those', { skip }, () => {
    assert.deepEqual([...torchCounts().keys()].sort(), FILES);
  });

  test('the README’s table of the examples is the script’s', { skip }, () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- examples:start');
    const end = readme.indexOf('<!-- examples:end -->');
    assert.ok(start >= 0 && end > start, 'README.md has no examples:start … examples:end section');
    assert.equal(readme.slice(start, end + '<!-- examples:end -->'.length), torchReport().readme, 'run /usr/bin/python3 torch/counts.py --readme');
  });

  for (const file of FILES) {
    test(`${file}: params, weights, biases and connections as PyTorch counts them, in the core and the command line`, { skip }, () => {
      const expected = torchExample(file);
      const network = analyzeExample(file);
      const { params, weights, biases, connections } = network.totals;
      assert.deepEqual(
        { params, weights, biases, extras: params - weights - biases, connections },
        {
          params: BigInt(expected.params),
          weights: BigInt(expected.weights),
          biases: BigInt(expected.biases),
          extras: BigInt(expected.extras),
          connections: BigInt(expected.connections),
        },
      );
      assert.deepEqual(
        network.inputs.map((input) => input.shape),
        expected.inputs,
      );
      assert.deepEqual(network.output, expected.outputs.at(-1));
      for (const [path, shape] of Object.entries(expected.shapes)) {
        const layer = nodeAt(network, path);
        assert.equal(layer.shape && formatShape(layer.shape), formatShape(shape), path);
      }
      // The command line says the same.
      const { code, stdout } = runCli(['analyze', `examples/${file}`]);
      assert.equal(code, 0, stdout);
      assert.ok(stdout.includes(`params ${formatCount(params)} `), stdout);
    });
  }
});
