/**
 * The benchmark's inputs, made at run time: flat networks with branches, deep nesting of
 * blocks, repeats, and the bundled examples. Each input is one model rendered twice, as
 * `.net` text and as JSON (the same statements, the same fields), so that V8's
 * `JSON.parse` of the JSON is a baseline measured on the same layers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expr, Statement } from '../core/ast';
import { parse } from '../core/parser';
import { repoRoot } from '../test/helpers/paths';

/** A value as written: a number, dimensions (`3x3` → [3, 3]), a boolean, a name, or an expression's text. */
export type Value = number | number[] | boolean | string | { readonly expr: string };

export interface InputModel {
  readonly kind: 'input';
  readonly name: string;
  readonly shape: number[];
}

export interface LayerModel {
  readonly name?: string;
  readonly op: string;
  readonly args: Value[];
  readonly kwargs?: Record<string, Value>;
  readonly repeat?: Value;
  readonly from?: string;
}

export type StatementModel = InputModel | LayerModel;

export interface DeclarationModel {
  readonly kind: 'network' | 'block';
  readonly name: string;
  readonly params?: { readonly name: string; readonly default?: Value }[];
  readonly statements: StatementModel[];
}

export interface BenchInput {
  readonly id: string;
  readonly description: string;
  readonly text: string;
  readonly json: string;
  /** Layer statements written in the file (not expanded). */
  readonly statements: number;
  /** Lines of the `.net` text. */
  readonly lines: number;
}

const isInput = (s: StatementModel): s is InputModel => (s as InputModel).kind === 'input';

function renderValue(value: Value): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('x');
  return value.expr;
}

function renderStatement(s: StatementModel): string {
  if (isInput(s)) return `input ${s.name}: ${s.shape.join('x')}`;
  const args = [...s.args.map(renderValue), ...Object.entries(s.kwargs ?? {}).map(([k, v]) => `${k}=${renderValue(v)}`)];
  const call = `${s.op}(${args.join(', ')})`;
  return `${s.name ? `${s.name} = ` : ''}${call}${s.repeat !== undefined ? ` * ${renderValue(s.repeat)}` : ''}${s.from ? ` from ${s.from}` : ''}`;
}

export function renderNet(declarations: readonly DeclarationModel[]): string {
  const out: string[] = [];
  for (const d of declarations) {
    const params =
      d.kind === 'block' ? `(${(d.params ?? []).map((p) => (p.default !== undefined ? `${p.name}=${renderValue(p.default)}` : p.name)).join(', ')})` : '';
    out.push(`${d.kind} ${d.name}${params} {`);
    for (const s of d.statements) out.push(`  ${renderStatement(s)}`);
    out.push('}', '');
  }
  return out.join('\n');
}

export const renderJson = (declarations: readonly DeclarationModel[]): string => JSON.stringify(declarations);

function countLayers(declarations: readonly DeclarationModel[]): number {
  return declarations.reduce((sum, d) => sum + d.statements.filter((s) => !isInput(s)).length, 0);
}

function make(id: string, description: string, declarations: DeclarationModel[]): BenchInput {
  const text = renderNet(declarations);
  return { id, description, text, json: renderJson(declarations), statements: countLayers(declarations), lines: text.split('\n').length };
}

/**
 * A flat network of exactly `layers` layer statements, 16×32×32 throughout, with a
 * residual `add` and a two-branch `concat` (via `from`) in every cycle of eight layers,
 * and two large kernels (one 5×5, one 7×7) so that `large-kernel` and its fixes have work.
 * `distinct` writes each conv's filter count as an expression of its own (`16 + 0 * 7`),
 * of the same value: no two layers then share their text, and the expansion's memo of
 * layers already worked out never serves one.
 */
export function flatNetwork(layers: number, distinct = false): DeclarationModel[] {
  const statements: StatementModel[] = [{ kind: 'input', name: 'image', shape: [16, 32, 32] }];
  const tail = 3;
  const cycles = Math.floor((layers - tail) / 8);
  const rest = layers - tail - cycles * 8;
  const big = new Map([
    [Math.floor(cycles / 3), 5],
    [Math.floor((2 * cycles) / 3), 7],
  ]);
  const closers: LayerModel[] = [
    { op: 'relu', args: [] },
    { op: 'dropout', args: [0.1] },
    { op: 'maxpool', args: [[3, 3]], kwargs: { stride: 1, pad: 1 } },
  ];
  const filters = (count: number, conv: number): Value => (distinct ? { expr: `${count} + 0 * ${conv}` } : count);
  for (let i = 0; i < cycles; i++) {
    const k = big.get(i) ?? 3;
    statements.push(
      { name: `c${i}a`, op: 'conv', args: [filters(16, 4 * i), [3, 3]], kwargs: { pad: 1, act: 'relu' } },
      { name: `c${i}b`, op: 'batchnorm', args: [] },
      { name: `c${i}c`, op: 'conv', args: [filters(16, 4 * i + 1), [k, k]], kwargs: { pad: (k - 1) / 2 } },
      { name: `r${i}`, op: 'add', args: [`c${i}c`, `c${i}a`] },
      { name: `p${i}`, op: 'conv', args: [filters(8, 4 * i + 2), [1, 1]], from: `r${i}` },
      { name: `q${i}`, op: 'conv', args: [filters(8, 4 * i + 3), [3, 3]], kwargs: { pad: 1, act: 'relu' }, from: `r${i}` },
      { name: `m${i}`, op: 'concat', args: [`p${i}`, `q${i}`] },
      closers[i % closers.length]!,
    );
  }
  for (let i = 0; i < rest; i++) statements.push({ op: 'relu', args: [] });
  statements.push({ name: 'pool', op: 'globalavgpool', args: [] }, { name: 'classifier', op: 'dense', args: [10] }, { name: 'prob', op: 'softmax', args: [] });
  return [{ kind: 'network', name: `Flat${layers}`, statements }];
}

/**
 * Blocks nested `levels` deep (B_k uses B_{k-1}, with a residual add), used by a network
 * of `stages` stages, each at another channel count so that no instance is shared.
 */
export function deepNetwork(levels: number, stages: number): DeclarationModel[] {
  const declarations: DeclarationModel[] = [
    { kind: 'block', name: 'B0', params: [{ name: 'c' }], statements: [{ op: 'conv', args: ['c', [3, 3]], kwargs: { pad: 1, act: 'relu' } }] },
  ];
  for (let k = 1; k <= levels; k++) {
    declarations.push({
      kind: 'block',
      name: `B${k}`,
      params: [{ name: 'c' }],
      statements: [
        { name: 'x', op: `B${k - 1}`, args: ['c'] },
        { name: 'y', op: 'conv', args: ['c', [1, 1]] },
        { op: 'add', args: ['y', 'in'] },
      ],
    });
  }
  const statements: StatementModel[] = [{ kind: 'input', name: 'image', shape: [16, 8, 8] }];
  for (let j = 0; j < stages; j++) {
    const c = 16 + j;
    if (j > 0) statements.push({ name: `t${j}`, op: 'conv', args: [c, [1, 1]] });
    statements.push({ name: `s${j}`, op: `B${levels}`, args: [c] });
  }
  statements.push({ name: 'pool', op: 'globalavgpool', args: [] }, { name: 'classifier', op: 'dense', args: [10] });
  declarations.push({ kind: 'network', name: `Deep${levels}`, statements });
  return declarations;
}

/** Repeats: `Stage(c, n) * 10`, where a stage is `Res(c) * n` and a 1×1 conv, and op repeats `relu() * n`. */
export function repeatNetwork(stages: number): DeclarationModel[] {
  const res: DeclarationModel = {
    kind: 'block',
    name: 'Res',
    params: [{ name: 'c' }],
    statements: [
      { name: 'a', op: 'conv', args: ['c', [3, 3]], kwargs: { pad: 1, act: 'relu' } },
      { name: 'b', op: 'conv', args: ['c', [3, 3]], kwargs: { pad: 1 } },
      { op: 'add', args: ['b', 'in'] },
    ],
  };
  const stage: DeclarationModel = {
    kind: 'block',
    name: 'Stage',
    params: [{ name: 'c' }, { name: 'n', default: 2 }],
    statements: [
      { name: 'body', op: 'Res', args: ['c'], repeat: 'n' },
      { op: 'conv', args: ['c', [1, 1]], kwargs: { act: 'relu' } },
    ],
  };
  const statements: StatementModel[] = [{ kind: 'input', name: 'image', shape: [16, 16, 16] }];
  for (let j = 0; j < stages; j++) {
    statements.push({ name: `s${j}`, op: 'Stage', args: [16, 40 + j], repeat: 10 });
    statements.push({ name: `a${j}`, op: 'relu', args: [], repeat: 50 });
  }
  statements.push({ name: 'pool', op: 'globalavgpool', args: [] }, { name: 'classifier', op: 'dense', args: [10] });
  return [res, stage, { kind: 'network', name: 'Repeats', statements }];
}

/** An expression of the syntax tree as a JSON value, for the JSON twin of an example. */
function exprValue(expr: Expr | undefined, text: string): Value {
  if (!expr) return '';
  switch (expr.kind) {
    case 'integer':
      return Number(expr.value);
    case 'decimal':
      return expr.value;
    case 'dims':
      return expr.value.map(Number);
    case 'boolean':
      return expr.value;
    case 'name':
      return expr.name;
    case 'binary':
    case 'negate':
    case 'list':
      return { expr: text.slice(expr.start, expr.end) };
  }
}

function statementModel(s: Statement, text: string): StatementModel {
  if (s.kind === 'input') {
    const shape = exprValue(s.shape, text);
    return { kind: 'input', name: s.name?.text ?? '', shape: Array.isArray(shape) ? shape : [Number(shape)] };
  }
  const args: Value[] = [];
  const kwargs: Record<string, Value> = {};
  for (const arg of s.call.args) {
    if (arg.name) kwargs[arg.name.text] = exprValue(arg.value, text);
    else args.push(exprValue(arg.value, text));
  }
  return {
    ...(s.name ? { name: s.name.text } : {}),
    op: s.call.callee.text,
    args,
    ...(Object.keys(kwargs).length ? { kwargs } : {}),
    ...(s.repeat ? { repeat: exprValue(s.repeat, text) } : {}),
    ...(s.from ? { from: s.from.text } : {}),
  };
}

/** A bundled example, its JSON twin made from its syntax tree (outside any timing). */
export function exampleInput(name: string): BenchInput {
  const text = readFileSync(join(repoRoot, 'examples', `${name}.net`), 'utf8');
  const file = parse(text).file;
  const declarations: DeclarationModel[] = file.declarations.map((d) => ({
    kind: d.kind,
    name: d.name?.text ?? '',
    ...(d.kind === 'block'
      ? { params: d.params.map((p) => ({ name: p.name.text, ...(p.defaultValue ? { default: exprValue(p.defaultValue, text) } : {}) })) }
      : {}),
    statements: d.statements.map((s) => statementModel(s, text)),
  }));
  return {
    id: `example:${name}`,
    description: `examples/${name}.net`,
    text,
    json: renderJson(declarations),
    statements: countLayers(declarations),
    lines: text.split('\n').length,
  };
}

export const exampleNames = (): string[] =>
  readdirSync(join(repoRoot, 'examples'))
    .filter((f) => f.endsWith('.net'))
    .map((f) => f.slice(0, -4))
    .sort();

export const FLAT_SIZES = [1_000, 10_000, 100_000] as const;
export const DEEP_LEVELS = 60;
export const DEEP_STAGES = 20;
export const REPEAT_STAGES = 20;

/** An input of `netlint lint`, end to end: text only, no JSON twin. */
export interface LintInput {
  readonly id: string;
  readonly description: string;
  readonly text: string;
}

/** The lint inputs: a large kernel on every line, so a diagnostic and three fixes each. */
export const LINT_IDS = ['lint-3000'] as const;

export function makeLintInput(id: string): LintInput {
  const match = /^lint-(\d+)$/.exec(id);
  if (!match) throw new Error(`unknown lint input '${id}'`);
  const n = Number(match[1]);
  const lines = Array.from({ length: n }, (_, i) => `  c${i + 1} = conv(4, 5x5, pad=2)\n`).join('');
  return { id, description: `lint ${n.toLocaleString('en-US')} lines of \`cN = conv(4, 5x5, pad=2)\``, text: `network big {\n  input x: 3x32x32\n${lines}}\n` };
}

/** Every input id the benchmark runs, in order. */
export function inputIds(): string[] {
  return [
    ...FLAT_SIZES.map((n) => `flat-${n}`),
    'distinct-10000',
    `deep-${DEEP_LEVELS}`,
    'repeats',
    'gpt-48x2048',
    'mixed-v2-10000',
    ...exampleNames().map((n) => `example:${n}`),
  ];
}

export function makeInput(id: string): BenchInput {
  const flat = /^flat-(\d+)$/.exec(id);
  if (flat) {
    const n = Number(flat[1]);
    return make(id, `flat network, ${n.toLocaleString('en-US')} layers, add + concat every 8`, flatNetwork(n));
  }
  const distinct = /^distinct-(\d+)$/.exec(id);
  if (distinct) {
    const n = Number(distinct[1]);
    return make(id, `as flat-${n}, but no two layers written alike (each conv's filters a distinct expression of the same value)`, flatNetwork(n, true));
  }
  const deep = /^deep-(\d+)$/.exec(id);
  if (deep) {
    const levels = Number(deep[1]);
    return make(id, `blocks nested ${levels} deep, ${DEEP_STAGES} distinct instances`, deepNetwork(levels, DEEP_STAGES));
  }
  if (id === 'repeats') return make(id, `Stage(c, n) * 10 over Res(c) * n, and relu() * 50, ${REPEAT_STAGES} stages`, repeatNetwork(REPEAT_STAGES));
  const gpt = /^gpt-(\d+)x(\d+)$/.exec(id);
  if (gpt) {
    const [blocks, tokens] = [Number(gpt[1]), Number(gpt[2])];
    return make(
      id,
      `GPT-style decoder (language v2): ${blocks} blocks of causal attention at T = ${tokens.toLocaleString('en-US')}, head tied`,
      gptNetwork(blocks, tokens),
    );
  }
  const mixed = /^mixed-v2-(\d+)$/.exec(id);
  if (mixed) {
    const n = Number(mixed[1]);
    return make(
      id,
      `about ${n.toLocaleString('en-US')} layers mixing language v2's ops (SE gates by mul, chunk, channelshuffle, layerscale, droppath, attention)`,
      mixedV2Network(n),
    );
  }
  if (id.startsWith('example:')) return exampleInput(id.slice('example:'.length));
  throw new Error(`unknown bench input '${id}'`);
}

/**
 * A GPT-style decoder as language v2 writes it: token and position embeddings, `blocks`
 * pre-norm blocks of causal attention and a 4·d MLP at T tokens, and a head tied to the
 * token table. The T² term of every attention is worked out in bigints.
 */
export function gptNetwork(blocks: number, tokens: number): DeclarationModel[] {
  const block: DeclarationModel = {
    kind: 'block',
    name: 'Decoder',
    params: [{ name: 'd' }, { name: 'heads' }],
    statements: [
      { name: 'ln1', op: 'layernorm', args: [] },
      { name: 'attn', op: 'attention', args: ['heads'], kwargs: { causal: true } },
      { name: 'r1', op: 'add', args: ['attn', 'in'] },
      { name: 'ln2', op: 'layernorm', args: [] },
      { name: 'up', op: 'dense', args: [{ expr: '4 * d' }], kwargs: { act: 'gelu' } },
      { name: 'down', op: 'dense', args: ['d'] },
      { op: 'add', args: ['down', 'r1'] },
    ],
  };
  const statements: StatementModel[] = [
    { kind: 'input', name: 'ids', shape: [tokens] },
    { name: 'wte', op: 'embedding', args: [50_257, 768] },
    { name: 'wpe', op: 'posembed', args: [tokens] },
    { name: 'blocks', op: 'Decoder', args: [768, 12], repeat: blocks },
    { name: 'ln_f', op: 'layernorm', args: [] },
    { name: 'head', op: 'dense', args: [50_257], kwargs: { bias: false, tied: 'wte' } },
  ];
  return [block, { kind: 'network', name: `Gpt${blocks}x${tokens}`, statements }];
}

/**
 * A flat network of about `layers` layer statements that mixes language v2's ops: cycles of
 * twelve on a 16×16×16 map (a SiLU conv, a squeeze-and-excitation gate by `mul`, a channel
 * split by `chunk`, `concat`, `channelshuffle`, `layerscale`, `droppath`), then a
 * transformer head read from the map as tokens.
 */
export function mixedV2Network(layers: number): DeclarationModel[] {
  const statements: StatementModel[] = [{ kind: 'input', name: 'image', shape: [16, 16, 16] }];
  const cycles = Math.floor((layers - 6) / 12);
  for (let i = 0; i < cycles; i++) {
    statements.push(
      { name: `a${i}`, op: 'conv', args: [16, [3, 3]], kwargs: { pad: 1, act: 'silu' } },
      { name: `s${i}`, op: 'globalavgpool', args: [] },
      { name: `e${i}`, op: 'conv', args: [4, [1, 1]], kwargs: { act: 'relu' } },
      { name: `g${i}`, op: 'conv', args: [16, [1, 1]], kwargs: { act: 'hardsigmoid' } },
      { name: `m${i}`, op: 'mul', args: [`a${i}`, `g${i}`] },
      { name: `h${i}`, op: 'chunk', args: [2, 0], from: `m${i}` },
      { name: `k${i}`, op: 'chunk', args: [2, 1], from: `m${i}` },
      { name: `d${i}`, op: 'dwconv', args: [[3, 3]], kwargs: { pad: 1 } },
      { name: `c${i}`, op: 'concat', args: [`h${i}`, `d${i}`] },
      { name: `x${i}`, op: 'channelshuffle', args: [2] },
      { name: `l${i}`, op: 'layerscale', args: [] },
      { name: `p${i}`, op: 'droppath', args: [0.1] },
    );
  }
  statements.push(
    { name: 'seq', op: 'tokens', args: [] },
    { name: 'norm', op: 'layernorm', args: [] },
    { name: 'attn', op: 'attention', args: [4] },
    { name: 'mean', op: 'tokenmean', args: [] },
    { name: 'classifier', op: 'dense', args: [10] },
    { name: 'prob', op: 'softmax', args: [] },
  );
  return [{ kind: 'network', name: `MixedV2x${layers}`, statements }];
}
