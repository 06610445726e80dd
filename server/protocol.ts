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

/** Returns each network's totals, for the client's language status item. */
export const TOTALS_REQUEST = 'netlint/totals';
export interface NetworkTotals {
  readonly name: string;
  readonly units: number | string;
  readonly weights: number | string;
  readonly params: number | string;
  readonly connections: number | string;
  readonly output: readonly number[] | null;
}

/** The client command the code lens runs: opens the cost table beside the editor. */
export const SHOW_COST_TABLE = 'netlint.showCostTable';
