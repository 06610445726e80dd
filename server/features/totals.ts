/** The totals of each network in a document and the config it uses, for the client's language status. */
import type { Connection } from 'vscode-languageserver/node';
import { countToJson } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { TOTALS_REQUEST, type DocumentTotals } from '../protocol';

export function registerTotals(connection: Connection, store: DocumentStore): void {
  connection.onRequest(
    TOTALS_REQUEST,
    guarded(connection, 'totals', { networks: [], config: { state: 'none' } }, (params: { uri: string }): DocumentTotals => {
      const config = store.settingsOf(params.uri).config;
      const analysis = store.analysis(params.uri);
      if (!analysis) return { networks: [], config };
      const networks = analysis.networks.map((network) => ({
        name: network.name,
        units: countToJson(network.totals.units),
        weights: countToJson(network.totals.weights),
        params: countToJson(network.totals.params),
        connections: countToJson(network.totals.connections),
        output: network.output ? [...network.output] : null,
      }));
      return { networks, config };
    }),
  );
}
