/**
 * The cost report webview in a real VS Code (code-server), oldest and newest, as a person
 * uses it on AlexNet: opened from the code lens; a click on a node moves the editor to that
 * layer; an edit changes the report without losing its zoom, scroll or sort; an error keeps
 * the last picture under a banner. GoogLeNet's blocks and ResNet-50 are in
 * report-blocks.test.ts. Screenshots: test-results/vscode-<1.100|1.139>-report-*.png. Each
 * test is skipped, with the reason, where its code-server is not installed.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { repoRoot } from '../helpers/paths';
import { activeEditor, openFile, packagedExtension, poll, screenshot, waitForSquiggle, withWorkbench, reportFrame, retype, cursorLine } from './harness';

const { versions, paths } = packagedExtension('netlint-e2e-report-');

const weightsTotal = (report: FrameLocator) => report.locator('.totals dd').nth(1).textContent();

for (const { codeServer, vscode, skip } of versions) {
  test(
    `VS Code ${vscode} (code-server ${codeServer}): the cost report of AlexNet follows clicks and edits, keeping zoom, scroll and sort`,
    { skip, timeout: 480_000 },
    async () => {
      const workspace = join(paths.work, `workspace-report-${vscode}`);
      const shot = `vscode-${vscode}-report`;
      mkdirSync(workspace, { recursive: true });
      for (const name of ['alexnet.net']) copyFileSync(join(repoRoot, 'examples', name), join(workspace, name));
      await withWorkbench({ workspace, vsix: [paths.vsix], name: shot, version: codeServer }, async ({ page }) => {
        const report = reportFrame(page);

        // AlexNet, from the code lens.
        await openFile(page, 'alexnet.net');
        await waitForSquiggle(page, 'warning');
        const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: 'cost report' });
        await lens.waitFor({ state: 'visible', timeout: 30_000 });
        await lens.click();
        await report.locator('h1', { hasText: 'AlexNet' }).waitFor({ state: 'visible', timeout: 60_000 });
        assert.equal(await weightsTotal(report), '60,954,656');
        await screenshot(page, `${shot}-1-alexnet`);

        // A click on fc6's node moves the editor's cursor to its line (15).
        await report.locator('.graph .node[data-id="fc6"]').click();
        await cursorLine(page, 15);

        // The reader zooms out, scrolls the graph and sorts the table by weights…
        await report.locator('button.zoom[aria-label="zoom out"]').click();
        await report.locator('button.zoom[aria-label="zoom out"]').click();
        assert.equal(await report.locator('.zoom-level').textContent(), '80%');
        const graphView = report.locator('.graph-view');
        await graphView.evaluate((view) => view.scrollTo(0, 200));
        await report.locator('th button', { hasText: /^weights$/ }).click();
        const scrollTop = await graphView.evaluate((view) => view.scrollTop);
        assert.ok(scrollTop > 100, `graph scrolled to ${scrollTop}`);

        // …then edits fc6: the report follows, and keeps all that.
        await retype(page, 'alexnet.net', 15, 'fc6   = dense(2048, act=relu)');
        await poll('the report after the edit', async () => ((await weightsTotal(report)) === '33,691,680' ? true : null));
        assert.match(await activeEditor(page).locator('.view-lines').innerText(), /dense\(2048/);
        assert.equal(await report.locator('.zoom-level').textContent(), '80%');
        assert.equal(
          await report.locator('svg.graph').getAttribute('width'),
          String(Math.ceil(Number(await report.locator('svg.graph').evaluate((svg) => svg.viewBox.baseVal.width)) * 0.8)),
        );
        assert.equal(await graphView.evaluate((view) => view.scrollTop), scrollTop);
        assert.equal(await report.locator('th:has(button:text-is("weights"))').getAttribute('aria-sort'), 'descending');
        assert.equal(await report.locator('tbody tr[data-id]').first().getAttribute('data-id'), 'fc6');
        assert.equal(await report.locator('.graph .node[data-id="fc6"] .shape').textContent(), '2048');
        await screenshot(page, `${shot}-2-alexnet-edited`);

        // An error: the last picture stays, under a banner; fixed, the banner goes.
        await page.keyboard.type(' +');
        const banner = report.locator('#errors');
        await banner.waitFor({ state: 'visible' });
        assert.match((await banner.textContent()) ?? '', /^alexnet\.net has \d+ errors?: this is the last report without errors\./);
        assert.equal(await weightsTotal(report), '33,691,680');
        await screenshot(page, `${shot}-3-alexnet-error`);
        await page.keyboard.press('Backspace');
        await page.keyboard.press('Backspace');
        await banner.waitFor({ state: 'hidden' });
      });
    },
  );
}
