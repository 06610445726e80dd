/** The totals of each network in a document, for the client's language status item. */
import type { Connection } from 'vscode-languageserver/node';
import { countToJson } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { TOTALS_REQUEST, type NetworkTotals } from '../protocol';


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
