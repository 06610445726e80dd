/**
 * Completion: ops as snippets with their required arguments, block names, argument
 * names inside a call, values where an argument takes a name (`act=`, `pad=`), and the
 * tensors in scope after `from`, inside `add`/`concat` and for a block's tensor parameter,
 * and `tensor` after `name:` in a block's parameters.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionParams, type Connection } from 'vscode-languageserver/node';
import {
  BLOCK_INPUT,
  isTensorParameter,
  TENSOR_TYPE,
  blocksReaching,
  completionContext,
  declarationAt,
  findOp,
  implicitInputShapes,
  OP_ALIASES,
  OPS,
  type Analysis,
  type BlockDeclaration,
  type Body,
  type CallContext,
  type OpDefinition,
  type ParamSpec,
} from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

/** A size's placeholder: one size on a C×L signal, where HxW is an error; HxW elsewhere. */
type SizePlaceholder = '3' | '3x3';

function opSnippet(op: OpDefinition, size: SizePlaceholder, name = op.name): CompletionItem {
  const required = op.params.filter((p) => p.defaultText === undefined);
  const placeholders = op.merge ? ['${1:a}', '${2:b}'] : required.map((p, i) => `\${${i + 1}:${p.type === 'size' ? size : p.name}}`);
  const signature = op.params.map((p) => (p.defaultText === undefined ? p.name : `${p.name}=${p.defaultText}`)).join(', ');
  return {
    label: name,
    kind: CompletionItemKind.Function,
    detail: `${name}(${op.merge ? (op.inputs === undefined ? 'a, b, …' : 'a, b') : signature})`,
    documentation: { kind: 'markdown', value: op.summary },
    insertText: `${name}(${placeholders.join(', ')})$0`,
    insertTextFormat: InsertTextFormat.Snippet,
  };
}

function blockSnippet(block: BlockDeclaration): CompletionItem {
  const name = block.name!.text;
  const required = block.params.filter((p) => !p.defaultValue);
  return {
    label: name,
    kind: CompletionItemKind.Module,
    detail: `block ${name}(${block.params.map((p) => p.name.text).join(', ')})`,
    insertText: `${name}(${required.map((p, i) => `\${${i + 1}:${p.name.text}}`).join(', ')})$0`,
    insertTextFormat: InsertTextFormat.Snippet,
  };
}

/** Ops and blocks; inside a block, not those that a call there would make recursive. */
function callables(analysis: Analysis, body: Body, offset: number): CompletionItem[] {
  // What the new layer reads decides its sizes' placeholder: in a block, what every use passes.
  const shapes = implicitInputShapes(analysis, offset);
  const size = shapes.length > 0 && shapes.every((shape) => shape.length === 2) ? '3' : '3x3';
  const ops = [...OPS.values()].map((op) => opSnippet(op, size));
  const aliases = [...OP_ALIASES].map(([alias, target]) => opSnippet(OPS.get(target)!, size, alias));
  const recursive = body.kind === 'block' && body.name ? blocksReaching(analysis, body.name) : new Set<string>();
  const blocks = [...analysis.symbols.blocks].filter(([name]) => !recursive.has(name)).map(([, block]) => blockSnippet(block));
  return [...ops, ...aliases, ...blocks];
}

/** Names defined by the statements before the one the cursor is in. */
function tensorsBefore(analysis: Analysis, offset: number): CompletionItem[] {
  const declaration = declarationAt(analysis, offset);
  if (!declaration) return [];
  const scope = analysis.symbols.scopes.get(declaration);
  const names: string[] = declaration.kind === 'block' ? [BLOCK_INPUT, ...declaration.params.filter(isTensorParameter).map((p) => p.name.text)] : [];
  const current = declaration.statements.findLastIndex((statement) => statement.start <= offset);
  for (let i = 0; i < current; i++) if (scope?.names[i]) names.push(scope.names[i]!);
  return [...new Set(names)].reverse().map((name, i) => ({ label: name, kind: CompletionItemKind.Variable, sortText: String(i).padStart(4, '0') }));
}

/** The layers before the cursor, nearest first: the tensors less the inputs and a block's `in`. */
function layersBefore(analysis: Analysis, offset: number): CompletionItem[] {
  const declaration = declarationAt(analysis, offset);
  const scope = declaration && analysis.symbols.scopes.get(declaration);
  const inputs = new Set(declaration?.statements.flatMap((statement, i) => (statement.kind === 'input' ? [scope?.names[i]] : [])));
  return tensorsBefore(analysis, offset).filter((item) => item.label !== BLOCK_INPUT && !inputs.has(item.label));
}

function argumentItems(analysis: Analysis, call: CallContext, offset: number): CompletionItem[] {
  const op = findOp(call.callee);
  if (op?.merge) return tensorsBefore(analysis, offset);
  if (takesTensor(analysis, call)) return tensorsBefore(analysis, offset);
  if (call.valueOf) {
    const block = op ? undefined : analysis.symbols.blocks.get(call.callee);
    const spec = op ? op.params.find((p) => p.name === call.valueOf) : block && passedOn(analysis, block, call.valueOf);
    // A `layer` argument (`tied=`) names an earlier layer, nearest first, or takes its values (`none`).
    const layers = spec?.type === 'layer' ? layersBefore(analysis, offset) : [];
    if (spec?.values)
      return [...layers, ...spec.values.map(({ name, detail }) => ({ label: name, kind: CompletionItemKind.EnumMember, ...(detail ? { detail } : {}) }))];
    if (spec?.type === 'bool') return ['true', 'false'].map((label) => ({ label, kind: CompletionItemKind.Keyword }));
    return parameterNames(analysis, offset);
  }
  const params = op
    ? op.params.map((p) => ({ name: p.name, detail: p.defaultText === undefined ? 'required' : `default ${p.defaultText}`, doc: p.doc }))
    : (analysis.symbols.blocks.get(call.callee)?.params ?? []).map((p) => ({
        name: p.name.text,
        detail: p.defaultValue ? 'has a default' : 'required',
        doc: '',
      }));
  const names: CompletionItem[] = params
    .filter((p) => !call.namedSoFar.includes(p.name))
    .map((p, i) => ({
      label: `${p.name}=`,
      kind: CompletionItemKind.Property,
      detail: p.detail,
      sortText: String(i).padStart(4, '0'),
      ...(p.doc ? { documentation: p.doc } : {}),
    }));
  return [...names, ...parameterNames(analysis, offset)];
}

/**
 * The op parameter a block's parameter is passed on to (`conv(f, 3x3, act=act)`), named
 * or by position, through the blocks it calls: its values are what the block's parameter takes.
 */
function passedOn(analysis: Analysis, block: BlockDeclaration, param: string, seen = new Set<string>()): ParamSpec | undefined {
  // Keyed by block and parameter: recursive blocks (an error of their own) end here.
  const key = `${block.start}:${param}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  for (const statement of block.statements) {
    if (statement.kind !== 'layer') continue;
    const callee = statement.call.callee.text;
    const op = findOp(callee);
    const inner = op ? undefined : analysis.symbols.blocks.get(callee);
    if (op?.merge || (!op && !inner)) continue;
    const params = op ? op.params.map((p) => p.name) : inner!.params.map((p) => p.name.text);
    const args = statement.call.args;
    for (let i = 0; i < args.length; i++) {
      const { name, value } = args[i]!;
      if (value?.kind !== 'name' || value.name !== param) continue;
      const target = name ? name.text : params[i];
      if (target === undefined) continue;
      const spec = op ? op.params.find((p) => p.name === target) : passedOn(analysis, inner!, target, seen);
      if (spec) return spec;
    }
  }
  return undefined;
}

/** Whether the argument being written goes to a tensor parameter of the block called: after its `name=`, or at its place. */
function takesTensor(analysis: Analysis, call: CallContext): boolean {
  const block = findOp(call.callee) ? undefined : analysis.symbols.blocks.get(call.callee);
  if (!block) return false;
  const param = call.valueOf
    ? block.params.find((p) => p.name.text === call.valueOf)
    : call.namedSoFar.length === 0
      ? block.params[call.argumentIndex]
      : undefined;
  return param !== undefined && isTensorParameter(param);
}

/** Inside a block, its parameters can stand for values: those that take values. */
function parameterNames(analysis: Analysis, offset: number): CompletionItem[] {
  const declaration = declarationAt(analysis, offset);
  if (declaration?.kind !== 'block') return [];
  return declaration.params
    .filter((p) => !isTensorParameter(p))
    .map((p) => ({ label: p.name.text, kind: CompletionItemKind.Variable, detail: 'block parameter' }));
}

const keyword = (label: string, insertText: string, detail: string): CompletionItem => ({
  label,
  kind: CompletionItemKind.Keyword,
  detail,
  insertText,
  insertTextFormat: InsertTextFormat.Snippet,
});

export function provideCompletion(analysis: Analysis, offset: number): CompletionItem[] {
  const context = completionContext(analysis.text, offset);
  switch (context.kind) {
    case 'top-level':
      return [
        keyword('network', 'network ${1:Name} {\n\tinput ${2:image}: ${3:3x224x224}\n\t$0\n}', 'a network'),
        keyword('block', 'block ${1:Name}(${2:filters}) {\n\t$0\n}', 'a reusable block'),
      ];
    case 'statement':
      // A block's input is `in`: it declares none.
      if (context.body.kind === 'block') return callables(analysis, context.body, offset);
      return [...callables(analysis, context.body, offset), keyword('input', 'input ${1:image}: ${2:3x224x224}', 'an input of the network')];
    case 'call-name':
      return callables(analysis, context.body, offset);
    case 'after-call':
      return [keyword('from', 'from ${1}', 'read another layer than the one before')];
    case 'from':
      return tensorsBefore(analysis, offset);
    case 'argument':
      return argumentItems(analysis, context.call, offset);
    case 'parameter-type':
      return [
        { label: TENSOR_TYPE, kind: CompletionItemKind.Keyword, detail: 'the parameter takes a tensor: the call passes the name of a layer or an input' },
      ];
    default:
      return [];
  }
}

export function registerCompletion(connection: Connection, store: DocumentStore): void {
  connection.onCompletion(
    guarded(connection, 'completion', [], (params: CompletionParams) => {
      const analysis = store.analysis(params.textDocument.uri);
      return analysis ? provideCompletion(analysis, analysis.lines.offsetAt(params.position)) : [];
    }),
  );
}
