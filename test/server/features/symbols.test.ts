/** Document symbols, as a table: a file and its outline, one `name · kind · detail` line per symbol, children indented. */
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { readExample } from '../../helpers/paths';
import { check, type Case } from '../../helpers/fixture';
import { provideDocumentSymbols } from '../../../server/features/symbols';

const KINDS: Readonly<Record<number, string>> = { 5: 'class', 8: 'field', 12: 'function', 13: 'variable' };

function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name} · ${KINDS[s.kind] ?? s.kind} · ${s.detail}`, ...outline(s.children ?? [], depth + 1)]);
}

const CASES: readonly Case<string[]>[] = [
  [
    'blocks and a network, the layers with their shapes',
    readExample('resnet50.net'),
    [
      'Bottleneck · function · (planes)',
      '  conv1 · field · conv',
      '  bn1 · field · batchnorm',
      '  relu_1 · field · relu',
      '  conv2 · field · conv',
      '  bn2 · field · batchnorm',
      '  relu_2 · field · relu',
      '  conv3 · field · conv',
      '  bn3 · field · batchnorm',
      '  sum · field · add',
      '  relu_3 · field · relu',
      'BottleneckDown · function · (planes, stride)',
      '  conv1 · field · conv',
      '  bn1 · field · batchnorm',
      '  relu_1 · field · relu',
      '  conv2 · field · conv',
      '  bn2 · field · batchnorm',
      '  relu_2 · field · relu',
      '  conv3 · field · conv',
      '  bn3 · field · batchnorm',
      '  down · field · conv',
      '  dn_bn · field · batchnorm',
      '  sum · field · add',
      '  relu_3 · field · relu',
      'ResNet50 · class · 3×224×224 → 1000',
      '  image · variable · input',
      '  conv1 · field · conv → 64×112×112',
      '  bn1 · field · batchnorm → 64×112×112',
      '  relu_1 · field · relu → 64×112×112',
      '  pool1 · field · maxpool → 64×56×56',
      '  layer1_0 · field · BottleneckDown → 256×56×56',
      '  layer1 · field · Bottleneck → 256×56×56',
      '  layer2_0 · field · BottleneckDown → 512×28×28',
      '  layer2 · field · Bottleneck → 512×28×28',
      '  layer3_0 · field · BottleneckDown → 1024×14×14',
      '  layer3 · field · Bottleneck → 1024×14×14',
      '  layer4_0 · field · BottleneckDown → 2048×7×7',
      '  layer4 · field · Bottleneck → 2048×7×7',
      '  pool5 · field · globalavgpool → 2048×1×1',
      '  fc1000 · field · dense → 1000',
    ],
  ],
  [
    'an input, an unnamed layer, a layer whose shape is unknown',
    'network N {\n  input x: 3x32x32\n  relu()\n  b = cnv(8)\n}\n',
    ['N · class · ', '  x · variable · input', '  relu_1 · field · relu → 3×32×32', '  b · field · cnv'],
  ],
  [
    'a declaration without a name is left out',
    'network {\n  input x: 3x32x32\n}\nblock B(f, k=3) {\n  a = conv(f, k)\n}\n',
    ['B · function · (f, k)', '  a · field · conv'],
  ],
];

check('document symbols', CASES, ({ analysis }) => outline(provideDocumentSymbols(analysis)));
