import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { forEachLeaf } from '../../core';
import { bytesSource, importModel, ImportError } from '../../import';
import { provideImport } from '../../server/features/import-model';
import { runCli } from '../helpers/cli';
import { analyseClean, caffeDir, caffeMissing, importText } from '../helpers/import';
import { runPython, torchMissing, torchScripts } from '../helpers/torch';

/** SOURCES.md's table: Netscope's params and GMACC for each preset, with the digits it gives. */
function netscopeFigures(): Map<string, { params: bigint; gmacc: string }> {
  const figures = new Map<string, { params: bigint; gmacc: string }>();
  for (const line of readFileSync(join(caffeDir!, 'SOURCES.md'), 'utf8').split('\n')) {
    const match = /^\| (\S+\.prototxt) \| ([\d,]+)[^|]*\| ([\d.]+) \|/.exec(line);
    if (match) figures.set(match[1]!, { params: BigInt(match[2]!.replace(/,/g, '')), gmacc: match[3]! });
  }
  return figures;
}

describe('Caffe prototxt', { skip: caffeMissing }, () => {
  const presets = caffeDir ? readdirSync(caffeDir).filter((name) => name.endsWith('.prototxt')) : [];
  test('every preset imports and analyses without errors', () => {
    assert.equal(presets.length, 10);
    for (const name of presets) {
      const result = importText(name, readFileSync(join(caffeDir!, name)));
      assert.deepEqual(result.leftOut, [], name);
      analyseClean(result.text);
    }
  });

  test("params and multiply-accumulates equal Netscope's, each difference a stated convention", () => {
    const figures = netscopeFigures();
    assert.equal(figures.size, 6);
    for (const [name, netscope] of figures) {
      const network = analyseClean(importText(name, readFileSync(join(caffeDir!, name))).text);
      // Netscope's conventions: an LRN has 2 params (its alpha and beta); a BatchNorm's
      // mean and variance are its 2·C params and the Scale after it has none, which is
      // netlint's batchnorm (its scale and shift, 2·C). Its MACC also counts a Scale as one
      // multiply-accumulate per element and an LRN as local_size per element.
      let lrnParams = 0n;
      let otherMacc = 0n;
      forEachLeaf(network.layers, (leaf) => {
        if (leaf.op === 'lrn') {
          lrnParams += 2n;
          otherMacc += leaf.counts.activations * BigInt(leaf.args!['size'] as number);
        }
        if (leaf.op === 'batchnorm') otherMacc += leaf.counts.activations;
      });
      assert.equal(network.totals.params + lrnParams, netscope.params, `${name} params`);
      const decimals = netscope.gmacc.split('.')[1]!.length;
      const macc = Number(network.totals.connections + otherMacc) / 1e9;
      assert.equal(macc.toFixed(decimals), netscope.gmacc, `${name} GMACC`);
    }
  });

  test('ResNet-50 is written with blocks: a residual block used for the repeats', () => {
    const result = importText('resnet-50.prototxt', readFileSync(join(caffeDir!, 'resnet-50.prototxt')));
    const lines = result.text.trimEnd().split('\n');
    assert.ok(lines.length <= 52, `${lines.length} lines`);
    assert.match(lines[0]!, /^# Imported by netlint from resnet-50\.prototxt \(Caffe prototxt\): 175 layers\.$/);
    assert.ok(lines.includes('  res4b_relu = Residual2(256) * 5'), result.text);
    assert.ok(lines.includes('  conv3 = conv(filters * 4, 1x1, bias=false)'), result.text);
  });
});

describe('bad input', () => {
  test('a prototxt syntax error names its line and column', () => {
    assert.throws(
      () => importText('bad.prototxt', 'name: "x"\nlayer {\n  name: "c"\n  convolution_param { num_output 3 }\n}\n'),
      new ImportError("line 4, column 34: expected ':' or '{' after 'num_output', found '3'"),
    );
  });

  test('a prototxt whose bottom names no earlier top', () => {
    const text =
      'input: "data"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 8\ninput_dim: 8\nlayer {\n  name: "r"\n  type: "ReLU"\n  bottom: "dat"\n  top: "r"\n}\n';
    assert.throws(() => importText('m.prototxt', text), new ImportError("line 6, layer 'r' (ReLU): bottom 'dat' is not the top of any earlier layer"));
  });

  test('a truncated ONNX file says where it ends', () => {
    const model = Buffer.from([0x08, 0x07, 0x3a, 0x90, 0x4e, 0x0a]);
    assert.throws(
      () => importText('m.onnx', model),
      new ImportError('byte 3: a field of 10000 bytes runs past the end of the file (6 bytes): the file is truncated or is not ONNX'),
    );
  });

  test('a file that is not ONNX', () => {
    assert.throws(() => importText('m.onnx', 'hello, world'), /not an ONNX file|not ONNX/);
  });

  test('the CLI: exit 2 for an unreadable model, 1 for an impossible shape, and nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-import-'));
    writeFileSync(join(dir, 'cut.onnx'), Buffer.from([0x08, 0x07, 0x3a, 0x90, 0x4e, 0x0a]));
    const cut = runCli(['import', join(dir, 'cut.onnx')]);
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /cut\.onnx: byte 3: a field of 10000 bytes runs past the end of the file/);
    assert.equal(existsSync(join(dir, 'cut.net')), false);

    const tooSmall =
      'input: "data"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 4\ninput_dim: 4\nlayer {\n  name: "big"\n  type: "Convolution"\n  bottom: "data"\n  top: "big"\n  convolution_param { num_output: 8 kernel_size: 7 }\n}\n';
    writeFileSync(join(dir, 'small.prototxt'), tooSmall);
    const shape = runCli(['import', join(dir, 'small.prototxt')]);
    assert.equal(shape.code, 1);
    assert.match(shape.stderr, /small\.prototxt: line 6, layer 'big' \(Convolution\): /);
    assert.match(shape.stderr, /nothing written/);
    assert.equal(existsSync(join(dir, 'small.net')), false);
  });

  test('the CLI writes MODEL.net next to the model', { skip: caffeMissing }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-import-'));
    writeFileSync(join(dir, 'alexnet.prototxt'), readFileSync(join(caffeDir!, 'alexnet.prototxt')));
    const result = runCli(['import', join(dir, 'alexnet.prototxt')]);
    assert.equal(result.code, 0, result.stderr);
    const written = readFileSync(join(dir, 'alexnet.net'), 'utf8');
    assert.equal(analyseClean(written).totals.connections, 724_406_816n);
  });
});

const TORCHVISION = ['alexnet', 'vgg16', 'resnet50', 'googlenet', 'mobilenet_v2', 'densenet121', 'squeezenet1_0', 'efficientnet_b0'];

describe('ONNX, checked by PyTorch', { skip: torchMissing() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-onnx-'));
  const exported = new Map<string, { file: string; params: number; macs: number }>();
  // One run of Python for all (torch takes seconds to load). AlexNet is exported with its
  // weights (244 MB), which the import must not read; the others with their weights'
  // shapes only, quicker to write.
  before(
    () => {
      for (const line of runPython(join(torchScripts, 'export_onnx.py'), [dir, '--weights', ...TORCHVISION])
        .trim()
        .split('\n')) {
        const row = JSON.parse(line) as { name: string; file: string; params: number; macs: number };
        exported.set(row.name, row);
      }
    },
    { timeout: 900_000 },
  );
  for (const name of TORCHVISION) {
    test(`${name}: params and connections equal sum(p.numel()) and the hooks' MACs`, () => {
      const row = exported.get(name)!;
      let read = 0;
      const bytes = readFileSync(row.file);
      const source = bytesSource(bytes);
      const counting = { size: source.size, read: (position: number, length: number) => ((read += length), source.read(position, length)) };
      const result = importModel(row.file, counting);
      assert.deepEqual(result.leftOut, []);
      const network = analyseClean(result.text);
      assert.equal(network.totals.params, BigInt(row.params), 'params');
      assert.equal(network.totals.connections, BigInt(row.macs), 'connections');
      // Only the graph, the initialisers' headers and small constants are read, never the weights.
      if (name === 'alexnet') assert.ok(read < bytes.length / 100, `read ${read} of ${bytes.length} bytes`);
    });
  }
});

describe('the language server imports for the editor', () => {
  test('a model on disk: its .net text; another URI or a bad model: a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-import-'));
    const path = join(dir, 'tiny.prototxt');
    writeFileSync(
      path,
      'input: "data"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 8\ninput_dim: 8\nlayer {\n  name: "c1"\n  type: "Convolution"\n  bottom: "data"\n  top: "c1"\n  convolution_param { num_output: 4 kernel_size: 3 }\n}\n',
    );
    const result = provideImport(pathToFileURL(path).toString());
    assert.ok('text' in result);
    assert.equal(result.text.split('\n').slice(3).join('\n'), 'network Tiny {\n  input data: 3x8x8\n\n  c1 = conv(4, 3x3)\n}\n');
    assert.deepEqual(provideImport('untitled:model.onnx'), { error: 'only a model on disk can be imported, not untitled:model.onnx' });
    writeFileSync(join(dir, 'cut.onnx'), Buffer.from([0x08, 0x07, 0x3a, 0x90, 0x4e, 0x0a]));
    assert.match((provideImport(pathToFileURL(join(dir, 'cut.onnx')).toString()) as { error: string }).error, /^cut\.onnx: byte 3: /);
  });
});
