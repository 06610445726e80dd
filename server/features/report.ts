/** The cost report for the client's webview: a document's networks (or one), as the page's data, laid out. */
import type { Connection } from 'vscode-languageserver/node';
import type { Analysis } from '../../core';
import { reportData, type ReportData } from '../../report/data';
import { buildNetworkReport } from '../../report/model';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { COST_REPORT_REQUEST, type CostReportParams } from '../protocol';

export function provideCostReport(analysis: Analysis, params: CostReportParams): ReportData {
  const networks = params.network ? analysis.networks.filter((n) => n.name === params.network) : analysis.networks;
  const reports = networks.map((network) => {
    const expanded = params.expanded?.[network.name];
    return buildNetworkReport(analysis, network, expanded ? { expanded: new Set(expanded) } : {});
  });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  return reportData(reports, params.title, errors);
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
