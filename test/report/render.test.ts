import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../core';
import { contentSecurityPolicy, renderReportHtml } from '../../report/html';
import { buildReports, type NetworkReport } from '../../report/model';
import { escapeText, renderGraphSvg } from '../../report/svg';
import { readExample } from '../helpers/net';

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

describe('the report as SVG and HTML', () => {
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

  test('the page holds the totals, both bar charts and every layer in the table', () => {
    const html = renderReportHtml([alexnet()], { title: 'alexnet.net', nonce: 'bm9uY2U=' });
    assert.match(html, /<title>alexnet\.net: netlint cost report<\/title>/);
    assert.match(html, /<dt>weights<\/dt><dd>60,954,656<\/dd>/);
    assert.match(html, /<dt>connections<\/dt><dd>724,406,816<\/dd>/);
    assert.match(html, /aria-label="weights per layer in AlexNet"/);
    assert.match(html, /<td class="number" data-v="37748736">37,748,736<\/td>/);
    assert.equal((html.match(/<tr data-id=/g) ?? []).length, 16);
  });

  test('a strict Content-Security-Policy: its own style and script by nonce, nothing remote, nothing inline else', () => {
    const html = renderReportHtml([alexnet()], { title: 'alexnet.net', nonce: 'bm9uY2U=' });
    assert.equal(
      contentSecurityPolicy('bm9uY2U='),
      "default-src 'none'; style-src 'nonce-bm9uY2U='; script-src 'nonce-bm9uY2U='; img-src data:; base-uri 'none'; form-action 'none'",
    );
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeText(contentSecurityPolicy('bm9uY2U='))}">`));
    assert.deepEqual(html.match(/<(script|style)\b[^>]*>/g), ['<style nonce="bm9uY2U=">', '<script nonce="bm9uY2U=">']);
    // No handler attributes, no links or sources to fetch, no eval-like calls.
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /\s(src|href|xlink:href)=/i);
    assert.doesNotMatch(html, /\b(eval|Function|setTimeout|innerHTML|outerHTML|insertAdjacentHTML)\b/);
  });

  test('a layer named <img onerror=…> is shown as text, in the graph, the bars and the table', () => {
    const html = renderReportHtml([hostile(alexnet())], { title: HOSTILE, nonce: 'bm9uY2U=' });
    assert.doesNotMatch(html, /<img/i);
    // Outside the quoted attribute values (which cannot hold a quote), no tag has a handler.
    assert.doesNotMatch(html.replace(/"[^"]*"/g, '""'), /<[^>]*\sonerror=/i);
    // Cut to fit the node before it is escaped, so no entity is cut in half.
    assert.match(html, /<text class="name" [^>]*>&lt;img src=x onerror=…<\/text>/);
    assert.match(html, /<title>conv1: &quot;&lt;img src=x onerror=alert\(1\)&gt; → /);
    assert.match(html, /<td data-v="0" title="conv1">&lt;img src=x onerror=alert\(1\)&gt;<\/td>/);
    assert.match(html, /<h1>&lt;img src=x onerror=alert\(1\)&gt;<\/h1>/);
    assert.match(html, /<title>&lt;img src=x onerror=alert\(1\)&gt;: netlint cost report<\/title>/);
    // A quote cannot close an attribute either.
    assert.match(html, /data-id="&quot;&lt;img src=x onerror=alert\(1\)&gt;"/);
    const svg = renderGraphSvg(hostile(alexnet()), { standalone: true });
    assert.doesNotMatch(svg, /<img/i);
    assert.match(svg, /&#39;&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
