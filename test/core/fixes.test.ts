/**
 * Quick fixes: every kind applied and re-analysed. The weights and connections a title
 * states must be those of the two analyses, summed here by hand over the layers that
 * changed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  analyze,
  applyEdits,
  DEFAULT_SETTINGS,
  fixesFor,
  mayHaveFixes,
  mergeSettings,
  refactoringsAt,
  type Analysis,
  type Diagnostic,
  type Fix,
  type NetworkAnalysis,
} from '../../core';
import { cursor, errors, nodeAt, readExample, SMALL_LM } from '../helpers/net';

const ALEXNET = readExample('alexnet.net');
const alexnet = analyze(ALEXNET);

function diagnostic(analysis: Analysis, code: string, path: string): Diagnostic {
  const found = analysis.diagnostics.filter((d) => d.code === code && d.target?.path === path);
  assert.equal(found.length, 1, `one ${code} on ${path}`);
  return found[0]!;
}

/** Sums weights and connections of the named layers (dotted paths) of a network. */
function sum(network: NetworkAnalysis, paths: string[]): { weights: bigint; connections: bigint } {
  let weights = 0n;
  let connections = 0n;
  for (const path of paths) {
    const counts = nodeAt(network, path).counts;
    weights += counts.weights;
    connections += counts.connections;
  }
  return { weights, connections };
}

interface Applied {
  readonly text: string;
  readonly analysis: Analysis;
  readonly network: NetworkAnalysis;
}

/** Applies a fix, re-analyses, and checks what every fix must keep: no errors, the output shape. */
function apply(before: Analysis, fix: Fix): Applied {
  const text = applyEdits(before.text, fix.edits);
  const analysis = analyze(text, before.settings);
  assert.deepEqual(errors(analysis), []);
  const network = analysis.networks[0]!;
  assert.deepEqual(network.output, before.networks[0]!.output);
  return { text, analysis, network };
}

function assertMeasured(fix: Fix, before: { weights: bigint; connections: bigint }, after: { weights: bigint; connections: bigint }): void {
  assert.deepEqual(
    { weights: [fix.weightsBefore, fix.weightsAfter], connections: [fix.connectionsBefore, fix.connectionsAfter] },
    { weights: [before.weights, after.weights], connections: [before.connections, after.connections] },
  );
}

const CONV2 = '  conv2 = conv(256, 5x5, pad=2, groups=2, act=relu)\n';

describe('AlexNet conv2 5×5 (large-kernel)', () => {
  const fixes = fixesFor(alexnet, diagnostic(alexnet, 'large-kernel', 'conv2'));
  const byKind = (kind: Fix['kind']): Fix => {
    const fix = fixes.find((f) => f.kind === kind);
    assert.ok(fix, kind);
    return fix;
  };
  const original = alexnet.networks[0]!;

  test('three fixes, the one that leaves the fewest weights preferred', () => {
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.preferred]),
      [
        ['stack-3x3', false],
        ['asymmetric', false],
        ['depthwise-separable', true],
      ],
    );
  });

  test('stack 3×3: the spec’s title, the exact rewrite, the measured numbers', () => {
    const fix = byKind('stack-3x3');
    assert.ok(fix.title.startsWith('Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%)'), fix.title);
    assert.equal(fix.title, 'Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%), connections 223,948,800 → 110,854,656 (−50.5%)');
    const { text, network } = apply(alexnet, fix);
    // The inner conv has min(C, C') = min(96, 256) = 96 filters; the last keeps the name.
    assert.equal(text, ALEXNET.replace(CONV2, '  conv2_1 = conv(96, 3x3, pad=1, groups=2, act=relu)\n  conv2 = conv(256, 3x3, pad=1, groups=2, act=relu)\n'));
    assert.deepEqual(nodeAt(network, 'conv2').shape, nodeAt(original, 'conv2').shape);
    const after = sum(network, ['conv2_1', 'conv2']);
    // 3·3·48·96 = 41,472 + 3·3·48·256 = 110,592; 27·27·96·432 + 27·27·256·432
    assert.deepEqual(after, { weights: 152_064n, connections: 110_854_656n });
    assertMeasured(fix, sum(original, ['conv2']), after);
    assert.equal(network.totals.weights, original.totals.weights - 307_200n + 152_064n);
  });

  test('asymmetric: 1×5 then 5×1, pads that keep the shape', () => {
    const fix = byKind('asymmetric');
    assert.equal(fix.title, 'Factorise conv2 5×5 into 1×5 and 5×1: weights 307,200 → 84,480 (−72.5%), connections 223,948,800 → 61,585,920 (−72.5%)');
    const { text, network } = apply(alexnet, fix);
    assert.equal(
      text,
      ALEXNET.replace(CONV2, '  conv2_1x5 = conv(96, 1x5, pad=0x2, groups=2, act=relu)\n  conv2 = conv(256, 5x1, pad=2x0, groups=2, act=relu)\n'),
    );
    assert.deepEqual(nodeAt(network, 'conv2_1x5').shape, [96, 27, 27]);
    assert.deepEqual(nodeAt(network, 'conv2').shape, [256, 27, 27]);
    const after = sum(network, ['conv2_1x5', 'conv2']);
    // 5·48·96 = 23,040 + 5·48·256 = 61,440
    assert.deepEqual(after, { weights: 84_480n, connections: 61_585_920n });
    assertMeasured(fix, sum(original, ['conv2']), after);
  });

  test('depthwise-separable: dwconv(5x5) then conv(256, 1x1)', () => {
    const fix = byKind('depthwise-separable');
    assert.equal(
      fix.title,
      'Make conv2 depthwise-separable (5×5 depthwise, then 1×1): weights 307,200 → 26,976 (−91.2%), connections 223,948,800 → 19,665,504 (−91.2%)',
    );
    const { text, network } = apply(alexnet, fix);
    assert.equal(text, ALEXNET.replace(CONV2, '  conv2_dw = dwconv(5x5, pad=2, act=relu)\n  conv2 = conv(256, 1x1, act=relu)\n'));
    const after = sum(network, ['conv2_dw', 'conv2']);
    // 5·5·96 = 2,400 + 96·256 = 24,576
    assert.deepEqual(after, { weights: 26_976n, connections: 19_665_504n });
    assertMeasured(fix, sum(original, ['conv2']), after);
  });

  test('applied, the large-kernel diagnostic on conv2 is gone', () => {
    for (const fix of fixes) {
      const { analysis } = apply(alexnet, fix);
      assert.ok(!analysis.diagnostics.some((d) => d.code === 'large-kernel' && d.target?.path === 'conv2'), fix.kind);
    }
  });
});

describe('AlexNet conv1 11×11 with stride 4 (large-kernel)', () => {
  const fixes = fixesFor(alexnet, diagnostic(alexnet, 'large-kernel', 'conv1'));
  const original = alexnet.networks[0]!;

  test('no 3×3 stack: five 3×3 convs with stride 4 would not keep the 55×55 output', () => {
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.preferred]),
      [
        ['asymmetric', false],
        ['depthwise-separable', true],
      ],
    );
  });

  test('asymmetric splits the stride too', () => {
    const fix = fixes[0]!;
    const { text, network } = apply(alexnet, fix);
    assert.equal(
      text,
      ALEXNET.replace(
        '  conv1 = conv(96, 11x11, stride=4, act=relu)\n',
        '  conv1_1x11 = conv(3, 1x11, stride=1x4, act=relu)\n  conv1 = conv(96, 11x1, stride=4x1, act=relu)\n',
      ),
    );
    assert.deepEqual(nodeAt(network, 'conv1_1x11').shape, [3, 227, 55]);
    const after = sum(network, ['conv1_1x11', 'conv1']);
    // 11·3·3 = 99 + 11·3·96 = 3,168; 3·227·55·33 + 96·55·55·33
    assert.deepEqual(after, { weights: 3_267n, connections: 10_819_215n });
    assertMeasured(fix, sum(original, ['conv1']), after);
  });

  test('depthwise-separable keeps the stride on the depthwise conv', () => {
    const fix = fixes[1]!;
    const { text, network } = apply(alexnet, fix);
    assert.equal(
      text,
      ALEXNET.replace('  conv1 = conv(96, 11x11, stride=4, act=relu)\n', '  conv1_dw = dwconv(11x11, stride=4, act=relu)\n  conv1 = conv(96, 1x1, act=relu)\n'),
    );
    const after = sum(network, ['conv1_dw', 'conv1']);
    // 11·11·3 = 363 + 3·96 = 288; 3·55·55·121 + 96·55·55·3
    assert.deepEqual(after, { weights: 651n, connections: 1_969_275n });
    assertMeasured(fix, sum(original, ['conv1']), after);
  });
});

describe('AlexNet’s dense head', () => {
  const original = alexnet.networks[0]!;

  test('fc-dominant: the global-average-pool head', () => {
    const fixes = fixesFor(alexnet, diagnostic(alexnet, 'fc-dominant', 'fc6'));
    assert.equal(fixes.length, 1);
    const fix = fixes[0]!;
    assert.equal(fix.kind, 'global-average-pool');
    assert.equal(fix.preferred, true);
    assert.equal(
      fix.title,
      'Replace the dense head (fc6, fc7) with global average pooling: weights 58,621,952 → 256,000 (−99.6%), connections 58,621,952 → 256,000 (−99.6%)',
    );
    const { text, network, analysis } = apply(alexnet, fix);
    assert.equal(
      text,
      ALEXNET.replace('  fc6   = dense(4096, act=relu)\n  dropout(0.5)\n  fc7   = dense(4096, act=relu)\n  dropout(0.5)\n', '  gap = globalavgpool()\n'),
    );
    assert.deepEqual(nodeAt(network, 'gap').shape, [256, 1, 1]);
    // Before: fc6, fc7 and fc8, whose input changes; after: fc8 over 256 inputs.
    const before = sum(original, ['fc6', 'fc7', 'fc8']);
    const after = sum(network, ['fc8']);
    assert.deepEqual(after, { weights: 256_000n, connections: 256_000n });
    assertMeasured(fix, before, after);
    assert.ok(!analysis.diagnostics.some((d) => d.code === 'fc-dominant'));
  });

  test('heavy-layer on fc6: remove fc6 and the dropout that serves it', () => {
    const fixes = fixesFor(alexnet, diagnostic(alexnet, 'heavy-layer', 'fc6'));
    // Factorised through rank 512, fc6 keeps fewer weights than fc7 does once fc6 is gone.
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.preferred]),
      [
        ['remove-layer', false],
        ['low-rank', true],
      ],
    );
    const fix = fixes[0]!;
    assert.equal(fix.title, 'Remove fc6 (and dropout_1): weights 54,525,952 → 37,748,736 (−30.8%), connections 54,525,952 → 37,748,736 (−30.8%)');
    const { text, network } = apply(alexnet, fix);
    assert.equal(text, ALEXNET.replace('  fc6   = dense(4096, act=relu)\n  dropout(0.5)\n', ''));
    // fc7 now reads pool5's 256·6·6 = 9,216 outputs: 9,216·4,096 = 37,748,736
    const before = sum(original, ['fc6', 'fc7']);
    const after = sum(network, ['fc7']);
    assert.deepEqual(after, { weights: 37_748_736n, connections: 37_748_736n });
    assertMeasured(fix, before, after);
  });

  test('heavy-layer on fc7: remove fc7 and its dropout', () => {
    const fixes = fixesFor(alexnet, diagnostic(alexnet, 'heavy-layer', 'fc7'));
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.title]),
      [
        ['remove-layer', 'Remove fc7 (and dropout_2): weights 16,777,216 → 0 (−100.0%), connections 16,777,216 → 0 (−100.0%)'],
        // 4,096·4,096/4 = 512·(4,096 + 4,096): rank 512 keeps exactly a quarter
        [
          'low-rank',
          'Factorise fc7 through rank 512 (4,096 → 512 → 4,096): weights 16,777,216 → 4,194,304 (−75.0%), connections 16,777,216 → 4,194,304 (−75.0%)',
        ],
      ],
    );
    const { text, network } = apply(alexnet, fixes[0]!);
    assert.equal(text, ALEXNET.replace('  fc7   = dense(4096, act=relu)\n  dropout(0.5)\n', ''));
    // fc8 reads fc6's 4,096 as before: only fc7 changed
    assertMeasured(fixes[0]!, sum(original, ['fc7']), { weights: 0n, connections: 0n });
    assert.equal(nodeAt(network, 'fc8').counts.weights, 4_096_000n);
  });

  test('unnamed layers: figures by place, though removing dense_1 renames the later ones', () => {
    // dense_2 becomes dense_1 once the first is gone, with the first one's counts: matched by
    // name, dense_1 would look unchanged and the fix would claim −99.8% for what saves 20%.
    const text = 'network N {\n  input x: 64x16x16\n  flatten()\n  dense(4096)\n  dense(4096)\n  dense(10)\n}\n';
    const analysis = analyze(text);
    const fixes = fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'dense_1'));
    const fix = fixes.find((f) => f.kind === 'remove-layer');
    assert.ok(fix, 'remove-layer');
    const { network } = apply(analysis, fix);
    // Before: dense_1 (16,384·4,096) and dense_2 (4,096·4,096); after: the second dense, now
    // on flatten's 16,384. The classifier reads 4,096 as before: left out of both sides.
    const before = sum(analysis.networks[0]!, ['dense_1', 'dense_2']);
    const after = sum(network, ['dense_1']);
    assert.deepEqual(before, { weights: 83_886_080n, connections: 83_886_080n });
    assert.deepEqual(after, { weights: 67_108_864n, connections: 67_108_864n });
    assertMeasured(fix, before, after);
    assert.equal(fix.title, 'Remove dense_1: weights 83,886,080 → 67,108,864 (−20.0%), connections 83,886,080 → 67,108,864 (−20.0%)');
  });

  test('costly-layer has no fix', () => {
    assert.deepEqual(fixesFor(alexnet, diagnostic(alexnet, 'costly-layer', 'conv2')), []);
  });
});

describe('fc-dominant where the network already pools globally', () => {
  const POOLED = [
    'network N {',
    '  input x: 512x7x7',
    '  gap = globalavgpool()',
    '  flatten()',
    '  fc1 = dense(4096, act=relu)',
    '  dropout(0.5)',
    '  fc2 = dense(4096, act=relu)',
    '  dropout(0.5)',
    '  out = dense(1000)',
    '}',
    '',
  ].join('\n');

  for (const [title, text] of [
    ['after globalavgpool', POOLED],
    [
      'after a pool whose window covers the map, then a dropout',
      POOLED.replace('gap = globalavgpool()', 'gap = avgpool(7)').replace('  flatten()', '  flatten()\n  dropout(0.2)'),
    ],
  ]) {
    test(`the fix is titled after what it does, removing the hidden dense layers: ${title}`, () => {
      const analysis = analyze(text!);
      const fixes = fixesFor(analysis, diagnostic(analysis, 'fc-dominant', 'fc1'));
      assert.equal(fixes.length, 1);
      const fix = fixes[0]!;
      // Before: fc1 512·4,096 = 2,097,152, fc2 4,096² = 16,777,216, out 4,096·1,000 = 4,096,000; after: out over 512
      assert.equal(fix.title, 'Remove the hidden dense layers (fc1, fc2): weights 22,970,368 → 512,000 (−97.8%), connections 22,970,368 → 512,000 (−97.8%)');
      const { text: rewritten, network } = apply(analysis, fix);
      assert.equal(rewritten, text!.replace('  fc1 = dense(4096, act=relu)\n  dropout(0.5)\n  fc2 = dense(4096, act=relu)\n  dropout(0.5)\n', ''));
      const after = sum(network, ['out']);
      assert.deepEqual(after, { weights: 512_000n, connections: 512_000n });
      assertMeasured(fix, sum(analysis.networks[0]!, ['fc1', 'fc2', 'out']), after);
    });
  }

  test('a pool that leaves more than one place is not global: the head is replaced by pooling', () => {
    const analysis = analyze(POOLED.replace('gap = globalavgpool()', 'gap = avgpool(3)'));
    const fixes = fixesFor(analysis, diagnostic(analysis, 'fc-dominant', 'fc1'));
    assert.deepEqual(
      fixes.map((f) => f.title.split(':')[0]),
      ['Replace the dense head (fc1, fc2) with global average pooling'],
    );
  });
});

describe('a 1-D conv over a signal (large-kernel, language v2)', () => {
  const text = 'network N {\n  input x: 16x1000\n  c = conv(32, 7, stride=2, pad=3, act=relu)\n  gap = globalavgpool()\n}\n';
  const analysis = analyze(text);
  const fixes = fixesFor(analysis, diagnostic(analysis, 'large-kernel', 'c'));
  // floor((1000 + 6 − 6 − 1) / 2) + 1 = 500: 7·16·32 = 3,584 weights; 32·500·7·16 = 1,792,000 connections
  const before = { weights: 3_584n, connections: 1_792_000n };

  test('a stack of kernel-3 convs and a depthwise-separable pair; no asymmetric split on one dimension', () => {
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.preferred]),
      [
        ['stack-3x3', false],
        ['depthwise-separable', true],
      ],
    );
    assert.deepEqual(sum(analysis.networks[0]!, ['c']), before);
  });

  test('the stack: three convs of kernel 3, the first with the stride', () => {
    const fix = fixes[0]!;
    const { text: rewritten, network } = apply(analysis, fix);
    assert.equal(
      rewritten,
      text.replace(
        'c = conv(32, 7, stride=2, pad=3, act=relu)',
        'c_1 = conv(16, 3, stride=2, pad=1, act=relu)\n  c_2 = conv(16, 3, pad=1, act=relu)\n  c = conv(32, 3, pad=1, act=relu)',
      ),
    );
    // 3·16·16 = 768 twice + 3·16·32 = 1,536; 16·500·48 = 384,000 twice + 32·500·48 = 768,000
    const after = sum(network, ['c_1', 'c_2', 'c']);
    assert.deepEqual(after, { weights: 3_072n, connections: 1_536_000n });
    assertMeasured(fix, before, after);
    assert.equal(fix.title, "Factorise c's kernel of 7 into three of 3: weights 3,584 → 3,072 (−14.3%), connections 1,792,000 → 1,536,000 (−14.3%)");
  });

  test('depthwise-separable: dwconv(7) then conv(32, 1)', () => {
    const fix = fixes[1]!;
    const { text: rewritten, network } = apply(analysis, fix);
    assert.equal(
      rewritten,
      text.replace('c = conv(32, 7, stride=2, pad=3, act=relu)', 'c_dw = dwconv(7, stride=2, pad=3, act=relu)\n  c = conv(32, 1, act=relu)'),
    );
    // 7·16 = 112 + 16·32 = 512; 16·500·7 = 56,000 + 32·500·16 = 256,000
    const after = sum(network, ['c_dw', 'c']);
    assert.deepEqual(after, { weights: 624n, connections: 312_000n });
    assertMeasured(fix, before, after);
    assert.equal(
      fix.title,
      'Make c depthwise-separable (kernel 7 depthwise, then kernel 1): weights 3,584 → 624 (−82.6%), connections 1,792,000 → 312,000 (−82.6%)',
    );
  });
});

describe('heavy-layer on a conv', () => {
  const text = 'network N {\n  input x: 256x4x4\n  big = conv(512, 3x3, pad=1)\n  small = conv(10, 1x1)\n}\n';
  const analysis = analyze(text);

  test('depthwise-separable, and no removal (that is for dense layers)', () => {
    const fixes = fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'big'));
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.preferred]),
      [['depthwise-separable', true]],
    );
    const { text: rewritten, network } = apply(analysis, fixes[0]!);
    assert.equal(rewritten, text.replace('big = conv(512, 3x3, pad=1)', 'big_dw = dwconv(3x3, pad=1)\n  big = conv(512, 1x1)'));
    // 3·3·256 = 2,304 + 256·512 = 131,072; connections 4,096·9 + 8,192·256
    const after = sum(network, ['big_dw', 'big']);
    assert.deepEqual(after, { weights: 133_376n, connections: 2_134_016n });
    assertMeasured(fixes[0]!, sum(analysis.networks[0]!, ['big']), after);
  });

  test('a fresh name when the obvious one is taken', () => {
    const taken = 'network N {\n  input x: 256x4x4\n  big_dw = relu()\n  big = conv(512, 3x3, pad=1)\n  small = conv(10, 1x1)\n}\n';
    const analysis2 = analyze(taken);
    const fixes = fixesFor(analysis2, diagnostic(analysis2, 'heavy-layer', 'big'));
    const { text: rewritten } = apply(analysis2, fixes[0]!);
    assert.ok(rewritten.includes('  big_dw_2 = dwconv(3x3, pad=1)\n  big = conv(512, 1x1)\n'), rewritten);
  });
});

describe('a marked output rewritten', () => {
  test('the statement that keeps its name keeps the marker, and every output its shape', () => {
    const text = 'network N {\n  input x: 256x4x4\n  output big = conv(512, 3x3, pad=1)\n  small = conv(10, 1x1) from x\n}\n';
    const analysis = analyze(text);
    const fixes = fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'big'));
    assert.deepEqual(
      fixes.map((f) => f.kind),
      ['depthwise-separable'],
    );
    const { text: rewritten, network } = apply(analysis, fixes[0]!);
    assert.equal(rewritten, text.replace('output big = conv(512, 3x3, pad=1)', 'big_dw = dwconv(3x3, pad=1)\n  output big = conv(512, 1x1)'));
    assert.deepEqual(
      network.outputs.map((output) => [output.name, output.shape]),
      [
        ['big', [512, 4, 4]],
        ['small', [10, 4, 4]],
      ],
    );
  });
});

describe('no fix that would break the network', () => {
  test('a layer read by name elsewhere cannot be removed', () => {
    const text = [
      'network N {',
      '  input x: 1024',
      '  fc6 = dense(2048)',
      '  fc7 = dense(1024)',
      '  skip = dense(1024) from fc6',
      '  out = add(fc7, skip)',
      '}',
    ].join('\n');
    const analysis = analyze(text);
    // 2,097,152 weights each, a third of the network: all three are heavy
    assert.deepEqual(
      analysis.diagnostics.map((d) => `${d.code}:${d.target?.path}`),
      ['heavy-layer:fc6', 'fc-dominant:fc6', 'heavy-layer:fc7', 'heavy-layer:skip'],
    );
    // Only what keeps every read: the low-rank factorisation keeps each layer's name and output.
    for (const d of analysis.diagnostics)
      assert.deepEqual(
        fixesFor(analysis, d).filter((f) => f.kind !== 'low-rank'),
        [],
        `${d.code} on ${d.target?.path}`,
      );
  });

  test('the same head without the branch: fc6 can go', () => {
    const text = ['network N {', '  input x: 1024', '  fc6 = dense(2048)', '  fc7 = dense(1024)', '  out = dense(10)', '}'].join('\n');
    const analysis = analyze(text);
    const fixes = fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'fc6'));
    assert.deepEqual(
      fixes.map((f) => f.kind),
      ['remove-layer', 'low-rank'],
    );
    const { network } = apply(analysis, fixes[0]!);
    // fc7 over 1,024 inputs: 1,048,576
    assertMeasured(fixes[0]!, sum(analysis.networks[0]!, ['fc6', 'fc7']), sum(network, ['fc7']));
    assert.equal(fixes[0]!.weightsAfter, 1_048_576n);
  });

  test('the last dense layer is not removed; a vector input gets no pooling head', () => {
    const text = ['network N {', '  input x: 2000', '  a = dense(1000)', '  out = dense(1000)', '}'].join('\n');
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.diagnostics.map((d) => `${d.code}:${d.target?.path}`),
      ['heavy-layer:a', 'fc-dominant:a', 'heavy-layer:out'],
    );
    assert.deepEqual(
      fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'out')).map((f) => f.kind),
      ['low-rank'],
    );
    // globalavgpool needs C×H×W: the rewrite would not analyse
    assert.deepEqual(fixesFor(analysis, diagnostic(analysis, 'fc-dominant', 'a')), []);
    assert.deepEqual(
      fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'a')).map((f) => f.kind),
      ['remove-layer', 'low-rank'],
    );
  });
});

describe('every fix of the examples', () => {
  for (const name of ['alexnet.net', 'vgg16.net', 'resnet50.net', 'googlenet.net', 'mobilenetv2.net', 'squeezenet.net']) {
    test(`${name}: each applies cleanly, saves, and exactly one per diagnostic is preferred`, () => {
      const analysis = analyze(readExample(name));
      let offered = 0;
      for (const d of analysis.diagnostics) {
        const fixes = fixesFor(analysis, d);
        if (!mayHaveFixes(d)) assert.deepEqual(fixes, []);
        if (fixes.length === 0) continue;
        offered += fixes.length;
        assert.equal(fixes.filter((f) => f.preferred).length, 1, d.message);
        const preferred = fixes.find((f) => f.preferred)!;
        for (const fix of fixes) {
          assert.ok(preferred.weightsAfter <= fix.weightsAfter, fix.title);
          assert.ok(fix.weightsAfter < fix.weightsBefore || fix.connectionsAfter < fix.connectionsBefore, fix.title);
          const { network } = apply(analysis, fix);
          // The change in totals is the change the title states.
          const original = analysis.networks[0]!;
          assert.equal(network.totals.weights - original.totals.weights, fix.weightsAfter - fix.weightsBefore, fix.title);
          assert.equal(network.totals.connections - original.totals.connections, fix.connectionsAfter - fix.connectionsBefore, fix.title);
        }
      }
      assert.ok(offered > 0 || name === 'googlenet.net' || name === 'mobilenetv2.net', `no fix offered for ${name}`);
    });
  }
});

describe('a fix is bounded before it is built', () => {
  const HUGE = 'network N {\n  input x: 3x32x32\n  big = conv(8, 2147483647x2147483647, pad=1073741823)\n}\n';

  test('a 2³¹−1 kernel: no 3×3 stack (a billion lines), the two fixes of a few lines each', () => {
    const analysis = analyze(HUGE);
    const fixes = fixesFor(analysis, diagnostic(analysis, 'large-kernel', 'big'));
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.preferred, f.edits.map((e) => e.newText)]),
      [
        ['asymmetric', true, ['big_1x2147483647 = conv(3, 1x2147483647, pad=0x1073741823)\n  big = conv(8, 2147483647x1, pad=1073741823x0)']],
        ['depthwise-separable', false, ['big_dw = dwconv(2147483647x2147483647, pad=1073741823)\n  big = conv(8, 1x1)']],
      ],
    );
    assert.equal(
      fixes[0]!.title,
      'Factorise big 2147483647×2147483647 into 1×2147483647 and 2147483647×1: weights 110,680,464,339,178,094,616 → 70,866,960,351 (−100.0%), connections 113,336,795,483,318,368,886,784 → 72,567,767,399,424 (−100.0%)',
    );
  });

  test('11×11 is stacked into five 3×3, 13×13 is not stacked', () => {
    const text = 'network N {\n  input x: 3x32x32\n  a = conv(8, 11x11, pad=5)\n  b = conv(8, 13x13, pad=6)\n}\n';
    const analysis = analyze(text);
    const eleven = fixesFor(analysis, diagnostic(analysis, 'large-kernel', 'a'));
    assert.deepEqual(
      eleven.map((f) => f.kind),
      ['stack-3x3', 'asymmetric', 'depthwise-separable'],
    );
    // 8·3·121 = 2,904 → four 3·3·9 = 324 and 8·3·9 = 216, each on 32×32
    assert.equal(eleven[0]!.title, 'Factorise a 11×11 into five 3×3: weights 2,904 → 540 (−81.4%), connections 2,973,696 → 552,960 (−81.4%)');
    const { text: rewritten } = apply(analysis, eleven[0]!);
    assert.ok(
      rewritten.includes(
        '  a_1 = conv(3, 3x3, pad=1)\n  a_2 = conv(3, 3x3, pad=1)\n  a_3 = conv(3, 3x3, pad=1)\n  a_4 = conv(3, 3x3, pad=1)\n  a = conv(8, 3x3, pad=1)\n',
      ),
      rewritten,
    );
    assert.deepEqual(
      fixesFor(analysis, diagnostic(analysis, 'large-kernel', 'b')).map((f) => f.kind),
      ['asymmetric', 'depthwise-separable'],
    );
  });
});

describe('removing lines keeps the comments between them', () => {
  const text = [
    'network N {',
    '  input x: 64x8x8',
    '  flatten()',
    '  # the hidden layers',
    '  fc1 = dense(4096)',
    '  # netlint-disable-next-line unused',
    '  dropout(0.5)',
    '',
    '  # netlint-disable-next-line heavy-layer',
    '  fc2 = dense(4096)',
    '  relu()',
    '  out = dense(10)',
    '}',
    '',
  ].join('\n');
  const analysis = analyze(text);

  test('remove-layer: fc1 and its dropout go, the comments stay', () => {
    const fixes = fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'fc1'));
    assert.deepEqual(
      fixes.map((f) => f.kind),
      ['remove-layer', 'low-rank'],
    );
    const { text: rewritten } = apply(analysis, fixes[0]!);
    assert.equal(rewritten, text.replace('  fc1 = dense(4096)\n', '').replace('  dropout(0.5)\n', ''));
  });

  test('global-average-pool: the head goes, the comments stay', () => {
    const fixes = fixesFor(analysis, diagnostic(analysis, 'fc-dominant', 'fc1'));
    assert.deepEqual(
      fixes.map((f) => f.kind),
      ['global-average-pool'],
    );
    const { text: rewritten } = apply(analysis, fixes[0]!);
    assert.equal(
      rewritten,
      [
        'network N {',
        '  input x: 64x8x8',
        '  gap = globalavgpool()',
        '  # the hidden layers',
        '  # netlint-disable-next-line unused',
        '',
        '  # netlint-disable-next-line heavy-layer',
        '  out = dense(10)',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('a conv fix measured on its own statements', () => {
  // The figures must be those of the whole rewritten text: each fix applied, its change in
  // the totals is the change its title states; a text with an error elsewhere gets no fix.
  const CASES: Record<string, string> = {
    unnamed: 'network N {\n  input x: 3x32x32\n  conv(8, 5x5, pad=2)\n  conv(8, 7x7, pad=3)\n  relu()\n  conv(8, 9x9, pad=4, stride=2)\n  conv(16, 11x11)\n}\n',
    from: 'network N {\n  input x: 3x32x32\n  a = conv(8, 3x3, pad=1)\n  b = conv(8, 5x5, pad=2) from x\n  c = conv(8, 7x7, pad=same, dilation=2) from a\n  d = concat(b, c)\n}\n',
    stride: 'network N {\n  input x: 3x33x33\n  a = conv(8, 5x5, stride=2, pad=2)\n  c = conv(8, 7x7, stride=2x1, pad=3)\n}\n',
    groups: 'network N {\n  input x: 16x20x20\n  a = conv(32, 5x5, groups=4, bias=false, act=relu)\n  b = conv(8, 9x9, pad=same, groups=8)\n}\n',
    crlf: 'network N {\r\n  input x: 3x32x32\r\n  a = conv(8, 5x5, pad=2)\r\n  b = conv(8, 7x7)\r\n}\r\n',
    taken: 'network N {\n  input x: 3x32x32\n  a_1 = relu()\n  a_dw = relu()\n  a_1x5 = relu()\n  a = conv(8, 5x5, pad=2)\n  a_2 = relu()\n}\n',
    input: 'network N {\n  input x_2: 3x32x32\n  x = conv(8, 5x5, pad=2)\n  x_1 = conv(8, 5x5, pad=2)\n}\n',
  };
  const kinds: Record<string, number> = {};
  for (const [name, text] of Object.entries(CASES)) {
    test(name, () => {
      const analysis = analyze(text);
      let offered = 0;
      for (const d of analysis.diagnostics) {
        for (const fix of fixesFor(analysis, d)) {
          offered++;
          kinds[fix.kind] = (kinds[fix.kind] ?? 0) + 1;
          const { network } = apply(analysis, fix);
          const original = analysis.networks[0]!;
          assert.equal(network.totals.weights - original.totals.weights, fix.weightsAfter - fix.weightsBefore, fix.title);
          assert.equal(network.totals.connections - original.totals.connections, fix.connectionsAfter - fix.connectionsBefore, fix.title);
        }
      }
      assert.ok(offered > 0, name);
    });
  }

  test('an error in another network: no fix, as the rewritten text would not analyse clean', () => {
    const text = 'network M {\n  input y: 3x8x8\n  z = conv(4, 3x3) from nope\n}\nnetwork N {\n  input x: 3x32x32\n  a = conv(8, 5x5, pad=2)\n}\n';
    const analysis = analyze(text);
    assert.deepEqual(fixesFor(analysis, diagnostic(analysis, 'large-kernel', 'a')), []);
  });

  test('the fixes keep figures and edits, not the analysis of the rewritten text', () => {
    const fix = fixesFor(alexnet, diagnostic(alexnet, 'large-kernel', 'conv2'))[0]!;
    assert.deepEqual(Object.keys(fix).sort(), [
      'connectionsAfter',
      'connectionsBefore',
      'edits',
      'kind',
      'preferred',
      'title',
      'weightsAfter',
      'weightsBefore',
    ]);
  });
});

describe('the fixes of language v2: low rank, factorised embedding, tied head, grouped-query attention', () => {
  /** Any layer past a tenth of the weights or connections is reported: small fixtures suffice. */
  const EVERY = mergeSettings(DEFAULT_SETTINGS, {
    rules: { 'heavy-layer': { share: 0.1, minimum: 0 }, 'costly-layer': { share: 0.1, minimum: 0 } },
  }).settings;
  const lines = (...all: string[]): string => [...all, ''].join('\n');
  const only = (analysis: Analysis, code: string, path: string, kind: Fix['kind']): Fix[] =>
    fixesFor(analysis, diagnostic(analysis, code, path)).filter((f) => f.kind === kind);

  test('low-rank: AlexNet’s fc6 through rank 512, 37,748,736 → 6,815,744 weights', () => {
    const [fix] = only(alexnet, 'heavy-layer', 'fc6', 'low-rank');
    assert.ok(fix);
    const { text, network } = apply(alexnet, fix);
    assert.equal(text, ALEXNET.replace('  fc6   = dense(4096, act=relu)\n', '  fc6_low = dense(512, bias=false)\n  fc6 = dense(4096, act=relu)\n'));
    // 512·(9,216 + 4,096): the largest power of two with r·(N + U) ≤ N·U/4 = 9,437,184
    const after = sum(network, ['fc6_low', 'fc6']);
    assert.deepEqual(after, { weights: 6_815_744n, connections: 6_815_744n });
    assertMeasured(fix, sum(alexnet.networks[0]!, ['fc6']), after);
    // fc6's bias and act stay on the second layer
    assert.equal(nodeAt(network, 'fc6').counts.biases, 4_096n);
    assert.equal(nodeAt(network, 'fc6_low').counts.biases, 0n);
  });

  test('low-rank on a sequence reads the features, once per token; `from` goes to the first layer', () => {
    const text = lines('network N {', '  input x: 10x1024', '  r = relu()', '  d = dense(1024) from x', '  out = dense(8)', '}');
    const analysis = analyze(text, EVERY);
    const [fix] = only(analysis, 'heavy-layer', 'd', 'low-rank');
    assert.ok(fix);
    const { text: rewritten, network } = apply(analysis, fix);
    assert.equal(rewritten, text.replace('  d = dense(1024) from x', '  d_low = dense(128, bias=false) from x\n  d = dense(1024)'));
    // rank 128: 128·2,048 = 262,144 ≤ 1,024²/4; connections 10·that
    assert.deepEqual(sum(network, ['d_low', 'd']), { weights: 262_144n, connections: 2_621_440n });
  });

  test('low-rank is not offered below rank 8', () => {
    // N·U/4 = 15,000 and N + U = 2,030: rank 4
    const analysis = analyze(lines('network N {', '  input x: 2000', '  out = dense(30)', '}'), EVERY);
    assert.deepEqual(only(analysis, 'heavy-layer', 'out', 'low-rank'), []);
  });

  const LM = lines('network LM {', '  input ids: 64', '  wte = embedding(1000, 256)', '  h = dense(256, act=gelu)', '  head = dense(1000, bias=false)', '}');

  test('tie the head: the dense(V) after an embedding(V, D) takes its table', () => {
    const analysis = analyze(LM, EVERY);
    const [fix] = only(analysis, 'heavy-layer', 'head', 'tie-head');
    assert.ok(fix);
    assert.match(fix.title, /^Tie to wte: weights 256,000 → 0 \(−100\.0%\), connections 16,384,000 → 16,384,000 \(\+0\.0%\)$/);
    const { text, network } = apply(analysis, fix);
    assert.equal(text, LM.replace('dense(1000, bias=false)', 'dense(1000, bias=false, tied=wte)'));
    assert.equal(network.totals.params, analysis.networks[0]!.totals.params - 256_000n);
  });

  test('tie the head on GPT-2 small untied: its head is the costliest layer, below heavy-layer’s share', () => {
    const untied = readExample('gpt2_small.net').replace(', tied=wte)', ')');
    const analysis = analyze(untied);
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.target?.path === 'head').map((d) => d.code),
      ['costly-layer'],
    );
    const fix = fixesFor(analysis, diagnostic(analysis, 'costly-layer', 'head')).find((f) => f.kind === 'tie-head')!;
    // 50,257·768 = 38,597,376 weights move to wte; the connections stay
    assert.equal(fix.title, 'Tie to wte: weights 38,597,376 → 0 (−100.0%), connections 39,523,713,024 → 39,523,713,024 (+0.0%)');
    const { text, network } = apply(analysis, fix);
    assert.equal(text, readExample('gpt2_small.net'));
    assert.equal(network.totals.params, 124_439_808n);
  });

  test('tie the head: not offered when the head reads other features than the table’s dim', () => {
    const analysis = analyze(LM.replace('h = dense(256, act=gelu)', 'h = dense(512, act=gelu)'), EVERY);
    assert.deepEqual(only(analysis, 'heavy-layer', 'head', 'tie-head'), []);
  });

  test('factorised embedding: embedding(V, 128) then dense(D, bias=false), the name on the dense', () => {
    const analysis = analyze(LM, EVERY);
    const [fix] = only(analysis, 'heavy-layer', 'wte', 'factorised-embedding');
    assert.ok(fix);
    const { text, network } = apply(analysis, fix);
    assert.equal(text, LM.replace('  wte = embedding(1000, 256)', '  wte_low = embedding(1000, 128)\n  wte = dense(256, bias=false)'));
    // 1,000·128 + 128·256 = 160,768 weights for 256,000; 64·128·256 = 2,097,152 connections for none
    const after = sum(network, ['wte_low', 'wte']);
    assert.deepEqual(after, { weights: 160_768n, connections: 2_097_152n });
    assertMeasured(fix, sum(analysis.networks[0]!, ['wte']), after);
  });

  test('factorised embedding: not offered at 128 or below, nor where a head is tied to the table', () => {
    const narrow = analyze(LM.replace('embedding(1000, 256)', 'embedding(1000, 128)').replaceAll('256', '128'), EVERY);
    assert.deepEqual(only(narrow, 'heavy-layer', 'wte', 'factorised-embedding'), []);
    // The tied head would name a dense layer: the rewrite does not analyse.
    const tied = analyze(LM.replace('dense(1000, bias=false)', 'dense(1000, tied=wte)'), EVERY);
    assert.deepEqual(only(tied, 'heavy-layer', 'wte', 'factorised-embedding'), []);
  });

  const ATTENTION = (call: string) => lines('network N {', '  input x: 64x240', `  att = ${call}`, '  out = dense(10)', '}');

  for (const [call, kvHeads, rewritten] of [
    ['attention(12)', 3, 'attention(12, kv_heads=3)'],
    ['attention(8, 8)', 2, 'attention(8, 2)'],
    ['attention(6, kv_heads=6, bias=false)', 1, 'attention(6, kv_heads=1, bias=false)'],
    // 10/4 = 2.5 → 2; 16/4 = 4
    ['attention(10)', 2, 'attention(10, kv_heads=2)'],
    ['attention(16, causal=true)', 4, 'attention(16, causal=true, kv_heads=4)'],
  ] as const) {
    test(`grouped-query: ${call} → kv_heads=${kvHeads}, on heavy-layer and on costly-layer`, () => {
      const analysis = analyze(ATTENTION(call), EVERY);
      for (const code of ['heavy-layer', 'costly-layer']) {
        const [fix] = only(analysis, code, 'att', 'grouped-query');
        assert.ok(fix, code);
        const { text, network } = apply(analysis, fix);
        assert.equal(text, ATTENTION(rewritten));
        assertMeasured(fix, sum(analysis.networks[0]!, ['att']), sum(network, ['att']));
      }
    });
  }

  test('grouped-query: 14 heads → 3 does not divide 14, so 2', () => {
    const analysis = analyze(ATTENTION('attention(14, head_dim=16)'), EVERY);
    const [fix] = only(analysis, 'heavy-layer', 'att', 'grouped-query');
    assert.ok(fix);
    assert.equal(apply(analysis, fix).text, ATTENTION('attention(14, head_dim=16, kv_heads=2)'));
  });

  test('grouped-query: not offered below 4 heads, nor when the heads are already grouped', () => {
    for (const call of ['attention(3)', 'attention(12, kv_heads=6)']) {
      const analysis = analyze(ATTENTION(call), EVERY);
      assert.deepEqual(only(analysis, 'heavy-layer', 'att', 'grouped-query'), [], call);
    }
  });

  test('heavy-layer weighs an embedding and an attention like any layer with weights', () => {
    // 256,000, 4·256² = 262,144 and 256,000 weights: a third each
    const analysis = analyze(LM.replace('h = dense(256, act=gelu)', 'a = attention(4)'), EVERY);
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.code === 'heavy-layer').map((d) => d.target?.path),
      ['wte', 'a', 'head'],
    );
  });
});

describe('a fix on a layer a block makes: the block rewritten, for all its uses', () => {
  const lines = (...all: string[]): string => [...all, ''].join('\n');
  /** Two encoder layers of one block: each attention holds a third of the weights, past heavy-layer's 25%. */
  const ENCODER = lines(
    'block Encoder(dim, heads) {',
    '  ln_1 = layernorm()',
    '  attn = attention(heads)',
    '  res  = add(attn, in)',
    '  ln_2 = layernorm()',
    '  fc1  = dense(dim, act=gelu)',
    '  fc2  = dense(dim)',
    '  add(fc2, res)',
    '}',
    '',
    'network Small {',
    '  input x: 64x512',
    '  encoder = Encoder(512, 16) * 2',
    '  head = dense(10)',
    '}',
  );
  /** The same network written out by hand, with grouped-query attention. */
  const LAYER = (n: number) => [
    `  ln_1_${n} = layernorm()`,
    `  attn_${n} = attention(16, kv_heads=4)`,
    `  res_${n} = add(attn_${n}, ${n === 1 ? 'x' : 'out_1'})`,
    `  ln_2_${n} = layernorm()`,
    `  fc1_${n} = dense(512, act=gelu)`,
    `  fc2_${n} = dense(512)`,
    `  out_${n} = add(fc2_${n}, res_${n})`,
  ];
  const BY_HAND = lines('network Small {', '  input x: 64x512', ...LAYER(1), ...LAYER(2), '  head = dense(10)', '}');

  test('heavy-layer on the attention of each use: grouped-query attention, in the block', () => {
    const analysis = analyze(ENCODER);
    assert.deepEqual(
      analysis.diagnostics.map((d) => `${d.code}:${d.target?.path}`),
      ['heavy-layer:encoder.1.attn', 'heavy-layer:encoder.2.attn'],
    );
    const [first, second] = analysis.diagnostics.map((d) => fixesFor(analysis, d));
    // Each use's diagnostic offers the one rewrite of the block.
    assert.deepEqual(first, second);
    assert.deepEqual(
      first!.map((f) => [f.kind, f.preferred, f.title]),
      [
        [
          'grouped-query',
          true,
          // Two attentions of 4·512² = 1,048,576 weights; with 4 kv heads 2·512² + 2·512·128 = 655,360 each
          'Share each key and value head of attn among 4 query heads (kv_heads=4) in block Encoder (2 uses): weights 2,097,152 → 1,310,720 (−37.5%), connections 142,606,336 → 92,274,688 (−35.3%)',
        ],
      ],
    );
    const fix = first![0]!;
    const { text, network } = apply(analysis, fix);
    assert.equal(text, ENCODER.replace('attn = attention(heads)', 'attn = attention(heads, kv_heads=4)'));
    assertMeasured(fix, sum(analysis.networks[0]!, ['encoder.1.attn', 'encoder.2.attn']), sum(network, ['encoder.1.attn', 'encoder.2.attn']));
    // The counts of the same network written by hand with grouped-query attention.
    const byHand = analyze(BY_HAND);
    assert.deepEqual(errors(byHand), []);
    assert.deepEqual(network.totals, byHand.networks[0]!.totals);
    assert.equal(network.totals.weights - analysis.networks[0]!.totals.weights, fix.weightsAfter - fix.weightsBefore);
    assert.ok(!analyze(text).diagnostics.some((d) => d.code === 'heavy-layer'));
  });

  const EVERY = mergeSettings(DEFAULT_SETTINGS, { rules: { 'heavy-layer': { share: 0.05, minimum: 0 } } }).settings;

  test('low rank on a dense layer of the block: the new layer in the block, its name fresh there', () => {
    const taken = ENCODER.replace('  fc1  = dense(dim, act=gelu)', '  fc1_low = relu()\n  fc1  = dense(dim, act=gelu)');
    const analysis = analyze(taken, EVERY);
    const fixes = fixesFor(analysis, diagnostic(analysis, 'heavy-layer', 'encoder.1.fc1'));
    assert.deepEqual(
      fixes.map((f) => f.title),
      // 512·512 = 262,144 weights a use; rank 64: 64·(512 + 512) = 65,536
      [
        'Factorise fc1 through rank 64 (512 → 64 → 512) in block Encoder (2 uses): weights 524,288 → 131,072 (−75.0%), connections 33,554,432 → 8,388,608 (−75.0%)',
      ],
    );
    const { text, network } = apply(analysis, fixes[0]!);
    assert.equal(text, taken.replace('  fc1  = dense(dim, act=gelu)', '  fc1_low_2 = dense(64, bias=false)\n  fc1 = dense(dim, act=gelu)'));
    assertMeasured(
      fixes[0]!,
      sum(analysis.networks[0]!, ['encoder.1.fc1', 'encoder.2.fc1']),
      sum(network, ['encoder.1.fc1_low_2', 'encoder.1.fc1', 'encoder.2.fc1_low_2', 'encoder.2.fc1']),
    );
  });

  test('not offered when the uses give the statement other arguments: one rewrite would not fit both', () => {
    const mixed = ENCODER.replace('  encoder = Encoder(512, 16) * 2', '  e1 = Encoder(512, 16)\n  e2 = Encoder(512, 8)');
    const analysis = analyze(mixed);
    assert.deepEqual(
      analysis.diagnostics.map((d) => `${d.code}:${d.target?.path}`),
      ['heavy-layer:e1.attn', 'heavy-layer:e2.attn'],
    );
    for (const d of analysis.diagnostics) assert.deepEqual(fixesFor(analysis, d), [], d.message);
  });

  test('a large kernel in a block used by two networks: reported with a target, measured over both networks', () => {
    const text = lines(
      'block B(k) {',
      '  c = conv(3, k, pad=2)',
      '}',
      'network N {',
      '  input x: 3x8x8',
      '  b = B(5x5) * 2',
      '}',
      'network M {',
      '  input x: 3x8x8',
      '  b = B(5x5)',
      '}',
    );
    const analysis = analyze(text);
    const large = analysis.diagnostics.filter((d) => d.code === 'large-kernel');
    assert.deepEqual(
      large.map((d) => d.target),
      [
        { network: 'N', path: 'b.1.c', statement: 'b' },
        { network: 'M', path: 'b.c', statement: 'b' },
      ],
    );
    assert.ok(large.every(mayHaveFixes));
    const fixes = fixesFor(analysis, large[0]!);
    assert.deepEqual(fixesFor(analysis, large[1]!), fixes);
    // 5·5·3·3 = 225 weights a use, three uses; 64 places each: 43,200 connections
    assert.deepEqual(
      fixes.map((f) => `${f.preferred ? '★ ' : ''}${f.title}`),
      [
        'Factorise c 5×5 into two 3×3 in block B (3 uses in 2 networks): weights 675 → 486 (−28.0%), connections 43,200 → 31,104 (−28.0%)',
        'Factorise c 5×5 into 1×5 and 5×1 in block B (3 uses in 2 networks): weights 675 → 270 (−60.0%), connections 43,200 → 17,280 (−60.0%)',
        '★ Make c depthwise-separable (5×5 depthwise, then 1×1) in block B (3 uses in 2 networks): weights 675 → 252 (−62.7%), connections 43,200 → 16,128 (−62.7%)',
      ],
    );
    const rewritten = analyze(applyEdits(text, fixes[2]!.edits));
    assert.deepEqual(errors(rewritten), []);
    assert.equal(rewritten.text, text.replace('  c = conv(3, k, pad=2)', '  c_dw = dwconv(5x5, pad=2)\n  c = conv(3, 1x1)'));
    const change = (i: number) => rewritten.networks[i]!.totals.weights - analysis.networks[i]!.totals.weights;
    assert.equal(change(0) + change(1), fixes[2]!.weightsAfter - fixes[2]!.weightsBefore);
  });
});

describe('every fix of the transformer examples, every layer past 2% reported', () => {
  const LOW = mergeSettings(DEFAULT_SETTINGS, {
    rules: { 'heavy-layer': { share: 0.02, minimum: 0 }, 'costly-layer': { share: 0.02, minimum: 0 } },
  }).settings;
  // 12 heads of 64: 4·768² = 2,359,296 weights; with 3 kv heads 2·768² + 2·768·192 = 1,474,560. Rank 128: 128·(768 + 3,072).
  const GQA = (block: string, connections: string) =>
    `Share each key and value head of attn among 4 query heads (kv_heads=3) in block ${block} (12 uses): weights 28,311,552 → 17,694,720 (−37.5%), connections ${connections}`;
  const LOW_RANK = (name: string, sizes: string, block: string, connections: string) =>
    `Factorise ${name} through rank 128 (${sizes}) in block ${block} (12 uses): weights 28,311,552 → 5,898,240 (−79.2%), connections ${connections}`;
  const EXPECTED: Record<string, string[]> = {
    'vit_b_16.net': [
      GQA('EncoderBlock', '6,292,703,232 → 4,201,187,328 (−33.2%)'),
      LOW_RANK('fc1', '768 → 128 → 3,072', 'EncoderBlock', '5,577,375,744 → 1,161,953,280 (−79.2%)'),
      LOW_RANK('fc2', '3,072 → 128 → 768', 'EncoderBlock', '5,577,375,744 → 1,161,953,280 (−79.2%)'),
    ],
    'bert_base.net': [
      'Factorise words through 128 (embedding(30522, 128) then dense(768)): weights 23,440,896 → 4,005,120 (−82.9%), connections 0 → 12,582,912 (new)',
      GQA('BertLayer', '3,925,868,544 → 2,566,914,048 (−34.6%)'),
      LOW_RANK('up', '768 → 128 → 3,072', 'BertLayer', '3,623,878,656 → 754,974,720 (−79.2%)'),
      LOW_RANK('down', '3,072 → 128 → 768', 'BertLayer', '3,623,878,656 → 754,974,720 (−79.2%)'),
    ],
    'gpt2_small.net': [GQA('GPT2Block', '48,318,382,080 → 37,446,746,112 (−22.5%)')],
  };
  for (const name of ['vit_b_16.net', 'bert_base.net', 'gpt2_small.net']) {
    test(`${name}: each block rewrite applies cleanly, and the totals change by what its title states`, () => {
      const analysis = analyze(readExample(name), LOW);
      const titles = new Set<string>();
      for (const d of analysis.diagnostics) {
        for (const fix of fixesFor(analysis, d)) {
          if (titles.has(fix.title)) continue;
          titles.add(fix.title);
          const { network } = apply(analysis, fix);
          const original = analysis.networks[0]!;
          assert.equal(network.totals.weights - original.totals.weights, fix.weightsAfter - fix.weightsBefore, fix.title);
          assert.equal(network.totals.connections - original.totals.connections, fix.connectionsAfter - fix.connectionsBefore, fix.title);
        }
      }
      assert.deepEqual([...titles], EXPECTED[name]);
    });
  }
});

describe('refactorings at the cursor: the v2 rewrites wherever they apply', () => {
  /** The refactorings at the `|` of a source (a selection to a second `|`), with the diagnostics there given as the editor's. */
  function at(source: string, settings = DEFAULT_SETTINGS): { analysis: Analysis; fixes: Fix[] } {
    const first = source.indexOf('|');
    const second = source.indexOf('|', first + 1);
    const { text, offset } = cursor(second < 0 ? source : source.slice(0, second) + source.slice(second + 1));
    const end = second < 0 ? offset : second - 1;
    const analysis = analyze(text, settings);
    const there = analysis.diagnostics.filter((d) => d.span.start <= end && offset <= d.span.end);
    return { analysis, fixes: refactoringsAt(analysis, offset, end, there) };
  }
  const BERT = readExample('bert_base.net');
  const mark = (text: string, needle: string, delta = 0) => text.replace(needle, needle.slice(0, delta) + '|' + needle.slice(delta));

  test('BERT-base, default settings: the word table factorised, though heavy-layer leaves it alone at 21.4%', () => {
    const { analysis, fixes } = at(mark(BERT, 'words       = embedding', 3));
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      [],
    );
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.preferred, f.title]),
      [
        [
          'factorised-embedding',
          false,
          'Factorise words through 128 (embedding(30522, 128) then dense(768)): weights 23,440,896 → 4,005,120 (−82.9%), connections 0 → 12,582,912 (new)',
        ],
      ],
    );
    const { text, network } = apply(analysis, fixes[0]!);
    assert.equal(text, BERT.replace('  words       = embedding(30522, 768)', '  words_low = embedding(30522, 128)\n  words = dense(768, bias=false)'));
    // 30,522·128 = 3,906,816 + 128·768 = 98,304; 128 tokens · 128·768 connections
    const after = sum(network, ['words_low', 'words']);
    assert.deepEqual(after, { weights: 4_005_120n, connections: 12_582_912n });
    assertMeasured(fixes[0]!, sum(analysis.networks[0]!, ['words']), after);
    assert.equal(network.totals.weights, analysis.networks[0]!.totals.weights - 23_440_896n + 4_005_120n);
  });

  test('BERT-base: the attention of its layer block, grouped-query in all 12 uses', () => {
    const { analysis, fixes } = at(mark(BERT, 'attn      = attention(heads)', 12));
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        'Share each key and value head of attn among 4 query heads (kv_heads=3) in block BertLayer (12 uses): weights 28,311,552 → 17,694,720 (−37.5%), connections 3,925,868,544 → 2,566,914,048 (−34.6%)',
      ],
    );
    const { text, network } = apply(analysis, fixes[0]!);
    assert.ok(text.includes('  attn      = attention(heads, kv_heads=3)'));
    assert.equal(network.totals.weights - analysis.networks[0]!.totals.weights, fixes[0]!.weightsAfter - fixes[0]!.weightsBefore);
  });

  test('where the cursor may be: in the indentation, a selection to the line’s end; not across two statements, not on a block’s use', () => {
    const titles = (source: string) => at(source).fixes.map((f) => f.kind);
    assert.deepEqual(titles(BERT.replace('  words       = embedding', '|  words       = embedding')), ['factorised-embedding']);
    assert.deepEqual(
      titles(
        BERT.replace(
          '  words       = embedding(30522, 768)        # word_embeddings: 128x768\n',
          '  |words       = embedding(30522, 768)        # word_embeddings: 128x768\n|',
        ),
      ),
      ['factorised-embedding'],
    );
    assert.deepEqual(titles(BERT.replace('  words       = embedding', '  |words       = embedding').replace('  positions ', '  posit|ions ')), []);
    assert.deepEqual(titles(mark(BERT, 'output encoder = BertLayer', 10)), []);
  });

  test('a layer a quick fix rewrites the same way: the refactoring is left out, the others stay', () => {
    // head: heavy-layer offers the low rank and the tie; wte: the factorised table
    assert.deepEqual(
      at(mark(SMALL_LM, 'head = ')).fixes.map((f) => f.kind),
      [],
    );
    assert.deepEqual(
      at(mark(SMALL_LM, 'wte = ')).fixes.map((f) => f.kind),
      [],
    );
    // Without the diagnostics (the editor shows them elsewhere), each is offered.
    const analysis = analyze(SMALL_LM);
    const offset = SMALL_LM.indexOf('head = ');
    assert.deepEqual(
      refactoringsAt(analysis, offset, offset).map((f) => f.title),
      [
        'Factorise head through rank 64 (512 → 64 → 32,000): weights 16,384,000 → 2,080,768 (−87.3%), connections 1,048,576,000 → 133,169,152 (−87.3%)',
        'Tie to wte: weights 16,384,000 → 0 (−100.0%), connections 1,048,576,000 → 1,048,576,000 (+0.0%)',
      ],
    );
    // The attention of 8 heads is under heavy-layer's share: grouped-query as a refactoring; the dense h low-rank.
    // 64·4·512² + 2·64²·512 = 71,303,168 connections; with 2 kv heads 64·(2·512² + 2·512·128) + the same T² term
    assert.deepEqual(
      at(mark(SMALL_LM, 'att = ')).fixes.map((f) => f.title),
      [
        'Share each key and value head of att among 4 query heads (kv_heads=2): weights 1,048,576 → 655,360 (−37.5%), connections 71,303,168 → 46,137,344 (−35.3%)',
      ],
    );
    assert.deepEqual(
      at(mark(SMALL_LM, 'h = ')).fixes.map((f) => f.kind),
      ['low-rank'],
    );
  });

  test('none where the rewrite does not apply, does not save, or the file has an error', () => {
    const none = (source: string) => assert.deepEqual(at(source).fixes, [], source);
    none(mark(SMALL_LM, 'wte = ').replace('embedding(32000, 512)', 'embedding(32000, 128)').replaceAll('512', '128'));
    none(mark(SMALL_LM, 'att = ').replace('attention(8)', 'attention(8, kv_heads=2)'));
    none(mark(readExample('alexnet.net'), 'conv2 = '));
    none(mark(SMALL_LM, 'h = ').replace('  head = dense(32000, bias=false)', '  head = dense(32000, bias=false) from nope'));
    // A block whose uses give the statement other heads: no one rewrite fits both.
    none(['block E(heads) {', '  a| = attention(heads)', '}', 'network N {', '  input x: 64x512', '  e1 = E(16)', '  e2 = E(8)', '}', ''].join('\n'));
  });
});
