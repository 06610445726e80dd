/**
 * The lint rules over an expanded network: layers that hold most of the weights or the
 * compute, dense-heavy heads, large kernels and strides that drop rows. Each rule is a
 * pure function from a network and its settings to diagnostics.
 */
import type { Diagnostic, RuleCode, Severity } from './diagnostics';
import { forEachLeaf, type LayerNode, type NetworkAnalysis } from './expand';
import { formatCount, formatShare, plural } from './format';
import { resolvePad, type Pair } from './ops';
import type { RuleSetting, Settings } from './settings';
import { windowRemainder } from './shapes';
import { span } from './text';

interface Leaf {
  readonly leaf: LayerNode;
  readonly path: string;
  readonly top: LayerNode;
}

function leaves(network: NetworkAnalysis): Leaf[] {
  const all: Leaf[] = [];
  forEachLeaf(network.layers, (leaf, path, top) => all.push({ leaf, path, top }));
  return all;
}

/**
 * Whether a part passes a rule's share of a whole and its minimum. `part > share · whole`,
 * exactly with the share taken to a millionth, is `part · 10⁶ > s · whole`, which for an
 * integer part is `part > ⌊s · whole / 10⁶⌋`: worked out once per network, not per layer.
 */
function passing(whole: bigint, setting: RuleSetting): (part: bigint) => boolean {
  const above = (BigInt(Math.round((setting.share ?? 0) * 1_000_000)) * whole) / 1_000_000n;
  const minimum = BigInt(setting.minimum ?? 0);
  return (part) => part > above && part >= minimum;
}

/** Rules about a layer report at the statement in the network body that holds it. */
function make(code: RuleCode, severity: Severity, message: string, network: NetworkAnalysis, item: Leaf): Diagnostic {
  return {
    code,
    severity,
    message,
    span: span(item.top.statement.start, item.top.statement.end),
    target: { network: network.name, path: item.path, statement: item.top.name },
  };
}

function heavyLayer(network: NetworkAnalysis, all: Leaf[], setting: RuleSetting, severity: Severity): Diagnostic[] {
  const total = network.totals.weights;
  const passes = passing(total, setting);
  return all
    .filter(({ leaf }) => passes(leaf.counts.weights))
    .map((item) =>
      make(
        'heavy-layer',
        severity,
        `${item.path} holds ${formatShare(item.leaf.counts.weights, total)} of the network's weights (${formatCount(item.leaf.counts.weights)} of ${formatCount(total)})`,
        network,
        item,
      ),
    );
}

function costlyLayer(network: NetworkAnalysis, all: Leaf[], setting: RuleSetting, severity: Severity): Diagnostic[] {
  const total = network.totals.connections;
  const passes = passing(total, setting);
  return all
    .filter(({ leaf }) => passes(leaf.counts.connections))
    .map((item) =>
      make(
        'costly-layer',
        severity,
        `${item.path} makes ${formatShare(item.leaf.counts.connections, total)} of the network's connections (${formatCount(item.leaf.counts.connections)} of ${formatCount(total)} multiply-accumulates)`,
        network,
        item,
      ),
    );
}

function fcDominant(network: NetworkAnalysis, all: Leaf[], setting: RuleSetting, severity: Severity): Diagnostic[] {
  const dense = all.filter(({ leaf }) => leaf.op === 'dense');
  const weights = dense.reduce((sum, { leaf }) => sum + leaf.counts.weights, 0n);
  const total = network.totals.weights;
  if (dense.length === 0 || !passing(total, setting)(weights)) return [];
  const names = dense.map((item) => item.path).join(', ');
  return [
    make(
      'fc-dominant',
      severity,
      `dense layers hold ${formatShare(weights, total)} of the network's weights (${formatCount(weights)} of ${formatCount(total)}: ${names})`,
      network,
      dense[0]!,
    ),
  ];
}

/** A square conv kernel larger than 3 can be factorised into smaller ones. */
export function isFactorisable(leaf: LayerNode): boolean {
  if (leaf.op !== 'conv' || !leaf.args) return false;
  const [h, w] = leaf.args['kernel'] as Pair;
  return h === w && h > 3;
}

/**
 * Rules about a statement's own text report where it stands, inside a block if need be;
 * the instances of one block statement share one diagnostic.
 */
function statementRule(code: RuleCode, severity: Severity, network: NetworkAnalysis, items: Leaf[], message: (item: Leaf) => string): Diagnostic[] {
  const byStatement = new Map<LayerNode['statement'], Leaf[]>();
  for (const item of items) {
    const group = byStatement.get(item.leaf.statement);
    if (group) group.push(item);
    else byStatement.set(item.leaf.statement, [item]);
  }
  return [...byStatement.values()].map((group) => {
    const first = group[0]!;
    const inBlock = first.leaf.statement !== first.top.statement;
    const others = group.length > 1 ? ` (and in ${group.length - 1} more instance${group.length > 2 ? 's' : ''}: ${group.slice(1, 4).map((item) => item.path).join(', ')}${group.length > 4 ? ', …' : ''})` : '';
    return {
      code,
      severity,
      message: message(first) + others,
      span: span(first.leaf.statement.start, first.leaf.statement.end),
      ...(inBlock ? {} : { target: { network: network.name, path: first.path, statement: first.top.name } }),
    };
  });
}

function largeKernel(network: NetworkAnalysis, all: Leaf[], severity: Severity): Diagnostic[] {
  return statementRule('large-kernel', severity, network, all.filter(({ leaf }) => isFactorisable(leaf)), (item) => {
    const [k] = item.leaf.args!['kernel'] as Pair;
    return `${item.path} has ${/^(8|11|18)(\d\d)*$/.test(String(k)) ? 'an' : 'a'} ${k}×${k} kernel: smaller kernels can replace it with fewer weights`;
  });
}

/** How many rows (or columns) of the padded input the last window leaves out, and how many of them hold data. */
function dropped(size: number, kernel: number, stride: number, pad: number, dilation: number): { rows: number; data: number } {
  const rows = windowRemainder(size, { kernel, stride, pad, dilation });
  return { rows, data: Math.max(0, rows - pad) };
}


function lossyStride(network: NetworkAnalysis, all: Leaf[], severity: Severity): Diagnostic[] {
  const lossy: { item: Leaf; text: string }[] = [];
  for (const item of all) {
    const { leaf } = item;
    const args = leaf.args;
    const input = leaf.inputs[0];
    if (!args || !input || input.length !== 3 || !leaf.shape) continue;
    if (!['conv', 'dwconv', 'maxpool', 'avgpool'].includes(leaf.op) || args['ceil'] === true) continue;
    const kernel = args['kernel'] as Pair;
    const stride = args['stride'] as Pair;
    const dilation = (args['dilation'] as Pair | undefined) ?? [1, 1];
    const pad = resolvePad(args, kernel, dilation);
    if ('error' in pad) continue;
    const rows = dropped(input[1]!, kernel[0], stride[0], pad[0], dilation[0]);
    const columns = dropped(input[2]!, kernel[1], stride[1], pad[1], dilation[1]);
    if (rows.rows === 0 && columns.rows === 0) continue;
    const lost = [rows.rows ? plural(rows.rows, 'row') : '', columns.rows ? plural(columns.rows, 'column') : ''].filter(Boolean).join(' and ');
    const data = rows.data + columns.data === 0 ? 'only padding, no data' : [rows.data ? plural(rows.data, 'row') : '', columns.data ? plural(columns.data, 'column') : ''].filter(Boolean).join(' and ') + ' of data';
    const strideText = stride[0] === stride[1] ? String(stride[0]) : stride.join('x');
    lossy.push({
      item,
      text: `${item.path}'s ${kernel.join('x')} window with stride ${strideText} does not tile its ${input[1]}×${input[2]} input with pad ${pad[0] === pad[1] ? pad[0] : pad.join('x')}: the last ${lost} ${rows.rows + columns.rows === 1 ? 'is' : 'are'} never read (${data})`,
    });
  }
  const texts = new Map(lossy.map(({ item, text }) => [item, text]));
  return statementRule('lossy-stride', severity, network, lossy.map(({ item }) => item), (item) => texts.get(item)!);
}

export function lintNetwork(network: NetworkAnalysis, settings: Settings): Diagnostic[] {
  if (!network.complete) return [];
  const all = leaves(network);
  const rules = settings.rules;
  const results: Diagnostic[] = [];
  const run = (code: RuleCode, check: (setting: RuleSetting, severity: Severity) => Diagnostic[]) => {
    const setting = rules[code];
    if (setting.severity !== 'off') results.push(...check(setting, setting.severity));
  };
  run('heavy-layer', (setting, severity) => heavyLayer(network, all, setting, severity));
  run('fc-dominant', (setting, severity) => fcDominant(network, all, setting, severity));
  run('costly-layer', (setting, severity) => costlyLayer(network, all, setting, severity));
  run('large-kernel', (_setting, severity) => largeKernel(network, all, severity));
  run('lossy-stride', (_setting, severity) => lossyStride(network, all, severity));
  return results;
}
