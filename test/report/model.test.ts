import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../core';
import { buildNetworkReport, buildReports, type NetworkReport } from '../../report/model';
import { analyzeNet, net, readExample } from '../helpers/net';

const edgesOf = (report: NetworkReport) => report.edges.map((edge) => `${edge.from}→${edge.to}`);
const idsOf = (report: NetworkReport) => report.nodes.map((node) => node.id);

const INCEPTION = `block Inception(a) {
  b1 = conv(a, 1x1)
  b2 = conv(a, 1x1) from in
  b2b = conv(a, 3x3, pad=1)
  b3 = maxpool(3x3, stride=1, pad=1) from in
  concat(b1, b2b, b3)
}
network N {
  input image: 8x16x16
  stem = conv(16, 3x3, pad=1)
  mix = Inception(4)
  head = globalavgpool()
}
`;

describe('the report model: the graph', () => {
  test('a chain: the input, then each layer reading the one before', () => {
    const { analysis, network } = analyzeNet(net('3x32x32', 'c = conv(8, 3x3)', 'relu()', 'f = dense(10)'));
    const report = buildNetworkReport(analysis, network);
    assert.deepEqual(idsOf(report), ['x', 'c', 'relu_1', 'f']);
    assert.deepEqual(edgesOf(report), ['x→c', 'c→relu_1', 'relu_1→f']);
    const conv = report.nodes[1]!;
    assert.equal(conv.op, 'conv');
    assert.equal(conv.shape, '8×30×30');
    assert.equal(conv.counts.weights, 216n);
    assert.equal(conv.line, 3);
    assert.equal(report.input, '3×32×32');
    assert.equal(report.output, '10');
  });

  test("Inception's four branches: each read from the block's input, merged by concat", () => {
    const analysis = analyze(INCEPTION);
    const report = buildNetworkReport(analysis, analysis.networks[0]!);
    assert.deepEqual(report.clusters, [{ id: 'mix', label: 'mix: Inception', parent: undefined }]);
    assert.deepEqual(edgesOf(report), [
      'image→stem',
      'stem→mix.b1',
      'stem→mix.b2',
      'mix.b2→mix.b2b',
      'stem→mix.b3',
      'mix.b1→mix.concat_1',
      'mix.b2b→mix.concat_1',
      'mix.b3→mix.concat_1',
      'mix.concat_1→head',
    ]);
    assert.ok(report.nodes.filter((node) => node.id.startsWith('mix.')).every((node) => node.parent === 'mix'));
  });

  test("a U-Net skip: `from` and a merge's arguments name layers far above", () => {
    const { analysis, network } = analyzeNet(
      net('3x32x32', 'e1 = conv(8, 3x3, pad=1)', 'down = maxpool(2x2, stride=2)', 'up = upsample(2)', 'skip = concat(e1, up)', 'side = conv(4, 1x1) from e1'),
    );
    const report = buildNetworkReport(analysis, network);
    assert.deepEqual(edgesOf(report), ['x→e1', 'e1→down', 'down→up', 'e1→skip', 'up→skip', 'e1→side']);
  });

  test('a block left closed is one node that says it holds more', () => {
    const analysis = analyze(INCEPTION);
    const report = buildNetworkReport(analysis, analysis.networks[0]!, { expanded: new Set() });
    assert.deepEqual(idsOf(report), ['image', 'stem', 'mix', 'head']);
    assert.deepEqual(edgesOf(report), ['image→stem', 'stem→mix', 'mix→head']);
    const mix = report.nodes[2]!;
    assert.equal(mix.collapsible, true);
    assert.equal(mix.op, 'Inception');
    assert.equal(mix.shape, '24×16×16');
  });

  test('a repeat opens into its copies, one after the other', () => {
    const { analysis, network } = analyzeNet(net('3x8x8', 'stage = conv(3, 3x3, pad=1) * 3', 'dense(2)'));
    const report = buildNetworkReport(analysis, network);
    assert.deepEqual(edgesOf(report), ['x→stage.1', 'stage.1→stage.2', 'stage.2→stage.3', 'stage.3→dense_1']);
    assert.equal(report.clusters[0]!.label, 'stage: conv ×3');
  });

  test('the automatic expansion opens whole levels while they fit, so like blocks look alike', () => {
    const analysis = analyze(readExample('googlenet.net'));
    const network = analysis.networks[0]!;
    const open = buildNetworkReport(analysis, network);
    // Level 1 (the Inceptions and the stem's BasicConv2d) fits in 150 nodes; level 2 would not.
    assert.equal(open.nodes.length, 89);
    assert.ok(open.clusters.some((cluster) => cluster.id === 'inception3a'));
    assert.ok(open.nodes.some((node) => node.id === 'inception3a.branch4_1' && node.op === 'maxpool'));
    assert.ok(!open.clusters.some((cluster) => cluster.id.startsWith('inception3a.')));
    const closed = buildNetworkReport(analysis, network, { maxNodes: 40 });
    assert.equal(closed.nodes.length, 20);
    assert.equal(closed.clusters.length, 0);
  });

  test('a layer whose input is unknown is drawn without costs, and the report says it is incomplete', () => {
    const { analysis, network } = analyzeNet(net('3x8x8', 'a = conv(4, 9x9)', 'b = relu()'));
    const report = buildNetworkReport(analysis, network);
    assert.equal(report.nodes[1]!.shape, '?');
    assert.equal(report.complete, false);
    assert.deepEqual(edgesOf(report), ['x→a', 'a→b']);
  });
});

describe('the report model: bars, rows and totals', () => {
  test("AlexNet's heaviest layers by weights, then the rest folded into others", () => {
    const analysis = analyze(readExample('alexnet.net'));
    const [report] = buildReports(analysis, { bars: 3 });
    assert.deepEqual(
      report!.weightBars.map((bar) => [bar.label, bar.value]),
      [
        ['fc6', 37748736n],
        ['fc7', 16777216n],
        ['fc8', 4096000n],
        ['others (5)', 2332704n],
      ],
    );
    assert.equal(report!.weightBars[0]!.share, 0.619292);
    assert.equal(report!.totals.weights, 60954656n);
    assert.equal(report!.connectionBars[0]!.label, 'conv2');
    assert.equal(report!.rows.length, 16);
    assert.equal(report!.complete, true);
  });

  test('the rows hold every layer, blocks first and what they hold below, indented', () => {
    const analysis = analyze(INCEPTION);
    const report = buildNetworkReport(analysis, analysis.networks[0]!);
    assert.deepEqual(
      report.rows.map((row) => `${'  '.repeat(row.depth)}${row.name} ${row.op} ${row.shape}`),
      [
        'stem conv 16×16×16',
        'mix Inception 24×16×16',
        '  b1 conv 4×16×16',
        '  b2 conv 4×16×16',
        '  b2b conv 4×16×16',
        '  b3 maxpool 16×16×16',
        '  concat_1 concat 24×16×16',
        'head globalavgpool 24×1×1',
      ],
    );
  });
});
