/**
 * The report's page around its script: the Content-Security-Policy, the style, and where the
 * data comes from (inside the page for the CLI's file, posted by the extension in a
 * webview). Pure text, no layout: the VS Code client builds its webview's page with it.
 */
import type { ReportData } from './data';
import { escapeText } from './escape';
import { GRAPH_STYLE, PAGE_STYLE, THEME_STYLE } from './style';

/** Only the page's own style and script, by nonce: nothing remote, no inline handlers, no eval. */
export function contentSecurityPolicy(nonce: string): string {
  return ["default-src 'none'", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join(
    '; ',
  );
}

export interface PageOptions {
  /** The page's title: the file's name. */
  readonly title: string;
  /** A fresh random value per page (base64 or hex), which the CSP allows the page's own style and script by. */
  readonly nonce: string;
  /** The page's script: its text (a file that opens from disk), or its address (a webview's own resource). */
  readonly script: { readonly inline: string } | { readonly src: string };
  /** The report, inside the page; without it the page waits for the extension to post it. */
  readonly data?: ReportData;
}

/** The element that carries the report inside the page. */
export const DATA_ELEMENT_ID = 'netlint-report-data';

/**
 * JSON to place inside a `<script type="application/json">`, which is data, never run:
 * `<`, `>` and `&` written as escapes, so no text of the file can close the element.
 */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function renderReportPage(options: PageOptions): string {
  const nonce = escapeText(options.nonce);
  const data = options.data ? `<script type="application/json" id="${DATA_ELEMENT_ID}">${embeddedJson(options.data)}</script>\n` : '';
  const script =
    'inline' in options.script
      ? `<script nonce="${nonce}">${options.script.inline}</script>`
      : `<script nonce="${nonce}" src="${escapeText(options.script.src)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeText(contentSecurityPolicy(options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(`${options.title}: netlint cost report`)}</title>
<style nonce="${nonce}">${THEME_STYLE}${GRAPH_STYLE}${PAGE_STYLE}</style>
</head>
<body>
<p class="banner" id="errors" role="status" hidden></p>
<main id="report"><p class="note">The report of ${escapeText(options.title)} is on its way.</p></main>
${data}${script}
</body>
</html>
`;
}
