/** The cost report for the client's webview: a document's networks (or one), as the page's data, laid out. */
import type { Connection } from 'vscode-languageserver/node';
import type { Analysis } from '../../core';
import { reportData, type ReportData } from '../../report/data';
import type { GraphLayout } from '../../report/layout';
import { buildNetworkReport } from '../../report/model';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';
import { COST_REPORT_REQUEST, type CostReportParams } from '../protocol';

/** `layouts`: the document's last layouts, by network, reused where the graph kept its structure and replaced. */
export function provideCostReport(analysis: Analysis, params: CostReportParams, layouts?: Map<string, GraphLayout>): ReportData {
  const networks = params.network ? analysis.networks.filter((n) => n.name === params.network) : analysis.networks;
  const reports = networks.map((network) => {
    const expanded = params.expanded?.[network.name];
    return buildNetworkReport(analysis, network, expanded ? { expanded: new Set(expanded) } : {});
  });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  return reportData(reports, params.title, errors, layouts);
}

export function registerCostReport(connection: Connection, store: DocumentStore): void {
  // Each open document's last layouts: an edit of an argument then needs no new layout.
  const layouts = new Map<string, Map<string, GraphLayout>>();
  connection.onRequest(
    COST_REPORT_REQUEST,
    guarded(connection, 'cost report', null, (params: CostReportParams) => {
      for (const uri of layouts.keys()) if (!store.get(uri)) layouts.delete(uri);
      const analysis = store.analysis(params.uri);
      if (!analysis) return null;
      const own = layouts.get(params.uri) ?? new Map<string, GraphLayout>();
      layouts.set(params.uri, own);
      return provideCostReport(analysis, params, own);
    }),
  );
}
