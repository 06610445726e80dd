/** `lossy-stride`: a window whose stride does not tile its input, so that rows or columns of it (not padding) are never read. */
import type { LayerNode } from '../expand';
import { plural } from '../format';
import { boolArg, OPS, pairArg, resolvePad, type Pair } from '../ops';
import { windowRemainder } from '../shapes';
import { defineRule, statementDiagnostics, type Leaf, type RuleDefinition } from './rule';

/**
 * How many rows (or columns, or positions of a signal) of the input itself the last
 * window leaves out: of the H + 2p − 1 − ((H′ − 1)·s + d·(k − 1)) rows of the padded
 * input past its end, those beyond the far padding p.
 */
function unreadData(size: number, kernel: number, stride: number, pad: number, dilation: number): number {
  return Math.max(0, windowRemainder(size, { kernel, stride, pad, dilation }) - pad);
}

/** A pool's taps are next to each other: it has no dilation argument. */
const NO_DILATION: Pair = [1, 1];

/** Whether a leaf slides a window, which may leave rows of its input unread (a leaf's op is canonical). */
const windowed = (leaf: LayerNode): boolean => OPS.get(leaf.op)?.windowed === true;

const sizeText = (pair: Pair, signal: boolean): string => (signal || pair[0] === pair[1] ? String(pair[0]) : pair.join('x'));

/**
 * What a windowed leaf's window leaves out of its input, in words; undefined when it reads
 * all of it (padding left out is harmless).
 */
function lossyText(leaf: LayerNode, path: string): string | undefined {
  const args = leaf.args;
  const input = leaf.inputs[0];
  if (!args || !input || (input.length !== 3 && input.length !== 2) || !leaf.shape) return undefined;
  if (boolArg(args, 'ceil', false)) return undefined;
  const signal = input.length === 2;
  const kernel = pairArg(args, 'kernel');
  const stride = pairArg(args, 'stride');
  const dilation = pairArg(args, 'dilation', NO_DILATION);
  const pad = resolvePad(args, kernel, dilation, signal);
  if ('error' in pad) return undefined;
  // Worked out before any list is made: nearly every window reads all of its input.
  const rows = unreadData(input[1]!, kernel[0], stride[0], pad[0], dilation[0]);
  const columns = signal ? 0 : unreadData(input[2]!, kernel[1], stride[1], pad[1], dilation[1]);
  if (rows === 0 && columns === 0) return undefined;
  const unread = signal ? [rows] : [rows, columns];
  const nouns = signal ? ['position'] : ['row', 'column'];
  const lost = unread.flatMap((rows, i) => (rows ? [plural(rows, nouns[i]!)] : [])).join(' and ');
  const total = unread.reduce((sum, rows) => sum + rows, 0);
  const window = signal ? String(kernel[0]) : kernel.join('x');
  const what = signal ? `length-${input[1]} input` : `${input[1]}×${input[2]} input`;
  return `${path}'s ${window} window with stride ${sizeText(stride, signal)} does not tile its ${what} with pad ${sizeText(pad, signal)}: the last ${lost} of the input ${total === 1 ? 'is' : 'are'} never read`;
}

/** A leaf that loses rows, with its message: worked out in the walk, where the leaf is at hand. */
interface Lossy extends Leaf {
  readonly text: string;
}

export const lossyStride: RuleDefinition<'lossy-stride'> = defineRule({
  code: 'lossy-stride',
  summary: 'a window with a stride that does not tile its input, so that the last rows or columns of the input (not padding) are never read.',
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
