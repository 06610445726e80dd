// The report page's script (report/webview/main.ts), bundled for the browser: the webview
// loads it from dist/report.js, and the CLI's page carries the same text inline (the CLI's
// bundle gets it as NETLINT_REPORT_SCRIPT).
import * as esbuild from 'esbuild';
import { join } from 'node:path';

export async function buildReportScript(root) {
  const result = await esbuild.build({
    entryPoints: [join(root, 'report', 'webview', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  const text = result.outputFiles[0].text;
  // The page writes it between <script> tags: nothing in it may end them.
  if (/<\/script/i.test(text)) throw new Error('report/webview/main.ts: the bundle holds "</script", which would end the page\'s script');
  return text;
}
