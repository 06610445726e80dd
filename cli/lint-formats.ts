/** `netlint lint` output: eslint's stylish, JSON, and SARIF 2.1.0 for code-scanning tools. */
import { pathToFileURL } from 'node:url';
import { fixesFor, formatCount, plural, type Analysis, type Diagnostic, type Fix } from '../core';
import type { Colours } from './io';
import { diagnosticToJson } from './report';

export interface LintedFile {
  readonly name: string;
  readonly path: string | undefined;
  readonly analysis: Analysis;
  /** Fixes per diagnostic, measured once and shared by every format. */
  readonly fixes: ReadonlyMap<Diagnostic, readonly Fix[]>;
}

export function lintFile(name: string, path: string | undefined, analysis: Analysis): LintedFile {
  const fixes = new Map(analysis.diagnostics.map((diagnostic) => [diagnostic, fixesFor(analysis, diagnostic)] as const));
  return { name, path, analysis, fixes };
}

export interface Tally {
  errors: number;
  warnings: number;
  infos: number;
}

export function tally(files: readonly LintedFile[]): Tally {
  const result = { errors: 0, warnings: 0, infos: 0 };
  for (const file of files) {
    for (const diagnostic of file.analysis.diagnostics) {
      // The limit diagnostic stands for the problems past the cap: they are counted, it is not.
      if (diagnostic.omitted) {
        result.errors += diagnostic.omitted.error;
        result.warnings += diagnostic.omitted.warning;
        result.infos += diagnostic.omitted.information + diagnostic.omitted.hint;
      } else if (diagnostic.severity === 'error') result.errors++;
      else if (diagnostic.severity === 'warning') result.warnings++;
      else result.infos++;
    }
  }
  return result;
}

export function formatStylish(files: readonly LintedFile[], colour: Colours): string {
  const out: string[] = [];
  for (const file of files) {
    const diagnostics = file.analysis.diagnostics;
    if (diagnostics.length === 0) continue;
    out.push(colour.underline(file.name));
    const rows = diagnostics.map((diagnostic) => {
      const at = file.analysis.lines.positionAt(diagnostic.span.start);
      return { diagnostic, where: `${at.line + 1}:${at.character + 1}` };
    });
    // A loop, not Math.max(...): a spread of 130,000 rows overflows the stack.
    const whereWidth = rows.reduce((widest, row) => Math.max(widest, row.where.length), 0);
    for (const { diagnostic, where } of rows) {
      const severity =
        diagnostic.severity === 'error' ? colour.red('error  ') : diagnostic.severity === 'warning' ? colour.yellow('warning') : colour.blue('info   ');
      out.push(`  ${colour.dim(where.padEnd(whereWidth))}  ${severity}  ${diagnostic.message}  ${colour.dim(diagnostic.code)}`);
      for (const related of diagnostic.related ?? []) {
        const at = file.analysis.lines.positionAt(related.span.start);
        out.push(`  ${' '.repeat(whereWidth)}  ${colour.dim(`${related.message} (${at.line + 1}:${at.character + 1})`)}`);
      }
      for (const fix of file.fixes.get(diagnostic) ?? []) {
        out.push(`  ${' '.repeat(whereWidth)}  ${colour.dim(`${fix.preferred ? '★' : '↳'} fix:`)} ${fix.title}`);
      }
    }
    out.push('');
  }
  const { errors, warnings, infos } = tally(files);
  const problems = errors + warnings + infos;
  if (problems === 0) return '';
  const count = (n: number, word: string) => plural(n, word, formatCount(n));
  const summary = `✖ ${count(problems, 'problem')} (${count(errors, 'error')}, ${count(warnings, 'warning')}, ${count(infos, 'info')})`;
  out.push(errors ? colour.red(colour.bold(summary)) : warnings ? colour.yellow(colour.bold(summary)) : colour.bold(summary));
  return out.join('\n');
}

export function formatJson(files: readonly LintedFile[]): string {
  return JSON.stringify(
    files.map((file) => ({
      file: file.name,
      diagnostics: file.analysis.diagnostics.map((d) => diagnosticToJson(file.analysis, d, file.fixes.get(d))),
    })),
    null,
    2,
  );
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function formatSarif(files: readonly LintedFile[], version: string, rulesUri: string): string {
  const codes = [...new Set(files.flatMap((file) => file.analysis.diagnostics.map((d) => d.code)))].sort();
  // Standard input has no URI: its results point at the run's artifact by index alone.
  const artifacts = files.map((file) => (file.path ? { location: { uri: pathToFileURL(file.path).href } } : { description: { text: 'standard input' } }));
  const results = files.flatMap((file, index) => {
    const artifactLocation = file.path ? { uri: pathToFileURL(file.path).href, index } : { index };
    const region = (diagnostic: { span: { start: number; end: number } }) => {
      const start = file.analysis.lines.positionAt(diagnostic.span.start);
      const end = file.analysis.lines.positionAt(diagnostic.span.end);
      return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    };
    return file.analysis.diagnostics.map((diagnostic) => ({
      ruleId: diagnostic.code,
      ruleIndex: codes.indexOf(diagnostic.code),
      level: SARIF_LEVEL[diagnostic.severity],
      message: { text: diagnostic.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(diagnostic) } }],
      fixes: (file.fixes.get(diagnostic) ?? []).map((fix) => ({
        description: { text: fix.title },
        artifactChanges: [
          {
            artifactLocation,
            replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.newText } })),
          },
        ],
      })),
    }));
  });
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'netlint',
              version,
              informationUri: rulesUri,
              rules: codes.map((code) => ({ id: code, helpUri: `${rulesUri}#${code}` })),
            },
          },
          artifacts,
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    },
    null,
    2,
  );
}
