/**
 * Rename: what may be renamed at an offset, whether a new name is free, and the edits.
 * A rename never changes what reads what: a name already in scope, or one a read or a
 * call already names in vain, is refused with the reason, since taking it would rewire
 * the network.
 */
import type { BlockDeclaration, Declaration } from './ast';
import type { Analysis } from './analyze';
import type { TextEdit } from './edits';
import { BLOCK_INPUT, nameReferences } from './names';
import { findOp } from './ops';
import { blockOccurrences, parameterOccurrences, symbolAt, tensorOccurrences, type SymbolInfo } from './query';
import { span, type Span } from './text';
import { IDENTIFIER_PATTERN, KEYWORDS } from './tokens';

const IDENTIFIER = new RegExp(`^${IDENTIFIER_PATTERN.source}$`);

/** Why a rename cannot be done, in a sentence for the user. */
export interface RenameRefusal {
  readonly refusal: string;
}

export interface RenameTarget {
  readonly symbol: SymbolInfo;
  /** The occurrence under the cursor: what the editor selects for the new name. */
  readonly span: Span;
}

export interface RenameEdits {
  readonly edits: readonly TextEdit[];
}

/** The name under the cursor that a rename would change; a refusal on a name that cannot be renamed, undefined on anything else. */
export function renameTarget(analysis: Analysis, offset: number): RenameTarget | RenameRefusal | undefined {
  const symbol = symbolAt(analysis, offset);
  if (!symbol) return undefined;
  if (symbol.name === BLOCK_INPUT && symbol.kind === 'tensor' && symbol.scope?.kind === 'block')
    return { refusal: `'${BLOCK_INPUT}' is the block's input: it cannot be renamed` };
  const here = symbol.occurrences.find((o) => offset >= o.span.start && offset <= o.span.end);
  return here ? { symbol, span: here.span } : undefined;
}

export function renameEdits(analysis: Analysis, offset: number, newName: string): RenameEdits | RenameRefusal {
  const target = renameTarget(analysis, offset);
  if (!target) return { refusal: 'nothing to rename here' };
  if ('refusal' in target) return target;
  const { symbol } = target;
  if (newName === symbol.name) return { edits: [] };
  const invalid = invalidName(newName);
  if (invalid) return { refusal: invalid };
  const taken = takenBy(analysis, symbol, newName);
  if (taken) return { refusal: taken };
  const more = followingEdits(analysis, symbol, newName);
  if ('refusal' in more) return more;
  const written = symbol.occurrences.filter((o) => o.written);
  const edits: TextEdit[] = [...written.map((o) => ({ span: o.span, newText: newName })), ...more];
  return { edits: edits.sort((a, b) => a.span.start - b.span.start) };
}

/** The edits a rename entails beyond the symbol's own occurrences: automatic names that change with it. */
function followingEdits(analysis: Analysis, symbol: SymbolInfo, newName: string): TextEdit[] | RenameRefusal {
  if (symbol.kind === 'block') return unnamedUseEdits(analysis, symbol.name, newName);
  if (symbol.kind === 'tensor' && symbol.scope) return namingEdits(analysis, symbol.scope, symbol.name, newName);
  return [];
}

function invalidName(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return `'${name}' is not a name: letters, digits and _, not starting with a digit`;
  if ((KEYWORDS as readonly string[]).includes(name)) return `'${name}' is a keyword`;
  if (name === BLOCK_INPUT) return `'${BLOCK_INPUT}' is reserved: it names a block's input`;
  return undefined;
}

const lineOf = (analysis: Analysis, where: Span) => analysis.lines.positionAt(where.start).line + 1;

/** What already holds `name` where the symbol lives, or reads it: undefined when it is free. */
function takenBy(analysis: Analysis, symbol: SymbolInfo, name: string): string | undefined {
  switch (symbol.kind) {
    case 'block': {
      if (findOp(name)) return `'${name}' is already an op`;
      const block = analysis.symbols.blocks.get(name);
      if (block) return `'${name}' is already a block, on line ${lineOf(analysis, block)}`;
      const call = blockOccurrences(analysis, name)[0];
      return call && `'${name}' is called on line ${lineOf(analysis, call.span)}: the renamed block would take that call`;
    }
    case 'network': {
      const network = analysis.file.declarations.find((d) => d.kind === 'network' && d.name?.text === name);
      return network && `'${name}' is already a network, on line ${lineOf(analysis, network)}`;
    }
    case 'tensor':
      return (
        symbol.scope &&
        (layerHolding(analysis, symbol.scope, name) ?? parameterHolding(symbol.scope, name) ?? readInVain(analysis, symbol.scope, name, 'layer'))
      );
    case 'parameter': {
      const block = symbol.scope as BlockDeclaration;
      return parameterHolding(block, name) ?? layerHolding(analysis, block, name) ?? readInVain(analysis, block, name, 'parameter');
    }
  }
}

/** The layer of the scope that has `name`, written or automatic. */
function layerHolding(analysis: Analysis, scope: Declaration, name: string): string | undefined {
  const index = analysis.symbols.scopes.get(scope)?.entries.get(name);
  if (index === undefined || index < 0) return undefined;
  const statement = scope.statements[index]!;
  const how = statement.name ? 'the name' : 'the automatic name';
  return `'${name}' is already ${how} of the ${statement.kind === 'input' ? 'input' : 'layer'} on line ${lineOf(analysis, statement)}`;
}

function parameterHolding(scope: Declaration, name: string): string | undefined {
  if (scope.kind !== 'block' || !scope.params.some((p) => p.name.text === name)) return undefined;
  return scope.name ? `'${name}' is already a parameter of block ${scope.name.text}` : `'${name}' is already a parameter of this block`;
}

/**
 * A read of the name that nothing in scope defines (a tensor read in vain, a value such as
 * `act=relu`): taking that name would make the read find the renamed symbol instead.
 */
function readInVain(analysis: Analysis, scope: Declaration, name: string, what: 'layer' | 'parameter'): string | undefined {
  const blocks = analysis.symbols.blocks;
  const reads = what === 'layer' ? tensorOccurrences(analysis, scope, name) : parameterOccurrences(scope as BlockDeclaration, name, blocks);
  return reads[0] && readBy(analysis, name, reads[0].span, what);
}

const readBy = (analysis: Analysis, name: string, where: Span, what: 'layer' | 'parameter' | 'block') =>
  `'${name}' is read on line ${lineOf(analysis, where)}: the renamed ${what} would take that read`;

/**
 * Renaming an automatic name names its layer: `newName = ` goes before the call. The
 * unnamed layers of the same op after it are then numbered one less, so their reads
 * follow them (`dropout_2` becomes `dropout_1`), or they would read another layer.
 */
function namingEdits(analysis: Analysis, scope: Declaration, name: string, newName: string): TextEdit[] {
  const names = analysis.symbols.scopes.get(scope);
  const index = names?.entries.get(name);
  if (!names || index === undefined || index < 0) return [];
  const statement = scope.statements[index]!;
  if (statement.name || statement.kind !== 'layer') return [];
  const edits: TextEdit[] = [{ span: span(statement.start, statement.start), newText: `${newName} = ` }];
  const renumbered = new Map<string, string>();
  let previous = name;
  for (let i = index + 1; i < scope.statements.length; i++) {
    const later = scope.statements[i]!;
    if (later.kind !== 'layer' || later.name || later.call.callee.text !== statement.call.callee.text) continue;
    renumbered.set(names.names[i]!, previous);
    previous = names.names[i]!;
  }
  if (renumbered.size === 0) return edits;
  for (const later of scope.statements) {
    if (later.kind !== 'layer') continue;
    for (const read of nameReferences(later, analysis.symbols.blocks)) {
      const next = renumbered.get(read.text);
      if (next !== undefined) edits.push({ span: span(read.start, read.end), newText: next });
    }
  }
  return edits;
}

/**
 * An unnamed use of a block is named after it (`B_1`): renamed, the block renames those
 * too, and their reads follow. Refused where such a new name is taken in that body, or
 * read there in vain.
 */
function unnamedUseEdits(analysis: Analysis, block: string, newName: string): TextEdit[] | RenameRefusal {
  const edits: TextEdit[] = [];
  for (const declaration of analysis.file.declarations) {
    const scope = analysis.symbols.scopes.get(declaration);
    if (!scope) continue;
    const renamed = new Map<string, string>();
    const uses: { readonly use: Span; readonly next: string }[] = [];
    for (let index = 0; index < declaration.statements.length; index++) {
      const statement = declaration.statements[index]!;
      if (statement.kind !== 'layer' || statement.name || statement.call.callee.text !== block) continue;
      const automatic = scope.names[index]!;
      const next = `${newName}${automatic.slice(block.length)}`;
      renamed.set(automatic, next);
      uses.push({ use: statement, next });
    }
    if (renamed.size === 0) continue;
    // Each body's reads, walked once: a body may hold thousands of unnamed uses.
    const reads = declaration.statements.flatMap((statement) => (statement.kind === 'layer' ? nameReferences(statement, analysis.symbols.blocks) : []));
    const firstRead = new Map<string, Span>();
    for (const read of reads.toReversed()) firstRead.set(read.text, read);
    for (const { use, next } of uses) {
      const inVain = firstRead.get(next);
      const taken = layerHolding(analysis, declaration, next) ?? (inVain && readBy(analysis, next, inVain, 'block'));
      if (taken) return { refusal: `the unnamed use on line ${lineOf(analysis, use)} would be called '${next}': ${taken}` };
    }
    for (const read of reads) {
      const next = renamed.get(read.text);
      if (next !== undefined) edits.push({ span: span(read.start, read.end), newText: next });
    }
  }
  return edits;
}
