/** The totals of each network in a document, for the client's language status item. */
import type { Connection } from 'vscode-languageserver/node';
import { countToJson } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

export const TOTALS_REQUEST = 'netlint/totals';

export interface NetworkTotals {
  readonly name: string;
  readonly units: number | string;
  readonly weights: number | string;
  readonly params: number | string;
  readonly connections: number | string;
  readonly output: readonly number[] | null;
}

export function registerTotals(connection: Connection, store: DocumentStore): void {
  connection.onRequest(
    TOTALS_REQUEST,
    guarded(connection, 'totals', [], (params: { uri: string }): NetworkTotals[] => {
      const analysis = store.analysis(params.uri);
      if (!analysis) return [];
      return analysis.networks.map((network) => ({
        name: network.name,
        units: countToJson(network.totals.units),
        weights: countToJson(network.totals.weights),
        params: countToJson(network.totals.params),
        connections: countToJson(network.totals.connections),
        output: network.output ? [...network.output] : null,
      }));
    }),
  );
}
