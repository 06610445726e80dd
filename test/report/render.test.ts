import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../core';
import { reportData, type ReportData } from '../../report/data';
import { escapeText } from '../../report/escape';
import { renderReportHtml } from '../../report/html';
import { buildReports, type NetworkReport } from '../../report/model';
import { contentSecurityPolicy, DATA_ELEMENT_ID, embeddedJson, renderReportPage } from '../../report/page';
import { renderGraphSvg } from '../../report/svg';
import { net } from '../helpers/net';
import { readExample } from '../helpers/paths';

const HOSTILE = '<img src=x onerror=alert(1)>';

function alexnet(): NetworkReport {
  return buildReports(analyze(readExample('alexnet.net')))[0]!;
}

/** The report with every name, op and shape replaced by markup, as a hostile source could make them. */
function hostile(report: NetworkReport): NetworkReport {
  return {
    ...report,
    name: HOSTILE,
    nodes: report.nodes.map((node) => ({ ...node, name: HOSTILE, op: `"${HOSTILE}`, shape: `'${HOSTILE}` })),
    rows: report.rows.map((row) => ({ ...row, name: HOSTILE, op: HOSTILE })),
    weightBars: report.weightBars.map((bar) => ({ ...bar, id: `"${HOSTILE}`, label: HOSTILE })),
  };
}

/** The data a page carries, read back as its script reads it. */
function embedded(html: string): ReportData {
  const match = new RegExp(`<script type="application/json" id="${DATA_ELEMENT_ID}">([^<]*)</script>`).exec(html);
  assert.ok(match, 'the page carries no data');
  return JSON.parse(match[1]!) as ReportData;
}

describe('the report as SVG', () => {
  test('the graph names each layer, its op, its shape and its compact costs', () => {
    const svg = renderGraphSvg(alexnet(), { standalone: true });
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="graph"/);
    assert.match(svg, /data-id="conv1" data-line="5"/);
    assert.match(
      svg,
      /<text class="name" [^>]*>fc6<\/text><text class="op" [^>]*>dense<\/text><text class="shape" [^>]*>4096<\/text><text class="cost" [^>]*>37\.7M w · 37\.7M conn<\/text>/,
    );
    assert.match(svg, /<title>fc6: dense → 4096 · 37,748,736 weights · 37,748,736 connections<\/title>/);
    assert.equal((svg.match(/<path class="edge"/g) ?? []).length, 16);
  });

  test('a layer named <img onerror=…> is text in the SVG', () => {
    const svg = renderGraphSvg(hostile(alexnet()), { standalone: true });
    assert.doesNotMatch(svg, /<img/i);
    assert.match(svg, /<text class="name" [^>]*>&lt;img src=x onerror=…<\/text>/);
    assert.match(svg, /&#39;&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe("a frame's name", () => {
  test("stands on a tab over the edges: an edge into GoogLeNet's open Inception passes under it", () => {
    const [report] = buildReports(analyze(readExample('googlenet.net')), { expanded: new Set(['inception3a']) });
    const svg = renderGraphSvg(report!, { standalone: true });
    assert.match(svg, /<g class="cluster" data-id="inception3a"><rect [^>]*rx="8"\/><\/g>/);
    const label = svg.indexOf('<g class="cluster-label" data-id="inception3a">');
    assert.ok(label > svg.lastIndexOf('<path class="edge"'), 'the name is drawn after the last edge');
    assert.match(
      svg.slice(label),
      /^<g class="cluster-label" data-id="inception3a"><rect [^>]*height="14" rx="3"\/><text [^>]*>inception3a: Inception<\/text><\/g>/,
    );
  });
});

describe("a node's first line", () => {
  test('the op takes the room the name leaves: a group of 500 layers and a long name never overlap it', () => {
    const layers = Array.from({ length: 30_000 }, (_, i) => `d${i} = relu()`);
    const [report] = buildReports(analyze(net('64', ...layers)));
    const svg = renderGraphSvg(report!, { standalone: true });
    assert.match(svg, /<text class="name" [^>]*>layers 3001–3500<\/text><text class="op" [^>]*>d300…<\/text>/);
    const long = buildReports(analyze(net('64', 'a_rather_long_layer_name_here = dense(8)')))[0]!;
    assert.match(renderGraphSvg(long, { standalone: true }), /<text class="name" [^>]*>a_rather_long_layer…<\/text><text class="op" [^>]*><\/text>/);
    const medium = buildReports(analyze(net('64', 'inception4a_out = dense(8)')))[0]!;
    assert.match(renderGraphSvg(medium, { standalone: true }), /<text class="name" [^>]*>inception4a_out<\/text><text class="op" [^>]*>dense<\/text>/);
  });
});

describe('the report as data for the page', () => {
  test('AlexNet: totals, the heaviest layers, every row and the graph laid out, counts exact as decimal strings', () => {
    const [network] = reportData([alexnet()], 'alexnet.net', 0).networks;
    assert.equal(network!.totals.weights, '60954656');
    assert.equal(network!.totals.connections, '724406816');
    assert.deepEqual(network!.weightBars[0], { id: 'fc6', label: 'fc6', value: '37748736', share: 0.619292 });
    assert.equal(network!.rows.length, 16);
    assert.deepEqual(network!.rows[10], ['fc6', 0, 'fc6', 'dense', '4096', '4096', '37748736', '37748736', 15]);
    const graph = network!.graph!;
    assert.equal(graph.nodes.length, 17);
    assert.equal(graph.edges.length, 16);
    const fc6 = graph.nodes.find((node) => node.id === 'fc6')!;
    assert.deepEqual([fc6.op, fc6.shape, fc6.weights, fc6.line, fc6.collapsible, fc6.width, fc6.height], ['dense', '4096', '37748736', 15, false, 176, 54]);
    // Each edge a polyline that ends where the next layer begins.
    const last = graph.edges.at(-1)!;
    assert.equal(last.length % 2, 0);
  });

  test('a closed block is a node that opens, an open one a frame with its line', () => {
    const source = 'block Pair(f) {\n  a = conv(f, 3x3, pad=1)\n  b = conv(f, 3x3, pad=1)\n}\n' + net('3x8x8', 'p = Pair(4)', 'q = Pair(4)');
    const analysis = analyze(source);
    const open = reportData(buildReports(analysis), 't.net', 0).networks[0]!.graph!;
    assert.deepEqual(
      open.clusters.map((cluster) => [cluster.id, cluster.label, cluster.line]),
      [
        ['p', 'p: Pair', 7],
        ['q', 'q: Pair', 8],
      ],
    );
    const closed = reportData(buildReports(analysis, { expanded: new Set(['q']) }), 't.net', 0).networks[0]!.graph!;
    assert.deepEqual(
      closed.nodes.map((node) => `${node.id}${node.collapsible ? '+' : ''}`),
      ['x', 'p+', 'q.a', 'q.b'],
    );
  });

  test('a graph too large to read is drawn with runs of layers as groups, its rows kept', () => {
    const layers = Array.from({ length: 450 }, (_, i) => `l${i} = relu()`);
    const [network] = reportData(buildReports(analyze(net('8', ...layers))), 'big.net', 0).networks;
    const groups = network!.graph!.nodes.filter((node) => node.kind === 'group');
    assert.deepEqual(
      groups.slice(0, 2).map((node) => [node.id, node.name]),
      [
        ['#1-5', 'layers 1–5'],
        ['#6-10', 'layers 6–10'],
      ],
    );
    assert.equal(groups.length, 90);
    assert.equal(network!.nodeCount, 91);
    assert.equal(network!.rows.length, 450);
  });

  test('a graph that cannot be read even in groups (401 inputs) is left out, its rows kept', () => {
    const inputs = Array.from({ length: 401 }, (_, i) => `  input x${i}: 16`);
    const text = ['network Inputs {', ...inputs, '  relu()', '}', ''].join('\n');
    const [network] = reportData(buildReports(analyze(text)), 'inputs.net', 0).networks;
    assert.equal(network!.graph, undefined);
    assert.deepEqual([network!.nodeCount, network!.maxDrawnNodes, network!.rows.length], [402, 400, 1]);
  });
});

describe('the page', () => {
  test('the CLI page carries its data and its script; the table is drawn from the data, not written as rows', () => {
    const html = renderReportHtml([alexnet()], { title: 'alexnet.net', nonce: 'bm9uY2U=' });
    assert.match(html, /<title>alexnet\.net: netlint cost report<\/title>/);
    const data = embedded(html);
    assert.equal(data.title, 'alexnet.net');
    assert.equal(data.errors, 0);
    assert.equal(data.networks[0]!.name, 'AlexNet');
    assert.equal(data.networks[0]!.rows.length, 16);
    assert.doesNotMatch(html, /<tr/);
  });

  test('a strict Content-Security-Policy: its own style and script by nonce, nothing remote, nothing inline else', () => {
    const html = renderReportHtml([alexnet()], { title: 'alexnet.net', nonce: 'bm9uY2U=' });
    assert.equal(
      contentSecurityPolicy('bm9uY2U='),
      "default-src 'none'; style-src 'nonce-bm9uY2U='; script-src 'nonce-bm9uY2U='; img-src data:; base-uri 'none'; form-action 'none'",
    );
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeText(contentSecurityPolicy('bm9uY2U='))}">`));
    // The data's element is not run (its type is not a script's); the one script carries the nonce.
    assert.deepEqual(html.match(/<(script|style)\b[^>]*>/g), [
      '<style nonce="bm9uY2U=">',
      `<script type="application/json" id="${DATA_ELEMENT_ID}">`,
      '<script nonce="bm9uY2U=">',
    ]);
    // No handler attributes, no links or sources to fetch, no eval-like calls, no markup parsed from strings.
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /\s(src|href|xlink:href)=/i);
    assert.doesNotMatch(html, /\b(eval|Function|setTimeout|setInterval|innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b/);
  });

  test("the webview's page loads its script from the extension, by nonce, and waits for the data", () => {
    const html = renderReportPage({
      title: 'alexnet.net',
      nonce: 'bm9uY2U=',
      script: { src: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/report.js' },
    });
    assert.deepEqual(html.match(/<(script|style)\b[^>]*>/g), [
      '<style nonce="bm9uY2U=">',
      '<script nonce="bm9uY2U=" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/report.js">',
    ]);
    assert.doesNotMatch(html, new RegExp(DATA_ELEMENT_ID));
  });

  test('a layer named <img onerror=…> is data in the page: no text of the file can end the data or open a tag', () => {
    const html = renderReportHtml([hostile(alexnet())], { title: `</script>${HOSTILE}`, nonce: 'bm9uY2U=' });
    assert.doesNotMatch(html, /<img/i);
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
    assert.match(html, /<title>&lt;\/script&gt;&lt;img src=x onerror=alert\(1\)&gt;: netlint cost report<\/title>/);
    const data = embedded(html);
    assert.equal(data.title, `</script>${HOSTILE}`);
    assert.equal(data.networks[0]!.name, HOSTILE);
    assert.equal(data.networks[0]!.graph!.nodes[1]!.name, HOSTILE);
    assert.equal(data.networks[0]!.rows[0]![2], HOSTILE);
    assert.equal(embeddedJson('\u2028<&>'), '"\\u2028\\u003c\\u0026\\u003e"');
  });
});
