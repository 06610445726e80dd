/** The cost report the webview shows: a file, and what its data holds (networks, nodes and their lines, the first bar, the frames, the errors). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../../core';
import type { GraphLayout } from '../../../report/layout';
import { readExample } from '../../helpers/paths';
import { check, URI } from '../../helpers/fixture';
import { provideCostReport } from '../../../server/features/report';

const TWO = 'network A {\n  input x: 3x8x8\n  c = conv(4, 3x3)\n}\nnetwork B {\n  input x: 16\n  d = dense(10)\n}\n';
const GOOGLENET = readExample('googlenet.net');

type Row = readonly [title: string, source: string, network: string | undefined, expanded: readonly string[] | undefined, expected: string[]];

const REPORTS: readonly Row[] = [
  ['every network of the file, each layer a node with its line', TWO, undefined, undefined, ['network A', 'x@2', 'c@3', 'network B', 'x@6', 'd@7', 'errors 0']],
  ['only the network asked for', TWO, 'B', undefined, ['network B', 'x@6', 'd@7', 'errors 0']],
  [
    "AlexNet's heaviest layer first in the bars",
    readExample('alexnet.net'),
    'AlexNet',
    undefined,
    [
      'network AlexNet',
      'image@3',
      'conv1@5',
      'norm1@6',
      'pool1@7',
      'conv2@8',
      'norm2@9',
      'pool2@10',
      'conv3@11',
      'conv4@12',
      'conv5@13',
      'pool5@14',
      'fc6@15',
      'dropout_1@16',
      'fc7@17',
      'dropout_2@18',
      'fc8@19',
      'prob@20',
      'bar fc6',
      'errors 0',
    ],
  ],
  [
    'GoogLeNet with the blocks the reader opened: one Inception open, its branches closed',
    GOOGLENET,
    'GoogLeNet',
    ['inception3a'],
    [
      'network GoogLeNet',
      'frame inception3a@33',
      'image@25',
      'conv1+@27',
      'maxpool1@28',
      'conv2+@29',
      'conv3+@30',
      'maxpool2@31',
      'inception3a.branch1+@13',
      'inception3a.branch2_1+@14',
    ],
  ],
  [
    'a file with an error says how many',
    'network N {\n  input x: 3x8x8\n  c = conv(4, 9x9)\n}\n',
    undefined,
    undefined,
    ['network N', 'x@2', 'c@3', 'errors 1'],
  ],
];

check<string[], Row>('cost report', REPORTS, ({ analysis }, [, , network, expanded]) => {
  const data = provideCostReport(analysis, {
    uri: URI,
    title: 'fixture.net',
    ...(network ? { network } : {}),
    ...(network && expanded ? { expanded: { [network]: expanded } } : {}),
  });
  const lines = data.networks.flatMap((n) => [
    `network ${n.name}`,
    ...(n.graph?.clusters ?? []).map((cluster) => `frame ${cluster.id}@${cluster.line}`),
    ...(n.graph?.nodes ?? []).slice(0, expanded ? 8 : undefined).map((node) => `${node.id}${node.collapsible ? '+' : ''}@${node.line}`),
  ]);
  if (expanded) return lines.slice(0, 10);
  return [...lines, ...(network === 'AlexNet' ? [`bar ${data.networks[0]!.weightBars[0]!.id}`] : []), `errors ${data.errors}`];
});

describe('the layouts kept between reports of one document', () => {
  test('an edit of an argument reuses the layout; a new layer lays the graph out again', () => {
    const layouts = new Map<string, GraphLayout>();
    const params = { uri: URI, title: 'fixture.net' };
    const first = provideCostReport(analyze(TWO), params, layouts);
    const laid = layouts.get('B')!;
    const edited = provideCostReport(analyze(TWO.replace('dense(10)', 'dense(20)')), params, layouts);
    assert.equal(layouts.get('B')!.edges, laid.edges);
    assert.deepEqual([first.networks[1]!.graph!.nodes[1]!.weights, edited.networks[1]!.graph!.nodes[1]!.weights], ['160', '320']);
    provideCostReport(analyze(TWO.replace('d = dense(10)', 'd = dense(10)\n  e = relu()')), params, layouts);
    assert.notEqual(layouts.get('B')!.edges, laid.edges);
    assert.equal(layouts.get('B')!.nodes.length, 3);
  });
});
