/**
 * An imported graph written as `.net` text a person can read: names from the model made
 * valid and unique, a layer named only where a name helps (it has weights, or something
 * reads it out of order), and each structure that repeats (ResNet's bottlenecks,
 * Inception's modules) written once as a `block` with the values that vary as its
 * parameters, and used where it occurs (`* n` where copies follow each other).
 */
import { findOp } from '../core';
import { KEYWORDS } from '../core/tokens';
import type { Arg, Graph, Layer } from './graph';

export interface Written {
  readonly text: string;
  /** For each line of the text (0-based), where in the model it came from, if anywhere. */
  readonly origins: readonly (string | undefined)[];
}

/** A stretch of layers with one tensor in and one out: a candidate for a block. */
interface Group {
  readonly start: number;
  readonly end: number;
  /** What the structure is: its ops, their positional arguments and what each reads; values and named arguments left out. */
  readonly shape: string;
  /** Each layer's arguments, by name. */
  readonly args: readonly ReadonlyMap<string, string>[];
}

const RESERVED = new Set<string>([...KEYWORDS, 'in', 'output', 'tensor']);

/** A valid identifier close to the model's name: `conv1/7x7_s2` → `conv1_7x7_s2`, `1x1` → `l_1x1`. */
function identifier(raw: string): string {
  let name = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) return '';
  if (/^[0-9]/.test(name)) name = `l_${name}`;
  if (RESERVED.has(name)) name = `${name}_`;
  return name;
}

class Scope {
  private readonly taken = new Set<string>();
  private readonly autoCounts = new Map<string, number>();
  /** Reserves the automatic name `<op>_<n>` the language gives an unnamed layer. */
  unnamed(op: string): void {
    const n = (this.autoCounts.get(op) ?? 0) + 1;
    this.autoCounts.set(op, n);
    this.taken.add(`${op}_${n}`);
  }
  claim(wanted: string, fallback: string): string {
    const base = identifier(wanted) || fallback;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}

function isWeighted(op: string): boolean {
  const role = findOp(op)?.role;
  return role === 'weighted' || role === 'norm' || (role === undefined && op !== 'mul' && op !== 'chunk');
}

function isActivation(op: string): boolean {
  return findOp(op)?.role === 'activation';
}

function argText(arg: Arg): string {
  return arg.positional ? arg.value : `${arg.key}=${arg.value}`;
}

/** Where a single tensor alone crosses from the layers before to those after: cut points. */
function cuts(layers: readonly Layer[], inputTensor: number): boolean[] {
  const n = layers.length;
  // Tensor ids are small whole numbers (the input 0, each layer's output the next): arrays index them.
  let maxTensor = inputTensor;
  for (const layer of layers) maxTensor = Math.max(maxTensor, layer.output);
  const producer = new Int32Array(maxTensor + 1).fill(-2);
  const lastUse = new Int32Array(maxTensor + 1).fill(-1);
  producer[inputTensor] = -1;
  for (let index = 0; index < n; index++) {
    const layer = layers[index]!;
    producer[layer.output] = index;
    for (const tensor of layer.inputs) lastUse[tensor] = index;
  }
  if (n > 0) lastUse[layers[n - 1]!.output] = n;
  // live[i]: the tensors made before layer i and read at or after it.
  const delta = new Int32Array(n + 2);
  for (let tensor = 0; tensor <= maxTensor; tensor++) {
    const made = producer[tensor]!;
    const last = lastUse[tensor]!;
    if (made === -2 || last <= made) continue;
    delta[made + 1]! += 1;
    delta[last + 1]! -= 1;
  }
  const cut = new Array<boolean>(n + 1).fill(false);
  cut[0] = true;
  cut[n] = true;
  let live = 0;
  for (let i = 0; i <= n; i++) {
    live += delta[i]!;
    if (i > 0 && i < n && live === 1 && lastUse[layers[i - 1]!.output]! >= i) cut[i] = true;
  }
  return cut;
}

/** The groups worth a block: stretches with branches inside, each with the activations right after it. */
function findGroups(layers: readonly Layer[], inputTensor: number): Group[] {
  const cut = cuts(layers, inputTensor);
  const groups: Group[] = [];
  let start = 0;
  for (let i = 1; i <= layers.length; i++) {
    if (!cut[i]) continue;
    if (i - start > 1) {
      let end = i;
      while (end < layers.length && cut[end + 1] && isActivation(layers[end]!.op) && layers[end]!.inputs[0] === layers[end - 1]!.output) end++;
      groups.push(describeGroup(layers, start, end));
      i = end;
    }
    start = i;
  }
  return groups;
}

function describeGroup(layers: readonly Layer[], start: number, end: number): Group {
  const local = new Map<number, number>();
  local.set(layers[start]!.inputs[0]!, -1);
  let shape = '';
  const args: Map<string, string>[] = [];
  for (let i = start; i < end; i++) {
    const layer = layers[i]!;
    let reads = '';
    for (const tensor of layer.inputs) reads += `${local.get(tensor) ?? 'outside'},`;
    const byName = new Map<string, string>();
    let positionals = 0;
    for (const arg of layer.args) {
      byName.set(arg.key, arg.value);
      if (arg.positional) positionals++;
    }
    shape += `${layer.op}(${positionals})<${reads};`;
    args.push(byName);
    local.set(layer.output, i - start);
  }
  return { start, end, shape, args };
}

interface Parameter {
  readonly name: string;
  /** What an instance passes, by instance; undefined where an expression of another stands in. */
  readonly values: readonly string[];
}

interface BlockPlan {
  readonly name: string;
  readonly groups: Group[];
  /** Each use's place in `groups`, which is where its parameters' values are. */
  readonly use: ReadonlyMap<Group, number>;
  readonly params: Parameter[];
  /** Each layer's arguments as the block writes them: literals, or parameter expressions. */
  readonly layerArgs: Arg[][];
}

function isInteger(text: string): boolean {
  return /^[1-9][0-9]*$/.test(text);
}

/** What an argument left out means: its default, or for a pool's stride, its kernel. */
function defaultValue(op: string, key: string, args: ReadonlyMap<string, string>): string | undefined {
  const param = findOp(op)?.params.find((p) => p.name === key);
  if (!param) return undefined;
  if (param.defaultFrom) return args.get(param.defaultFrom);
  return param.defaultText;
}

/**
 * Works out which argument values vary between the uses of one structure: those become
 * parameters (one for values that always agree, an expression `p * k` for a multiple of
 * one). Undefined when an argument one use leaves out has no default to compare.
 */
function planBlock(name: string, groups: Group[], layers: readonly Layer[]): BlockPlan | undefined {
  const params: Parameter[] = [];
  const layerArgs: Arg[][] = [];
  const paramNames = new Set<string>();
  const first = groups[0]!;
  for (let j = 0; j < first.end - first.start; j++) {
    const layer = layers[first.start + j]!;
    const keys = new Set<string>();
    for (const group of groups) for (const key of group.args[j]!.keys()) keys.add(key);
    const written: Arg[] = [];
    for (const key of keys) {
      const column = groups.map((group) => group.args[j]!.get(key) ?? defaultValue(layer.op, key, group.args[j]!));
      if (column.some((value) => value === undefined)) return undefined;
      const values = column as string[];
      const positional = layer.args.find((arg) => arg.key === key)?.positional ?? false;
      if (values.every((value) => value === values[0])) {
        if (positional || values[0] !== defaultValue(layer.op, key, first.args[j]!)) written.push({ key, value: values[0]!, positional });
        continue;
      }
      const same = params.find((param) => param.values.every((value, g) => value === values[g]));
      if (same) {
        written.push({ key, value: same.name, positional });
        continue;
      }
      const multiple = values.every(isInteger)
        ? params.find((param) => {
            if (!param.values.every(isInteger)) return false;
            const k = Number(values[0]) / Number(param.values[0]);
            return Number.isInteger(k) && k > 1 && param.values.every((value, g) => Number(value) * k === Number(values[g]));
          })
        : undefined;
      if (multiple) {
        written.push({ key, value: `${multiple.name} * ${Number(values[0]) / Number(multiple.values[0])}`, positional });
        continue;
      }
      const base = identifier(key) || 'value';
      let paramName = base;
      for (let n = 2; paramNames.has(paramName); n++) paramName = `${base}${n}`;
      paramNames.add(paramName);
      params.push({ name: paramName, values });
      written.push({ key, value: paramName, positional });
    }
    // Positional arguments first, in the op's order, as a person writes them.
    const order = (findOp(layer.op)?.params ?? []).map((param) => param.name);
    const rank = (arg: Arg) => (arg.positional ? -1 : order.indexOf(arg.key));
    layerArgs.push(written.sort((a, b) => rank(a) - rank(b)));
  }
  return { name, groups, use: new Map(groups.map((group, g) => [group, g])), params, layerArgs };
}

function blockName(groups: readonly Group[], layers: readonly Layer[], taken: Set<string>): string {
  const ops = new Set<string>();
  const first = groups[0]!;
  for (let i = first.start; i < first.end; i++) ops.add(layers[i]!.op);
  const base = ops.has('add') ? 'Residual' : ops.has('concat') ? 'Branches' : ops.has('mul') ? 'Gated' : 'Module';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/** The longest common start of the names, cut back to a separator. */
function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0]!;
  for (const name of names) {
    let i = 0;
    while (i < prefix.length && i < name.length && prefix[i] === name[i]) i++;
    prefix = prefix.slice(0, i);
  }
  if (names.every((name) => name.length === prefix.length)) return prefix;
  const cutAt = Math.max(prefix.lastIndexOf('.'), prefix.lastIndexOf('/'), prefix.lastIndexOf('_'));
  return cutAt > 0 ? prefix.slice(0, cutAt) : '';
}

/** One statement of a scope: a layer, or a use of a block that stands for a group (or a run of equal groups). */
interface Statement {
  readonly layer?: Layer;
  readonly block?: { readonly plan: BlockPlan; readonly group: Group; readonly repeat: number };
  readonly input: number;
  readonly output: number;
  /** The name the model suggests. */
  readonly wanted: string;
  readonly origin: string;
  /** Marked `output`: one of the model's outputs that is not the last statement. */
  readonly marked?: boolean;
}

function writeScope(
  statements: readonly Statement[],
  scopeInput: number,
  inputName: string,
  indent: string,
  lines: string[],
  origins: (string | undefined)[],
): void {
  // Which outputs must be named: read by a merge, or by a statement other than the next.
  const mustName = new Set<number>();
  statements.forEach((statement, index) => {
    const layer = statement.layer;
    if (layer?.merge) layer.inputs.forEach((tensor) => mustName.add(tensor));
    else if (statement.input !== (index === 0 ? scopeInput : statements[index - 1]!.output)) mustName.add(statement.input);
  });
  const scope = new Scope();
  scope.claim(inputName, 'input');
  const names = new Map<number, string>([[scopeInput, inputName]]);
  // With several outputs, each is named, the last statement's too: the analysis lists them by name.
  const severalOutputs = statements.some((statement) => statement.marked === true);
  const named = statements.map(
    (statement, index) =>
      statement.block !== undefined ||
      statement.marked === true ||
      (severalOutputs && index === statements.length - 1) ||
      mustName.has(statement.output) ||
      (statement.layer !== undefined && isWeighted(statement.layer.op)),
  );
  statements.forEach((statement, index) => {
    if (!named[index] && statement.layer) scope.unnamed(statement.layer.op);
  });
  statements.forEach((statement, index) => {
    if (named[index]) names.set(statement.output, scope.claim(statement.wanted, statement.layer?.op ?? 'block'));
  });
  statements.forEach((statement, index) => {
    const previous = index === 0 ? scopeInput : statements[index - 1]!.output;
    const name = names.get(statement.output);
    let call: string;
    if (statement.block) {
      const { plan, group, repeat } = statement.block;
      const g = plan.use.get(group)!;
      call = `${plan.name}(${plan.params.map((param) => param.values[g]).join(', ')})${repeat > 1 ? ` * ${repeat}` : ''}`;
    } else {
      const layer = statement.layer!;
      const args = layer.merge ? layer.inputs.map((tensor) => names.get(tensor) ?? '?') : layer.args.map(argText);
      call = `${layer.op}(${args.join(', ')})`;
    }
    const from = !statement.layer?.merge && statement.input !== previous ? ` from ${names.get(statement.input) ?? '?'}` : '';
    lines.push(`${indent}${statement.marked ? 'output ' : ''}${name ? `${name} = ` : ''}${call}${from}`);
    origins.push(statement.origin);
  });
}

function layerStatement(layer: Layer, wanted?: string, marked = false): Statement {
  return { layer, input: layer.inputs[0] ?? -1, output: layer.output, wanted: wanted ?? layer.name, origin: layer.origin, marked };
}

/** Writes the block's body: the first use's layers, with the varying values as parameters. */
function writeBlock(plan: BlockPlan, layers: readonly Layer[], lines: string[], origins: (string | undefined)[]): void {
  const group = plan.groups[0]!;
  lines.push(`block ${plan.name}(${plan.params.map((param) => param.name).join(', ')}) {`);
  origins.push(undefined);
  const ops = new Map<string, number>();
  const statements: Statement[] = [];
  for (let i = group.start; i < group.end; i++) {
    const layer = layers[i]!;
    const args = plan.layerArgs[i - group.start]!;
    const n = (ops.get(layer.op) ?? 0) + 1;
    ops.set(layer.op, n);
    statements.push(layerStatement({ ...layer, args }, `${layer.op === 'batchnorm' ? 'bn' : layer.op}${n}`));
  }
  writeScope(statements, layers[group.start]!.inputs[0]!, 'in', '  ', lines, origins);
  lines.push('}', '');
  origins.push(undefined, undefined);
}

/** The network's name: the model's, made an identifier that starts with a capital. */
function networkName(title: string): string {
  const name = identifier(title) || 'Imported';
  return /^[a-z]/.test(name) ? name[0]!.toUpperCase() + name.slice(1) : name;
}

/**
 * Which layers lead to the last one (the trunk), by tensor: the others are heads that end in
 * another output (GoogLeNet's auxiliary classifiers), or lead nowhere.
 */
function trunkOf(layers: readonly Layer[]): boolean[] {
  const n = layers.length;
  const producer = new Map<number, number>();
  for (let i = 0; i < n; i++) producer.set(layers[i]!.output, i);
  const trunk = new Array<boolean>(n).fill(false);
  if (n > 0) trunk[n - 1] = true;
  for (let i = n - 1; i >= 0; i--) {
    if (!trunk[i]) continue;
    for (const tensor of layers[i]!.inputs) {
      const made = producer.get(tensor);
      if (made !== undefined) trunk[made] = true;
    }
  }
  return trunk;
}

export function writeNet(graph: Graph): Written {
  const all = graph.layers;
  const last = all[all.length - 1]?.output;
  const marked = new Set(graph.outputs.filter((tensor) => tensor !== last));
  // Heads off the trunk are written in their place in the model, between the trunk's statements;
  // blocks are found in the trunk alone, so that a head does not break up the structure it leaves.
  const trunk = trunkOf(all);
  const layers: Layer[] = [];
  /** For each trunk layer, its index in the model. */
  const modelIndex: number[] = [];
  /** What the statements must show, not hide in a block: the heads' inputs and the marked outputs. */
  const visible = new Set<number>(marked);
  for (let i = 0; i < all.length; i++) {
    if (trunk[i]) {
      layers.push(all[i]!);
      modelIndex.push(i);
    } else {
      for (const tensor of all[i]!.inputs) visible.add(tensor);
    }
  }
  const hidesVisible = (start: number, end: number) => {
    for (let i = start; i < end - 1; i++) if (visible.has(layers[i]!.output)) return true;
    return false;
  };
  const groups = findGroups(layers, graph.input.tensor).filter((group) => !hidesVisible(group.start, group.end));
  const byShape = new Map<string, Group[]>();
  for (const group of groups) {
    const same = byShape.get(group.shape);
    if (same) same.push(group);
    else byShape.set(group.shape, [group]);
  }
  const blockNames = new Set<string>();
  const plans = new Map<Group, BlockPlan>();
  for (const same of byShape.values()) {
    if (same.length < 2) continue;
    // Uses that cannot share one block (an argument left out without a default) are split by what they write.
    const whole = planBlock('', same, layers);
    const sets = whole ? [same] : splitByNamedArgs(same);
    for (const set of sets) {
      if (set.length < 2) continue;
      const plan = set === same ? whole : planBlock('', set, layers);
      if (!plan) continue;
      const named = { ...plan, name: blockName(set, layers, blockNames) };
      for (const group of set) plans.set(group, named);
    }
  }

  const trunkStatements: Statement[] = [];
  /** For each trunk statement, the model's index of its first layer: where the heads go between them. */
  const places: number[] = [];
  const layerStatementAt = (i: number) => {
    trunkStatements.push(layerStatement(layers[i]!, undefined, marked.has(layers[i]!.output)));
    places.push(modelIndex[i]!);
  };
  let g = 0;
  for (let i = 0; i < layers.length;) {
    const group = groups[g];
    if (!group || group.start !== i) {
      layerStatementAt(i);
      i++;
      continue;
    }
    g++;
    const plan = plans.get(group);
    if (!plan) {
      for (let j = group.start; j < group.end; j++) layerStatementAt(j);
      i = group.end;
      continue;
    }
    // Copies that follow each other with the same values become one use, `* n`.
    let repeat = 1;
    let end = group;
    while (
      groups[g] &&
      groups[g]!.start === end.end &&
      plans.get(groups[g]!) === plan &&
      sameValues(plan, group, groups[g]!) &&
      !visible.has(layers[end.end - 1]!.output)
    ) {
      end = groups[g]!;
      repeat++;
      g++;
    }
    const weightedNames: string[] = [];
    for (let j = group.start; j < group.end; j++) if (isWeighted(layers[j]!.op)) weightedNames.push(layers[j]!.name);
    const prefix = commonPrefix(weightedNames);
    const output = layers[end.end - 1]!.output;
    trunkStatements.push({
      block: { plan, group, repeat },
      input: layers[group.start]!.inputs[0]!,
      output,
      wanted: prefix || layers[group.end - 1]!.name || plan.name.toLowerCase(),
      origin: layers[group.start]!.origin,
      marked: marked.has(output),
    });
    places.push(modelIndex[group.start]!);
    i = end.end;
  }
  // Each head layer after the trunk statement where the model has it: what it reads is written above it.
  const statements: Statement[] = [];
  let next = 0;
  for (let i = 0; i < all.length; i++) {
    if (trunk[i]) continue;
    while (next < trunkStatements.length && places[next]! < i) statements.push(trunkStatements[next++]!);
    statements.push(layerStatement(all[i]!, undefined, marked.has(all[i]!.output)));
  }
  while (next < trunkStatements.length) statements.push(trunkStatements[next++]!);

  const lines: string[] = [];
  const origins: (string | undefined)[] = [];
  for (const note of graph.notes) {
    lines.push(`# ${note}`);
    origins.push(undefined);
  }
  lines.push('');
  origins.push(undefined);
  const written = new Set<BlockPlan>();
  for (const plan of plans.values()) {
    if (written.has(plan)) continue;
    written.add(plan);
    writeBlock(plan, layers, lines, origins);
  }
  lines.push(`network ${networkName(graph.title)} {`);
  origins.push(undefined);
  const inputName = identifier(graph.input.name) || 'data';
  lines.push(`  input ${inputName}: ${graph.input.shape.join('x')}`, '');
  origins.push(undefined, undefined);
  writeScope(statements, graph.input.tensor, inputName, '  ', lines, origins);
  lines.push('}');
  origins.push(undefined);
  return { text: lines.join('\n') + '\n', origins };
}

function splitByNamedArgs(groups: readonly Group[]): Group[][] {
  const sets = new Map<string, Group[]>();
  for (const group of groups) {
    const key = group.args.map((args) => [...args.keys()].join(',')).join(';');
    const set = sets.get(key);
    if (set) set.push(group);
    else sets.set(key, [group]);
  }
  return [...sets.values()];
}

function sameValues(plan: BlockPlan, a: Group, b: Group): boolean {
  const ia = plan.use.get(a)!;
  const ib = plan.use.get(b)!;
  return plan.params.every((param) => param.values[ia] === param.values[ib]);
}
