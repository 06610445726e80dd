import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyze, forEachLeaf } from '../../core';
import { examplePath } from '../helpers/paths';

/** The spec's AlexNet table: layer, units, weights, connections. */
const ALEXNET_TABLE: [string, number, number, number][] = [
  ['conv1', 290_400, 34_848, 105_415_200],
  ['conv2', 186_624, 307_200, 223_948_800],
  ['conv3', 64_896, 884_736, 149_520_384],
  ['conv4', 64_896, 663_552, 112_140_288],
  ['conv5', 43_264, 442_368, 74_760_192],
  ['fc6', 4_096, 37_748_736, 37_748_736],
  ['fc7', 4_096, 16_777_216, 16_777_216],
  ['fc8', 1_000, 4_096_000, 4_096_000],
];

test('AlexNet comes out to the digit, row by row and in total', () => {
  const analysis = analyze(readFileSync(examplePath('alexnet.net'), 'utf8'));
  const network = analysis.networks[0]!;
  const rows: [string, number, number, number][] = [];
  forEachLeaf(network.layers, (leaf, path) => {
    if (leaf.counts.weights > 0n) rows.push([path, Number(leaf.counts.units), Number(leaf.counts.weights), Number(leaf.counts.connections)]);
  });
  assert.deepEqual(rows, ALEXNET_TABLE);
  assert.equal(network.totals.units, 659_272n);
  assert.equal(network.totals.weights, 60_954_656n);
  assert.equal(network.totals.connections, 724_406_816n);
  assert.deepEqual(network.output, [1000]);
});
