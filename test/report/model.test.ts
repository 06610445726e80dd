import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../core';
import { buildNetworkReport, buildReports, MAX_GRAPH_NODES, type NetworkReport } from '../../report/model';
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

/**
 * A flat network of `layers` layers on 4×8×8: odd layers `cN = conv(4, 1x1)` (16 weights,
 * 4 biases, 1,024 connections each), even ones `relu()`; layer 25 reads c1 (`from c1`).
 */
function flat(layers: number): string {
  const lines: string[] = [];
  for (let n = 1; n <= layers; n++) lines.push(n % 2 === 0 ? 'relu()' : `c${n} = conv(4, 1x1)${n === 25 ? ' from c1' : ''}`);
  return net('4x8x8', ...lines);
}

const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);

describe('the report model: a graph too large to read is cut into groups', () => {
  test('1,000 flat layers: 100 groups of 10 consecutive layers, each with the sums of its own', () => {
    const { analysis, network } = analyzeNet(flat(1000));
    const report = buildNetworkReport(analysis, network);
    assert.equal(report.nodes.length, 101);
    assert.deepEqual(idsOf(report).slice(0, 4), ['x', '#1-10', '#11-20', '#21-30']);
    assert.equal(idsOf(report).at(-1), '#991-1000');
    const first = report.nodes[1]!;
    assert.equal(first.kind, 'group');
    assert.equal(first.name, 'layers 1–10');
    assert.equal(first.op, 'c1 … relu_5');
    assert.equal(first.shape, '4×8×8');
    assert.equal(first.line, 3);
    assert.equal(first.collapsible, true);
    assert.deepEqual(first.children, ['c1', 'relu_1', 'c3', 'relu_2', 'c5', 'relu_3', 'c7', 'relu_4', 'c9', 'relu_5']);
    // Five convs of 16 weights, 4 biases and 1,024 connections each.
    assert.deepEqual(first.counts, { units: 1280n, weights: 80n, biases: 20n, params: 100n, connections: 5120n, activations: 2560n });
    assert.equal(first.weightShare, 0.01);
    assert.equal(first.connectionShare, 0.01);
    // The groups' sums are the network's totals.
    const groups = report.nodes.filter((node) => node.kind === 'group');
    assert.equal(groups.length, 100);
    for (const key of ['units', 'weights', 'biases', 'params', 'connections', 'activations'] as const) {
      assert.equal(sum(groups.map((group) => group.counts[key])), network.totals[key], key);
    }
    assert.equal(network.totals.weights, 8000n);
    // A chain of groups, and c25's read of c1 drawn from the group that holds it; nothing inside a group is drawn.
    assert.deepEqual(edgesOf(report).slice(0, 5), ['x→#1-10', '#1-10→#11-20', '#11-20→#21-30', '#1-10→#21-30', '#21-30→#31-40']);
    assert.equal(report.edges.length, 101);
    // The table and the bars still hold every layer.
    assert.equal(report.rows.length, 1000);
    assert.equal(report.weightBars.at(-1)!.label, 'others (488)');
  });

  test('an opened group is a frame around its layers, read and reading across its edge', () => {
    const { analysis, network } = analyzeNet(flat(1000));
    const report = buildNetworkReport(analysis, network, { expanded: new Set(['#21-30']) });
    assert.equal(report.nodes.length, 110);
    assert.deepEqual(report.clusters, [{ id: '#21-30', label: 'layers 21–30', parent: undefined }]);
    const inside = report.nodes.filter((node) => node.parent === '#21-30');
    assert.deepEqual(
      inside.map((node) => node.id),
      ['c21', 'relu_11', 'c23', 'relu_12', 'c25', 'relu_13', 'c27', 'relu_14', 'c29', 'relu_15'],
    );
    assert.ok(edgesOf(report).includes('#11-20→c21'));
    assert.ok(edgesOf(report).includes('#1-10→c25'));
    assert.ok(edgesOf(report).includes('relu_15→#31-40'));
    assert.deepEqual(report.keptClosed, []);
  });

  test('what is asked open opens outermost first while the graph stays within 300 nodes; the rest is kept closed', () => {
    const { analysis, network } = analyzeNet(flat(1000));
    const all = new Set(
      buildNetworkReport(analysis, network)
        .nodes.filter((node) => node.kind === 'group')
        .map((node) => node.id),
    );
    const report = buildNetworkReport(analysis, network, { expanded: all });
    // 101 nodes, and 9 more for each group opened: 22 fit in 300.
    assert.equal(MAX_GRAPH_NODES, 300);
    assert.equal(report.nodes.length, 299);
    assert.equal(report.clusters.length, 22);
    assert.equal(report.keptClosed.length, 78);
    assert.equal(report.keptClosed[0], '#221-230');
  });

  test('a repeat of 12 blocks is one node whose children are the blocks, and each block one whose children are its layers', () => {
    const text = [
      'block Res(c) {',
      '  a = conv(c, 3x3, pad=1)',
      '  b = conv(c, 3x3, pad=1)',
      '  add(b, in)',
      '}',
      'network T {',
      '  input x: 8x16x16',
      '  stage = Res(8) * 12',
      '  head = globalavgpool()',
      '}',
      '',
    ].join('\n');
    const { analysis, network } = analyzeNet(text);
    const closed = buildNetworkReport(analysis, network, { expanded: new Set() });
    assert.deepEqual(idsOf(closed), ['x', 'stage', 'head']);
    const stage = closed.nodes[1]!;
    assert.equal(stage.kind, 'repeat');
    assert.equal(stage.op, 'Res ×12');
    assert.deepEqual(stage.children, [
      'stage.1',
      'stage.2',
      'stage.3',
      'stage.4',
      'stage.5',
      'stage.6',
      'stage.7',
      'stage.8',
      'stage.9',
      'stage.10',
      'stage.11',
      'stage.12',
    ]);
    // Two 3×3 convs of 8 to 8 channels: 576 weights each, 12 times.
    assert.equal(stage.counts.weights, 13824n);
    assert.equal(stage.counts.weights, network.totals.weights);
    const opened = buildNetworkReport(analysis, network, { expanded: new Set(['stage']) });
    const copy = opened.nodes.find((node) => node.id === 'stage.1')!;
    assert.equal(copy.kind, 'block');
    assert.deepEqual(copy.children, ['stage.1.a', 'stage.1.b', 'stage.1.add_1']);
    assert.equal(copy.counts.weights, 1152n);
  });

  test('a repeat of 50,000 copies opens into 100 groups of 500, and a group of 500 into 100 groups of 5', () => {
    const { analysis, network } = analyzeNet(net('4x8x8', 'r = relu() * 50000', 'dense(2)'));
    const closed = buildNetworkReport(analysis, network);
    // Opening r would show 100 nodes: the automatic expansion opens it.
    assert.equal(closed.clusters[0]!.id, 'r');
    assert.equal(closed.nodes.length, 102);
    assert.deepEqual(idsOf(closed).slice(1, 3), ['r.#1-500', 'r.#501-1000']);
    assert.deepEqual(closed.nodes[1]!.children!.slice(0, 2), ['r.#1-5', 'r.#6-10']);
    const deeper = buildNetworkReport(analysis, network, { expanded: new Set(['r', 'r.#501-1000', 'r.#506-510']) });
    assert.deepEqual(
      deeper.clusters.map((cluster) => `${cluster.id} in ${cluster.parent}: ${cluster.label}`),
      ['r in undefined: r: relu ×50000', 'r.#501-1000 in r: layers 501–1000', 'r.#506-510 in r.#501-1000: layers 506–510'],
    );
    assert.deepEqual(
      deeper.nodes.filter((node) => node.parent === 'r.#506-510').map((node) => node.id),
      ['r.506', 'r.507', 'r.508', 'r.509', 'r.510'],
    );
    assert.ok(edgesOf(deeper).includes('r.#501-505→r.506'));
    assert.ok(edgesOf(deeper).includes('r.510→r.#511-515'));
    assert.ok(deeper.nodes.length <= MAX_GRAPH_NODES);
  });
});
