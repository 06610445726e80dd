/** `lossy-stride`: a window whose stride does not tile its input, so that rows or columns are never read. */
import type { LayerNode } from '../expand';
import { plural } from '../format';
import { boolArg, OPS, pairArg, resolvePad, type Pair } from '../ops';
import { windowRemainder } from '../shapes';
import { defineRule, statementDiagnostics, type Leaf, type RuleDefinition } from './rule';

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
function lossyText(leaf: LayerNode, path: string): string | undefined {
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
  const data =
    rows.data + columns.data === 0
      ? 'only padding, no data'
      : [rows.data ? plural(rows.data, 'row') : '', columns.data ? plural(columns.data, 'column') : ''].filter(Boolean).join(' and ') + ' of data';
  const strideText = stride[0] === stride[1] ? String(stride[0]) : stride.join('x');
  return `${path}'s ${kernel.join('x')} window with stride ${strideText} does not tile its ${input[1]}×${input[2]} input with pad ${pad[0] === pad[1] ? pad[0] : pad.join('x')}: the last ${lost} ${rows.rows + columns.rows === 1 ? 'is' : 'are'} never read (${data})`;
}

/** A leaf that loses rows, with its message: worked out in the walk, where the leaf is at hand. */
interface Lossy extends Leaf {
  readonly text: string;
}

export const lossyStride: RuleDefinition<'lossy-stride'> = defineRule({
  code: 'lossy-stride',
  summary: 'a window with a stride that does not tile its input, so that the last rows or columns are never read.',
  severity: 'information',
  walk: {
    start: (): Lossy[] => [],
    visit: (lossy, leaf, path, top) => {
      if (leaf.args === undefined || !windowed(leaf)) return;
      const text = lossyText(leaf, path);
      if (text !== undefined) lossy.push({ leaf, path, top, text });
    },
    finish: (lossy, network, severity) => statementDiagnostics('lossy-stride', severity, network, lossy, (item) => item.text),
  },
});
