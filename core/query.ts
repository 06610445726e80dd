/**
 * Questions an editor asks of an analysis, by offset: which statement is here, which
 * name, where else it occurs, what the layers it made cost. No LSP here: offsets in,
 * spans and nodes out (an occurrence's span is a copy, never a node).
 */
import type { Argument, BlockDeclaration, Declaration, Expr, LayerStatement, Statement } from './ast';
import type { Analysis } from './analyze';
import type { LayerNode, NetworkAnalysis } from './expand';
import { BLOCK_INPUT, isTensorParameter, nameReferences, parameterOfArgument, tensorParameterIndex } from './names';
import { findOp } from './ops';
import type { Shape } from './shapes';
import { span, type Span } from './text';

const contains = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

export function declarationAt(analysis: Analysis, offset: number): Declaration | undefined {
  const declarations = analysis.file.declarations;
  const found = declarations.find((declaration) => contains(declaration, offset));
  if (found) return found;
  // A body not yet closed runs on to the next declaration: it is the one being typed.
  const before = declarations.findLast((declaration) => declaration.start <= offset);
  return before && analysis.text[before.body.end - 1] !== '}' ? before : undefined;
}

export interface StatementLocation {
  readonly declaration: Declaration;
  readonly statement: Statement;
  readonly index: number;
}

export function statementAt(analysis: Analysis, offset: number): StatementLocation | undefined {
  const declaration = declarationAt(analysis, offset);
  if (!declaration) return undefined;
  const index = declaration.statements.findIndex((statement) => contains(statement, offset));
  return index < 0 ? undefined : { declaration, statement: declaration.statements[index]!, index };
}

export interface Expansion {
  readonly network: NetworkAnalysis;
  readonly path: string;
  readonly node: LayerNode;
}

const expansionIndexes = new WeakMap<Analysis, Map<LayerStatement, Expansion[]>>();

/**
 * Every statement's expansions, found in one walk of the analysis and kept with it: an
 * editor asks for them once per line, and a walk per line would be quadratic.
 */
function expansionIndex(analysis: Analysis): Map<LayerStatement, Expansion[]> {
  let index = expansionIndexes.get(analysis);
  if (index) return index;
  const built = new Map<LayerStatement, Expansion[]>();
  const walk = (network: NetworkAnalysis, nodes: readonly LayerNode[], prefix: string, parent: LayerStatement | undefined) => {
    for (const node of nodes) {
      const path = prefix ? `${prefix}.${node.name}` : node.name;
      // The copies of a repeat share its statement: the repeat stands for them.
      if (node.statement !== parent) {
        const list = built.get(node.statement);
        if (list) list.push({ network, path, node });
        else built.set(node.statement, [{ network, path, node }]);
      }
      if (node.children) walk(network, node.children, path, node.statement);
    }
  };
  for (const network of analysis.networks) walk(network, network.layers, '', undefined);
  index = built;
  expansionIndexes.set(analysis, index);
  return index;
}

/** Every layer node a statement made, in every network: one for a network's statement, one per instance inside a block. */
export function expansionsOf(analysis: Analysis, statement: LayerStatement): readonly Expansion[] {
  return expansionIndex(analysis).get(statement) ?? [];
}

function networkOf(analysis: Analysis, declaration: Declaration): NetworkAnalysis | undefined {
  return analysis.networks.find((network) => network.declaration === declaration);
}

export type SymbolKind = 'tensor' | 'block' | 'parameter' | 'network';

export interface Occurrence {
  /** A plain copy of the node's offsets: an occurrence never holds a syntax tree node. */
  readonly span: Span;
  readonly isDefinition: boolean;
  /**
   * Whether the name is written there. Not at the definition of an automatic name (the
   * call that makes it, `conv(…)` for `conv_1`) nor of a block's `in` (the block's header):
   * a rename leaves those alone.
   */
  readonly written: boolean;
}

/** An occurrence at a node (or any span), its offsets copied. */
function occurrence(where: Span, isDefinition: boolean, written = true): Occurrence {
  return { span: span(where.start, where.end), isDefinition, written };
}

export interface SymbolInfo {
  readonly kind: SymbolKind;
  readonly name: string;
  /** The declaration a tensor or parameter belongs to; undefined for blocks and networks. */
  readonly scope: Declaration | undefined;
  readonly occurrences: readonly Occurrence[];
}

function namesIn(expr: Expr | undefined, visit: (name: string, where: Span) => void): void {
  if (!expr) return;
  if (expr.kind === 'name') visit(expr.name, expr);
  else if (expr.kind === 'binary') {
    namesIn(expr.left, visit);
    namesIn(expr.right, visit);
  } else if (expr.kind === 'negate') namesIn(expr.operand, visit);
  else if (expr.kind === 'list') for (const item of expr.items) namesIn(item, visit);
}

type Blocks = ReadonlyMap<string, BlockDeclaration>;

/** Arguments whose names are values (block parameters), not tensors: all but a merge's and those given to a tensor parameter. */
function valueArguments(statement: LayerStatement, blocks: Blocks): readonly Argument[] {
  if (findOp(statement.call.callee.text)?.merge) return [];
  const block = blocks.get(statement.call.callee.text);
  if (!block?.params.some(isTensorParameter)) return statement.call.args;
  return statement.call.args.filter((_, index) => {
    const param = parameterOfArgument(block.params, statement, index);
    return !param || !isTensorParameter(param);
  });
}

/** A block's header, `block B(f, skip: tensor)`: from its keyword to its body's brace. */
function blockHeader(text: string, block: BlockDeclaration): Span {
  return span(block.start, block.start + text.slice(block.start, block.body.start).trimEnd().length);
}

/**
 * Where a tensor name of a body is defined, as its scope has it: a statement's name, or
 * for an automatic name the call that makes it; a block's tensor parameter; for `in`, the
 * block's header, which says what the block is called with.
 */
function tensorDefinition(analysis: Analysis, declaration: Declaration, name: string): Occurrence | undefined {
  const entry = analysis.symbols.scopes.get(declaration)?.entries.get(name);
  if (entry === undefined) return undefined;
  if (entry >= 0) {
    const statement = declaration.statements[entry]!;
    if (statement.name) return occurrence(statement.name, true);
    return statement.kind === 'layer' ? occurrence(statement.call.callee, true, false) : undefined;
  }
  if (declaration.kind !== 'block') return undefined;
  if (entry === -1) return occurrence(blockHeader(analysis.text, declaration), true, false);
  return occurrence(declaration.params[tensorParameterIndex(entry)]!.name, true);
}

/** A tensor name's definition (a statement, a block's tensor parameter or its header for `in`) and reads in one body, in order. */
export function tensorOccurrences(analysis: Analysis, declaration: Declaration, name: string): Occurrence[] {
  const definition = tensorDefinition(analysis, declaration, name);
  const found: Occurrence[] = definition ? [definition] : [];
  for (const statement of declaration.statements) {
    if (statement.kind !== 'layer') continue;
    for (const read of nameReferences(statement, analysis.symbols.blocks)) if (read.text === name) found.push(occurrence(read, false));
  }
  return found;
}

/** A block parameter's declaration and its uses as a value. */
export function parameterOccurrences(block: BlockDeclaration, name: string, blocks: Blocks): Occurrence[] {
  const found: Occurrence[] = [];
  for (const param of block.params) {
    if (param.name.text === name) found.push(occurrence(param.name, true));
    namesIn(param.defaultValue, (n, where) => n === name && found.push(occurrence(where, false)));
  }
  for (const statement of block.statements) {
    if (statement.kind !== 'layer') continue;
    for (const arg of valueArguments(statement, blocks)) namesIn(arg.value, (n, where) => n === name && found.push(occurrence(where, false)));
    namesIn(statement.repeat, (n, where) => n === name && found.push(occurrence(where, false)));
  }
  return found;
}

/** A block's declaration and every call of it, in order. */
export function blockOccurrences(analysis: Analysis, name: string): Occurrence[] {
  const found: Occurrence[] = [];
  for (const declaration of analysis.file.declarations) {
    if (declaration.kind === 'block' && declaration.name?.text === name) found.push(occurrence(declaration.name, true));
    for (const statement of declaration.statements) {
      if (statement.kind === 'layer' && statement.call.callee.text === name) found.push(occurrence(statement.call.callee, false));
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/** The name under the cursor and all its occurrences; undefined on anything else (an op, a number). */
export function symbolAt(analysis: Analysis, offset: number): SymbolInfo | undefined {
  const declaration = declarationAt(analysis, offset);
  if (!declaration) return undefined;
  if (declaration.name && contains(declaration.name, offset)) {
    if (declaration.kind === 'block') {
      return { kind: 'block', name: declaration.name.text, scope: undefined, occurrences: blockOccurrences(analysis, declaration.name.text) };
    }
    return { kind: 'network', name: declaration.name.text, scope: undefined, occurrences: [occurrence(declaration.name, true)] };
  }
  const blocks = analysis.symbols.blocks;
  const tensor = (name: string): SymbolInfo | undefined => {
    const occurrences = tensorOccurrences(analysis, declaration, name);
    if (occurrences.length === 0) return undefined;
    return { kind: 'tensor', name, scope: declaration, occurrences };
  };
  if (declaration.kind === 'block') {
    const param = declaration.params.find((p) => contains(p.name, offset));
    if (param && isTensorParameter(param)) return tensor(param.name.text);
    if (param) return { kind: 'parameter', name: param.name.text, scope: declaration, occurrences: parameterOccurrences(declaration, param.name.text, blocks) };
  }
  const location = statementAt(analysis, offset);
  if (!location) return undefined;
  const { statement } = location;
  if (statement.name && contains(statement.name, offset)) return tensor(statement.name.text);
  if (statement.kind !== 'layer') return undefined;
  for (const read of nameReferences(statement, blocks)) if (contains(read, offset)) return tensor(read.text);
  if (contains(statement.call.callee, offset) && analysis.symbols.blocks.has(statement.call.callee.text)) {
    return { kind: 'block', name: statement.call.callee.text, scope: undefined, occurrences: blockOccurrences(analysis, statement.call.callee.text) };
  }
  if (declaration.kind === 'block') {
    let hit: string | undefined;
    const check = (n: string, where: Span) => {
      if (contains(where, offset) && declaration.params.some((p) => p.name.text === n)) hit = n;
    };
    for (const arg of valueArguments(statement, blocks)) namesIn(arg.value, check);
    namesIn(statement.repeat, check);
    if (hit) return { kind: 'parameter', name: hit, scope: declaration, occurrences: parameterOccurrences(declaration, hit, blocks) };
  }
  return undefined;
}

/**
 * The blocks that a call inside block `name` would make recursive: that block and every
 * block that uses it, directly or through others. Completion leaves them out.
 */
export function blocksReaching(analysis: Analysis, name: string): ReadonlySet<string> {
  // Who calls whom, reversed, then a walk from `name`: linear in the statements, for a chain of thousands of blocks.
  const callers = new Map<string, string[]>();
  for (const [caller, block] of analysis.symbols.blocks) {
    for (const statement of block.statements) {
      if (statement.kind !== 'layer') continue;
      const list = callers.get(statement.call.callee.text);
      if (list) list.push(caller);
      else callers.set(statement.call.callee.text, [caller]);
    }
  }
  const reaching = new Set<string>([name]);
  const pending = [name];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const caller of callers.get(next) ?? []) {
      if (reaching.has(caller)) continue;
      reaching.add(caller);
      pending.push(caller);
    }
  }
  return reaching;
}

/**
 * The shapes a layer written on the line at `offset` would read without `from`: the output
 * of the nearest layer statement above that line, else the input of its scope (a network's
 * first input; a block's `in`, once per use). Unknown shapes are left out.
 */
export function implicitInputShapes(analysis: Analysis, offset: number): Shape[] {
  const declaration = declarationAt(analysis, offset);
  if (!declaration) return [];
  const lineStart = analysis.text.lastIndexOf('\n', offset - 1) + 1;
  const above = declaration.statements.findLast((statement): statement is LayerStatement => statement.kind === 'layer' && statement.start < lineStart);
  const shapes = above
    ? expansionsOf(analysis, above).map((expansion) => expansion.node.shape)
    : declaration.kind === 'block'
      ? tensorShapes(analysis, declaration, BLOCK_INPUT).map((use) => use.shape)
      : [networkOf(analysis, declaration)?.input];
  return shapes.filter((shape) => shape !== undefined);
}

/** The shape a tensor name has where it is read, in the network (or each block instance) it belongs to. */
export function tensorShapes(analysis: Analysis, scope: Declaration, name: string): { where: string; shape: readonly number[] | undefined }[] {
  if (scope.kind === 'network') {
    const network = networkOf(analysis, scope);
    return network && network.tensors.has(name) ? [{ where: network.name, shape: network.tensors.get(name) }] : [];
  }
  const statement = scope.statements.find((s) => s.name?.text === name);
  // A tensor parameter's shape is what each use passes it: the block node's inputs after its own.
  const passed = scope.params.filter(isTensorParameter).findIndex((p) => p.name.text === name);
  const results: { where: string; shape: readonly number[] | undefined }[] = [];
  const seen = new Set<string>();
  for (const network of analysis.networks) {
    const walk = (nodes: readonly LayerNode[], prefix: string) => {
      for (const node of nodes) {
        const path = prefix ? `${prefix}.${node.name}` : node.name;
        if (node.kind === 'block' && node.op === scope.name?.text && node.children) {
          const shape =
            name === BLOCK_INPUT ? node.inputs[0] : passed >= 0 ? node.inputs[1 + passed] : node.children.find((child) => child.statement === statement)?.shape;
          const key = `${network.name}:${path}`;
          if (!seen.has(key)) {
            seen.add(key);
            results.push({ where: path, shape });
          }
        }
        if (node.children) walk(node.children, path);
      }
    };
    walk(network.layers, '');
  }
  return results;
}
