/** The cost report page for the client's webview: the report's HTML of a document's networks (or of one). */
import type { Connection } from 'vscode-languageserver/node';
import type { Analysis } from '../../core';
import { renderReportHtml } from '../../report/html';
import { buildNetworkReport } from '../../report/model';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { COST_REPORT_REQUEST, type CostReportParams } from '../protocol';

export function provideCostReport(analysis: Analysis, params: CostReportParams): string {
  const networks = params.network ? analysis.networks.filter((n) => n.name === params.network) : analysis.networks;
  const reports = networks.map((network) => buildNetworkReport(analysis, network));
  return renderReportHtml(reports, { title: params.title, nonce: params.nonce });
}

export function registerCostReport(connection: Connection, store: DocumentStore): void {
  connection.onRequest(
    COST_REPORT_REQUEST,
    guarded(connection, 'cost report', null, (params: CostReportParams) => {
      const analysis = store.analysis(params.uri);
      return analysis ? provideCostReport(analysis, params) : null;
    }),
  );
}
