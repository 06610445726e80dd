/**
 * The packaged extension in a real VS Code driven by Chromium: what a person sees on AlexNet.
 * Like rust-analyzer, the scenario runs on the oldest VS Code that `engines.vscode` admits
 * (code-server 4.100.3, VS Code 1.100, on Node 20) and on the newest (code-server 4.139.1,
 * VS Code 1.139, on Node 24): one test each, one after the other. Screenshots of each step go
 * to test-results/vscode-<1.100|1.139>-alexnet-*.png. Each test is skipped, with the reason,
 * where its code-server is not installed (`bash scripts/install-code-server.sh` installs
 * 4.100.3, `… --version 4.139.1` the other; .ci/run installs both).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths';
import {
  activeEditor,
  applyQuickFix,
  hoverWord,
  openFile,
  openQuickFix,
  packagedExtension,
  poll,
  readProblems,
  runCommand,
  screenshot,
  waitForSquiggle,
  withWorkbench,
} from './harness';

const { versions, paths } = packagedExtension('netlint-e2e-');

for (const { codeServer, vscode, skip } of versions) {
  test(
    `VS Code ${vscode} (code-server ${codeServer}): AlexNet: warnings, hover, inlay hints, the factorise fix re-analysed, and its PyTorch export`,
    { skip, timeout: 180_000 },
    async () => {
      const workspace = join(paths.work, `workspace-${vscode}`);
      const shot = `vscode-${vscode}-alexnet`;
      execFileSync('mkdir', ['-p', workspace]);
      copyFileSync(join(repoRoot, 'examples', 'alexnet.net'), join(workspace, 'alexnet.net'));

      await withWorkbench({ workspace, vsix: [paths.vsix], name: shot, version: codeServer }, async ({ page }) => {
        await openFile(page, 'alexnet.net');
        await waitForSquiggle(page, 'warning');
        const problems = await readProblems(page, 6);
        const warnings = problems.filter((p) => p.severity === 'warning').map((p) => p.text);
        assert.ok(
          warnings.some((t) => t.includes("fc6 holds 61.9% of the network's weights") && t.includes('heavy-layer')),
          warnings.join('\n'),
        );
        assert.ok(
          warnings.some((t) => t.includes("fc7 holds 27.5% of the network's weights")),
          warnings.join('\n'),
        );
        await screenshot(page, `${shot}-1-warnings`);

        // Text of the layer's own hover: the diagnostics' part, shown first, holds 223,948,800 too.
        const hover = await hoverWord(page, { line: 8, word: 'conv2', text: 'weights = 5·5·48·256' });
        assert.match(hover, /307,200/);
        assert.match(hover, /weights = 5·5·48·256 = 307,200/);
        await screenshot(page, `${shot}-2-hover`);
        await page.mouse.move(5, 5);

        const hints = await poll('inlay hints', async () => {
          // VS Code writes inlay hints with non-breaking spaces.
          const text = (await activeEditor(page).locator('.view-lines').innerText()).replace(/\s+/g, ' ');
          return text.includes('307K w · 224M conn') ? text : null;
        });
        assert.match(hints, /conv2 = conv\(256, 5x5, pad=2, groups=2, act=relu\) ?256×27×27 · 307K w · 224M conn/);
        const lens = await poll('the code lens', async () => {
          const texts = await activeEditor(page).locator('.codelens-decoration').allInnerTexts();
          return texts.find((t) => t.includes('AlexNet:'));
        });
        assert.equal(lens.replace(/\s+/g, ' '), 'AlexNet: 60,954,656 weights · 724,406,816 connections · 659,272 units · cost table | cost report');
        await screenshot(page, `${shot}-3-inlay-hints`);

        const titles = await openQuickFix(page, 8, 'conv2', /Factorise conv2 5×5 into two 3×3/);
        assert.ok(
          titles.some((t) => t.startsWith('Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%)')),
          titles.join('\n'),
        );
        await screenshot(page, `${shot}-4-quick-fix`);
        await applyQuickFix(page, /Factorise conv2 5×5 into two 3×3/);
        await poll('the rewritten conv2', async () => ((await activeEditor(page).locator('.view-lines').innerText()).includes('conv2_1') ? true : null));
        // The totals over the network follow the edit: 307,200 − 152,064 weights fewer.
        const after = await poll('the code lens after the fix', async () => {
          const texts = await activeEditor(page).locator('.codelens-decoration').allInnerTexts();
          return texts.map((t) => t.replace(/\s+/g, ' ')).find((t) => t.includes('AlexNet: 60,799,520'));
        });
        assert.equal(after, 'AlexNet: 60,799,520 weights · 611,312,672 connections · 729,256 units · cost table | cost report');
        await page.mouse.move(5, 5);
        const rewritten = await hoverWord(page, { line: 9, word: 'conv2', text: '110,592' });
        assert.match(rewritten, /weights = 3·3·48·256 = 110,592/);
        await screenshot(page, `${shot}-5-after-fix`);

        // The export reads the buffer as it is: the fix's two convs, not the file's one.
        await runCommand(page, 'netlint: Export to PyTorch');
        const module = await poll('the PyTorch module beside the editor', async () => {
          const tab = await page
            .locator('.editor-group-container.active .tab.active')
            .first()
            .innerText()
            .catch(() => '');
          const text = (await activeEditor(page).locator('.view-lines').innerText()).replace(/\s+/g, ' ');
          return tab && text.includes('class AlexNet(nn.Module):') ? text : null;
        });
        assert.match(module, /AlexNet: PyTorch code exported by netlint from alexnet\.net\./);
        assert.match(module, /self\.conv1 = nn\.Conv2d\(3, 96, 11, stride=4\)/);
        assert.match(module, /self\.conv2_1 = nn\.Conv2d\(96, 96, 3, padding=1,/);
        assert.equal(await page.locator('.editor-group-container').count(), 2, 'the module opens beside the design');
        await screenshot(page, `${shot}-6-export`);
      });
      assert.doesNotMatch(readFileSync(join(workspace, 'alexnet.net'), 'utf8'), /conv2_1/, 'the fix edits the buffer, not the file, until saved');
    },
  );
}
