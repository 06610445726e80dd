/**
 * The example networks against torchvision's published numbers: parameter counts to the
 * digit, and the multiply-accumulates its model table lists (as "GFLOPS", to 2 decimals).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, formatShape } from '../../core';
import { readExample } from '../helpers/net';

interface Example {
  readonly file: string;
  readonly network: string;
  /** torchvision.models.<name>(): sum(p.numel() for p in model.parameters()) */
  readonly params: bigint;
  /** torchvision's table, "GFLOPS" (multiply-accumulates, in billions) */
  readonly gmacs: string;
  /** A few shapes along the way, as torchvision's forward pass makes them. */
  readonly shapes: Readonly<Record<string, string>>;
}

const EXAMPLES: readonly Example[] = [
  {
    file: 'vgg16.net',
    network: 'VGG16',
    params: 138_357_544n,
    gmacs: '15.47',
    shapes: { conv1_2: '64×224×224', pool3: '256×28×28', pool5: '512×7×7', fc6: '4096' },
  },
  {
    file: 'resnet50.net',
    network: 'ResNet50',
    params: 25_557_032n,
    gmacs: '4.09',
    shapes: { conv1: '64×112×112', pool1: '64×56×56', layer1: '256×56×56', layer2: '512×28×28', layer3: '1024×14×14', layer4: '2048×7×7' },
  },
  {
    file: 'googlenet.net',
    network: 'GoogLeNet',
    params: 6_624_904n,
    gmacs: '1.50',
    shapes: { maxpool1: '64×56×56', inception3a: '256×28×28', inception4e: '832×14×14', inception5b: '1024×7×7' },
  },
  {
    file: 'mobilenetv2.net',
    network: 'MobileNetV2',
    params: 3_504_872n,
    gmacs: '0.30',
    shapes: { stem: '32×112×112', ir1: '16×112×112', ir7: '320×7×7', head: '1280×7×7' },
  },
  {
    file: 'squeezenet.net',
    network: 'SqueezeNet1_0',
    params: 1_248_424n,
    gmacs: '0.82',
    // ceil_mode=True pools: 109 → 54 → 27 → 13
    shapes: { conv1: '96×109×109', pool1: '96×54×54', pool4: '256×27×27', pool8: '512×13×13', conv10: '1000×13×13' },
  },
];

describe('examples', () => {
  for (const example of EXAMPLES) {
    test(`${example.file}: ${example.params.toLocaleString('en-US')} parameters, output [1000], no errors`, () => {
      const analysis = analyze(readExample(example.file));
      assert.deepEqual(
        analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
      );
      assert.equal(analysis.networks.length, 1);
      const network = analysis.networks[0]!;
      assert.equal(network.name, example.network);
      assert.equal(network.complete, true);
      assert.deepEqual(network.input, [3, 224, 224]);
      assert.deepEqual(network.output, [1000]);
      assert.equal(network.totals.params, example.params);
      // The counts agree with one another.
      assert.ok(network.totals.params >= network.totals.weights + network.totals.biases);
      assert.equal((Number(network.totals.connections) / 1e9).toFixed(2), example.gmacs);
      for (const [name, shape] of Object.entries(example.shapes)) {
        const layer = network.layers.find((l) => l.name === name);
        assert.ok(layer, name);
        assert.equal(layer.shape && formatShape(layer.shape), shape, name);
      }
    });
  }

  test('VGG16: weights and biases apart', () => {
    const network = analyze(readExample('vgg16.net')).networks[0]!;
    // 13 convs and 3 dense layers: 4,224 + 4,096 + 4,096 + 1,000 biases
    assert.equal(network.totals.biases, 13_416n);
    assert.equal(network.totals.weights, 138_344_128n);
    assert.equal(network.layers.find((l) => l.name === 'fc6')!.counts.weights, 102_760_448n);
  });

  test('ResNet50: batchnorm scale and shift are parameters, not weights', () => {
    const network = analyze(readExample('resnet50.net')).networks[0]!;
    // Only the classifier has biases; the rest of params − weights is batchnorm's 2·C.
    assert.equal(network.totals.biases, 1_000n);
    assert.equal(network.totals.params - network.totals.weights - network.totals.biases, 53_120n);
  });
});
