/** The totals of each network in a document and the config it uses, for the client's language status. */
import type { Connection } from 'vscode-languageserver/node';
import { countToJson, describeOutputs, formatCompact, formatCount, type Analysis } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { TOTALS_REQUEST, type ConfigInUse, type DocumentTotals, type TotalsStatus } from '../protocol';

const NO_NETWORK: TotalsStatus = { text: 'netlint: no network', detail: undefined };

/**
 * The status bar has little room: the first network's weights and connections, compact
 * ("61M"), and how many outputs it has when it has several; the hover has each network's
 * params and connections in full, and everything it returns, as the table's heading says.
 */
function statusOf(analysis: Analysis): TotalsStatus {
  const first = analysis.networks[0];
  if (!first) return NO_NETWORK;
  const outputs = first.outputs.length > 1 ? ` · ${first.outputs.length} outputs` : '';
  return {
    text: `${first.name}: ${formatCompact(first.totals.weights)} weights · ${formatCompact(first.totals.connections)} conn${outputs}`,
    detail: analysis.networks
      .map((n) => `${n.name}: ${formatCount(n.totals.params)} params, ${formatCount(n.totals.connections)} connections → ${describeOutputs(n)}`)
      .join('; '),
  };
}

export function provideTotals(analysis: Analysis | undefined, config: ConfigInUse): DocumentTotals {
  if (!analysis) return { networks: [], config, status: NO_NETWORK };
  const networks = analysis.networks.map((network) => ({
    name: network.name,
    units: countToJson(network.totals.units),
    weights: countToJson(network.totals.weights),
    params: countToJson(network.totals.params),
    connections: countToJson(network.totals.connections),
    output: network.output ? [...network.output] : null,
    outputs: network.outputs.map((output) => ({ name: output.name, shape: output.shape ? [...output.shape] : null })),
  }));
  return { networks, config, status: statusOf(analysis) };
}

export function registerTotals(connection: Connection, store: DocumentStore): void {
  connection.onRequest(
    TOTALS_REQUEST,
    guarded(connection, 'totals', { networks: [], config: { state: 'none' }, status: NO_NETWORK }, (params: { uri: string }): DocumentTotals => {
      const config = store.settingsOf(params.uri).config;
      return provideTotals(store.analysis(params.uri), config);
    }),
  );
}
