/**
 * Names and scopes, worked out from the syntax alone: automatic names, duplicate and
 * unknown names, unread outputs, unknown ops, and blocks that use themselves. Nothing
 * here depends on the values of arguments, so it runs once per document.
 */
import {
  identifierNode,
  type BlockDeclaration,
  type Declaration,
  type Expr,
  type Identifier,
  type LayerStatement,
  type NameExpr,
  type Parameter,
  type SourceFile,
} from './ast';
import { DiagnosticSink, MAX_DIAGNOSTICS } from './diagnostics';
import { findOp, OP_ALIASES, OPS, type OpDefinition } from './ops';
import { didYouMean } from './suggest';
import type { ContextualKeyword } from './tokens';
import { firstAtLeast, type LineIndex, type Span } from './text';

/** The name `in` of a block's input. */
export const BLOCK_INPUT = 'in';

export interface BodyScope {
  readonly declaration: Declaration;
  /** The name of each statement, written or automatic, by statement index. */
  readonly names: readonly string[];
  /**
   * The statement index of each name's first definition; -1 for a block's `in`, and
   * `tensorParameterEntry(k)` (below -1) for its k-th parameter when that takes a tensor.
   * (Indexes, not records: a 100,000-layer network made as many records, and each was garbage.)
   */
  readonly entries: ReadonlyMap<string, number>;
  /** Whether a statement's op takes a layer as an argument (`tied=wte`): the expansion then keeps each statement's layer. */
  readonly namesLayers: boolean;
  /**
   * By statement index, the entry of each name the statement reads explicitly (as
   * `explicitReads` gives them, in order), undefined for a name the scope does not define;
   * undefined for a statement that reads none. The expansion finds its inputs here rather
   * than looking each name up again.
   */
  readonly reads: readonly (readonly (number | undefined)[] | undefined)[];
}

/**
 * A scope's entries: a Map split into shards by a cheap hash of the name when the scope is
 * large. V8 moves a Map beyond a few thousand entries into large-object memory, fresh pages
 * each time it grows, which made one Map of a 10,000-layer network the costliest part of
 * resolving its names; shards of a couple of thousand names stay ordinary objects.
 * Iteration keeps the order of insertion, as a Map's does.
 */
class ScopeEntries implements ReadonlyMap<string, number> {
  private readonly shards: Map<string, number>[] = [];
  private readonly mask: number;
  /** The names in the order they were added, when there are several shards: one Map keeps its own order. */
  private readonly order: string[] | undefined;

  /** `expected`: about how many names the scope will hold. */
  constructor(expected: number) {
    let count = 1;
    while (count * SHARD_SIZE < expected) count *= 2;
    for (let k = 0; k < count; k++) this.shards.push(new Map());
    this.mask = count - 1;
    this.order = count > 1 ? [] : undefined;
  }

  private shard(name: string): Map<string, number> {
    if (this.mask === 0) return this.shards[0]!;
    const n = name.length;
    // NaN for the empty name, which `& mask` makes 0.
    return this.shards[(n + name.charCodeAt(0) * 7 + name.charCodeAt(n >> 1) * 31 + name.charCodeAt(n - 1) * 131) & this.mask]!;
  }

  /** Adds a name not yet in the scope. */
  add(name: string, entry: number): void {
    this.shard(name).set(name, entry);
    this.order?.push(name);
  }

  get(name: string): number | undefined {
    return this.shard(name).get(name);
  }

  has(name: string): boolean {
    return this.shard(name).has(name);
  }

  get size(): number {
    return this.order ? this.order.length : this.shards[0]!.size;
  }

  forEach(visit: (entry: number, name: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [name, entry] of this.entries()) visit(entry, name, this);
  }

  *entries(): MapIterator<[string, number]> {
    if (!this.order) return yield* this.shards[0]!.entries();
    for (const name of this.order) yield [name, this.get(name)!];
  }

  keys(): MapIterator<string> {
    return this.order ? this.order.values() : this.shards[0]!.keys();
  }

  *values(): MapIterator<number> {
    for (const [, entry] of this.entries()) yield entry;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/** The most names a shard of a scope is meant to hold. */
const SHARD_SIZE = 2048;

export interface FileSymbols {
  readonly blocks: ReadonlyMap<string, BlockDeclaration>;
  /** Blocks that use themselves, directly or through others: never expanded. */
  readonly recursive: ReadonlySet<string>;
  readonly scopes: ReadonlyMap<Declaration, BodyScope>;
}

/** The word after `:` that makes a block parameter take a tensor. */
export const TENSOR_TYPE: ContextualKeyword = 'tensor';

/** Whether a block parameter takes a tensor (`skip: tensor`). */
export function isTensorParameter(param: Parameter): boolean {
  return param.type?.text === TENSOR_TYPE;
}

/** The scope entry of a block's k-th parameter, a tensor parameter: below -1, which is `in`. */
function tensorParameterEntry(k: number): number {
  return -2 - k;
}

/** The parameter index of a scope entry below -1. */
export function tensorParameterIndex(entry: number): number {
  return -2 - entry;
}

/**
 * The parameter each argument of a call is given to, by the argument's index: positional
 * ones in order, named ones by name; undefined for one that fits none (an error of binding).
 */
export function parameterOfArgument(params: readonly Parameter[], statement: LayerStatement, index: number): Parameter | undefined {
  const arg = statement.call.args[index]!;
  if (!arg.name) return params[index];
  return params.find((param) => param.name.text === arg.name!.text);
}

/**
 * The tensor names a statement reads explicitly: `from X`, the arguments of a merge, and
 * the names it passes to a block's tensor parameters.
 */
export function explicitReads(statement: LayerStatement, blocks: ReadonlyMap<string, BlockDeclaration>): Identifier[] {
  const reads: Identifier[] = [];
  forEachExplicitRead(statement, findOp(statement.call.callee.text), blocks, (name, where) =>
    reads.push(where.kind === 'identifier' ? where : identifierNode(name, where.start, where.end)),
  );
  return reads;
}

/**
 * Calls `visit` on each name `explicitReads` gives, in the same order, with the node that
 * writes it; `op` is the statement's op, which the caller has found. No node is made per
 * name: the names read every statement of a scope this way.
 */
function forEachExplicitRead(
  statement: LayerStatement,
  op: OpDefinition | undefined,
  blocks: ReadonlyMap<string, BlockDeclaration>,
  visit: (name: string, where: Identifier | NameExpr) => void,
): void {
  if (statement.from) visit(statement.from.text, statement.from);
  const args = statement.call.args;
  if (op) {
    if (op.merge) for (const arg of args) if (!arg.name && arg.value?.kind === 'name') visit(arg.value.name, arg.value);
    return;
  }
  const block = blocks.get(statement.call.callee.text);
  if (!block || !block.params.some(isTensorParameter)) return;
  args.forEach((arg, index) => {
    const param = parameterOfArgument(block.params, statement, index);
    if (param && isTensorParameter(param) && arg.value?.kind === 'name') visit(arg.value.name, arg.value);
  });
}

const NO_REFERENCES: readonly Identifier[] = [];

/**
 * The layer names a statement gives as arguments of its op's `layer` parameters
 * (`tied=wte`): references to a layer, which the expansion resolves, without reading its
 * output. `none` is no name.
 */
function layerReferences(statement: LayerStatement): readonly Identifier[] {
  const op = findOp(statement.call.callee.text);
  if (!op || op.references.length === 0) return NO_REFERENCES;
  const found: Identifier[] = [];
  statement.call.args.forEach((arg, index) => {
    const param = arg.name ? arg.name.text : op.params[index]?.name;
    if (!param || !op.references.includes(param) || arg.value?.kind !== 'name' || arg.value.name === 'none') return;
    found.push(identifierNode(arg.value.name, arg.value.start, arg.value.end));
  });
  return found;
}

/** Every name a statement reads or refers to, for an editor: its reads, then its layer references. */
export function nameReferences(statement: LayerStatement, blocks: ReadonlyMap<string, BlockDeclaration>): readonly Identifier[] {
  const references = layerReferences(statement);
  return references.length === 0 ? explicitReads(statement, blocks) : [...explicitReads(statement, blocks), ...references];
}

/** The names an expression reads, in order. */
function namesOf(expr: Expr | undefined, found: { name: string; where: Expr }[] = []): { name: string; where: Expr }[] {
  if (!expr) return found;
  if (expr.kind === 'name') found.push({ name: expr.name, where: expr });
  else if (expr.kind === 'binary') {
    namesOf(expr.left, found);
    namesOf(expr.right, found);
  } else if (expr.kind === 'negate') namesOf(expr.operand, found);
  else if (expr.kind === 'list') for (const item of expr.items) namesOf(item, found);
  return found;
}

/**
 * A block's parameters: each declared once, typed `tensor` or not at all; a tensor
 * parameter without a default; a default that names only the parameters before it.
 */
function checkParameters(block: BlockDeclaration, sink: DiagnosticSink): void {
  const params = block.params;
  const seen = new Set<string>();
  params.forEach((param, index) => {
    const name = param.name.text;
    if (seen.has(name)) sink.error('duplicate-name', `parameter '${name}' is declared twice`, param.name);
    seen.add(name);
    if (param.type && param.type.text !== TENSOR_TYPE) {
      sink.error('syntax', `a parameter's type can only be '${TENSOR_TYPE}', not '${param.type.text}'`, param.type);
    }
    if (isTensorParameter(param) && param.defaultValue) {
      sink.error('bad-argument', `the tensor parameter '${name}' takes no default: each call names the tensor it passes`, param.defaultValue);
      return;
    }
    for (const read of namesOf(param.defaultValue)) {
      const at = params.findIndex((other) => other.name.text === read.name);
      if (at < index) continue;
      const which = at === index ? `'${name}' itself` : `'${read.name}', a parameter declared after it`;
      sink.error('unknown-name', `the default of '${name}' names ${which}: a default can only name the parameters before it`, read.where);
    }
  });
}

function lineOf(lines: LineIndex, where: Span): number {
  return lines.positionAt(where.start).line + 1;
}

export function resolveNames(file: SourceFile, sink: DiagnosticSink, lines: LineIndex): FileSymbols {
  const blocks = new Map<string, BlockDeclaration>();
  const networks = new Map<string, Declaration>();
  for (const declaration of file.declarations) {
    const name = declaration.name;
    if (!name) continue;
    if (declaration.kind === 'block') {
      if (findOp(name.text)) {
        sink.error('duplicate-name', `'${name.text}' is a built-in op: name the block otherwise`, name);
        continue;
      }
      const earlier = blocks.get(name.text);
      if (earlier) {
        sink.error('duplicate-name', `block '${name.text}' is already defined on line ${lineOf(lines, earlier)}`, name);
        continue;
      }
      blocks.set(name.text, declaration);
    } else {
      const earlier = networks.get(name.text);
      if (earlier) {
        sink.error('duplicate-name', `network '${name.text}' is already defined on line ${lineOf(lines, earlier)}`, name);
      } else {
        networks.set(name.text, declaration);
      }
    }
  }

  const callables = [...OPS.keys(), ...OP_ALIASES.keys(), ...blocks.keys()];
  const suggestions: SuggestionsLeft = { names: MAX_DIAGNOSTICS, ops: MAX_DIAGNOSTICS };
  const scopes = new Map<Declaration, BodyScope>();
  for (const declaration of file.declarations) {
    scopes.set(declaration, resolveBody(declaration, sink, lines, blocks, callables, suggestions));
  }
  const recursive = findRecursion(blocks, sink);
  return { blocks, recursive, scopes };
}

/**
 * How many more unknown names, and unknown ops, get a "did you mean". A file shows its
 * first MAX_DIAGNOSTICS diagnostics by position, and both are met in the order of the
 * text: one past that many of its kind before it is not shown (unless comments silence
 * those), and its suggestion, compared with every name in scope, would be work for nothing.
 */
interface SuggestionsLeft {
  names: number;
  ops: number;
}

function resolveBody(
  declaration: Declaration,
  sink: DiagnosticSink,
  lines: LineIndex,
  blocks: ReadonlyMap<string, BlockDeclaration>,
  callables: readonly string[],
  suggestions: SuggestionsLeft,
): BodyScope {
  const isBlock = declaration.kind === 'block';
  const entries = new ScopeEntries(declaration.statements.length + (isBlock ? declaration.params.length + 1 : 0));
  const names: string[] = [];
  // Whether each statement is the first to define its name.
  const first = new Uint8Array(declaration.statements.length);
  const autoCounters = new Map<string, number>();
  // A block's tensor parameters, each read or not.
  const tensorParameters = isBlock ? declaration.params.filter(isTensorParameter) : [];
  const parameterRead = new Uint8Array(isBlock ? declaration.params.length : 0);
  if (isBlock) {
    entries.add(BLOCK_INPUT, -1);
    checkParameters(declaration, sink);
    declaration.params.forEach((param, k) => {
      if (!isTensorParameter(param)) return;
      const name = param.name.text;
      if (name === BLOCK_INPUT) sink.error('duplicate-name', `'${BLOCK_INPUT}' is the block's input: name the tensor parameter otherwise`, param.name);
      else if (!entries.has(name)) entries.add(name, tensorParameterEntry(k));
    });
  }

  // One pass: each statement's name, then what it reads. A read of a name not defined yet
  // is settled after the pass, when a later definition, if any, is known.
  const statements = declaration.statements;
  const read = new Uint8Array(statements.length);
  const pending: { readonly name: string; readonly where: Span; readonly index: number; readonly slot: number }[] = [];
  // What the statement at `reader` reads by name: made once for the scope, not once per statement.
  let reader = 0;
  const reads = new Array<(number | undefined)[] | undefined>(statements.length);
  // The entries of the statement's first `count` reads, copied to `reads` once they are all
  // found: a list grown by push would hold room for 17.
  const found: (number | undefined)[] = [];
  let count = 0;
  const readName = (name: string, where: Span): void => {
    const entry = entries.get(name);
    found[count] = entry;
    if (entry === undefined) pending.push({ name, where, index: reader, slot: count });
    else if (entry === reader) sink.error('unknown-name', `'${name}' names this statement itself: a layer can only read earlier ones`, where);
    else if (entry >= 0) read[entry] = 1;
    else if (entry < -1) parameterRead[tensorParameterIndex(entry)] = 1;
    count++;
  };
  let previousLayer = -1;
  let namesLayers = false;
  let firstInput = -1;
  for (let index = 0; index < statements.length && firstInput < 0; index++) if (statements[index]!.kind === 'input') firstInput = index;
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index]!;
    let name: string;
    if (statement.name) {
      name = statement.name.text;
    } else if (statement.kind === 'layer' && statement.call.callee.text) {
      const op = statement.call.callee.text;
      const n = (autoCounters.get(op) ?? 0) + 1;
      autoCounters.set(op, n);
      name = `${op}_${n}`;
    } else {
      name = '';
    }
    names.push(name);
    if (statement.kind === 'input' && isBlock) {
      sink.error('syntax', `a block takes no 'input': its input is '${BLOCK_INPUT}'`, statement);
    }
    if (name) {
      const earlier = entries.get(name);
      if (earlier !== undefined) {
        const where = statement.name ?? statement;
        const at =
          earlier >= 0 ? `on line ${lineOf(lines, statements[earlier]!)}` : earlier === -1 ? `as the block's input` : `as a tensor parameter of the block`;
        sink.error('duplicate-name', `'${name}' is already defined ${at}`, where);
      } else {
        entries.add(name, index);
        first[index] = 1;
      }
    }

    if (statement.kind !== 'layer') continue;
    if (statement.output && isBlock) {
      sink.error('syntax', `'output' marks an output of a network, not of a block: mark the block's use instead`, statement.output);
    }
    if (statement.output) read[index] = 1;
    const op = findOp(statement.call.callee.text);
    if (!op) checkCallee(statement, blocks, callables, sink, suggestions);
    // A layer without `from` that is not a merge reads the layer before it (or the scope's input).
    if (!statement.from && !op?.merge) {
      if (previousLayer >= 0) read[previousLayer] = 1;
      else if (firstInput >= 0) read[firstInput] = 1;
    }
    // A layer named as an argument (`tied=wte`) counts as read; the expansion says when it is not an earlier layer.
    if (op && op.references.length > 0) {
      namesLayers = true;
      for (const reference of layerReferences(statement)) {
        const entry = entries.get(reference.text);
        if (entry !== undefined && entry >= 0 && entry < index) read[entry] = 1;
      }
    }
    reader = index;
    forEachExplicitRead(statement, op, blocks, readName);
    if (count > 0) reads[index] = found.slice(0, count);
    count = 0;
    previousLayer = index;
  }
  // The names in the order they were defined, made once: those a read may suggest are
  // the ones defined before it, a prefix of this list.
  const known = pending.length > 0 ? [...entries.keys()] : [];
  const definedAt = pending.length > 0 ? [...entries.values()] : [];
  for (const { name, where, index, slot } of pending) {
    const entry = entries.get(name);
    reads[index]![slot] = entry;
    if (entry !== undefined) {
      sink.error('unknown-name', `'${name}' names a later statement (line ${lineOf(lines, statements[entry]!)}): a layer can only read earlier ones`, where);
    } else {
      const suggestion = suggestions.names-- > 0 ? didYouMean(name, known, firstAtLeast(definedAt, index)) : '';
      sink.error('unknown-name', `no earlier statement is named '${name}'${suggestion}`, where);
    }
  }
  const output = previousLayer >= 0 ? previousLayer : undefined;
  if (output !== undefined) read[output] = 1;

  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index]!;
    if (read[index] || !first[index]) continue;
    if (statement.kind === 'layer' && output === undefined) continue;
    const what = statement.kind === 'input' ? 'input' : 'output';
    sink.add({
      code: 'unused',
      severity: 'warning',
      message: `the ${what} '${names[index]}' is never read`,
      span: statement.name ?? (statement.kind === 'layer' ? statement.call.callee : statement),
    });
  }
  if (isBlock) {
    for (const param of tensorParameters) {
      const k = declaration.params.indexOf(param);
      if (parameterRead[k] || entries.get(param.name.text) !== tensorParameterEntry(k)) continue;
      sink.add({ code: 'unused', severity: 'warning', message: `the tensor parameter '${param.name.text}' is never read`, span: param.name });
    }
  }
  return { declaration, names, entries, namesLayers, reads };
}

function checkCallee(
  statement: LayerStatement,
  blocks: ReadonlyMap<string, BlockDeclaration>,
  callables: readonly string[],
  sink: DiagnosticSink,
  suggestions: SuggestionsLeft,
): void {
  const callee = statement.call.callee;
  if (!callee.text || findOp(callee.text) || blocks.has(callee.text)) return;
  const suggestion = suggestions.ops-- > 0 ? didYouMean(callee.text, callables) : '';
  sink.error('unknown-op', `unknown op or block '${callee.text}'${suggestion}`, callee);
}

/** Each block's calls to other blocks, in order. */
function blockCalls(block: BlockDeclaration, blocks: ReadonlyMap<string, BlockDeclaration>): Identifier[] {
  return block.statements.flatMap((statement) => (statement.kind === 'layer' && blocks.has(statement.call.callee.text) ? [statement.call.callee] : []));
}

/** Finds every block on a cycle of uses and reports each call that closes one. */
function findRecursion(blocks: ReadonlyMap<string, BlockDeclaration>, sink: DiagnosticSink): Set<string> {
  const recursive = new Set<string>();
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  // Depth first, with a stack of its own: a chain of thousands of blocks must not exhaust the call stack.
  const visit = (root: string): void => {
    const frames: { name: string; calls: Identifier[]; next: number }[] = [];
    const enter = (name: string): void => {
      state.set(name, 'active');
      stack.push(name);
      frames.push({ name, calls: blockCalls(blocks.get(name)!, blocks), next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const call = frame.calls[frame.next++];
      if (!call) {
        frames.pop();
        stack.pop();
        state.set(frame.name, 'done');
        continue;
      }
      const target = call.text;
      const seen = state.get(target);
      if (seen === 'active') {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        for (const member of cycle) recursive.add(member);
        const how = cycle.length === 2 ? 'directly' : `through ${cycle.slice(1, -1).join(', ')}`;
        sink.error('recursive-block', `block '${target}' uses itself ${how}: ${cycle.join(' → ')}`, call);
      } else if (seen === undefined) {
        enter(target);
      }
    }
  };
  for (const name of blocks.keys()) if (!state.has(name)) visit(name);
  // A block that uses a recursive block cannot be expanded either.
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, block] of blocks) {
      if (!recursive.has(name) && blockCalls(block, blocks).some((call) => recursive.has(call.text))) {
        recursive.add(name);
        grew = true;
      }
    }
  }
  return recursive;
}
