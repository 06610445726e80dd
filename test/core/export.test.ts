/**
 * The PyTorch export: every op has an emitter or a reason it has none; the code a design
 * becomes, line for line where it matters; stable output; refusals that name the op and
 * line and export nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze, OPS } from '../../core';
import { NOT_EXPORTABLE_YET, PYTORCH_EMITTERS } from '../../core/export/emitters';
import { exportPyTorch, type ExportOutcome } from '../../core/export/pytorch';

/** The examples written in ops that export (language v2's are refused for now: export-torch-more.test.ts). */
const EXPORTABLE = readdirSync(examplePath('.')).filter((f) => f.endsWith('.net') && exportPyTorch(analyze(readExample(f))).kind === 'exported');
import { examplePath, readExample, repoRoot } from '../helpers/paths';

function exported(text: string, network?: string): string {
  const outcome = exportPyTorch(analyze(text), { network, source: 'design.net' });
  if (outcome.kind !== 'exported')
    assert.fail(`not exported: ${JSON.stringify(outcome, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`);
  return outcome.text;
}

const net = (input: string, ...lines: string[]) => `network N {\n  input x: ${input}\n${lines.map((l) => `  ${l}\n`).join('')}}\n`;

/** The lines of the generated text that hold one of the fragments, trimmed. */
const linesWith = (text: string, ...fragments: string[]) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => fragments.some((fragment) => line.includes(fragment)));

describe('export registry', () => {
  test('every op has an emitter, or an entry in NOT_EXPORTABLE_YET with its reason', () => {
    const missing = [...OPS.keys()].filter((op) => !(op in PYTORCH_EMITTERS) && !NOT_EXPORTABLE_YET[op]);
    assert.deepEqual(missing, [], `ops without an emitter: add one to core/export/emitters.ts, or say why not in NOT_EXPORTABLE_YET`);
  });

  test('no op is in both, and every entry names an op of the registry', () => {
    for (const op of [...Object.keys(PYTORCH_EMITTERS), ...Object.keys(NOT_EXPORTABLE_YET)]) assert.ok(OPS.has(op), `${op} is no op`);
    assert.deepEqual(
      Object.keys(NOT_EXPORTABLE_YET).filter((op) => op in PYTORCH_EMITTERS),
      [],
    );
  });
});

describe('export: the code', () => {
  test('AlexNet: layers after the .net names, fused act as a module after the layer, flatten before the dense', () => {
    const text = exported(readExample('alexnet.net'));
    assert.deepEqual(linesWith(text, 'self.conv1', 'self.conv2 ', 'self.pool5', 'self.fc6', 'self.dropout_1 ', 'self.prob'), [
      'self.conv1 = nn.Conv2d(3, 96, 11, stride=4)',
      'self.conv1_relu = nn.ReLU(inplace=True)',
      'self.conv2 = nn.Conv2d(96, 256, 5, padding=2, groups=2)',
      'self.pool5 = nn.MaxPool2d(3, stride=2)',
      'self.fc6 = nn.Linear(9216, 4096)',
      'self.fc6_relu = nn.ReLU(inplace=True)',
      'self.dropout_1 = nn.Dropout(0.5)',
      'self.prob = nn.Softmax(dim=1)',
      'x = self.conv1(image)',
      'x = self.conv1_relu(x)',
      'x = self.pool5(x)',
      'x = self.fc6(x)',
      'x = self.fc6_relu(x)',
      'x = self.prob(x)',
    ]);
    assert.match(text, /x = self\.pool5\(x\)\n {8}x = torch\.flatten\(x, 1\)\n {8}x = self\.fc6\(x\)/);
    assert.match(text, /# 256x27x27, 307,456 params, 223,948,800 MACs\n {8}self\.conv2 = /);
    assert.match(
      text,
      /^class AlexNet\(nn\.Module\):\n {4}"""AlexNet: input image: 3x227x227; output 1000\.\n\n {4}60,965,224 parameters, 724,406,816 MACs\./m,
    );
  });

  test('a block is a class: its parameters after the input channels, its channels worked out from them', () => {
    const text = exported(readExample('resnet50.net'));
    assert.deepEqual(linesWith(text, 'def __init__(self, in_channels', 'self.conv3 =', 'self.bn3 =', 'self.layer1 =', 'self.layer1_0 ='), [
      'def __init__(self, in_channels, planes):',
      'self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)',
      'self.bn3 = nn.BatchNorm2d(planes * 4)',
      'def __init__(self, in_channels, planes, stride=1):',
      'self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)',
      'self.bn3 = nn.BatchNorm2d(planes * 4)',
      'self.layer1_0 = BottleneckDown(64, 64, 1)',
      'self.layer1 = nn.Sequential(Bottleneck(256, 64), Bottleneck(256, 64))',
    ]);
    // The residual: `in` is read by name, so the block's input keeps a variable of its own.
    assert.match(text, /def forward\(self, in_\):\n {8}x = self\.conv1\(in_\)\n/);
    assert.match(text, /bn3 = self\.bn3\(x\)\n {8}x = bn3 \+ in_\n {8}x = self\.relu_3\(x\)\n {8}return x/);
  });

  test('concat and from in forward; a nested block computes its channels from its caller arguments', () => {
    const text = exported(readExample('googlenet.net'));
    assert.deepEqual(linesWith(text, 'self.branch2_2 =', 'self.branch4_1 =', 'self.inception3a =', 'self.branch4_1(', 'torch.cat'), [
      'self.branch2_2 = BasicConv2d(ch3x3red, ch3x3, 3, pad=1)',
      'self.branch4_1 = nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True)',
      'x = self.branch4_1(in_)',
      'x = torch.cat([branch1, branch2_2, branch3_2, branch4_2], 1)',
      'self.inception3a = Inception(192, 64, 96, 128, 16, 32, 32)',
    ]);
  });

  test('a block may use one declared after it: its channels are known all the same', () => {
    const text = exported(
      'block Outer(f) {\n  Inner(f * 2)\n  conv(f, 1x1)\n}\nblock Inner(g) {\n  conv(g, 3x3, pad=1)\n}\nnetwork N {\n  input x: 3x8x8\n  Outer(4)\n}\n',
    );
    assert.deepEqual(linesWith(text, '= Inner(', ' = nn.'), [
      'self.Inner_1 = Inner(in_channels, f * 2)',
      'self.conv_1 = nn.Conv2d(f * 2, f, 1)',
      'self.conv_1 = nn.Conv2d(in_channels, g, 3, padding=1)',
    ]);
    assert.match(text, /^class Outer\(nn\.Module\):[^]*^class Inner\(nn\.Module\):/m);
  });

  test('pad=same as PyTorch spells it: padding=same at stride 1, the numbers otherwise', () => {
    const text = exported(net('3x32x32', 'a = conv(8, 3x3, pad=same)', 'b = conv(8, 5x5, stride=2, pad=same)', 'c = maxpool(3x3, stride=1, pad=same)'));
    assert.deepEqual(linesWith(text, 'self.a', 'self.b', 'self.c'), [
      "self.a = nn.Conv2d(3, 8, 3, padding='same')",
      'self.b = nn.Conv2d(8, 8, 5, stride=2, padding=2)',
      'self.c = nn.MaxPool2d(3, stride=1, padding=1)',
      'x = self.a(x)',
      'x = self.b(x)',
      'x = self.c(x)',
    ]);
  });

  test('the remaining v1 ops and upsample', () => {
    const text = exported(
      net(
        '4x8x8',
        'd = dwconv(3x3, 2, pad=1, bias=false, act=gelu)',
        'u = upsample(2x3, mode=bilinear)',
        'a = avgpool(2x2)',
        'g = globalmaxpool()',
        'f = flatten()',
        'h = dense(10, act=tanh)',
        'n = batchnorm()',
        's = sigmoid()',
      ),
    );
    assert.deepEqual(linesWith(text, ' = nn.'), [
      'self.d = nn.Conv2d(4, 8, 3, padding=1, groups=4, bias=False)',
      'self.d_gelu = nn.GELU()',
      'self.u = nn.Upsample(',
      'self.a = nn.AvgPool2d(2)',
      'self.g = nn.AdaptiveMaxPool2d(1)',
      'self.f = nn.Flatten()',
      'self.h = nn.Linear(8, 10)',
      'self.h_tanh = nn.Tanh()',
      'self.n = nn.BatchNorm1d(10)',
      'self.s = nn.Sigmoid()',
    ]);
    assert.match(text, /self\.u = nn\.Upsample\(\n\s+scale_factor=\(2, 3\), mode='bilinear', align_corners=False\n\s+\)/);
    // An explicit flatten is a module; no torch.flatten before the dense, and no torch import.
    assert.doesNotMatch(text, /torch\.flatten|^import torch$/m);
  });

  test('names Python or nn.Module keep for themselves get a trailing underscore', () => {
    const text = exported(net('8', 'pass = dense(4)', 'training = relu()', 'forward = dense(4) from pass', 'lambda = add(forward, training)'));
    assert.deepEqual(linesWith(text, 'pass', 'training', 'forward', 'lambda'), [
      'self.pass_ = nn.Linear(8, 4)',
      'self.training_ = nn.ReLU()',
      'self.forward_ = nn.Linear(4, 4)',
      'def forward(self, x):',
      'pass_ = self.pass_(x)',
      'training = self.training_(pass_)',
      'forward = self.forward_(pass_)',
      'x = forward + training',
    ]);
  });

  test('a repeated op with a fused activation: a Sequential of both, per copy', () => {
    const text = exported(net('3x8x8', 'c = conv(4, 3x3, pad=1, act=relu) * 2'));
    assert.deepEqual(linesWith(text, 'self.c'), ['self.c = nn.Sequential(', 'x = self.c(x)']);
    assert.match(text, /nn\.Conv2d\(3, 4, 3, padding=1\), nn\.ReLU\(inplace=True\)\),\n\s+nn\.Sequential\(nn\.Conv2d\(4, 4, 3, padding=1\)/);
  });

  test('exporting twice gives the same bytes, for every example that exports', () => {
    for (const name of EXPORTABLE) {
      const text = readExample(name);
      assert.equal(exported(text), exported(text), name);
    }
  });

  test('docs/export.md shows the AlexNet module as the CLI writes it', () => {
    const docs = readFileSync(join(repoRoot, 'docs', 'export.md'), 'utf8');
    const shown = /`netlint export examples\/alexnet\.net --out alexnet\.py` writes:\n\n```python\n([^]*?)```/.exec(docs);
    const outcome = exportPyTorch(analyze(readExample('alexnet.net')), { source: 'alexnet.net' });
    assert.equal(shown?.[1], outcome.kind === 'exported' ? outcome.text : undefined);
  });

  test('lines stay within 79 columns (PEP 8), for every example that exports', () => {
    for (const name of EXPORTABLE) {
      const long = exported(readExample(name))
        .split('\n')
        .filter((line) => line.length > 79);
      assert.deepEqual(long, [], name);
    }
  });
});

describe('export: language v2 on maps', () => {
  test("a tensor parameter: its channels a constructor argument at the parameter's place, the tensor an argument of forward", () => {
    const text = exported(readExample('unet.net'));
    assert.deepEqual(
      linesWith(
        text,
        'def __init__(self, in_channels, skip',
        'self.up =',
        'self.DoubleConv_1 = DoubleConv(f',
        'def forward(self, x, skip)',
        'self.u1',
        'self.u4',
      ),
      [
        'def __init__(self, in_channels, skip_channels, filters):',
        'self.up = nn.ConvTranspose2d(in_channels, filters, 2, stride=2)',
        'self.DoubleConv_1 = DoubleConv(filters + skip_channels, filters)',
        'def forward(self, x, skip):',
        'self.u1 = Up(1024, 512, 512)',
        'self.u4 = Up(128, 64, 64)',
        'x = self.u1(x, e4)',
        'x = self.u4(x, e1)',
      ],
    );
  });

  test('tensor parameters passed on, by name, with from; size lists, // and unary minus over parameters; several outputs a tuple', () => {
    const text = exported(
      [
        'block Step(skip: tensor, f, k=3) {',
        '  a = conv(f, [1, k], pad=[0, k // 2])',
        '  b = conv(f, [k, 1], pad=[-(-k // 2) - 1, 0]) from skip',
        '  add(a, b)',
        '}',
        'block Outer(skip: tensor) {',
        '  Step(skip, 4, k=5)',
        '}',
        'network N {',
        '  input x: 4x8x8',
        '  e = conv(4, 1x1)',
        '  s = Step(e, 4) from x',
        '  o = Outer(skip=e) from s',
        '  output half = chunk(2, 0) from o',
        '  output q = deconv(4, 2x2, stride=2, outpad=1, groups=2) from e',
        '  g = globalavgpool() from o',
        '  w = mul(o, g)',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      linesWith(
        text,
        'def __init__(self, in',
        'def forward(self',
        'self.a =',
        'skip_channels, f, (k, 1)',
        'self.Step_1',
        'self.s',
        'self.o',
        'half',
        ' * ',
        'return',
      ),
      [
        'def __init__(self, in_channels, skip_channels, f, k=3):',
        'self.a = nn.Conv2d(in_channels, f, (1, k), padding=(0, k // 2))',
        'skip_channels, f, (k, 1), padding=(-(-k // 2) - 1, 0)',
        'def forward(self, x, skip):',
        'return x',
        'def __init__(self, in_channels, skip_channels):',
        'self.Step_1 = Step(in_channels, skip_channels, 4, k=5)',
        'def forward(self, x, skip):',
        'x = self.Step_1(x, skip)',
        'return x',
        '"""N: input x: 4x8x8; outputs half: 2x8x8, q: 4x17x17, w: 4x8x8.',
        'self.s = Step(4, 4, 4)',
        'self.o = Outer(4, skip_channels=4)',
        'def forward(self, x):',
        's = self.s(x, e)',
        'o = self.o(s, e)',
        'half = o.chunk(2, dim=1)[0]',
        'x_ = o * g',
        'return half, q, x_',
      ],
    );
    assert.match(text, /self\.q = nn\.ConvTranspose2d\(\n\s+4, 4, 2, stride=2, output_padding=1, groups=2\n\s+\)/);
  });

  test('a helper class is written once, before the blocks, and only when used; a block of its name gets an underscore', () => {
    const text = exported(
      [
        'block LayerScale() {',
        '  layerscale()',
        '  droppath(0.2)',
        '}',
        'network N {',
        '  input x: 8x8x8',
        '  LayerScale()',
        '  layerscale()',
        '  channelshuffle(2)',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      text.split('\n').filter((line) => line.startsWith('class ')),
      [
        'class LayerScale(nn.Module):',
        'class DropPath(nn.Module):',
        'class ChannelShuffle(nn.Module):',
        'class LayerScale_(nn.Module):',
        'class N(nn.Module):',
      ],
    );
    assert.deepEqual(linesWith(text, ' = LayerScale', ' = DropPath', ' = ChannelShuffle'), [
      'self.layerscale_1 = LayerScale((in_channels, 1, 1))',
      'self.droppath_1 = DropPath(0.2)',
      'self.LayerScale_1 = LayerScale_(8)',
      'self.layerscale_1 = LayerScale((8, 1, 1))',
      'self.channelshuffle_1 = ChannelShuffle(2)',
    ]);
    assert.doesNotMatch(exported(net('8x8x8', 'conv(8, 1x1)')), /^class (LayerNorm2d|LayerScale|DropPath|ChannelShuffle)/m);
  });

  test('layernorm on a map over its channels, adaptiveavgpool, the new activations as layers and as act=', () => {
    const text = exported(
      net(
        '8x8x8',
        'n = layernorm(bias=false)',
        'p = adaptiveavgpool(2x3)',
        'c = conv(4, 1x1, act=hardsigmoid)',
        'h = hardswish()',
        'l = leakyrelu()',
        'i = identity()',
      ),
    );
    assert.deepEqual(linesWith(text, ' = nn.', ' = LayerNorm2d'), [
      'self.n = LayerNorm2d(8, bias=False)',
      'self.p = nn.AdaptiveAvgPool2d((2, 3))',
      'self.c = nn.Conv2d(8, 4, 1)',
      'self.c_hardsigmoid = nn.Hardsigmoid(inplace=True)',
      'self.h = nn.Hardswish()',
      'self.l = nn.LeakyReLU()',
      'self.i = nn.Identity()',
    ]);
  });
});

describe('export: refusals', () => {
  test('a file with errors is refused, with its errors', () => {
    const outcome = exportPyTorch(analyze(net('3x8x8', 'conv(4, 3x3)', 'dense(10, act=rleu)')));
    assert.equal(outcome.kind, 'errors');
    assert.deepEqual(
      (outcome as ExportOutcome & { kind: 'errors' }).diagnostics.map((d) => d.message),
      [
        "act must be one of relu, sigmoid, tanh, gelu, silu, swish, hardswish, hardsigmoid, relu6, leakyrelu, elu, none: 'rleu' is not a known activation (did you mean 'relu'?)",
      ],
    );
  });

  test('an unknown network: the names there are', () => {
    const text = `${net('4', 'dense(2)')}network M {\n  input y: 4\n  dense(3)\n}\n`;
    assert.deepEqual(exportPyTorch(analyze(text), { network: 'Q' }), { kind: 'unknown-network', name: 'Q', names: ['N', 'M'] });
    assert.match(exported(text, 'M'), /^class M\(nn\.Module\):/m);
    assert.doesNotMatch(exported(text, 'M'), /^class N/m);
  });

  test('an lrn on a vector, which PyTorch has no module for, is refused', () => {
    assert.deepEqual(exportPyTorch(analyze(net('8', 'dense(4)', 'lrn(3)'))), {
      kind: 'not-exportable',
      problems: [{ line: 4, message: 'lrn on a vector has no PyTorch module: nn.LocalResponseNorm needs channels and a map' }],
    });
  });

  test('what a class cannot know is refused, naming the op and line', () => {
    const text = 'block B(a) {\n  c = conv(8, 3x3, act=a)\n}\nblock D() {\n  flatten()\n  dense(4)\n}\nnetwork N {\n  input x: 3x8x8\n  B(relu)\n  D()\n}\n';
    const outcome = exportPyTorch(analyze(text));
    assert.deepEqual(outcome, {
      kind: 'not-exportable',
      problems: [
        { line: 2, message: "conv's act=a is chosen by its block's caller; write the activation in the block instead" },
        { line: 6, message: "dense's input size depends on the height and width of its block's input, which a class cannot know" },
      ],
    });
  });

  test('a repeat nn.Sequential cannot write is refused: a block that takes a tensor, an op written in forward', () => {
    const text =
      'block Up(skip: tensor, c) {\n  concat(in, skip)\n  conv(c, 1x1)\n}\nnetwork N {\n  input x: 8x8x8\n  e = conv(8, 1x1)\n  Up(e, 8) * 2\n  chunk(2, 0) * 2\n}\n';
    assert.deepEqual(exportPyTorch(analyze(text)), {
      kind: 'not-exportable',
      problems: [
        { line: 8, message: 'a repeat of Up, which takes a tensor besides its input, is not exportable yet: nn.Sequential passes one tensor' },
        { line: 9, message: 'a repeated chunk is not exportable yet: nn.Sequential cannot call it as its forward needs; repeat it in a block' },
      ],
    });
  });
});

describe('export: sequences and signals (language v2)', () => {
  const seq = (input: string, ...lines: string[]) => net(input, ...lines).replace('input x:', 'input ids:');

  test('self-attention is nn.MultiheadAttention(batch_first=True) called with q = k = v, its output taken', () => {
    const text = exported(seq('10', 'e = embedding(100, 16)', 'attn = attention(4, bias=false)'));
    assert.deepEqual(linesWith(text, 'attn', 'causal'), [
      'self.attn = nn.MultiheadAttention(16, 4, batch_first=True, bias=False)',
      'x, _ = self.attn(x, x, x, need_weights=False)',
    ]);
  });

  test('causal attention: a mask from causal_mask(), written once in the file, above the classes', () => {
    const text = exported(seq('10', 'e = embedding(100, 16)', 'a = attention(4, causal=true)', 'b = attention(2, causal=true)'));
    assert.deepEqual(linesWith(text, 'causal_mask('), [
      'def causal_mask(x):',
      'x, _ = self.a(x, x, x, attn_mask=causal_mask(x), need_weights=False)',
      'x, _ = self.b(x, x, x, attn_mask=causal_mask(x), need_weights=False)',
    ]);
    assert.ok(text.indexOf('def causal_mask') < text.indexOf('class N('));
  });

  test("grouped-query attention, or heads not D/heads wide: the file's own module, with its projections", () => {
    const text = exported(seq('10', 'e = embedding(100, 16)', 'g = attention(4, kv_heads=2)', 'h = attention(2, head_dim=4, causal=true)'));
    assert.deepEqual(linesWith(text, 'self.g ', 'self.h ', 'self.g(', 'self.h(', 'class GroupedQueryAttention'), [
      'class GroupedQueryAttention(nn.Module):',
      'self.g = GroupedQueryAttention(16, 4, 2, 4)',
      'self.h = GroupedQueryAttention(16, 2, 2, 4, causal=True)',
      'x = self.g(x)',
      'x = self.h(x)',
    ]);
    assert.match(text, /self\.k_proj = nn\.Linear\(dim, kv_heads \* head_dim, bias=bias\)/);
  });

  test('a tied head shares the table in __init__; the input of an embedding is token ids', () => {
    const outcome = exportPyTorch(analyze(seq('10', 'wte = embedding(100, 16)', 'head = dense(100, bias=false, tied=wte)')));
    assert.equal(outcome.kind, 'exported');
    if (outcome.kind !== 'exported') return;
    assert.deepEqual(linesWith(outcome.text, 'self.head'), [
      'self.head = nn.Linear(16, 100, bias=False)',
      'self.head.weight = self.wte.weight',
      'x = self.head(x)',
    ]);
    assert.deepEqual(outcome.networks[0]!.inputs, [{ name: 'ids', shape: [10], ids: true }]);
  });

  test("posembed and clstoken are parameters, as torchvision's ViT; token ops are expressions", () => {
    const text = exported(
      net(
        '8x4x4',
        'tokens()',
        'clstoken()',
        'p = posembed()',
        'q = posembed(max=40) from p',
        'a = add(p, q)',
        'transpose()',
        'transpose()',
        'm = tokenmean()',
        'token(-1) from a',
        'add(m, token_1)',
      ),
    );
    assert.deepEqual(linesWith(text, 'clstoken_1', 'self.p', 'self.q', 'transpose', 'mean', '[:, -1]'), [
      'self.clstoken_1 = nn.Parameter(torch.zeros(1, 1, 8))',
      'self.p = nn.Parameter(torch.empty(17, 8).normal_(std=0.02))',
      'self.q = nn.Parameter(torch.empty(40, 8).normal_(std=0.02))',
      'x = x.flatten(2).transpose(1, 2)',
      'x = torch.cat([self.clstoken_1.expand(x.shape[0], -1, -1), x], 1)',
      'p = x + self.p',
      'q = p + self.q[:p.shape[1]]',
      'x = a.transpose(1, 2)',
      'x = x.transpose(1, 2)',
      'm = x.mean(1)',
      'token_1 = a[:, -1]',
    ]);
  });

  test('a block whose input is a sequence takes in_features, the last size; on a signal, in_channels', () => {
    const text = exported(
      'block S(d) {\n  dropout(0.1)\n  layernorm()\n  dense(d)\n}\nblock C(f) {\n  conv(f, 3)\n  batchnorm()\n}\nnetwork N {\n  input x: 6x20\n  c = C(4)\n  transpose()\n  S(8)\n}\n',
    );
    assert.deepEqual(linesWith(text, 'def __init__(self, in', ' = nn.', ' = S(', ' = C('), [
      'def __init__(self, in_features, d):',
      'self.dropout_1 = nn.Dropout(0.1)',
      'self.layernorm_1 = nn.LayerNorm(in_features)',
      'self.dense_1 = nn.Linear(in_features, d)',
      'def __init__(self, in_channels, f):',
      'self.conv_1 = nn.Conv1d(in_channels, f, 3)',
      'self.batchnorm_1 = nn.BatchNorm1d(f)',
      'self.c = C(6, 4)',
      'self.S_1 = S(4, 8)',
    ]);
  });

  test('windows on a C×L signal are the 1-D modules; a global pool there gives a vector', () => {
    const text = exported(
      net(
        '2x64',
        'conv(4, 5, pad=same)',
        'maxpool(2)',
        'avgpool(2)',
        'upsample(2)',
        'lstm(8) from avgpool_1',
        'globalavgpool() from upsample_1',
        'rmsnorm()',
        'gru(3, bidirectional=true) from lstm_1',
      ),
    );
    assert.deepEqual(linesWith(text, '_1 = nn.', '_1 = RMSNorm'), [
      "self.conv_1 = nn.Conv1d(2, 4, 5, padding='same')",
      'self.maxpool_1 = nn.MaxPool1d(2)',
      'self.avgpool_1 = nn.AvgPool1d(2)',
      'self.upsample_1 = nn.Upsample(scale_factor=2)',
      'self.lstm_1 = nn.LSTM(16, 8, batch_first=True)',
      'self.globalavgpool_1 = nn.Sequential(',
      'self.rmsnorm_1 = RMSNorm(4)',
      'self.gru_1 = nn.GRU(8, 3, batch_first=True, bidirectional=True)',
    ]);
  });

  test("the convnet ops on rank 2: 1-D modules on a signal, a sequence's features; layernorm over a map's channels", () => {
    const text = exported(
      net(
        '8x32',
        'deconv(8, 4, stride=2)',
        'a = adaptiveavgpool(16)',
        'g = adaptiveavgpool(1) from a',
        'mul(a, g)',
        'chunk(2, 1)',
        'transpose()',
        'layerscale()',
        'layernorm(bias=false)',
        'chunk(2, 0)',
        'dense(4)',
      ),
    );
    assert.deepEqual(linesWith(text, '_1 = nn.', 'self.a = ', 'self.g = ', ' = LayerScale', 'bias = None', ' * g', 'chunk('), [
      'self.deconv_1 = nn.ConvTranspose1d(8, 8, 4, stride=2)',
      'self.a = nn.AdaptiveAvgPool1d(16)',
      'self.g = nn.AdaptiveAvgPool1d(1)',
      'self.layerscale_1 = LayerScale(4)',
      'self.layernorm_1 = nn.LayerNorm(4)',
      'self.layernorm_1.bias = None',
      'self.dense_1 = nn.Linear(4, 4)',
      'x = a * g',
      'x = x.chunk(2, dim=1)[1]',
      'x = x.chunk(2, dim=1)[0]',
    ]);
    assert.deepEqual(linesWith(exported(net('4x8x8', 'layernorm(bias=false)')), 'layernorm_1 = '), ['self.layernorm_1 = LayerNorm2d(4, bias=False)']);
  });

  test('what a sequence cannot be written as is refused, naming the op and line', () => {
    const text =
      'block P() {\n  posembed()\n}\nnetwork N {\n  input ids: 8\n  embedding(10, 4)\n  P()\n  attention(2) * 2\n  softmax()\n  transpose()\n  spatial(2, 2)\n  rmsnorm()\n}\n';
    assert.deepEqual(exportPyTorch(analyze(text)), {
      kind: 'not-exportable',
      problems: [
        { line: 2, message: "posembed's table has T rows by default, and T depends on its block's input: give max=" },
        { line: 8, message: 'a repeated attention is not exportable yet: nn.Sequential cannot call it as its forward needs; repeat it in a block' },
        { line: 9, message: 'softmax on a rank-2 tensor: over its channels or its features is not said, so not exportable' },
        { line: 12, message: 'rmsnorm over the channels of a C×H×W map is not exportable yet' },
      ],
    });
  });
});
