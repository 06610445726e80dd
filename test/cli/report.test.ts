import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ReportData } from '../../report/data';
import { DATA_ELEMENT_ID } from '../../report/page';
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

/** The report a page carries, as its script reads it. */
function pageData(html: string): ReportData {
  const match = new RegExp(`<script type="application/json" id="${DATA_ELEMENT_ID}">([^<]*)</script>`).exec(html);
  assert.ok(match, 'the page carries no data');
  return JSON.parse(match[1]!) as ReportData;
}

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
    const [network] = pageData(html).networks;
    assert.equal(network!.name, 'GoogLeNet');
    assert.deepEqual([network!.input, network!.output], ['3×224×224', '1000']);
    assert.equal(network!.totals.params, '6624904');
    assert.equal(network!.totals.connections, '1498376192');
    // The four branches of an Inception, each a node of the graph, inside the Inception's frame.
    const ids = network!.graph!.nodes.map((node) => node.id);
    for (const branch of ['branch1', 'branch2_1', 'branch3_1', 'branch4_1']) assert.ok(ids.includes(`inception3a.${branch}`), branch);
    assert.ok(network!.graph!.clusters.some((cluster) => cluster.id === 'inception3a'));
    assert.deepEqual(
      network!.rows.find((row) => row[0] === 'classifier'),
      ['classifier', 0, 'classifier', 'dense', '1000', '1000', '1024000', '1024000', 49],
    );
    assert.deepEqual(network!.weightBars[0], { id: 'classifier', label: 'classifier', value: '1024000', share: 0.154932 });
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
    const [network] = pageData(stdout).networks;
    assert.equal(network!.totals.weights, '60954656');
    assert.ok(network!.graph!.nodes.some((node) => node.name === 'fc6'));
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
    assert.deepEqual(
      pageData(both.stdout).networks.map((network) => network.name),
      ['Small', 'Wide'],
    );
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
    const data = pageData(stdout);
    assert.equal(data.errors, 1);
    assert.equal(data.networks[0]!.complete, false);
    assert.ok(data.networks[0]!.graph!.nodes.some((node) => node.name === 'b'));
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
    const [network] = pageData(html.stdout).networks;
    const groups = network!.graph!.nodes.filter((node) => node.kind === 'group');
    assert.equal(groups.length, 50);
    assert.ok(groups.every((node) => node.collapsible));
    const last = groups.find((node) => node.id === '#2451-2500')!;
    assert.deepEqual([last.name, last.op, last.line], ['layers 2451–2500', 'r2450 … r2499', 2453]);
    assert.deepEqual([network!.nodeCount, network!.rows.length], [51, 2500]);
    const svg = runCli(['report', path, '--format', 'svg']);
    assert.equal(svg.code, 0, svg.stderr);
    assert.equal((svg.stdout.match(/<path class="edge"/g) ?? []).length, 50);
  });

  test('a graph of more than 400 nodes even in groups (401 inputs) is left out of the page, and svg refuses it', () => {
    const inputs = Array.from({ length: 401 }, (_, i) => `  input x${i}: 16`);
    const { path } = scratch('inputs.net', ['network Inputs {', ...inputs, '  relu()', '}', ''].join('\n'));
    const html = runCli(['report', path]);
    assert.equal(html.code, 0, html.stderr);
    const [network] = pageData(html.stdout).networks;
    assert.equal(network!.graph, undefined);
    assert.deepEqual([network!.nodeCount, network!.maxDrawnNodes], [402, 400]);
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
