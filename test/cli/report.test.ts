import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { examplePath } from '../helpers/paths';

const TWO_NETWORKS = `network Small {
  input x: 3x8x8
  c = conv(4, 3x3)
}
network Wide {
  input x: 3x8x8
  w = conv(64, 3x3)
}
`;

function scratch(name: string, text: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-report-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { dir, path };
}

describe('netlint report', () => {
  test('writes GoogLeNet as one HTML page: totals, the Inception branches, the table', () => {
    const { dir } = scratch('unused.net', '');
    const out = join(dir, 'googlenet.html');
    const { code, stdout, stderr } = runCli(['report', examplePath('googlenet.net'), '--out', out]);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.equal(stdout, '');
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-[A-Za-z0-9+/=]{24}&#39;;/);
    assert.match(html, /<h1>GoogLeNet<\/h1>/);
    assert.match(html, /<p class="subtitle">input 3×224×224 → output 1000<\/p>/);
    assert.match(html, /<dt>params<\/dt><dd>6,624,904<\/dd>/);
    assert.match(html, /<dt>connections<\/dt><dd>1,498,376,192<\/dd>/);
    // The four branches of an Inception, each a node of the graph reading the block's input.
    for (const branch of ['branch1', 'branch2_1', 'branch3_1', 'branch4_1'])
      assert.match(html, new RegExp(`<g class="node[^"]*" data-id="inception3a\\.${branch}"`));
    assert.match(html, /<g class="cluster" data-id="inception3a">/);
    assert.match(html, /<tr data-id="classifier" data-line="\d+"><td data-v="\d+" title="classifier">classifier<\/td><td>dense<\/td><td>1000<\/td>/);
    assert.match(html, /<title>classifier: 1,024,000 \(15\.5%\)<\/title>/);
  });

  test('each page has a fresh nonce', () => {
    const nonce = (html: string) => /'nonce-([^']+)'/.exec(html.replace(/&#39;/g, "'"))?.[1];
    const first = runCli(['report', examplePath('alexnet.net')]).stdout;
    const second = runCli(['report', examplePath('alexnet.net')]).stdout;
    assert.ok(nonce(first));
    assert.notEqual(nonce(first), nonce(second));
  });

  test('without --out the page goes to standard output', () => {
    const { code, stdout } = runCli(['report', examplePath('alexnet.net')]);
    assert.equal(code, 0);
    assert.match(stdout, /^<!DOCTYPE html>/);
    assert.match(stdout, /<dt>weights<\/dt><dd>60,954,656<\/dd>/);
    assert.match(stdout, /<text class="name" [^>]*>fc6<\/text>/);
  });

  test('--format svg writes the graph alone', () => {
    const { code, stdout } = runCli(['report', examplePath('resnet50.net'), '--format', 'svg']);
    assert.equal(code, 0);
    assert.match(stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="graph"/);
    assert.match(stdout, /<title>ResNet50: input 3×224×224 → output 1000<\/title>/);
    assert.match(stdout, /data-id="layer1_0\.down"/);
    assert.doesNotMatch(stdout, /<table/);
  });

  test('--network picks one network of several; svg needs it', () => {
    const { path } = scratch('two.net', TWO_NETWORKS);
    const both = runCli(['report', path]);
    assert.match(both.stdout, /<h1>Small<\/h1>[\s\S]*<h1>Wide<\/h1>/);
    const wide = runCli(['report', path, '--network', 'Wide', '--format', 'svg']);
    assert.equal(wide.code, 0);
    assert.match(wide.stdout, /<title>Wide: input 3×8×8 → output 64×6×6<\/title>/);
    assert.doesNotMatch(wide.stdout, /Small/);
    const svg = runCli(['report', path, '--format', 'svg']);
    assert.equal(svg.code, 2);
    assert.equal(svg.stderr, 'netlint: --format svg draws one network: choose with --network (Small, Wide)\n');
    const missing = runCli(['report', path, '--network', 'Tall']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^netlint: no network 'Tall' in .*two\.net \(networks: Small, Wide\)\n$/);
  });

  test('a file with errors still gets its report, marked incomplete, and exits 1', () => {
    const { path } = scratch('broken.net', 'network B {\n  input x: 3x8x8\n  a = conv(4, 9x9)\n  b = dense(10)\n}\n');
    const { code, stdout, stderr } = runCli(['report', path]);
    assert.equal(code, 1);
    assert.match(stdout, /<p class="banner" role="status">incomplete: /);
    assert.match(stdout, /<text class="name" [^>]*>b<\/text>/);
    assert.match(stderr, /broken\.net:3:\d+: error: /);
  });

  test("a file's name is shown as text", () => {
    const { path } = scratch('<img src=x onerror=alert(1)>.net', 'network N {\n  input x: 4\n  dense(2)\n}\n');
    const { code, stdout } = runCli(['report', path]);
    assert.equal(code, 0);
    assert.match(stdout, /<title>.*&lt;img src=x onerror=alert\(1\)&gt;\.net: netlint cost report<\/title>/);
    assert.doesNotMatch(stdout, /<img/);
  });

  test('a graph too large to read is drawn with runs of layers as groups: 2,500 layers as 50 groups of 50', () => {
    const layers = Array.from({ length: 2500 }, (_, i) => `  r${i} = relu()`);
    const { path } = scratch('flat.net', ['network Flat {', '  input x: 16', ...layers, '}', ''].join('\n'));
    const html = runCli(['report', path]);
    assert.equal(html.code, 0, html.stderr);
    assert.equal((html.stdout.match(/<g class="node kind-group collapsible" data-id="#\d+-\d+"/g) ?? []).length, 50);
    assert.match(html.stdout, /<g class="node kind-group collapsible" data-id="#2451-2500" data-line="2453"/);
    assert.match(html.stdout, /<text class="name" [^>]*>layers 2451–2500<\/text><text class="op" [^>]*>r2450 … r2499<\/text>/);
    assert.equal((html.stdout.match(/<tr data-id=/g) ?? []).length, 2500);
    const svg = runCli(['report', path, '--format', 'svg']);
    assert.equal(svg.code, 0, svg.stderr);
    assert.equal((svg.stdout.match(/<path class="edge"/g) ?? []).length, 50);
  });

  test('a graph of more than 400 nodes even in groups (401 inputs) is left out of the page, and svg refuses it', () => {
    const inputs = Array.from({ length: 401 }, (_, i) => `  input x${i}: 16`);
    const { path } = scratch('inputs.net', ['network Inputs {', ...inputs, '  relu()', '}', ''].join('\n'));
    const html = runCli(['report', path]);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /<p class="note">The graph has 402 nodes even with its blocks closed: more than the 400 that can be read, so it is not drawn\./);
    const svg = runCli(['report', path, '--format', 'svg']);
    assert.equal(svg.code, 2);
    assert.equal(svg.stderr, 'netlint: the graph of Inputs has 402 nodes, more than the 400 that can be drawn: use --format html for its bars and table\n');
  });

  test('usage errors exit 2 with one line', () => {
    const cases: [string[], string][] = [
      [['report', examplePath('alexnet.net'), '--format', 'png'], "netlint: report --format takes html, svg; not 'png'\n"],
      [['report', examplePath('alexnet.net'), examplePath('vgg16.net')], 'netlint: report takes one file\n'],
      [['analyze', examplePath('alexnet.net'), '--out', 'x.html'], 'netlint: --out belongs to export, import and report\n'],
      [['lint', examplePath('alexnet.net'), '--network', 'AlexNet'], 'netlint: --network belongs to export and report\n'],
      [['report', examplePath('alexnet.net'), '--out', '/nonexistent-dir/r.html'], "netlint: cannot write '/nonexistent-dir/r.html': ENOENT\n"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = runCli(args);
      assert.equal(stderr, message, args.join(' '));
      assert.equal(code, 2, args.join(' '));
    }
  });
});
