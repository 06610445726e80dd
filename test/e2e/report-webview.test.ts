/**
 * The cost report webview in a real VS Code (code-server), oldest and newest: the command
 * opens it beside AlexNet, a click on a node moves the editor to that layer, and an edit
 * changes the report. Screenshots: test-results/vscode-<1.100|1.139>-report-*.png. Each
 * test is skipped, with the reason, where its code-server is not installed.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths';
import { activeEditor, goToLine, openFile, packagedExtension, poll, pressUntilVisible, screenshot, waitForSquiggle, withWorkbench } from './harness';

const { versions, paths } = packagedExtension('netlint-e2e-report-');

for (const { codeServer, vscode, skip } of versions) {
  test(`VS Code ${vscode} (code-server ${codeServer}): the cost report of AlexNet follows clicks and edits`, { skip, timeout: 180_000 }, async () => {
    const workspace = join(paths.work, `workspace-report-${vscode}`);
    const shot = `vscode-${vscode}-report`;
    mkdirSync(workspace, { recursive: true });
    copyFileSync(join(repoRoot, 'examples', 'alexnet.net'), join(workspace, 'alexnet.net'));
    await withWorkbench({ workspace, vsix: [paths.vsix], name: shot, version: codeServer }, async ({ page }) => {
      await openFile(page, 'alexnet.net');
      await waitForSquiggle(page, 'warning');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await pressUntilVisible(page, 'Control+Shift+P', input, 'command palette');
      await input.fill('>netlint: Show Cost Report');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Cost Report' }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');

      const report = page.frameLocator('iframe.webview').frameLocator('#active-frame');
      await report.locator('h1', { hasText: 'AlexNet' }).waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await report.locator('.totals dd').nth(1).textContent(), '60,954,656');
      await screenshot(page, `${shot}-1-open`);

      // A click on fc6's node moves the editor's cursor to its line (15).
      await report.locator('.graph .node[data-id="fc6"]').click();
      await poll('the cursor on fc6', async () => {
        const status = await page.locator('[id="status.editor.selection"]').innerText();
        return /Ln 15,/.test(status) ? status : null;
      });

      // An edit is followed: fc6 halved.
      await goToLine(page, 15);
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('fc6   = dense(2048, act=relu)');
      await poll('the report after the edit', async () => {
        const weights = await report.locator('.totals dd').nth(1).textContent();
        return weights === '33,691,680' ? weights : null;
      });
      assert.match(await activeEditor(page).locator('.view-lines').innerText(), /dense\(2048/);
      await screenshot(page, `${shot}-2-edited`);
    });
  });
}
