import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../core';
import { layoutGraph } from '../../report/layout';
import { buildReports } from '../../report/model';
import { readExample } from '../helpers/net';

const alexnet = readExample('alexnet.net');
const reportOf = (text: string) => buildReports(analyze(text))[0]!;

describe('the graph laid out', () => {
  test('a layout given back is kept when the structure is the same, with the new nodes in it: the same as laying it out again', () => {
    const before = layoutGraph(reportOf(alexnet));
    const edited = reportOf(alexnet.replace('fc6   = dense(4096, act=relu)', 'fc6   = dense(2048, act=relu)'));
    const kept = layoutGraph(edited, before);
    assert.equal(kept.structure, before.structure);
    assert.equal(kept.edges, before.edges);
    assert.deepEqual(kept, layoutGraph(edited));
    const fc6 = kept.nodes.find((box) => box.node.id === 'fc6')!;
    assert.equal(fc6.node.shape, '2048');
    assert.equal(fc6.node.counts.weights, 18874368n);
  });

  test('a layer more is a new structure, laid out again', () => {
    const before = layoutGraph(reportOf(alexnet));
    const grown = layoutGraph(reportOf(alexnet.replace('fc6   = dense(4096, act=relu)', 'fc6   = dense(4096, act=relu)\n  extra = relu()')), before);
    assert.notEqual(grown.structure, before.structure);
    assert.equal(grown.nodes.length, before.nodes.length + 1);
    assert.ok(grown.height > before.height);
  });
});
