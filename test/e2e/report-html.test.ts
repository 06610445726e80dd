/**
 * The HTML page of `netlint report`, opened from disk in headless Chromium as a person opens
 * it: it fetches nothing but itself, its CSP blocks nothing of its own, the table sorts, the
 * colour toggle switches, a click on a node marks its row, and a hostile file name stays
 * text. Screenshots go to test-results/report-*.png. Skipped, with the reason, without Chromium.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from '../helpers/cli';
import { examplePath } from '../helpers/paths';
import { CHROMIUM_ARGS, screenshot } from './harness';

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
  async function open(source: string, name: string): Promise<{ page: Page; url: string; requests: string[]; errors: string[] }> {
    const out = join(dir, name);
    const result = runCli(['report', source, '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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
    await page.locator('.graph .node[data-id="inception3a.branch1"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-googlenet');

    // Sorted by weights, heaviest first: the blocks hold their layers' weights.
    await page.locator('th button:text-is("weights")').click();
    const firstRows = await page.locator('tbody tr').evaluateAll((rows) => rows.slice(0, 3).map((row) => row.getAttribute('data-id')));
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
    await screenshot(page, 'report-googlenet-table');
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
