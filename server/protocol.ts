/**
 * netlint's own requests, beyond LSP: their names and shapes, shared by the server and
 * the VS Code client (the client imports the types only).
 */

/** Returns the markdown cost table of a document's networks (or of one). */
export const COST_TABLE_REQUEST = 'netlint/costTable';
export interface CostTableParams {
  readonly uri: string;
  readonly network?: string;
}

/**
 * Returns the cost report of a document's networks (or of one) as data (`ReportData` of
 * report/data.ts), laid out: what the client posts to its webview's page.
 */
export const COST_REPORT_REQUEST = 'netlint/costReport';
export interface CostReportParams {
  readonly uri: string;
  readonly network?: string;
  /** The page's title: the file's name. */
  readonly title: string;
  /** By network, the blocks the reader opened; a network left out opens as many levels as can be read. */
  readonly expanded?: Readonly<Record<string, readonly string[]>>;
}

/** Returns each network's totals and the config the document uses, for the client's language status. */
export const TOTALS_REQUEST = 'netlint/totals';
export interface DocumentTotals {
  readonly networks: readonly NetworkTotals[];
  readonly config: ConfigInUse;
  /** What the language status item shows, worded by the server as the code lens is. */
  readonly status: TotalsStatus;
}

/** The status bar's short text (the first network's totals), and the hover's detail (each network's, with what it returns). */
export interface TotalsStatus {
  readonly text: string;
  readonly detail: string | undefined;
}

/**
 * The `.netlintrc.json` a document uses: none (the defaults and the editor's settings),
 * one applied over them, or one with errors, left out.
 */
export type ConfigInUse = { readonly state: 'none' } | { readonly state: 'applied' | 'broken'; readonly uri: string };

/**
 * Sent by the server to a client that says it serves it (`initializationOptions.readFile`):
 * a file's text read through the workspace's file system, so that a config in a virtual
 * workspace is found too. Other clients: the server reads file: URIs itself.
 */
export const READ_FILE_REQUEST = 'netlint/readFile';
export interface ReadFileParams {
  readonly uri: string;
}
export type ReadFileResult = { readonly text: string } | { readonly missing: true } | { readonly error: string };

export interface InitializationOptions {
  /** The client answers READ_FILE_REQUEST. */
  readonly readFile?: boolean;
}
export interface NetworkTotals {
  readonly name: string;
  readonly units: number | string;
  readonly weights: number | string;
  readonly params: number | string;
  readonly connections: number | string;
  /** The shape of the last statement's output, as in language v1. */
  readonly output: readonly number[] | null;
  /** Every output (language v2's `output` marks, then the last statement), in the order written. */
  readonly outputs: readonly { readonly name: string; readonly shape: readonly number[] | null }[];
}

/** The client command the code lens runs: opens the cost table beside the editor. */
export const SHOW_COST_TABLE = 'netlint.showCostTable';

/** Returns a document's networks (or one) as a PyTorch module, or why it cannot. */
export const EXPORT_PYTORCH_REQUEST = 'netlint/exportPyTorch';
export interface ExportPyTorchParams {
  readonly uri: string;
  readonly network?: string;
}
/** The module's text, or else a message for the user: the errors to fix, or the layers PyTorch code cannot be written for. */
export interface ExportPyTorchResult {
  readonly text?: string;
  readonly error?: string;
}

/** The client command that opens a document's PyTorch export beside the editor. */
export const EXPORT_TO_PYTORCH = 'netlint.exportToPyTorch';

/** The client's command that imports an ONNX or Caffe model into a new `.net` editor. */
export const IMPORT_MODEL_COMMAND = 'netlint.importModel';

/**
 * Imports an ONNX or Caffe model (a file: URI) into `.net` text, for the client's
 * `netlint: Import Model…` command: the text, or a message that says why not.
 */
export const IMPORT_MODEL_REQUEST = 'netlint/importModel';
export type ImportModelResult = { readonly text: string; readonly leftOut: readonly string[] } | { readonly error: string };

/** The client command that opens the cost report (graph, bars, table) in a webview beside the editor. */
export const SHOW_COST_REPORT = 'netlint.showCostReport';
