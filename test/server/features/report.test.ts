/** The cost report page the webview shows: a file, and what its page holds (headings, nodes, the nonce of its script). */
import { readExample } from '../../helpers/paths';
import { check, URI } from '../../helpers/fixture';
import { provideCostReport } from '../../../server/features/report';

const TWO = 'network A {\n  input x: 3x8x8\n  c = conv(4, 3x3)\n}\nnetwork B {\n  input x: 16\n  d = dense(10)\n}\n';

type Row = readonly [title: string, source: string, network: string | undefined, expected: string[]];

const REPORTS: readonly Row[] = [
  [
    'every network of the file, each layer a node with its line',
    TWO,
    undefined,
    ['<h1>A</h1>', '<h1>B</h1>', 'x@2', 'c@3', 'x@6', 'd@7', '<script nonce="bm9uY2U=">'],
  ],
  ['only the network asked for', TWO, 'B', ['<h1>B</h1>', 'x@6', 'd@7', '<script nonce="bm9uY2U=">']],
  [
    "AlexNet's heaviest layer first in the bars",
    readExample('alexnet.net'),
    'AlexNet',
    [
      '<h1>AlexNet</h1>',
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
      '<script nonce="bm9uY2U=">',
    ],
  ],
];

check<string[], Row>('cost report', REPORTS, ({ analysis }, [, , network]) => {
  const html = provideCostReport(analysis, { uri: URI, title: 'fixture.net', nonce: 'bm9uY2U=', ...(network ? { network } : {}) });
  const headings = [...html.matchAll(/<h1>[^<]*<\/h1>/g)].map((m) => m[0]);
  const nodes = [...html.matchAll(/<g class="node[^"]*" data-id="([^"]*)" data-line="(\d+)"/g)].map((m) => `${m[1]}@${m[2]}`);
  const firstBar = /<g class="bar-row" data-id="([^"]*)"/.exec(html);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  return [...headings, ...nodes, ...(network === 'AlexNet' ? [`bar ${firstBar?.[1]}`] : []), ...scripts];
});
