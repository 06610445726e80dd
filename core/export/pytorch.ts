/**
 * A design as PyTorch code: one nn.Module class per block used, its parameters as the
 * constructor's arguments (after the channels it reads), and one per network, its layers
 * as attributes named after the `.net` names and its wiring in `forward`. Each layer is
 * written by its op's emitter (`emitters.ts`); the rest is the same for every op. Pure:
 * text in, text out, the same text for the same analysis.
 */
import type { Analysis } from '../analyze';
import type { BlockDeclaration, Declaration, LayerStatement } from '../ast';
import type { Diagnostic } from '../diagnostics';
import type { LayerNode, NetworkAnalysis } from '../expand';
import { formatCount } from '../format';
import { BLOCK_INPUT, explicitReads, isTensorParameter } from '../names';
import { findOp } from '../ops';
import type { Shape } from '../shapes';
import { FEATURE_OPS, NOT_EXPORTABLE_YET, NotExportable, PYTORCH_EMITTERS, type EmitLayer, type Emitted, type ModuleCall } from './emitters';
import { HELPERS, type HelperName } from './helpers';
import { assignCall, int, isConstant, Namer, python, substitute, symOf, variable, type Dims, type Sym } from './python';

/** A layer that cannot be written, where it is written. */
export interface ExportProblem {
  readonly line: number;
  readonly message: string;
}

/** What the tests check against PyTorch: each class and the module paths of its layers, with netlint's shapes. */
export interface ExportedNetwork {
  readonly name: string;
  readonly className: string;
  /** `ids`: token ids, read by an embedding (`torch.long`). */
  readonly inputs: readonly { readonly name: string; readonly shape: Shape; readonly ids: boolean }[];
  /** What `forward` returns: one shape, or a tuple of them for several outputs (the last statement last). */
  readonly outputs: readonly Shape[];
  readonly params: bigint;
  /** Every layer that is a module (all but those written in `forward`: merges, chunk, the token ops), by its path in `named_modules()`. */
  readonly modules: readonly { readonly path: string; readonly shape: Shape }[];
}

export type ExportOutcome =
  | { readonly kind: 'exported'; readonly text: string; readonly networks: readonly ExportedNetwork[] }
  /** The file has errors: nothing is exported. */
  | { readonly kind: 'errors'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'unknown-network'; readonly name: string; readonly names: readonly string[] }
  | { readonly kind: 'not-exportable'; readonly problems: readonly ExportProblem[] };

export interface ExportOptions {
  /** The network to export; all of the file's by default. */
  readonly network?: string;
  /** The file's name, for the module's docstring. */
  readonly source?: string;
}

/** What a block's class is: its name, its constructor's parameters, and its output's sizes over them. */
interface BlockClass {
  readonly className: string;
  /** The Python name of each `.net` parameter. */
  readonly params: ReadonlyMap<string, string>;
  readonly declaration: BlockDeclaration;
  /** The constructor's first argument: the channels (or features) of the input. */
  readonly inChannels: string;
  /** Which size of the input `inChannels` is: the first (channels), or the last of a T×D sequence (features). */
  readonly inAxis: number;
  /**
   * Its tensor parameters (`skip: tensor`), in the order declared: the constructor takes
   * each one's channels (features, at `axis`) at the parameter's place, and `forward` the
   * tensor after the input.
   */
  readonly tensors: readonly { readonly name: string; readonly channels: string; readonly variable: string; readonly axis: number }[];
  /** The output's sizes, over `inChannels` and the parameters. */
  output: Dims;
  /** The attribute of each statement (undefined for inputs and merges), by index. */
  attributes: readonly (string | undefined)[];
  lines: string[];
}

/** The module's names: its imports, `self`, and the helper classes (taken whether written or not, so a block's class name does not depend on them). */
const IMPORTS = ['torch', 'nn', 'self', ...Object.keys(HELPERS)];

/** Exports the networks of an analysed file as a Python module, or says why not. */
export function exportPyTorch(analysis: Analysis, options: ExportOptions = {}): ExportOutcome {
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { kind: 'errors', diagnostics: errors };
  const networks = options.network === undefined ? analysis.networks : analysis.networks.filter((n) => n.name === options.network);
  if (networks.length === 0) return { kind: 'unknown-network', name: options.network ?? '', names: analysis.networks.map((n) => n.name) };
  return new Exporter(analysis, networks).run(options.source);
}

class Exporter {
  private readonly problems: ExportProblem[] = [];
  private readonly blocks = new Map<string, BlockClass>();
  /** Module-level names: the imports, then the classes. */
  private readonly classNames = new Namer(IMPORTS);
  private usesTorch = false;
  private readonly helpers = new Set<HelperName>();
  /** The network inputs read as token ids. */
  private readonly idInputs = new Set<string>();

  constructor(
    private readonly analysis: Analysis,
    private readonly networks: readonly NetworkAnalysis[],
  ) {}

  run(source: string | undefined): ExportOutcome {
    const used = new Set(this.networks.flatMap((network) => [...network.blocksUsed]));
    // Classes in the order of the file: blocks first, then networks.
    const declarations = this.analysis.file.declarations;
    const blockOrder = declarations.filter((d): d is BlockDeclaration => d.kind === 'block' && !!d.name && used.has(d.name.text));
    for (const block of blockOrder) this.blocks.set(block.name!.text, this.declareBlock(block));
    const networkClasses = this.networks.map((network) => this.classNames.name(network.name));
    for (const block of blockOrder) this.writeBlock(block);
    const exported: ExportedNetwork[] = [];
    const networkLines: string[][] = [];
    this.networks.forEach((network, index) => {
      const written = this.writeNetwork(network, networkClasses[index]!);
      networkLines.push(written.lines);
      exported.push(written.exported);
    });
    if (this.problems.length > 0) {
      const seen = new Set<string>();
      const problems = this.problems.filter((p) => !seen.has(`${p.line}:${p.message}`) && seen.add(`${p.line}:${p.message}`));
      return { kind: 'not-exportable', problems: problems.sort((a, b) => a.line - b.line) };
    }
    const names = this.networks.map((n) => n.name).join(', ');
    const header = [
      `"""${names}: PyTorch code exported by netlint${source ? ` from ${source.replace(/[\\"]/g, (c) => `\\${c}`)}` : ''}.`,
      '',
      "Each comment gives the layer's output shape (batch left out) and its costs as",
      'netlint counts them: learned parameters and multiply-accumulates (MACs).',
      '"""',
      ...(this.usesTorch ? ['import torch'] : []),
      'from torch import nn',
    ];
    const helpers = (Object.keys(HELPERS) as HelperName[]).filter((name) => this.helpers.has(name)).map((name) => HELPERS[name].lines);
    const classes = [...helpers, ...blockOrder.map((block) => this.blocks.get(block.name!.text)!.lines), ...networkLines];
    const text = [header.join('\n'), ...classes.map((lines) => lines.join('\n'))].join('\n\n\n') + '\n';
    return { kind: 'exported', text, networks: exported };
  }

  /** What an emitter's code needs from the module: `import torch`, a helper class. */
  private note(emitted: Emitted): Emitted {
    if (emitted.usesTorch) this.usesTorch = true;
    for (const helper of emitted.helpers ?? []) {
      this.helpers.add(helper);
      if (HELPERS[helper].usesTorch) this.usesTorch = true;
    }
    return emitted;
  }

  private problem(at: { start: number }, message: string): void {
    this.problems.push({ line: this.analysis.lines.positionAt(at.start).line + 1, message });
  }

  private declareBlock(block: BlockDeclaration): BlockClass {
    const locals = new Namer([...IMPORTS, ...this.blockNames()]);
    const params = new Map<string, string>();
    for (const param of block.params) if (!isTensorParameter(param)) params.set(param.name.text, locals.name(param.name.text));
    const use = this.firstUse(block.name!.text)!;
    const rank = use.inputs[0]!.length;
    const tokens = rank === 2 && this.readsTokens(block) === true;
    const inChannels = locals.name(tokens ? 'in_features' : 'in_channels');
    // A tensor parameter's size is read where the input's is: the last of a sequence, else the first.
    const tensors = block.params.filter(isTensorParameter).map((param, k) => ({
      name: param.name.text,
      channels: locals.name(`${param.name.text}_${tokens ? 'features' : 'channels'}`),
      variable: locals.name(param.name.text),
      axis: tokens && use.inputs[k + 1]?.length === 2 ? 1 : 0,
    }));
    return {
      className: this.classNames.name(block.name!.text),
      params,
      declaration: block,
      inChannels,
      inAxis: tokens ? rank - 1 : 0,
      tensors,
      output: [],
      attributes: [],
      lines: [],
    };
  }

  /**
   * Whether a block reads its rank-2 input as a T×D sequence: its first layer that tells
   * (not an activation, a dropout or a merge, which take either) is a feature op, which
   * acts on the last size, or a block that reads so.
   */
  private readsTokens(block: BlockDeclaration, seen = new Set<BlockDeclaration>()): boolean | undefined {
    seen.add(block);
    for (const statement of block.statements) {
      if (statement.kind !== 'layer') continue;
      const op = findOp(statement.call.callee.text);
      if (op) {
        if (FEATURE_OPS.has(op.name)) return true;
        if (op.role !== 'activation' && op.role !== 'regulariser' && op.role !== 'merge') return false;
        continue;
      }
      const inner = this.analysis.symbols.blocks.get(statement.call.callee.text);
      const told = inner && !seen.has(inner) ? this.readsTokens(inner, seen) : undefined;
      if (told !== undefined) return told;
    }
    return undefined;
  }

  private blockNames(): string[] {
    return this.analysis.file.declarations.flatMap((d) => (d.name ? [d.name.text] : []));
  }

  /** The first use of a block in the networks exported: its shapes are those the comments give. */
  private firstUse(name: string): LayerNode | undefined {
    const find = (nodes: readonly LayerNode[]): LayerNode | undefined => {
      for (const node of nodes) {
        if (node.kind === 'block' && node.op === name) return node;
        const inner = node.children && find(node.children);
        if (inner) return inner;
      }
      return undefined;
    };
    for (const network of this.networks) {
      const found = find(network.layers);
      if (found) return found;
    }
    return undefined;
  }

  /** Writes a block's class, once; a block it uses is written first, for the sizes of its output. */
  private writeBlock(block: BlockDeclaration): void {
    const info = this.blocks.get(block.name!.text)!;
    if (info.lines.length > 0) return;
    const use = this.firstUse(block.name!.text)!;
    const inputShape = use.inputs[0]!;
    const input: Dims = inputShape.map((_, axis) => (axis === info.inAxis ? variable(info.inChannels) : undefined));
    // The block's node reads its input, then what its tensor parameters were passed, in order.
    const tensors = info.tensors.map((tensor, k) => ({
      ...tensor,
      dims: (use.inputs[k + 1] ?? [undefined]).map((_, axis) => (axis === tensor.axis ? variable(tensor.channels) : undefined)),
    }));
    const body = this.writeBody(block, use.children!, input, info.params, info.inChannels, `    `, tensors);
    info.output = body.output;
    info.attributes = body.attributes;
    const tensorChannels = new Map(info.tensors.map((tensor) => [tensor.name, tensor.channels]));
    const signature = ['self', info.inChannels, ...block.params.map((p) => tensorChannels.get(p.name.text) ?? parameterText(p, info.params))];
    // A default that names the parameters before it is worked out in the body: Python's defaults cannot.
    const defaults = block.params.flatMap((p) => {
      const value = p.defaultValue && symOf(p.defaultValue, info.params);
      if (!value || isConstant(value)) return [];
      const name = info.params.get(p.name.text)!;
      return [`        if ${name} is None:`, `            ${name} = ${python(value)}`];
    });
    const useCount = this.countUses(block.name!.text);
    info.lines = [
      `class ${info.className}(nn.Module):`,
      `    """The block ${block.name!.text}; ${info.inChannels} is its input's ${info.inAxis === 0 ? 'channels' : 'features'}.`,
      '',
      `    Shapes and costs in comments are those of its first use, with input`,
      `    ${formatShape(inputShape)}${useCount > 1 ? ` (of ${formatCount(useCount)} uses)` : ''}.`,
      `    """`,
      '',
      ...wrapDef(`    def __init__(${signature.join(', ')}):`),
      `        super().__init__()`,
      ...defaults,
      ...body.init,
      '',
      `    def forward(self, ${body.inputVars.join(', ')}):`,
      ...body.forward,
    ];
  }

  private countUses(name: string): number {
    let count = 0;
    const walk = (nodes: readonly LayerNode[]) => {
      for (const node of nodes) {
        if (node.kind === 'block' && node.op === name) count++;
        if (node.children) walk(node.children);
      }
    };
    for (const network of this.networks) walk(network.layers);
    return count;
  }

  private writeNetwork(network: NetworkAnalysis, className: string): { lines: string[]; exported: ExportedNetwork } {
    const declaration = network.declaration;
    const input: Dims = (network.input ?? []).map((size) => int(size));
    const body = this.writeBody(declaration, network.layers, input, new Map(), undefined, '    ', []);
    const inputs = network.inputs.map((i) => ({ name: i.name, shape: i.shape ?? [], ids: this.idInputs.has(`${network.name}\0${i.name}`) }));
    const described = inputs.map((i) => `${i.name}: ${formatShape(i.shape)}${i.ids ? ' token ids' : ''}`).join(', ');
    const outputs =
      network.outputs.length > 1
        ? `outputs ${network.outputs.map((o) => `${o.name}: ${formatShape(o.shape ?? [])}`).join(', ')}`
        : `output ${formatShape(network.output ?? [])}`;
    const lines = [
      `class ${className}(nn.Module):`,
      ...wrapDocstring(`    """${network.name}: input ${described}; ${outputs}.`),
      '',
      `    ${formatCount(network.totals.params)} parameters, ${formatCount(network.totals.connections)} MACs.`,
      `    """`,
      '',
      `    def __init__(self):`,
      `        super().__init__()`,
      ...body.init,
      '',
      ...wrapDef(`    def forward(self, ${body.inputVars.join(', ')}):`),
      ...body.forward,
    ];
    const modules: { path: string; shape: Shape }[] = [];
    this.collectModules(network.layers, declaration, body.attributes, '', modules);
    return {
      lines,
      exported: {
        name: network.name,
        className,
        inputs,
        outputs: network.outputs.length > 1 ? network.outputs.map((o) => o.shape ?? []) : [network.output ?? []],
        params: network.totals.params,
        modules,
      },
    };
  }

  /** The module paths of a body's layers, as `named_modules()` gives them, with netlint's shapes. */
  private collectModules(
    nodes: readonly LayerNode[],
    declaration: Declaration,
    attributes: readonly (string | undefined)[],
    prefix: string,
    out: { path: string; shape: Shape }[],
  ): void {
    const layerStatements = declaration.statements.flatMap((s, index) => (s.kind === 'layer' ? [index] : []));
    nodes.forEach((node, i) => {
      const attribute = attributes[layerStatements[i]!];
      if (attribute === undefined || !node.shape) return;
      const path = `${prefix}${attribute}`;
      out.push({ path, shape: node.shape });
      const visitCopy = (copy: LayerNode, copyPath: string) => {
        out.push({ path: copyPath, shape: copy.shape! });
        if (copy.kind === 'block') this.collectBlock(copy, `${copyPath}.`, out);
      };
      if (node.kind === 'repeat') node.children!.forEach((copy, index) => visitCopy(copy, `${path}.${index}`));
      else if (node.kind === 'block') this.collectBlock(node, `${path}.`, out);
    });
  }

  private collectBlock(node: LayerNode, prefix: string, out: { path: string; shape: Shape }[]): void {
    const info = this.blocks.get(node.op)!;
    this.collectModules(node.children!, info.declaration, info.attributes, prefix, out);
  }

  /**
   * A body's `__init__` and `forward` lines. `nodes` are its layers as worked out in one
   * use (for a network, the only one): their shapes and costs make the comments. In a
   * network every size is a number; in a block, sizes are expressions over `input`.
   */
  private writeBody(
    declaration: Declaration,
    nodes: readonly LayerNode[],
    input: Dims,
    params: ReadonlyMap<string, string>,
    inChannels: string | undefined,
    indent: string,
    /** A block's tensor parameters: the variable `forward` takes each as, and its sizes. */
    tensorParams: readonly { readonly name: string; readonly variable: string; readonly channels: string; readonly dims: Dims }[],
  ): { init: string[]; forward: string[]; inputVars: string[]; output: Dims; attributes: (string | undefined)[] } {
    const scope = this.analysis.symbols.scopes.get(declaration)!;
    const isNetwork = declaration.kind === 'network';
    const inner = `${indent}    `;
    const attributeNames = new Namer([], true);
    const localNames = new Namer([
      ...IMPORTS,
      ...this.blockNames(),
      ...params.values(),
      ...(inChannels ? [inChannels] : []),
      ...tensorParams.flatMap((tensor) => [tensor.channels, tensor.variable]),
    ]);
    // Tensors read by name later (from, merges) and a network's marked outputs keep a variable of their own; the rest flow through one.
    const readByName = new Set<string>();
    declaration.statements.forEach((statement, index) => {
      if (statement.kind !== 'layer') return;
      for (const read of explicitReads(statement, this.analysis.symbols.blocks)) readByName.add(read.text);
      if (statement.output) readByName.add(scope.names[index]!);
    });
    const variables = new Map<string, string>();
    const inputVars: string[] = [];
    const dims = new Map<string, Dims>();
    if (isNetwork) {
      const network = this.networks.find((n) => n.declaration === declaration)!;
      for (const networkInput of network.inputs) {
        const name = localNames.name(networkInput.name);
        variables.set(networkInput.name, name);
        inputVars.push(name);
        dims.set(
          networkInput.name,
          (networkInput.shape ?? []).map((size) => int(size)),
        );
      }
    } else if (readByName.has(BLOCK_INPUT)) {
      variables.set(BLOCK_INPUT, localNames.name(BLOCK_INPUT));
    }
    for (const tensor of tensorParams) {
      variables.set(tensor.name, tensor.variable);
      dims.set(tensor.name, tensor.dims);
    }
    for (const name of readByName) if (!variables.has(name)) variables.set(name, localNames.name(name));
    // The tensors flow through `x`; an input named x that nothing reads by name is that variable already.
    const first = isNetwork ? this.networks.find((n) => n.declaration === declaration)!.inputs[0] : undefined;
    const flowing = first?.name === 'x' && !readByName.has('x') ? variables.get('x')! : localNames.name('x');
    if (!isNetwork) {
      inputVars.push(variables.get(BLOCK_INPUT) ?? flowing, ...tensorParams.map((tensor) => tensor.variable));
      dims.set(BLOCK_INPUT, input);
    }

    const init: string[] = [];
    const forward: string[] = [];
    const attributes: (string | undefined)[] = new Array<string | undefined>(declaration.statements.length).fill(undefined);
    let current = inputVars[0]!;
    let currentName = isNetwork ? this.networks.find((n) => n.declaration === declaration)!.inputs[0]?.name : BLOCK_INPUT;
    let currentDims: Dims = input;
    // The attribute of each module layer by its `.net` name, for a weight tied to it.
    const attributeOf = new Map<string, string>();
    let nodeIndex = 0;
    declaration.statements.forEach((statement, index) => {
      if (statement.kind !== 'layer') return;
      const node = nodes[nodeIndex++]!;
      const name = scope.names[index]!;
      const source = statement.from ? variables.get(statement.from.text)! : current;
      const sourceName = statement.from ? statement.from.text : currentName;
      const sourceDims = statement.from ? dims.get(statement.from.text)! : currentDims;
      const target = readByName.has(name) ? variables.get(name)! : flowing;
      let output: Dims = [];
      try {
        const written = this.writeLayer(statement, node, sourceDims, dims, params, isNetwork);
        output = isNetwork && node.shape ? node.shape.map((size) => int(size)) : written.output;
        if (written.readsIds && isNetwork && sourceName !== undefined) this.idInputs.add(`${declaration.name?.text}\0${sourceName}`);
        if (written.merge) {
          const reads = explicitReads(statement, this.analysis.symbols.blocks).map((read) => variables.get(read.text)!);
          forward.push(...assignExpression(inner, target, written.merge(reads)));
        } else if (written.expression) {
          // A learned tensor of its own (posembed, clstoken) is a parameter, as torchvision's ViT keeps them; the rest is arithmetic.
          let self = '';
          if (written.parameter) {
            self = `self.${attributeNames.name(name)}`;
            init.push(`${inner}# ${describeCosts(node)}`, ...assignExpression(inner, self, written.parameter));
          }
          forward.push(...assignExpression(inner, target, written.expression(source, self)));
        } else {
          const attribute = attributeNames.name(name);
          attributes[index] = attribute;
          const module = written.module!;
          attributeOf.set(name, attribute);
          init.push(`${inner}# ${describeCosts(node)}`, ...assignCall(inner, `self.${attribute}`, module.callee, module.args));
          if (written.initAfter) init.push(...written.initAfter(`self.${attribute}`, (tied) => `self.${attributeOf.get(tied)!}`).map((line) => inner + line));
          let from = source;
          if (written.flatten) {
            forward.push(`${inner}${target} = torch.flatten(${from}, 1)`);
            from = target;
          }
          // A module that returns a tuple (attention, a recurrent layer) gives the layer's output first; a block's tensor parameters follow its input.
          const args = written.callArgs ? written.callArgs(from) : [from, ...(written.tensorArgs ?? []).map((tensor) => variables.get(tensor)!)];
          forward.push(...assignCall(inner, written.tuple ? `${target}, _` : target, `self.${attribute}`, args));
          if (written.activation) {
            const act = attributeNames.name(`${name}_${written.activation.callee.slice(3).toLowerCase()}`);
            init.push(...assignCall(inner, `self.${act}`, written.activation.callee, written.activation.args));
            forward.push(`${inner}${target} = self.${act}(${target})`);
          }
        }
      } catch (error) {
        if (!(error instanceof NotExportable)) throw error;
        this.problem(statement, error.message);
        // In a network the shape is known all the same: the layers after it are judged on their own.
        output = (node.shape ?? []).map((size) => (isNetwork ? int(size) : undefined));
      }
      dims.set(name, output);
      current = target;
      currentName = name;
      currentDims = output;
    });
    // Several outputs: a tuple of the marked ones in the order written, the last statement last.
    const last = lastLayer(declaration);
    const returned = isNetwork
      ? declaration.statements.flatMap((statement, index) =>
          statement.kind === 'layer' && statement.output && index !== last ? [variables.get(scope.names[index]!)!] : [],
        )
      : [];
    forward.push(...returnLines(inner, [...returned, current]));
    return { init, forward, inputVars, output: currentDims, attributes };
  }

  /** One statement: an op's emitter, a block's class, or a repeat of either as nn.Sequential. */
  private writeLayer(
    statement: LayerStatement,
    node: LayerNode,
    input: Dims,
    tensors: ReadonlyMap<string, Dims>,
    params: ReadonlyMap<string, string>,
    isNetwork: boolean,
  ): Emitted & { readonly tensorArgs?: readonly string[] } {
    const op = findOp(statement.call.callee.text);
    let copies = 1;
    if (statement.repeat) {
      const count = symOf(statement.repeat, params);
      if (count.kind !== 'int') throw new NotExportable(`a repeat count given by its block's caller (${python(count)}) is not exportable yet`);
      copies = Number(count.value);
    }
    if (op) {
      if (!(op.name in PYTORCH_EMITTERS)) {
        throw new NotExportable(`${op.name} cannot be exported to PyTorch yet${NOT_EXPORTABLE_YET[op.name] ? `: ${NOT_EXPORTABLE_YET[op.name]}` : ''}`);
      }
      const emitter = PYTORCH_EMITTERS[op.name]!;
      const written = writtenArguments(
        statement,
        op.params.map((p) => p.name),
      );
      const layerFor = (inputs: readonly Dims[]): EmitLayer => ({
        op: op.name,
        inputs,
        arg: (name) => {
          const expr = written.get(name);
          return expr ? symOf(expr, params) : undefined;
        },
      });
      if (op.merge) return this.note(emitter(layerFor(explicitReads(statement, this.analysis.symbols.blocks).map((read) => tensors.get(read.text) ?? []))));
      if (!statement.repeat) return this.note(emitter(layerFor([input])));
      const modules: string[] = [];
      let dims = input;
      for (let copy = 0; copy < copies; copy++) {
        const emitted = this.note(emitter(layerFor([dims])));
        if (emitted.flatten) throw new NotExportable(`a repeated dense that reads a feature map is not exportable yet`);
        if (!emitted.module || emitted.tuple || emitted.callArgs || emitted.initAfter) {
          throw new NotExportable(`a repeated ${op.name} is not exportable yet: nn.Sequential cannot call it as its forward needs; repeat it in a block`);
        }
        const module = callText(emitted.module!);
        modules.push(emitted.activation ? `nn.Sequential(${module}, ${callText(emitted.activation)})` : module);
        dims = isNetwork && node.children?.[copy]?.shape ? node.children[copy]!.shape!.map((size) => int(size)) : emitted.output;
      }
      return { module: { callee: 'nn.Sequential', args: modules }, output: dims };
    }
    const block = this.blocks.get(statement.call.callee.text)!;
    this.writeBlock(block.declaration);
    if (!statement.repeat) return this.instantiate(block, statement, input, tensors, params);
    if (block.tensors.length > 0) {
      throw new NotExportable(`a repeat of ${block.className}, which takes a tensor besides its input, is not exportable yet: nn.Sequential passes one tensor`);
    }
    const instances: string[] = [];
    let dims = input;
    for (let copy = 0; copy < copies; copy++) {
      const instance = this.instantiate(block, statement, dims, tensors, params);
      instances.push(callText(instance.module));
      dims = instance.output;
    }
    return { module: { callee: 'nn.Sequential', args: instances }, output: dims };
  }

  /**
   * A use of a block: its class called with the input's channels (or features) and the
   * arguments as written; a tensor passed to a tensor parameter is given as its channels,
   * and named in `tensorArgs` for `forward`.
   */
  private instantiate(
    block: BlockClass,
    statement: LayerStatement,
    input: Dims,
    tensors: ReadonlyMap<string, Dims>,
    params: ReadonlyMap<string, string>,
  ): { module: ModuleCall; output: Dims; tensorArgs: readonly string[] } {
    const channels = input[block.inAxis];
    if (!channels)
      throw new NotExportable(
        `${block.className}'s input ${block.inAxis === 0 ? 'channels' : 'features'} depend on the size of its block's input, which a class cannot know`,
      );
    const args = [python(channels)];
    const values = new Map<string, Sym>([[block.inChannels, channels]]);
    const declared = block.declaration.params;
    const passed = new Map<string, string>();
    statement.call.args.forEach((argument, index) => {
      const param = argument.name ? argument.name.text : declared[index]!.name.text;
      const tensor = block.tensors.find((t) => t.name === param);
      if (tensor) {
        const name = argument.value!.kind === 'name' ? argument.value!.name : '';
        const size = tensors.get(name)?.[tensor.axis];
        if (!size)
          throw new NotExportable(`${block.className}'s ${param} has channels that depend on the size of its block's input, which a class cannot know`);
        passed.set(param, name);
        values.set(tensor.channels, size);
        args.push(argument.name ? `${tensor.channels}=${python(size)}` : python(size));
        return;
      }
      const value = symOf(argument.value!, params);
      values.set(block.params.get(param)!, value);
      args.push(argument.name ? `${block.params.get(param)}=${python(value)}` : python(value));
    });
    for (const param of declared) {
      const name = block.params.get(param.name.text);
      if (name && !values.has(name) && param.defaultValue) values.set(name, substitute(symOf(param.defaultValue, block.params), values));
    }
    const output = block.output.map((size) => (size ? substitute(size, values) : undefined));
    return { module: { callee: block.className, args }, output, tensorArgs: block.tensors.map((tensor) => passed.get(tensor.name)!) };
  }
}

function parameterText(param: BlockDeclaration['params'][number], names: ReadonlyMap<string, string>): string {
  const name = names.get(param.name.text)!;
  if (!param.defaultValue) return name;
  const value = symOf(param.defaultValue, names);
  return `${name}=${isConstant(value) ? python(value) : 'None'}`;
}

/** The argument expression written for each parameter of an op, by name: positional first, then named. */
function writtenArguments(statement: LayerStatement, params: readonly string[]) {
  const written = new Map<string, NonNullable<LayerStatement['call']['args'][number]['value']>>();
  statement.call.args.forEach((argument, index) => {
    const name = argument.name ? argument.name.text : params[index];
    if (name && argument.value) written.set(name, argument.value);
  });
  return written;
}

function callText(module: ModuleCall): string {
  return `${module.callee}(${module.args.join(', ')})`;
}

function formatShape(shape: Shape): string {
  return shape.join('x');
}

/** `96x55x55, 34,944 params, 105,415,200 MACs`: what netlint counts for the layer. */
function describeCosts(node: LayerNode): string {
  const parts = [node.shape ? formatShape(node.shape) : '?'];
  if (node.counts.params > 0n) parts.push(`${formatCount(node.counts.params)} params`);
  if (node.counts.connections > 0n) parts.push(`${formatCount(node.counts.connections)} MACs`);
  return parts.join(', ');
}

/** `target = expression`, folded after an opening bracket when past 79 columns. */
function assignExpression(indent: string, target: string, expression: string): string[] {
  const line = `${indent}${target} = ${expression}`;
  if (line.length <= 79) return [line];
  const open = expression.indexOf('[');
  if (open < 0) return [`${indent}${target} = (`, `${indent}    ${expression}`, `${indent})`];
  const close = expression.lastIndexOf(']');
  const items = expression.slice(open + 1, close).split(', ');
  return [`${indent}${target} = ${expression.slice(0, open + 1)}`, ...items.map((item) => `${indent}    ${item},`), `${indent}${expression.slice(close)}`];
}

/** The index of a body's last layer statement: the network's last output. */
function lastLayer(declaration: Declaration): number {
  for (let index = declaration.statements.length - 1; index >= 0; index--) if (declaration.statements[index]!.kind === 'layer') return index;
  return -1;
}

/** `return x`, or a tuple of several outputs, folded one to a line when past 79 columns. */
function returnLines(indent: string, values: readonly string[]): string[] {
  const line = `${indent}return ${values.join(', ')}`;
  if (line.length <= 79) return [line];
  return [`${indent}return (`, ...values.map((value) => `${indent}    ${value},`), `${indent})`];
}

/** A docstring's first line past 79 columns, folded at the spaces. */
function wrapDocstring(line: string): string[] {
  const indent = line.slice(0, line.length - line.trimStart().length);
  const lines: string[] = [];
  let rest = line;
  while (rest.length > 79 && rest.lastIndexOf(' ', 79) > indent.length) {
    const cut = rest.lastIndexOf(' ', 79);
    lines.push(rest.slice(0, cut));
    rest = `${indent}${rest.slice(cut + 1)}`;
  }
  return [...lines, rest];
}

/** A `def` line past 79 columns, its parameters folded under it. */
function wrapDef(line: string): string[] {
  if (line.length <= 79) return [line];
  const open = line.indexOf('(');
  const indent = line.slice(0, line.length - line.trimStart().length);
  const params = line.slice(open + 1, line.lastIndexOf(')')).split(', ');
  return [line.slice(0, open + 1), ...params.map((p) => `${indent}        ${p},`), `${indent}):`];
}
