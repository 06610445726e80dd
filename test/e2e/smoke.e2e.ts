// Sample end-to-end script (not a `node --test` file): installs a .vsix into a fresh
// code-server, opens a file of the workspace, waits for a squiggle, hovers a word and checks
// the hover's text, opens the quick-fix menu, reads the Problems panel, and saves screenshots
// into test-results/. Prints one timing line per step and exits non-zero on failure.
//
//   bash scripts/install-code-server.sh
//   npx esbuild test/e2e/smoke.e2e.ts --bundle --platform=node --target=node20 --format=cjs \
//     --sourcemap=inline --external:playwright-core --outdir=out/e2e --outbase=test/e2e --log-level=warning
//   node out/e2e/smoke.e2e.js --vsix my.vsix --workspace ws --file model.net \
//     --line 4 --word badlayer --hover-text 'weights' [--quick-fix 'Replace'] [--severity warning]
import { parseArgs } from 'node:util';
import { openFile, openQuickFix, readProblems, screenshot, squiggles, waitForSquiggle, withWorkbench, hoverWord, type Severity } from './harness';

const { values } = parseArgs({
  options: {
    vsix: { type: 'string', multiple: true },
    workspace: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'string' },
    word: { type: 'string' },
    'hover-text': { type: 'string' },
    'quick-fix': { type: 'string' },
    severity: { type: 'string', default: 'warning' },
    name: { type: 'string', default: 'smoke' },
  },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    process.stderr.write(`smoke.e2e: --${name} is required\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const workspace = required('workspace');
  const file = required('file');
  const word = required('word');
  const hoverText = required('hover-text');
  const line = Number(required('line'));
  const severity = values.severity as Severity;
  const name = values.name!;
  const total = Date.now();
  const timings: Record<string, number> = {};
  const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await fn();
    timings[label] = Date.now() - started;
    console.log(`${label}: ${timings[label]} ms`);
    return result;
  };

  await withWorkbench({ workspace, vsix: values.vsix ?? [], name }, async (wb) => {
    timings['extension install'] = wb.server.timings.installMs;
    timings['code-server healthz'] = wb.server.timings.healthzMs;
    timings['workbench up'] = wb.workbenchMs;
    console.log(`extension install: ${wb.server.timings.installMs} ms`);
    console.log(`code-server healthz: ${wb.server.timings.healthzMs} ms`);
    console.log(`workbench up: ${wb.workbenchMs} ms`);
    await screenshot(wb.page, `${name}-1-workbench`);

    await step('file open', () => openFile(wb.page, file));
    await step(`${severity} squiggle`, () => waitForSquiggle(wb.page, severity));
    console.log(`squiggles: ${JSON.stringify(await squiggles(wb.page))}`);
    await screenshot(wb.page, `${name}-2-squiggle`);

    const hover = await step('hover', () => hoverWord(wb.page, { line, word, text: hoverText }));
    console.log(`hover text: ${JSON.stringify(hover)}`);
    await screenshot(wb.page, `${name}-3-hover`);

    const fix = values['quick-fix'];
    if (fix) {
      await wb.page.mouse.move(5, 5);
      const titles = await step('quick-fix menu', () => openQuickFix(wb.page, line, word, fix));
      console.log(`quick fixes: ${JSON.stringify(titles)}`);
      await screenshot(wb.page, `${name}-4-quickfix`);
      await wb.page.keyboard.press('Escape');
    }

    const problems = await step('problems panel', () => readProblems(wb.page));
    console.log(`problems: ${JSON.stringify(problems)}`);
    await screenshot(wb.page, `${name}-5-problems`);
  });
  console.log(`total: ${Date.now() - total} ms`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
