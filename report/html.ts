/**
 * The report as one self-contained HTML page, for `netlint report`: the page's bundled script
 * (`report/webview/main.ts`, the same the webview runs) and the report's data inside it. It
 * opens from disk and fetches nothing.
 */
import type { NetworkReport } from './model';
import { reportData } from './data';
import { renderReportPage } from './page';

/** The page's script, bundled by esbuild (scripts/build.mjs) and put here as text at build time. */
declare const NETLINT_REPORT_SCRIPT: string;

export interface HtmlOptions {
  /** The page's title: the file's name. */
  readonly title: string;
  /** A fresh random value per page (base64 or hex), which the CSP allows the page's own style and script by. */
  readonly nonce: string;
  /** The file's error diagnostics, which the page names in a banner. */
  readonly errors?: number;
}

export function renderReportHtml(reports: readonly NetworkReport[], options: HtmlOptions): string {
  return renderReportPage({
    title: options.title,
    nonce: options.nonce,
    script: { inline: NETLINT_REPORT_SCRIPT },
    data: reportData(reports, options.title, options.errors ?? 0),
  });
}
