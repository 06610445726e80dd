/**
 * Expansion: each network's statements, blocks and repeats worked out into a tree of
 * layers with exact shapes and costs. An error stops what depends on it (the layer's
 * output is unknown, and the layers reading it are left without shape or cost), never
 * the rest of the file.
 */
import type { BlockDeclaration, InputStatement, LayerStatement, NetworkDeclaration, Statement } from './ast';
import { bindBlockArguments, bindOpArguments, type BoundOpArgs, type TensorReader } from './arguments';
import { CountsSum, sumCounts, ZERO_COUNTS, type Counts } from './counts';
import type { DiagnosticSink } from './diagnostics';
import { formatCount } from './format';
import { BLOCK_INPUT, isTensorParameter, tensorParameterIndex, type BodyScope, type FileSymbols } from './names';
import { findOp, MAX_DIMENSION, NO_REFERENCES, type LayerReferences, type OpDefinition, type OpError, type ResolvedArgs } from './ops';
import type { Settings } from './settings';
import { sameShape, type Shape } from './shapes';
import { span } from './text';
import { evaluate, valueKey, type Environment } from './values';

export type LayerKind = 'op' | 'block' | 'repeat';

export interface LayerNode {
  /** The name in its scope: written, automatic (`dropout_1`), or the copy number of a repeat. */
  readonly name: string;
  readonly kind: LayerKind;
  /** The op (canonical: `dense` for `fc`) or the block's name. */
  readonly op: string;
  /** The statement that made this layer: in the network body, or inside a block. */
  readonly statement: LayerStatement;
  /** The shapes read, in order; one for all but merges, and a block's input then what it passes to its tensor parameters. */
  readonly inputs: readonly Shape[];
  /** Undefined when an error upstream or here left it unknown. */
  readonly shape: Shape | undefined;
  readonly counts: Counts;
  /** For ops: the arguments, defaults filled in. */
  readonly args?: ResolvedArgs;
  /** For blocks and repeats: what they expand to. */
  readonly children?: readonly LayerNode[];
  /** How many op layers this expands to. */
  readonly layerCount: number;
}

export interface NetworkInput {
  readonly name: string;
  readonly shape: Shape | undefined;
  readonly statement: InputStatement;
}

export interface NetworkOutput {
  readonly name: string;
  readonly shape: Shape | undefined;
  readonly statement: LayerStatement;
}

export interface NetworkAnalysis {
  readonly name: string;
  readonly declaration: NetworkDeclaration;
  readonly inputs: readonly NetworkInput[];
  /** The shape the first layer reads: the first input's. */
  readonly input: Shape | undefined;
  /** The last statement's shape. */
  readonly output: Shape | undefined;
  /** Every output: each statement marked `output`, then the last statement, in the order written (the last last). */
  readonly outputs: readonly NetworkOutput[];
  /** One node per statement of the network body, inputs left out. */
  readonly layers: readonly LayerNode[];
  readonly totals: Counts;
  readonly layerCount: number;
  /** The blocks the network instantiates, at any depth. */
  readonly blocksUsed: ReadonlySet<string>;
  /** The shape of each named tensor of the body, inputs included. */
  readonly tensors: ReadonlyMap<string, Shape | undefined>;
  /** False when the layer limit stopped the expansion. */
  readonly complete: boolean;
}

/**
 * Every layer node is made here, with the same fields in the same order: nodes spread
 * from partial objects got a hidden class each (7,500 of 10,000), which cost memory and
 * slowed every property access.
 */
function layerNode(
  name: string,
  kind: LayerKind,
  op: string,
  statement: LayerStatement,
  inputs: readonly Shape[],
  shape: Shape | undefined,
  counts: Counts,
  args: ResolvedArgs | undefined,
  children: readonly LayerNode[] | undefined,
  layerCount: number,
): LayerNode {
  return { name, kind, op, statement, inputs, shape, counts, args, children, layerCount };
}

/**
 * The shape of each statement of a body, by index, read by name through the body's scope
 * (which holds each name's first definition, and `in` for a block). A statement not yet
 * worked out reads as unknown.
 */
class BodyTensors {
  private readonly shapes: (Shape | undefined)[];
  /**
   * The layer each statement made, for an argument that names it (`tied=wte`): kept while
   * the body is worked out, then let go (the analysis keeps the tensors' shapes, and its
   * layers elsewhere); only in a body where an op takes such an argument.
   */
  private nodes: (LayerNode | undefined)[] = [];

  constructor(
    private readonly scope: BodyScope,
    /** A block's input, read as `in`. */
    private readonly input: Shape | undefined,
    /** What a block's tensor parameters were passed, in the order they are declared. */
    private readonly passed: readonly Shape[] = [],
  ) {
    this.shapes = new Array<Shape | undefined>(scope.declaration.statements.length).fill(undefined);
  }

  /** The shape a tensor parameter was passed, by its scope entry (below -1). */
  private parameter(entry: number): Shape | undefined {
    const declaration = this.scope.declaration;
    if (declaration.kind !== 'block') return undefined;
    const k = tensorParameterIndex(entry);
    let position = 0;
    for (let i = 0; i < k; i++) if (isTensorParameter(declaration.params[i]!)) position++;
    return this.passed[position];
  }

  /** Whether a name is a tensor of this body, and its shape: what a call here passes to a tensor parameter. */
  readonly read: TensorReader = (name) => (this.scope.entries.has(name) ? { shape: this.get(name) } : undefined);

  set(index: number, shape: Shape | undefined): void {
    this.shapes[index] = shape;
  }

  setLayer(index: number, node: LayerNode): void {
    if (this.scope.namesLayers) this.nodes[index] = node;
  }

  /** The body is worked out: no later statement will name a layer of it. */
  releaseLayers(): void {
    this.nodes = [];
  }

  /**
   * The layer an argument names, made by an earlier statement of the scope; or why there
   * is none (the message of a `bad-argument` error at the argument).
   */
  layer(name: string): LayerNode | string {
    const index = this.scope.entries.get(name);
    if (index === undefined) return `no earlier statement is named '${name}'`;
    if (index < 0) return `'${name}' is the block's input, not a layer`;
    const statement = this.scope.declaration.statements[index]!;
    if (statement.kind === 'input') return `'${name}' is an input, not a layer`;
    return this.nodes[index] ?? `'${name}' is not before it`;
  }

  get(name: string): Shape | undefined {
    return this.at(this.scope.entries.get(name));
  }

  /** How many names the statement at `index` reads explicitly (`explicitReads`). */
  readCount(index: number): number {
    return this.scope.reads[index]?.length ?? 0;
  }

  /** The shape of the k-th name the statement at `index` reads explicitly: as `get`, with the entry the names found. */
  readShape(index: number, k: number): Shape | undefined {
    return this.at(this.scope.reads[index]?.[k]);
  }

  private at(entry: number | undefined): Shape | undefined {
    if (entry === undefined) return undefined;
    if (entry < -1) return this.parameter(entry);
    return entry < 0 ? this.input : this.shapes[entry];
  }

  /** Each name's shape, in the order of the statements. */
  toMap(): Map<string, Shape | undefined> {
    const map = new Map<string, Shape | undefined>();
    if (this.scope.declaration.kind === 'block') map.set(BLOCK_INPUT, this.input);
    for (const [name, index] of this.scope.entries) if (index >= 0 || index < -1) map.set(name, this.get(name));
    return map;
  }
}

const NO_INPUTS: readonly Shape[] = [];

const NO_LAYERS: readonly LayerNode[] = [];

/** A layer whose shape and costs are unknown: an error here or upstream. */
function unknownNode(name: string, op: string, statement: LayerStatement, inputs: readonly Shape[]): LayerNode {
  return layerNode(name, 'op', op, statement, inputs, undefined, ZERO_COUNTS, undefined, undefined, 0);
}

/** An op applied to an input without a diagnostic: what another layer of the same text on the same shape comes to. */
export interface AppliedOp {
  readonly input: Shape;
  readonly shape: Shape;
  readonly counts: Counts;
  readonly args: ResolvedArgs;
}

/** A merge of inputs of these shapes, without a diagnostic. */
interface AppliedMerge {
  readonly inputs: readonly Shape[];
  readonly shape: Shape;
  readonly counts: Counts;
}

/** The merge already worked out on inputs of these shapes, if any. */
function mergeOn(known: readonly AppliedMerge[], inputs: readonly Shape[]): AppliedMerge | undefined {
  for (const merge of known) {
    if (merge.inputs.length !== inputs.length) continue;
    let same = true;
    for (let i = 0; i < inputs.length && same; i++) same = sameShape(merge.inputs[i]!, inputs[i]!);
    if (same) return merge;
  }
  return undefined;
}

/** What a layer that names no other is given: made once, as most layers are. */
const UNREFERENCED = { references: NO_REFERENCES } as const;

/** The arguments of a merge: none. */
const NO_ARGS: ResolvedArgs = {};

/** Thrown to unwind the expansion when the layer limit is crossed; caught per network. */
class LayerLimitReached {}

interface BlockResult {
  readonly layers: LayerNode[];
  /** The layers of statements marked `output`, in order: a network's outputs but for its last. */
  readonly marked: readonly LayerNode[];
  readonly output: Shape | undefined;
  readonly counts: Counts;
  readonly layerCount: number;
  /** The blocks used inside, at any depth. */
  readonly uses: ReadonlySet<string>;
}

class Expander {
  private layerCount = 0;
  /** The blocks the network being expanded uses, at any depth. */
  private blocksUsed = new Set<string>();
  private topStatement: Statement | undefined;
  /** Block instances already worked out, by block, arguments and input shape. */
  private readonly instances = new Map<string, BlockResult>();
  /** The last single-input list made, shared by the layers of a chain that read the same shape. */
  private lastInput: Shape | undefined;
  private lastInputs: readonly Shape[] = [];

  constructor(
    private readonly symbols: FileSymbols,
    private readonly settings: Settings,
    private readonly sink: DiagnosticSink,
    /** The text the declarations were parsed from. */
    private readonly text: string,
    /** What the previous analysis of the document worked out: read, never changed. */
    private readonly previous: AppliedLayers,
  ) {}

  expandNetwork(declaration: NetworkDeclaration): NetworkAnalysis {
    const scope = this.symbols.scopes.get(declaration)!;
    const tensors = new BodyTensors(scope, undefined);
    const inputs: NetworkInput[] = [];
    declaration.statements.forEach((statement, index) => {
      if (statement.kind !== 'input') return;
      const shape = this.inputShape(statement);
      inputs.push({ name: scope.names[index]!, shape, statement });
      tensors.set(index, shape);
    });
    const name = declaration.name?.text ?? '';
    const first = inputs[0];
    let layers: LayerNode[] = [];
    let marked: readonly LayerNode[] = NO_LAYERS;
    let complete = true;
    let output: Shape | undefined;
    let totals = ZERO_COUNTS;
    let layerCount = 0;
    this.layerCount = 0;
    this.blocksUsed = new Set();
    try {
      const body = this.expandBody(scope, first?.shape, new Map(), 0, tensors);
      layers = body.layers;
      marked = body.marked;
      output = body.output;
      totals = body.counts;
      layerCount = body.layerCount;
    } catch (error) {
      if (!(error instanceof LayerLimitReached)) throw error;
      complete = false;
      const where = this.topStatement ?? declaration;
      this.sink.error(
        'limit',
        `network '${name}' expands to more than ${formatCount(this.settings.maxLayers)} layers (the layer limit, a setting); its analysis stops here`,
        where,
      );
      layers = [];
    }
    // However empty: a network is a function of its inputs, and one without any is no network.
    if (!first && declaration.name) {
      const where = declaration.name;
      this.sink.error('shape', `network '${name}' has no input: declare one first, such as 'input image: 3x224x224'`, where);
    }
    let byName: ReadonlyMap<string, Shape | undefined> | undefined;
    return {
      name,
      declaration,
      inputs,
      input: first?.shape,
      output: complete ? output : undefined,
      outputs: complete ? networkOutputs(layers, marked) : [],
      layers,
      totals,
      layerCount: complete ? layerCount : this.layerCount,
      blocksUsed: this.blocksUsed,
      // Made when first asked for (a hover, a fix): the expansion reads shapes by index.
      get tensors() {
        byName ??= tensors.toMap();
        return byName;
      },
      complete,
    };
  }

  private inputShape(statement: InputStatement): Shape | undefined {
    const expr = statement.shape;
    if (!expr) return undefined;
    const dims = expr.kind === 'dims' ? expr.value : expr.kind === 'integer' ? [expr.value] : [];
    if (dims.length < 1 || dims.length > 3) {
      this.sink.error('shape', `an input is a vector N, a signal or sequence AxB, or a map CxHxW, not ${dims.length} dimensions`, expr);
      return undefined;
    }
    if (dims.some((dim) => dim < 1n || dim > BigInt(MAX_DIMENSION))) {
      this.sink.error('shape', `every size of an input must be from 1 to ${formatCount(MAX_DIMENSION)}`, expr);
      return undefined;
    }
    return dims.map(Number);
  }

  /**
   * Works out a body's layers in order; `tensors` collects the shape of each statement.
   */
  private expandBody(scope: BodyScope, input: Shape | undefined, env: Environment, depth: number, tensors: BodyTensors): BlockResult {
    const layers: LayerNode[] = [];
    const counts = new CountsSum();
    let layerCount = 0;
    let previous: Shape | undefined = input;
    let output: Shape | undefined;
    let marked: LayerNode[] | undefined;
    scope.declaration.statements.forEach((statement, index) => {
      if (statement.kind !== 'layer') return;
      if (depth === 0) this.topStatement = statement;
      const name = scope.names[index]!;
      const node = this.expandStatement(statement, index, name, previous, env, depth, tensors);
      layers.push(node);
      if (statement.output) (marked ??= []).push(node);
      counts.add(node.counts);
      layerCount += node.layerCount;
      tensors.set(index, node.shape);
      tensors.setLayer(index, node);
      previous = node.shape;
      output = node.shape;
    });
    tensors.releaseLayers();
    return { layers, marked: marked ?? NO_LAYERS, output, counts: counts.total, layerCount, uses: this.blocksUsed };
  }

  private expandStatement(
    statement: LayerStatement,
    index: number,
    name: string,
    previous: Shape | undefined,
    env: Environment,
    depth: number,
    tensors: BodyTensors,
  ): LayerNode {
    const calleeText = statement.call.callee.text;
    const op = findOp(calleeText);
    const block = op ? undefined : this.symbols.blocks.get(calleeText);
    const calleeName = block ? block.name!.text : op ? op.name : calleeText;
    if (!op && (!block || this.symbols.recursive.has(calleeName))) return unknownNode(name, calleeName, statement, NO_INPUTS);
    if (op?.merge) return this.expandMerge(op, statement, index, name, tensors);

    // `from` is the first name a statement reads.
    const input = statement.from ? tensors.readShape(index, 0) : previous;
    if (!input) {
      // The shape is unknown upstream, but the arguments do not depend on it: check them.
      if (op) bindOpArguments(op, statement.call, env, this.sink);
      else bindBlockArguments(calleeName, block!.params, statement.call, env, tensors.read, this.sink);
      return unknownNode(name, calleeName, statement, NO_INPUTS);
    }

    const copies = this.repeatCount(statement, env);
    if (copies === undefined) return unknownNode(name, calleeName, statement, this.inputsOf(input));
    if (copies === 1 && !statement.repeat) return this.applyOnce(op, block, statement, name, input, env, depth, tensors);

    if (op && this.layerCount + copies > this.settings.maxLayers) throw new LayerLimitReached();
    const children: LayerNode[] = [];
    let current: Shape | undefined = input;
    for (let copy = 1; copy <= copies && current; copy++) {
      const child = this.applyOnce(op, block, statement, String(copy), current, env, depth, tensors);
      children.push(child);
      current = child.shape;
    }
    return layerNode(
      name,
      'repeat',
      calleeName,
      statement,
      this.inputsOf(input),
      children.length === copies ? current : undefined,
      sumCounts(children.map((child) => child.counts)),
      undefined,
      children,
      children.reduce((sum, child) => sum + child.layerCount, 0),
    );
  }

  /** One copy of a statement's op or block on the given input. */
  private applyOnce(
    op: OpDefinition | undefined,
    block: BlockDeclaration | undefined,
    statement: LayerStatement,
    name: string,
    input: Shape,
    env: Environment,
    depth: number,
    tensors: BodyTensors,
  ): LayerNode {
    return op ? this.applyOp(op, statement, name, input, env, tensors) : this.instantiateBlock(block!, statement, name, input, env, depth, tensors);
  }

  private repeatCount(statement: LayerStatement, env: Environment): number | undefined {
    if (!statement.repeat) return 1;
    const evaluated = evaluate(statement.repeat, env);
    if ('error' in evaluated) {
      this.sink.error(evaluated.error.code, evaluated.error.message, evaluated.error.span);
      return undefined;
    }
    const value = evaluated.value;
    if (value.kind !== 'int' || value.value < 1n) {
      this.sink.error('bad-argument', `a repeat count must be an integer ≥ 1`, statement.repeat);
      return undefined;
    }
    if (value.value > BigInt(this.settings.maxLayers)) throw new LayerLimitReached();
    return Number(value.value);
  }

  /** `[shape]`, the same array for each layer of a run that reads the same shape. */
  private inputsOf(shape: Shape): readonly Shape[] {
    if (shape !== this.lastInput) {
      this.lastInput = shape;
      this.lastInputs = [shape];
    }
    return this.lastInputs;
  }

  private countLayers(count: number): void {
    this.layerCount += count;
    if (this.layerCount > this.settings.maxLayers) throw new LayerLimitReached();
  }

  /**
   * Layers already worked out, by op and argument text: a network that writes the same
   * layer again on the same shape (VGG's 3×3 convs, a run of activations) shares its
   * arguments and costs instead of working them out again. Only calls outside blocks are
   * kept here (a block parameter may change what the text means), and only those that
   * analysed without a diagnostic.
   */
  readonly applied = new Map<string, Map<string, readonly AppliedOp[]>>();
  /** Merges already worked out, by op, with their input shapes: the same shapes merge the same way. */
  private readonly merged = new Map<string, AppliedMerge[]>();

  private applyOp(op: OpDefinition, statement: LayerStatement, name: string, input: Shape, env: Environment, tensors: BodyTensors): LayerNode {
    this.countLayers(1);
    const inputs = this.inputsOf(input);
    const call = statement.call;
    // Looked up by op, then by argument text: no string is made of the two for every layer.
    const key = env.size === 0 ? this.text.slice(call.argsStart, call.argsEnd) : undefined;
    let byArgs = key === undefined ? undefined : this.applied.get(op.name);
    let known = key === undefined ? undefined : byArgs?.get(key);
    if (!known && key !== undefined) {
      known = this.previous.get(op.name)?.get(key);
      if (known) {
        if (!byArgs) this.applied.set(op.name, (byArgs = new Map()));
        byArgs.set(key, known);
      }
    }
    if (known) {
      for (const done of known) {
        if (sameShape(done.input, input)) {
          const shape = sameShape(done.shape, input) ? input : done.shape;
          return layerNode(name, 'op', op.name, statement, inputs, shape, done.counts, done.args, undefined, 1);
        }
      }
    }
    const bound = bindOpArguments(op, statement.call, env, this.sink);
    if (!bound) return layerNode(name, 'op', op.name, statement, inputs, undefined, ZERO_COUNTS, undefined, undefined, 1);
    const resolved = op.references.length > 0 ? this.resolveReferences(op, bound.args, tensors) : UNREFERENCED;
    // A layer named is unknown (an error upstream): so is this one, without a word more.
    if (resolved === undefined) return layerNode(name, 'op', op.name, statement, inputs, undefined, ZERO_COUNTS, bound.args, undefined, 1);
    if ('error' in resolved) return this.opFailed(op, statement, name, inputs, bound, resolved.error);
    const references = resolved.references;
    const outcome = op.apply(bound.args, [input], references);
    if ('error' in outcome) return this.opFailed(op, statement, name, inputs, bound, outcome.error);
    // A layer that keeps its input's shape shares the array: shapes are read, never changed.
    const shape = sameShape(outcome.shape, input) ? input : outcome.shape;
    // A layer that names another depends on more than its text and input: never shared.
    if (key !== undefined && references === NO_REFERENCES) {
      const done: AppliedOp = { input, shape, counts: outcome.counts, args: bound.args };
      if (!byArgs) this.applied.set(op.name, (byArgs = new Map()));
      if (!known) byArgs.set(key, [done]);
      // A new list, not the old one grown: it may be the previous analysis's, which is not this one's to change.
      else if (known.length < 8) byArgs.set(key, [...known, done]);
    }
    return layerNode(name, 'op', op.name, statement, inputs, shape, outcome.counts, bound.args, undefined, 1);
  }

  /** Reports an op's error at the argument it is about (the call when none), and makes the layer that it leaves unknown. */
  private opFailed(op: OpDefinition, statement: LayerStatement, name: string, inputs: readonly Shape[], bound: BoundOpArgs, error: OpError): LayerNode {
    const about = error.argument ? op.params.findIndex((param) => param.name === error.argument) : -1;
    const where = bound.given[about]?.value ?? statement.call;
    this.sink.error(error.code, error.message, where);
    return layerNode(name, 'op', op.name, statement, inputs, undefined, ZERO_COUNTS, bound.args, undefined, 1);
  }

  /**
   * The layers an op's `layer` arguments name, earlier in the same scope; an error when a
   * name is no earlier layer; undefined when a layer named is unknown (an error upstream).
   */
  private resolveReferences(
    op: OpDefinition,
    args: ResolvedArgs,
    tensors: BodyTensors,
  ): { readonly references: LayerReferences } | { readonly error: OpError } | undefined {
    const found: Record<string, LayerReferences[string]> = {};
    let any = false;
    for (const param of op.references) {
      const named = args[param];
      if (typeof named !== 'string' || named === 'none') continue;
      const layer = tensors.layer(named);
      if (typeof layer === 'string') return { error: { code: 'bad-argument', message: `${param} must name an earlier layer: ${layer}`, argument: param } };
      const input = layer.inputs[0];
      if (!layer.shape || !input) return undefined;
      found[param] = { name: named, op: layer.op, kind: layer.kind, args: layer.args, input, shape: layer.shape };
      any = true;
    }
    return any ? { references: found } : UNREFERENCED;
  }

  private expandMerge(op: OpDefinition, statement: LayerStatement, index: number, name: string, tensors: BodyTensors): LayerNode {
    let ok = true;
    if (statement.from) {
      this.sink.error('bad-argument', `${op.name} takes its inputs as arguments: 'from' does not apply`, statement.from);
      ok = false;
    }
    if (statement.repeat) {
      this.sink.error('bad-argument', `${op.name} cannot be repeated`, statement.repeat);
      ok = false;
    }
    for (const arg of statement.call.args) {
      if (arg.name || (arg.value && arg.value.kind !== 'name')) {
        this.sink.error('bad-argument', `${op.name} takes the names of earlier layers, such as ${op.name}(a, b)`, arg);
        ok = false;
      }
    }
    const reads = tensors.readCount(index);
    const args = statement.call.args;
    if (ok && op.inputs !== undefined && args.length > op.inputs) {
      // Like surplus arguments of an op: one error, from the first surplus to the last.
      this.sink.error(
        'bad-argument',
        `${op.name} takes exactly ${op.inputs} inputs, but is given ${args.length}`,
        span(args[op.inputs]!.start, args[args.length - 1]!.end),
      );
      ok = false;
    }
    if (ok && reads < 2 && args.every((arg) => arg.value)) {
      this.sink.error('bad-argument', `${op.name} needs ${op.inputs === undefined ? 'two or more' : `exactly ${op.inputs}`} inputs`, statement.call);
      ok = false;
    }
    // A call cut short by a syntax error (`mul(a, `) has fewer inputs than an op of a fixed number reads.
    if (!ok || (op.inputs !== undefined && reads !== op.inputs)) return unknownNode(name, op.name, statement, NO_INPUTS);
    const inputs: Shape[] = [];
    for (let k = 0; k < reads; k++) {
      const shape = tensors.readShape(index, k);
      if (!shape) return unknownNode(name, op.name, statement, inputs);
      inputs.push(shape);
    }
    this.countLayers(1);
    const known = this.merged.get(op.name);
    const done = known && mergeOn(known, inputs);
    // A merge that keeps its first input's shape shares that array, as an op's layer does: the next layer then reads the same one.
    const first = inputs[0]!;
    if (done)
      return layerNode(name, 'op', op.name, statement, done.inputs, sameShape(done.shape, first) ? first : done.shape, done.counts, NO_ARGS, undefined, 1);
    const outcome = op.apply(NO_ARGS, inputs, NO_REFERENCES);
    if ('error' in outcome) {
      this.sink.error(outcome.error.code, outcome.error.message, statement.call);
      return layerNode(name, 'op', op.name, statement, inputs, undefined, ZERO_COUNTS, undefined, undefined, 1);
    }
    const merge: AppliedMerge = { inputs, shape: outcome.shape, counts: outcome.counts };
    if (!known) this.merged.set(op.name, [merge]);
    else if (known.length < 8) known.push(merge);
    return layerNode(name, 'op', op.name, statement, inputs, sameShape(outcome.shape, first) ? first : outcome.shape, outcome.counts, NO_ARGS, undefined, 1);
  }

  private instantiateBlock(
    block: BlockDeclaration,
    statement: LayerStatement,
    name: string,
    input: Shape,
    callerEnv: Environment,
    depth: number,
    callerTensors: BodyTensors,
  ): LayerNode {
    const blockName = block.name!.text;
    let inputs = this.inputsOf(input);
    this.blocksUsed.add(blockName);
    const failed = (): LayerNode => layerNode(name, 'block', blockName, statement, inputs, undefined, ZERO_COUNTS, undefined, [], 0);
    if (depth + 1 > this.settings.maxDepth) {
      this.sink.error('limit', `block uses nest deeper than ${this.settings.maxDepth} (the nesting limit)`, statement.call.callee);
      return failed();
    }
    const use = { message: `in '${name}', a use of ${blockName} with input ${input.join('×')}`, span: statement.call };
    const bound = this.sink.within(use, () => bindBlockArguments(blockName, block.params, statement.call, callerEnv, callerTensors.read, this.sink));
    if (!bound) return failed();
    const { env, tensors: passed } = bound;
    if (passed.length > 0) inputs = [input, ...passed];
    const shapes = [input, ...passed].map((shape) => shape.join('x')).join(',');
    const key = `${blockName}(${[...env.entries()].map(([k, v]) => `${k}=${valueKey(v)}`).join(',')})[${shapes}]`;
    let result = this.instances.get(key);
    if (result) {
      this.countLayers(result.layerCount);
      for (const used of result.uses) this.blocksUsed.add(used);
    } else {
      const scope = this.symbols.scopes.get(block)!;
      if (!scope.declaration.statements.some((s) => s.kind === 'layer')) {
        this.sink.error('shape', `block '${blockName}' has no layers`, block.name!);
        return failed();
      }
      // The blocks this instance uses are gathered on their own, for the next use of it.
      const outer = this.blocksUsed;
      this.blocksUsed = new Set();
      try {
        result = this.sink.within(use, () => this.expandBody(scope, input, env, depth + 1, new BodyTensors(scope, input, passed)));
      } finally {
        for (const used of this.blocksUsed) outer.add(used);
        this.blocksUsed = outer;
      }
      this.instances.set(key, result);
    }
    return layerNode(name, 'block', blockName, statement, inputs, result.output, result.counts, undefined, result.layers, result.layerCount);
  }
}

/**
 * The op layers an expansion worked out, by op then argument text, for the next expansion
 * of the same document: an edit leaves all but a few layers as they were, and theirs are
 * not worked out again. What is kept is a pure function of its key and input shape, the
 * same in any file; only the keys the expansion met are kept, so it never outgrows one file.
 */
export type AppliedLayers = ReadonlyMap<string, ReadonlyMap<string, readonly AppliedOp[]>>;

export const NO_APPLIED_LAYERS: AppliedLayers = new Map();

/** The networks worked out, and what the next expansion of the same document may take from this one. */
export function expandNetworks(
  networks: readonly NetworkDeclaration[],
  symbols: FileSymbols,
  settings: Settings,
  sink: DiagnosticSink,
  text: string,
  previous: AppliedLayers = NO_APPLIED_LAYERS,
): { readonly networks: NetworkAnalysis[]; readonly applied: AppliedLayers } {
  const expander = new Expander(symbols, settings, sink, text, previous);
  const expanded = networks.map((network) => expander.expandNetwork(network));
  return { networks: expanded, applied: expander.applied };
}

/**
 * A network's outputs: the layers of statements marked `output` (gathered by the
 * expansion, not looked for again among all layers), then the last, in the order written.
 */
function networkOutputs(layers: readonly LayerNode[], marked: readonly LayerNode[]): NetworkOutput[] {
  const output = (layer: LayerNode): NetworkOutput => ({ name: layer.name, shape: layer.shape, statement: layer.statement });
  const outputs = marked.map(output);
  const last = layers[layers.length - 1];
  if (last && marked[marked.length - 1] !== last) outputs.push(output(last));
  return outputs;
}

/** Calls `visit` on every op layer below the given nodes, with its dotted path. */
export function forEachLeaf(nodes: readonly LayerNode[], visit: (leaf: LayerNode, path: string, top: LayerNode) => void, prefix = '', top?: LayerNode): void {
  for (const node of nodes) {
    const path = prefix ? `${prefix}.${node.name}` : node.name;
    if (node.children) forEachLeaf(node.children, visit, path, top ?? node);
    else visit(node, path, top ?? node);
  }
}
