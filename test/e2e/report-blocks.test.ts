/**
 * The cost report webview in a real VS Code (code-server), oldest and newest: GoogLeNet from
 * the command palette opens with its input in view, a closed block opens by click and by
 * keyboard and closes by a click on its frame, and an edit keeps what is open; ResNet-50
 * from the status item, a click on a node moves the editor. Screenshots:
 * test-results/vscode-<1.100|1.139>-report-*.png. Each test is skipped, with the reason,
 * where its code-server is not installed.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { repoRoot } from '../helpers/paths';
import { activeEditor, openFile, packagedExtension, poll, runCommand, screenshot, withWorkbench, reportFrame, retype, cursorLine } from './harness';

const { versions, paths } = packagedExtension('netlint-e2e-report-blocks-');

/** Saves the file `from` (Ctrl+S in its editor), closes every editor and opens `to` from the Explorer, as a click there does. */
async function switchTo(page: Page, from: string, to: string): Promise<void> {
  await page.locator(`.tabs-container .tab[data-resource-name="${from}"]`).click();
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: to }).first().click();
  await page.locator(`.tabs-container .tab.active[data-resource-name="${to}"]`).waitFor({ state: 'visible' });
  await activeEditor(page).locator('.view-lines .view-line').first().waitFor({ state: 'visible' });
}

const weightsTotal = (report: FrameLocator) => report.locator('.totals dd').nth(1).textContent();

for (const { codeServer, vscode, skip } of versions) {
  test(
    `VS Code ${vscode} (code-server ${codeServer}): the cost report of GoogLeNet opens and closes blocks, and ResNet-50's opens from the status item`,
    { skip, timeout: 480_000 },
    async () => {
      const workspace = join(paths.work, `workspace-report-blocks-${vscode}`);
      const shot = `vscode-${vscode}-report`;
      mkdirSync(workspace, { recursive: true });
      for (const name of ['googlenet.net', 'resnet50.net']) copyFileSync(join(repoRoot, 'examples', name), join(workspace, name));
      await withWorkbench({ workspace, vsix: [paths.vsix], name: shot, version: codeServer }, async ({ page }) => {
        const report = reportFrame(page);

        // GoogLeNet, from the command palette: it opens with its input in view.
        await openFile(page, 'googlenet.net');
        await runCommand(page, 'netlint: Show Cost Report');
        await report.locator('h1', { hasText: 'GoogLeNet' }).waitFor({ state: 'visible', timeout: 60_000 });
        const input = await report.locator('.graph .node[data-id="image"]').boundingBox();
        const pane = await report.locator('.graph-view').boundingBox();
        assert.ok(input && pane && input.x >= pane.x && input.x + input.width <= pane.x + pane.width, JSON.stringify({ input, pane }));
        await screenshot(page, `${shot}-4-googlenet`);

        // A closed block opens on a click, and another by the keyboard.
        await report.locator('.graph .node[data-id="inception3a.branch1"]').click();
        await report.locator('.graph .node[data-id="inception3a.branch1.conv_1"]').waitFor({ state: 'visible' });
        await report.locator('.graph .node[data-id="inception3a.branch2_1"]').focus();
        await page.keyboard.press('Enter');
        await report.locator('.graph .node[data-id="inception3a.branch2_1.conv_1"]').waitFor({ state: 'visible' });
        // A click on the frame's name closes it again.
        await report.locator('.graph .cluster-label[data-id="inception3a.branch2_1"]').click();
        await report.locator('.graph .node.collapsible[data-id="inception3a.branch2_1"]').waitFor({ state: 'visible' });

        // An edit keeps the open block: the classifier halved.
        await retype(page, 'googlenet.net', 49, 'classifier  = dense(500)');
        await poll('the report after the edit', async () => ((await weightsTotal(report)) === '6,097,344' ? true : null));
        assert.equal(await report.locator('.graph .node[data-id="inception3a.branch1.conv_1"]').count(), 1);
        assert.equal(await report.locator('.graph .node[data-id="inception3a.branch2_1.conv_1"]').count(), 0);
        await report.locator('.graph .node[data-id="inception3a.branch1.conv_1"]').scrollIntoViewIfNeeded();
        await screenshot(page, `${shot}-5-googlenet-block-open`);

        // ResNet-50, from the status item (the language status, then its link).
        await switchTo(page, 'googlenet.net', 'resnet50.net');
        const status = page.locator('[id="status.languageStatus"]');
        const link = page.locator('.monaco-hover a, .context-view a', { hasText: 'Show cost report' }).first();
        await poll('the status item with its link', async () => {
          await status.click();
          return (await link.isVisible().catch(() => false)) ? true : null;
        });
        await link.click();
        await report.locator('h1', { hasText: 'ResNet50' }).waitFor({ state: 'visible', timeout: 60_000 });
        assert.equal(await weightsTotal(report), '25,502,912');
        const fc = report.locator('.graph .node[data-id="fc1000"]');
        await fc.scrollIntoViewIfNeeded();
        await fc.click();
        await cursorLine(page, Number(await fc.getAttribute('data-line')));
        await screenshot(page, `${shot}-6-resnet50`);
      });
    },
  );
}
