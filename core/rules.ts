/**
 * The lint rules over an expanded network: layers that hold most of the weights or the
 * compute, dense-heavy heads, large kernels and strides that drop rows. Each rule is a
 * pure function from a network and its settings to diagnostics.
 */
import type { Diagnostic, RuleCode, Severity } from './diagnostics';
import { forEachLeaf, type LayerNode, type NetworkAnalysis } from './expand';
import { formatCount, formatShare, plural } from './format';
import { boolArg, OPS, pairArg, resolvePad, type Pair } from './ops';
import type { RuleSetting, Settings } from './settings';
import { windowRemainder } from './shapes';
import { span } from './text';

interface Leaf {
  readonly leaf: LayerNode;
  readonly path: string;
  readonly top: LayerNode;
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

function heavyLayer(network: NetworkAnalysis, heavy: Leaf[], severity: Severity): Diagnostic[] {
  const total = network.totals.weights;
  return heavy.map((item) =>
      make(
        'heavy-layer',
        severity,
        `${item.path} holds ${formatShare(item.leaf.counts.weights, total)} of the network's weights (${formatCount(item.leaf.counts.weights)} of ${formatCount(total)})`,
        network,
        item,
      ),
    );
}

function costlyLayer(network: NetworkAnalysis, costly: Leaf[], severity: Severity): Diagnostic[] {
  const total = network.totals.connections;
  return costly.map((item) =>
      make(
        'costly-layer',
        severity,
        `${item.path} makes ${formatShare(item.leaf.counts.connections, total)} of the network's connections (${formatCount(item.leaf.counts.connections)} of ${formatCount(total)} multiply-accumulates)`,
        network,
        item,
      ),
    );
}

function fcDominant(network: NetworkAnalysis, dense: Leaf[], setting: RuleSetting, severity: Severity): Diagnostic[] {
  const weights = dense.reduce((sum, { leaf }) => sum + leaf.counts.weights, 0n);
  const total = network.totals.weights;
  if (dense.length === 0 || !passing(total, setting)(weights)) return [];
  const names = someNames(dense.map((item) => item.path));
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

/**
 * Names for a message: all of a few, else the first three and how many more. A network of
 * 900,000 dense layers named them all in one 7.9 MB message.
 */
export function someNames(names: readonly string[]): string {
  if (names.length <= 5) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} and ${formatCount(names.length - 3)} more`;
}

/** A square conv kernel larger than 3 can be factorised into smaller ones. */
export function isFactorisable(leaf: LayerNode): boolean {
  if (leaf.op !== 'conv' || !leaf.args) return false;
  const [h, w] = pairArg(leaf.args, 'kernel');
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

function largeKernel(network: NetworkAnalysis, large: Leaf[], severity: Severity): Diagnostic[] {
  return statementRule('large-kernel', severity, network, large, (item) => {
    const [k] = pairArg(item.leaf.args!, 'kernel');
    return `${item.path} has ${/^(8|11|18)(\d\d)*$/.test(String(k)) ? 'an' : 'a'} ${k}×${k} kernel: smaller kernels can replace it with fewer weights`;
  });
}

/** How many rows (or columns) of the padded input the last window leaves out, and how many of them hold data. */
function dropped(size: number, kernel: number, stride: number, pad: number, dilation: number): { rows: number; data: number } {
  const rows = windowRemainder(size, { kernel, stride, pad, dilation });
  return { rows, data: Math.max(0, rows - pad) };
}

/** A pool's taps are next to each other: it has no dilation argument. */
const NO_DILATION: Pair = [1, 1];

/** Whether a leaf slides a window, which may leave rows of its input unread (a leaf's op is canonical). */
const windowed = (leaf: LayerNode): boolean => OPS.get(leaf.op)?.windowed === true;

/** What a leaf's window leaves out, in words; undefined when it tiles its input. */
function lossyText(item: Leaf): string | undefined {
  const { leaf } = item;
  const args = leaf.args;
  const input = leaf.inputs[0];
  if (!args || !input || input.length !== 3 || !leaf.shape) return undefined;
  if (!windowed(leaf) || boolArg(args, 'ceil', false)) return undefined;
  const kernel = pairArg(args, 'kernel');
  const stride = pairArg(args, 'stride');
  const dilation = pairArg(args, 'dilation', NO_DILATION);
  const pad = resolvePad(args, kernel, dilation);
  if ('error' in pad) return undefined;
  const rows = dropped(input[1]!, kernel[0], stride[0], pad[0], dilation[0]);
  const columns = dropped(input[2]!, kernel[1], stride[1], pad[1], dilation[1]);
  if (rows.rows === 0 && columns.rows === 0) return undefined;
  const lost = [rows.rows ? plural(rows.rows, 'row') : '', columns.rows ? plural(columns.rows, 'column') : ''].filter(Boolean).join(' and ');
  const data = rows.data + columns.data === 0 ? 'only padding, no data' : [rows.data ? plural(rows.data, 'row') : '', columns.data ? plural(columns.data, 'column') : ''].filter(Boolean).join(' and ') + ' of data';
  const strideText = stride[0] === stride[1] ? String(stride[0]) : stride.join('x');
  return `${item.path}'s ${kernel.join('x')} window with stride ${strideText} does not tile its ${input[1]}×${input[2]} input with pad ${pad[0] === pad[1] ? pad[0] : pad.join('x')}: the last ${lost} ${rows.rows + columns.rows === 1 ? 'is' : 'are'} never read (${data})`;
}

function lossyStride(network: NetworkAnalysis, lossy: { item: Leaf; text: string }[], severity: Severity): Diagnostic[] {
  const texts = new Map(lossy.map(({ item, text }) => [item, text]));
  return statementRule('lossy-stride', severity, network, lossy.map(({ item }) => item), (item) => texts.get(item)!);
}

/**
 * Lints one network: one walk over its leaves picks each rule's candidates (a walk over
 * 100,000 layers costs a cache miss per layer, so the rules share it), then each rule
 * words its diagnostics.
 */
export function lintNetwork(network: NetworkAnalysis, settings: Settings): Diagnostic[] {
  if (!network.complete) return [];
  const rules = settings.rules;
  const severity = (code: RuleCode): Severity | undefined => {
    const chosen = rules[code].severity;
    return chosen === 'off' ? undefined : chosen;
  };
  const heavySeverity = severity('heavy-layer');
  const costlySeverity = severity('costly-layer');
  const denseSeverity = severity('fc-dominant');
  const largeSeverity = severity('large-kernel');
  const lossySeverity = severity('lossy-stride');
  const heavyPasses = heavySeverity && passing(network.totals.weights, rules['heavy-layer']);
  const costlyPasses = costlySeverity && passing(network.totals.connections, rules['costly-layer']);
  const wantLarge = largeSeverity !== undefined;
  const wantLossy = lossySeverity !== undefined;
  const heavy: Leaf[] = [];
  const costly: Leaf[] = [];
  const dense: Leaf[] = [];
  const large: Leaf[] = [];
  const lossy: { item: Leaf; text: string }[] = [];
  forEachLeaf(network.layers, (leaf, path, top) => {
    const heavyHere = heavyPasses?.(leaf.counts.weights) ?? false;
    const costlyHere = costlyPasses?.(leaf.counts.connections) ?? false;
    const denseHere = leaf.op === 'dense';
    const largeHere = wantLarge && isFactorisable(leaf);
    const mayLose = wantLossy && leaf.args !== undefined && windowed(leaf);
    if (!heavyHere && !costlyHere && !denseHere && !largeHere && !mayLose) return;
    const item: Leaf = { leaf, path, top };
    if (heavyHere) heavy.push(item);
    if (costlyHere) costly.push(item);
    if (denseHere) dense.push(item);
    if (largeHere) large.push(item);
    const text = mayLose ? lossyText(item) : undefined;
    if (text !== undefined) lossy.push({ item, text });
  });
  // Concatenated, not pushed with a spread: a spread of 130,000 items overflows the stack.
  return [
    heavySeverity ? heavyLayer(network, heavy, heavySeverity) : [],
    denseSeverity ? fcDominant(network, dense, rules['fc-dominant'], denseSeverity) : [],
    costlySeverity ? costlyLayer(network, costly, costlySeverity) : [],
    largeSeverity ? largeKernel(network, large, largeSeverity) : [],
    lossySeverity ? lossyStride(network, lossy, lossySeverity) : [],
  ].flat();
}
