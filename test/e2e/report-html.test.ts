/**
 * The HTML page of `netlint report`, opened from disk in headless Chromium as a person opens
 * it: it fetches nothing but itself, its CSP blocks nothing of its own, the table sorts, the
 * colour toggle switches, a click on a node marks its row, a hostile file or layer name
 * stays text, a pane of 400 px holds it without a horizontal scroll, and 100,000 layers are
 * a table of a few dozen rows in the page. Screenshots go to test-results/report-*.png.
 * Skipped, with the reason, without Chromium.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze } from '../../core';
import { renderReportHtml } from '../../report/html';
import { buildReports } from '../../report/model';
import { runCli } from '../helpers/cli';
import { examplePath } from '../helpers/paths';
import { CHROMIUM_ARGS, screenshot } from './harness';

const HOSTILE = '<img src=x onerror=document.title=1>';
const CHROMIUM = process.env.NETLINT_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (set NETLINT_CHROMIUM)`;

describe('the HTML report in Chromium', { skip }, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'netlint-report-html-'));

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the report of `source` and opens it, recording every request and console error. */
  async function open(
    source: string,
    name: string,
    viewport = { width: 1400, height: 1000 },
  ): Promise<{ page: Page; url: string; requests: string[]; errors: string[] }> {
    const out = join(dir, name);
    if (source.endsWith('.net')) {
      const result = runCli(['report', source, '--out', out]);
      assert.equal(result.code, 0, result.stderr);
    } else writeFileSync(out, source);
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(30_000);
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const url = pathToFileURL(out).href;
    await page.goto(url);
    return { page, url, requests, errors };
  }

  test('GoogLeNet: the graph with its Inception branches, the bars and the sortable table; nothing fetched', async () => {
    const { page, url, requests, errors } = await open(examplePath('googlenet.net'), 'googlenet.html');
    await page.waitForSelector('h1:text("GoogLeNet")');
    assert.deepEqual(requests, [url]);
    assert.deepEqual(errors, []);
    assert.equal(await page.locator('.totals dd').first().textContent(), '6,624,904');

    const branch = page.locator('.graph .node[data-id="inception3a.branch4_1"]');
    assert.match((await branch.textContent()) ?? '', /^inception3a\.branch4_1: maxpool → 192×28×28.*branch4_1maxpool192×28×280 w · 0 conn$/);
    // Down to the first Inception, its four branches in view.
    const top = Number(await page.locator('.graph .cluster[data-id="inception3a"] > rect').getAttribute('y'));
    await page.locator('.graph-view').evaluate((view, y) => view.scrollTo(0, y - 40), top);
    await screenshot(page, 'report-googlenet');

    // Sorted by weights, heaviest first: the blocks hold their layers' weights.
    await page.locator('th button:text-is("weights")').click();
    const firstRows = await page.locator('tbody tr[data-id]').evaluateAll((rows) => rows.slice(0, 3).map((row) => row.getAttribute('data-id')));
    assert.deepEqual(firstRows, ['inception5b', 'classifier', 'inception5a']);
    assert.equal(await page.locator('th:has(button:text-is("weights"))').getAttribute('aria-sort'), 'descending');

    // Coloured by connections: the other heat layer shows.
    const heat = page.locator('.graph .node[data-id="conv3.conv_1"] .heat.by-connections');
    assert.equal(await heat.isVisible(), false);
    await page.locator('.toggle button:text-is("connections")').click();
    assert.equal(await heat.isVisible(), true);

    // A click on a node marks it and its row, and keyboard Enter does the same.
    await page.locator('.graph .node[data-id="classifier"]').click();
    assert.equal(await page.locator('tbody tr.selected').getAttribute('data-id'), 'classifier');
    await page.locator('.graph .node[data-id="pool5"]').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('tbody tr.selected').getAttribute('data-id'), 'pool5');
    // And a bar: the heaviest layer by weights.
    await page.locator('.bar-row[data-id="classifier"]').first().focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.graph .node.selected').getAttribute('data-id'), 'classifier');
    await screenshot(page, 'report-googlenet-table');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('GoogLeNet in a pane of 400 px: nothing wider than the page, the graph opens on its input', async () => {
    const { page, errors } = await open(examplePath('googlenet.net'), 'googlenet-narrow.html', { width: 400, height: 900 });
    await page.waitForSelector('h1:text("GoogLeNet")');
    const widths = await page.locator('html').evaluate((root) => ({ page: root.scrollWidth, pane: root.clientWidth }));
    assert.equal(widths.page, widths.pane);
    // The graph (934 px) and the table scroll within themselves; the input node is in view.
    const view = page.locator('.graph-view');
    const input = await page.locator('.graph .node[data-id="image"]').boundingBox();
    const pane = await view.boundingBox();
    assert.ok(input && pane && input.x >= pane.x && input.x + input.width <= pane.x + pane.width, JSON.stringify({ input, pane }));
    assert.ok(await page.locator('.table-view').evaluate((table) => table.scrollWidth > table.clientWidth));
    await screenshot(page, 'report-googlenet-400px');
    await page.locator('.charts').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-googlenet-400px-bars');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('30,000 layers: the table holds every row and sorts them all, with a few dozen in the page', { timeout: 120_000 }, async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `  d${i} = dense(${i === 24_321 ? 96 : 64})`);
    const source = join(dir, 'flat30k.net');
    writeFileSync(source, ['network Flat {', '  input x: 64', ...lines, '}', ''].join('\n'));
    const { page, errors } = await open(source, 'flat30k.html');
    await page.waitForSelector('h1:text("Flat")');
    assert.equal(await page.locator('h2', { hasText: 'Layers' }).textContent(), 'Layers (30,000)');
    const drawn = await page.locator('tbody tr[data-id]').count();
    assert.ok(drawn > 10 && drawn < 200, `${drawn} rows in the page`);
    // Sorted over all the rows, most units first: d24321 (96 units), then the others in the order of the text.
    await page.locator('th button:text-is("units")').click();
    const firstRows = await page.locator('tbody tr[data-id]').evaluateAll((rows) => rows.slice(0, 2).map((row) => row.getAttribute('data-id')));
    assert.deepEqual(firstRows, ['d24321', 'd0']);
    // By line, the last first; scrolled to the end, the first line.
    await page.locator('th button:text-is("line")').click();
    assert.equal(await page.locator('tbody tr[data-id]').first().getAttribute('data-id'), 'd29999');
    await page.locator('.table-view').evaluate((table) => table.scrollTo(0, table.scrollHeight));
    await page.locator('tbody tr[data-id="d0"]').waitFor({ state: 'visible' });
    assert.ok((await page.locator('tbody tr[data-id]').count()) < 200);
    await page.locator('.table-view').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-flat30k');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a layer named <img onerror=…> is shown as text in the graph, the bars and the table', async () => {
    const report = buildReports(analyze(readFileSync(examplePath('alexnet.net'), 'utf8')))[0]!;
    const hostile = {
      ...report,
      name: HOSTILE,
      nodes: report.nodes.map((node) => ({ ...node, name: HOSTILE, op: `"${HOSTILE}` })),
      rows: report.rows.map((row) => ({ ...row, name: HOSTILE, op: HOSTILE })),
      weightBars: report.weightBars.map((bar) => ({ ...bar, label: HOSTILE })),
    };
    const html = renderReportHtml([hostile], { title: HOSTILE, nonce: 'bm9uY2U=' });
    const { page, errors } = await open(html, 'hostile-layers.html');
    await page.waitForSelector('.graph .node');
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('h1').textContent(), HOSTILE);
    assert.equal(await page.locator('.graph .node[data-id="conv1"] .name').textContent(), '<img src=x onerror=…');
    assert.equal(await page.locator('.bar-row .label').first().textContent(), HOSTILE);
    assert.equal(await page.locator('tbody tr[data-id="conv1"] td').first().textContent(), HOSTILE);
    assert.equal(await page.title(), `${HOSTILE}: netlint cost report`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a file named <img onerror=…> is shown as text and runs nothing', async () => {
    const source = join(dir, '<img src=x onerror=document.title=1>.net');
    writeFileSync(source, 'network N {\n  input x: 4\n  dense(2)\n}\n');
    const { page, errors } = await open(source, 'hostile.html');
    await page.waitForSelector('h1:text("N")');
    assert.equal(await page.locator('img').count(), 0);
    assert.match(await page.title(), /<img src=x onerror=document\.title=1>\.net: netlint cost report$/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
