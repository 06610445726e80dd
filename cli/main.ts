/**
 * The `netlint` command line: `analyze` prints what each layer costs, `lint` prints the
 * diagnostics and their fixes, `report` writes the graph and the costs as an HTML page or an SVG. Exit codes: 0 no errors, 1 error diagnostics (or more
 * warnings than --max-warnings), 2 bad usage or an unreadable file.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, formatCount, isRuleCode, RULE_CODES, type SettingsInput } from '../core';
import { version } from '../package.json';
import { settingsResolver } from './config';
import { defaultOutput, runImport } from './import';
import { colours, readDocument, UsageError, wantsColour, writeOutput } from './io';
import { formatJson, formatSarif, formatStylish, lintFile, tally, type LintedFile } from './lint-formats';
import { analysisToJson, diagnosticToJson } from './report';
import { renderTables, type TableFormat } from '../core/table';
import { exportPyTorch } from '../core/export/pytorch';
import { renderReportHtml } from '../report/html';
import { MAX_DRAWN_NODES } from '../report/layout';
import { buildNetworkReport } from '../report/model';
import { renderGraphSvg } from '../report/svg';

const RULES_URI = 'https://github.com/netlint/netlint/blob/main/docs/rules.md';

const USAGE = `netlint ${version}: the costs of a neural-network design, layer by layer

Usage:
  netlint analyze FILE [--format table|markdown|csv|json] [--expand] [--all]
  netlint lint FILE... [--format stylish|json|sarif] [--max-warnings N]
  netlint export FILE [--network NAME] [--out model.py]
  netlint import MODEL.onnx|MODEL.prototxt [--out FILE.net]
  netlint report FILE [--out report.html] [--format html|svg] [--network NAME]

  FILE may be - to read standard input.

Options:
  --format F         output format (analyze: table; lint: stylish)
  --expand           analyze: show the layers inside blocks and repeats
  --all              analyze: show every layer, not only those with weights
  --max-warnings N   lint: exit 1 when there are more than N warnings
  --network NAME     export: the network to write (all of the file's by default);
                     report: only this network (svg: needed when the file has several)
  --out FILE         export: write the PyTorch module here, not to standard output;
                     import: where to write the .net file (default: MODEL.net; - for stdout);
                     report: write to FILE instead of standard output
  --rule CODE=SEV    set a rule's severity (error, warning, info, hint, off); repeatable
  --max-layers N     the most layers a network may expand to (default 1,000,000)
  --config FILE      use this settings file instead of the nearest .netlintrc.json
  --no-config        use no settings file
  --color, --no-color
  -h, --help         show this help
  -v, --version      show the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage or unreadable file.`;

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

function ruleOverrides(rules: string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of rules ?? []) {
    const match = /^([a-z-]+)=([a-z]+)$/.exec(entry);
    if (!match) throw new UsageError(`--rule takes CODE=SEVERITY, such as heavy-layer=off; got '${entry}'`);
    if (!isRuleCode(match[1]!)) throw new UsageError(`--rule: unknown rule '${match[1]}' (rules: ${RULE_CODES.join(', ')})`);
    result[match[1]!] = match[2]!;
  }
  return result;
}

/** A flag's whole number, from `least` up to the largest that a number holds exactly. */
function wholeNumber(value: string | undefined, flag: string, least: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < least || !Number.isSafeInteger(number)) {
    throw new UsageError(`${flag} must be a whole number from ${least} to ${Number.MAX_SAFE_INTEGER}, not '${value}'`);
  }
  return number;
}

function choose<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, command: string): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${command} --format takes ${allowed.join(', ')}; not '${value}'`);
  }
  return value as T;
}

export function run(argv: string[], io: Output, colourDefault: boolean): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        expand: { type: 'boolean' },
        all: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        network: { type: 'string' },
        out: { type: 'string', short: 'o' },
        rule: { type: 'string', multiple: true },
        'max-layers': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    io.err(`netlint: ${(error as Error).message.replace(/\. To specify.*$/s, '')}\nRun 'netlint --help' for usage.`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.version) {
    io.out(version);
    return 0;
  }
  const [command, ...files] = positionals;
  try {
    if (command !== 'analyze' && command !== 'lint' && command !== 'export' && command !== 'import' && command !== 'report') {
      throw new UsageError(
        command ? `unknown command '${command}': use analyze, lint, export, import or report` : 'a command is needed: analyze, lint, export, import or report',
      );
    }
    if (values.network !== undefined && command !== 'export' && command !== 'report') throw new UsageError('--network belongs to export and report');
    if (values.out !== undefined && command !== 'export' && command !== 'import' && command !== 'report') {
      throw new UsageError('--out belongs to export, import and report');
    }
    if (files.length === 0) throw new UsageError(`${command} needs a file (or - for standard input)`);
    const overrides: SettingsInput = { rules: ruleOverrides(values.rule) };
    const maxLayers = wholeNumber(values['max-layers'], '--max-layers', 1);
    if (maxLayers !== undefined) overrides.maxLayers = maxLayers;
    const settingsFor = settingsResolver({ configPath: values.config, noConfig: values['no-config'] ?? false, overrides });
    const colour = colours(values['no-color'] ? false : values.color ? true : colourDefault);
    const load = (name: string) => {
      const document = readDocument(name, (path) => resolve(path));
      const settings = settingsFor(document.path ? dirname(document.path) : process.cwd());
      return { document, analysis: analyze(document.text, settings) };
    };

    if (command === 'export') {
      if (files.length > 1) throw new UsageError('export takes one file');
      if (values.format !== undefined || values['max-warnings'] !== undefined) throw new UsageError('export takes --network and --out');
      const { document, analysis } = load(files[0]!);
      const outcome = exportPyTorch(analysis, { network: values.network, source: document.path ? basename(document.path) : undefined });
      switch (outcome.kind) {
        case 'errors':
          for (const error of outcome.diagnostics) {
            const json = diagnosticToJson(analysis, error, []);
            io.err(`${document.name}:${json.line}:${json.column}: error: ${json.message} (${json.code})`);
          }
          io.err(`netlint: ${document.name} has errors: nothing exported`);
          return 1;
        case 'unknown-network':
          throw new UsageError(
            outcome.names.length
              ? `no network '${outcome.name}' in ${document.name}; its networks: ${outcome.names.join(', ')}`
              : `${document.name} has no network`,
          );
        case 'not-exportable':
          for (const problem of outcome.problems) io.err(`${document.name}:${problem.line}: error: ${problem.message}`);
          io.err(`netlint: ${document.name} cannot be exported to PyTorch: nothing exported`);
          return 1;
        case 'exported':
          if (values.out === undefined) io.out(outcome.text.replace(/\n$/, ''));
          else writeOutput(values.out, outcome.text);
          return 0;
      }
    }
    if (command === 'import') {
      if (files.length !== 1 || files[0] === '-') throw new UsageError('import takes one model file (.onnx or .prototxt)');
      return runImport(files[0]!, values.out ?? defaultOutput(files[0]!), settingsFor(dirname(resolve(files[0]!))), io);
    }
    if (command === 'report') {
      if (files.length > 1) throw new UsageError('report takes one file');
      if (values['max-warnings'] !== undefined) throw new UsageError('--max-warnings belongs to lint');
      const format = choose(values.format, ['html', 'svg'] as const, 'html', 'report');
      // The analysis is let go once the reports and the error lines are made: the page is
      // written without it (on 100,000 layers, 100 MB less at the page's peak).
      const { document, reports, errors } = (() => {
        const { document, analysis } = load(files[0]!);
        const networks = values.network === undefined ? analysis.networks : analysis.networks.filter((n) => n.name === values.network);
        if (networks.length === 0 && values.network !== undefined) {
          const names = analysis.networks.map((n) => n.name).join(', ');
          throw new UsageError(`no network '${values.network}' in ${document.name}${names ? ` (networks: ${names})` : ''}`);
        }
        if (format === 'svg' && networks.length !== 1) {
          const names = networks.map((n) => n.name).join(', ');
          throw new UsageError(networks.length === 0 ? `no network in ${document.name}` : `--format svg draws one network: choose with --network (${names})`);
        }
        const errors = analysis.diagnostics
          .filter((d) => d.severity === 'error')
          .map((error) => {
            const json = diagnosticToJson(analysis, error, []);
            return `${document.name}:${json.line}:${json.column}: error: ${json.message} (${json.code})`;
          });
        return { document, reports: networks.map((network) => buildNetworkReport(analysis, network)), errors };
      })();
      if (format === 'svg' && reports[0]!.nodes.length > MAX_DRAWN_NODES) {
        throw new UsageError(
          `the graph of ${reports[0]!.name} has ${formatCount(reports[0]!.nodes.length)} nodes, more than the ${MAX_DRAWN_NODES} that can be drawn: use --format html for its bars and table`,
        );
      }
      const text =
        format === 'svg'
          ? renderGraphSvg(reports[0]!, { standalone: true })
          : renderReportHtml(reports, {
              title: document.name,
              nonce: randomBytes(18).toString('base64'),
              errors: errors.length,
            });
      if (values.out === undefined) io.out(text);
      else {
        try {
          writeFileSync(values.out, text);
        } catch (error) {
          throw new UsageError(`cannot write '${values.out}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
      }
      for (const error of errors) io.err(error);
      return errors.length > 0 ? 1 : 0;
    }

    if (command === 'analyze') {
      if (files.length > 1) throw new UsageError('analyze takes one file; lint takes several');
      if (values['max-warnings'] !== undefined) throw new UsageError('--max-warnings belongs to lint');
      const format = choose(values.format, ['table', 'markdown', 'csv', 'json'] as const, 'table', 'analyze');
      const { document, analysis } = load(files[0]!);
      if (format === 'json') {
        io.out(JSON.stringify(analysisToJson(document.name, analysis), null, 2));
      } else {
        io.out(renderTables(analysis, format as TableFormat, { expand: values.expand ?? false, all: values.all ?? false }));
        const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
        for (const error of errors) {
          const json = diagnosticToJson(analysis, error, []);
          io.err(`${document.name}:${json.line}:${json.column}: error: ${json.message} (${json.code})`);
        }
        const others = analysis.diagnostics.length - errors.length;
        if (others > 0 && format === 'table')
          io.err(colour.dim(`${others} more finding${others === 1 ? '' : 's'}: run 'netlint lint ${files[0]}' to see them and their fixes`));
      }
      return analysis.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
    }

    const format = choose(values.format, ['stylish', 'json', 'sarif'] as const, 'stylish', 'lint');
    const maxWarnings = wholeNumber(values['max-warnings'], '--max-warnings', 0);
    // An unreadable file is reported and skipped: the others are still linted and shown.
    const linted: LintedFile[] = [];
    const unreadable = new Set<string>();
    for (const name of files) {
      try {
        const { document, analysis } = load(name);
        linted.push(lintFile(document.name, document.path, analysis));
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        if (!unreadable.has(error.message)) io.err(`netlint: ${error.message}`);
        unreadable.add(error.message);
      }
    }
    if (format === 'json') io.out(formatJson(linted));
    else if (format === 'sarif') io.out(formatSarif(linted, version, RULES_URI));
    else {
      const text = formatStylish(linted, colour);
      if (text) io.out(text);
    }
    if (unreadable.size > 0) return 2;
    const { errors, warnings } = tally(linted);
    if (errors > 0) return 1;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.err(`netlint: ${warnings} warnings, more than --max-warnings ${maxWarnings}`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`netlint: ${error.message}`);
      return 2;
    }
    io.err(`netlint: internal error: ${(error as Error).message}. Please report it with the file that caused it.`);
    return 2;
  }
}

/**
 * A reader that stops early (`netlint … | head`) closes the pipe: what is left of the
 * output has nowhere to go, and that is no failure of the command. Like `cat` killed by
 * SIGPIPE it stops quietly, but with the exit code its findings give (node ignores SIGPIPE).
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

if (require.main === module) {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const exitCode = run(
    process.argv.slice(2),
    { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') },
    wantsColour(process.stdout),
  );
  process.exitCode = exitCode;
}
