/**
 * The cost report on one input, in a fresh process (run by bench/run.ts):
 *
 *   node --expose-gc out/bench/report.js time <input>     the report appearing, and following an edit
 *   node --expose-gc out/bench/report.js layout <input>…  dagre's layout of each input's graph
 *
 * "Appears": what `netlint report` and the webview's first page do, from the text: the
 * analysis, the model of each network, the graph's layout and the HTML page. "Follows an
 * edit": a one-line edit (a dropout's p flips between 0.1 and 0.2), then the analysis of the
 * edited text given the previous one, the model, the layout given the previous one, and the
 * data a page update carries (the graph's SVG and the report as JSON). Both as JSON.parse
 * of the same statements in the same process is. Prints one line `BENCH_RESULT <json>`.
 */
import { analyze, type Analysis } from '../core/analyze';
import { renderReportHtml } from '../report/html';
import { layoutGraph, type GraphLayout } from '../report/layout';
import { buildNetworkReport, type NetworkReport } from '../report/model';
import { renderGraphSvg } from '../report/svg';
import { makeInput } from './inputs';
import { median, now } from './stats';
import type { LayoutResult, ReportResult } from './types';

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  collect();
};

const result = (value: unknown): void => void process.stdout.write(`BENCH_RESULT ${JSON.stringify(value)}\n`);

/** The report as a page update would carry it: counts as decimal strings. */
const asJson = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

interface Shown {
  readonly analysis: Analysis;
  readonly reports: readonly NetworkReport[];
  readonly layouts: readonly GraphLayout[];
}

/** Milliseconds per phase, and what each phase made. */
type Timed = { readonly phases: Record<string, number>; readonly shown: Shown; readonly bytes: number; readonly layoutsReused: number };

function appear(text: string): Timed {
  const t0 = now();
  const analysis = analyze(text);
  const t1 = now();
  const reports = analysis.networks.map((network) => buildNetworkReport(analysis, network));
  const t2 = now();
  // The page lays its graphs out itself (what `netlint report` and the first webview page
  // do): the layout is timed apart, for the figure, and left out of the total.
  const layouts = reports.map((report) => layoutGraph(report));
  const t3 = now();
  const html = renderReportHtml(reports, { title: 'bench.net', nonce: 'bm9uY2U=' });
  const t4 = now();
  return {
    phases: { analysis: t1 - t0, model: t2 - t1, layout: t3 - t2, page: t4 - t3, total: t4 - t0 - (t3 - t2) },
    shown: { analysis, reports, layouts },
    bytes: html.length,
    layoutsReused: 0,
  };
}

function followEdit(text: string, before: Shown): Timed {
  const t0 = now();
  const analysis = analyze(text, undefined, before.analysis);
  const t1 = now();
  const reports = analysis.networks.map((network) => buildNetworkReport(analysis, network));
  const t2 = now();
  const layouts = reports.map((report, i) => layoutGraph(report, before.layouts[i]));
  const t3 = now();
  const data = reports.map((report, i) => asJson({ svg: renderGraphSvg(report, { layout: layouts[i]! }), report }));
  const t4 = now();
  return {
    phases: { analysis: t1 - t0, model: t2 - t1, layout: t3 - t2, data: t4 - t3, total: t4 - t0 },
    shown: { analysis, reports, layouts },
    bytes: data.reduce((sum, d) => sum + d.length, 0),
    layoutsReused: layouts.filter((laid, i) => laid.structure === before.layouts[i]?.structure).length,
  };
}

/** The places of `dropout(0.1)`'s digit: each edit flips one of them, as the LSP bench does. */
function editor(text: string): () => string {
  const places: number[] = [];
  for (let at = text.indexOf('dropout(0.1)'); at >= 0; at = text.indexOf('dropout(0.1)', at + 1)) places.push(at + 'dropout(0.'.length);
  if (places.length === 0) throw new Error('no dropout to edit');
  let current = text;
  let n = 0;
  return () => {
    const at = places[(n++ * 7919) % places.length]!;
    current = current.slice(0, at) + (current[at] === '1' ? '2' : '1') + current.slice(at + 1);
    return current;
  };
}

function sampled(runs: readonly Timed[]): Record<string, number> {
  const keys = Object.keys(runs[0]!.phases);
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r.phases[k]!))]));
}

function runTime(id: string): void {
  const input = makeInput(id);
  const jsonRuns: number[] = [];
  const appearRuns: Timed[] = [];
  const editRuns: Timed[] = [];
  const repetitions = 11;
  const edit = editor(input.text);
  for (let r = -2; r < repetitions; r++) {
    const j = now();
    JSON.parse(input.json);
    const jsonMs = now() - j;
    const shown = appear(input.text);
    // Edits follow one another, each given what the one before made, as an editor's do.
    let before = shown.shown;
    const edits: Timed[] = [];
    for (let e = 0; e < 3; e++) {
      const followed = followEdit(edit(), before);
      edits.push(followed);
      before = followed.shown;
    }
    if (r < 0) continue;
    jsonRuns.push(jsonMs);
    appearRuns.push(shown);
    editRuns.push(...edits);
    gc();
  }
  const last = appearRuns.at(-1)!;
  const report = last.shown.reports[0]!;
  const out: ReportResult = {
    id,
    description: input.description,
    layers: last.shown.analysis.networks.reduce((sum, n) => sum + n.layerCount, 0),
    graphNodes: report.nodes.length,
    graphEdges: report.edges.length,
    htmlBytes: last.bytes,
    dataBytes: editRuns.at(-1)!.bytes,
    repetitions,
    edits: editRuns.length,
    json: median(jsonRuns),
    appear: sampled(appearRuns),
    edit: sampled(editRuns),
    layoutsReused: editRuns.reduce((sum, r) => sum + r.layoutsReused, 0),
  };
  result(out);
}

/** dagre on each input's graph (the first network's, as the report opens it), from nothing, and given the layout before. */
function runLayout(ids: readonly string[]): void {
  const out: LayoutResult[] = [];
  for (const id of ids) {
    const input = makeInput(id);
    const analysis = analyze(input.text);
    const report = buildNetworkReport(analysis, analysis.networks[0]!);
    const fresh: number[] = [];
    const reused: number[] = [];
    // The same graph from another model of it: what an edit that moves nothing gives.
    const again = buildNetworkReport(analysis, analysis.networks[0]!);
    let laid = layoutGraph(report);
    for (let r = 0; r < 9; r++) {
      const t0 = now();
      laid = layoutGraph(report);
      const t1 = now();
      layoutGraph(again, laid);
      const t2 = now();
      fresh.push(t1 - t0);
      reused.push(t2 - t1);
    }
    out.push({
      id,
      description: input.description,
      nodes: report.nodes.length,
      frames: report.clusters.length,
      edges: report.edges.length,
      width: laid.width,
      height: laid.height,
      ms: median(fresh),
      reusedMs: median(reused),
    });
  }
  result(out);
}

const [mode, ...ids] = process.argv.slice(2);
if (mode === 'time' && ids[0]) runTime(ids[0]);
else if (mode === 'layout' && ids.length > 0) runLayout(ids);
else throw new Error('usage: report.js time <input> | layout <input>…');
