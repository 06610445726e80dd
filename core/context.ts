/**
 * What the text before the cursor says about what may come next: the context of
 * completion and signature help. Works on tokens, so it holds in a half-typed line.
 */
import type { IToken, TokenType } from 'chevrotain';
import { lex, tokenEnd, Tokens } from './lexer';

export interface CallContext {
  readonly callee: string;
  /** Offset of the `(`. */
  readonly open: number;
  /** The index of the argument the cursor is in, counting commas at depth 0. */
  readonly argumentIndex: number;
  /** The names of the named arguments already written. */
  readonly namedSoFar: readonly string[];
  /** Set when the cursor is after `name=`: the value of that argument is being typed. */
  readonly valueOf: string | undefined;
}

/** The declaration whose body the cursor is in, as far as the text before it says. */
export interface Body {
  readonly kind: 'network' | 'block';
  readonly name: string | undefined;
}

export type CompletionContext =
  | { readonly kind: 'top-level' }
  /** The start of a statement: a block takes no `input`, and calls no block that uses it. */
  | { readonly kind: 'statement'; readonly body: Body }
  /** After `name =`: an op or a block. */
  | { readonly kind: 'call-name'; readonly body: Body }
  /** After a call on the same line, or its `* n`: `from` may follow. */
  | { readonly kind: 'after-call' }
  | { readonly kind: 'from' }
  | { readonly kind: 'argument'; readonly call: CallContext }
  | { readonly kind: 'block-parameters' }
  /** After `name:` in a block's parameters: its type, `tensor`. */
  | { readonly kind: 'parameter-type' }
  | { readonly kind: 'none' };

interface Scan {
  readonly tokens: IToken[];
  /** The word being typed at the cursor, if any. */
  readonly partial: string;
}

function scanPrefix(text: string, offset: number): Scan {
  const prefix = text.slice(0, offset);
  const tokens = lex(prefix).tokens;
  const last = tokens[tokens.length - 1];
  if (last && tokenEnd(last) === offset && (last.tokenType === Tokens.Identifier || /^[a-z]+$/.test(last.image))) {
    return { tokens: tokens.slice(0, -1), partial: last.image };
  }
  return { tokens, partial: '' };
}

/** The innermost `(` not yet closed, within the current declaration. */
function openCall(tokens: IToken[]): CallContext | undefined {
  let depth = 0;
  let commas = 0;
  const named: string[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type === Tokens.LBrace || type === Tokens.RBrace) return undefined;
    // A size list's commas separate its sizes, not arguments: those after an open `[` were inside it.
    if (type === Tokens.RBracket) depth++;
    else if (type === Tokens.LBracket) {
      if (depth > 0) depth--;
      else commas = 0;
    } else if (type === Tokens.RParen) depth++;
    else if (type === Tokens.LParen) {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = tokens[i - 1];
      if (!callee || callee.tokenType !== Tokens.Identifier) return undefined;
      const lastToken = tokens[tokens.length - 1]!;
      const beforeLast = tokens[tokens.length - 2];
      const valueOf = lastToken.tokenType === Tokens.Equals && beforeLast?.tokenType === Tokens.Identifier ? beforeLast.image : undefined;
      return { callee: callee.image, open: tokens[i]!.startOffset, argumentIndex: commas, namedSoFar: named, valueOf };
    } else if (depth === 0 && type === Tokens.Comma) commas++;
    else if (depth === 0 && type === Tokens.Equals && tokens[i - 1]?.tokenType === Tokens.Identifier) named.push(tokens[i - 1]!.image);
  }
  return undefined;
}

function braceDepth(tokens: IToken[]): number {
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === Tokens.LBrace) depth++;
    else if (token.tokenType === Tokens.RBrace) depth = Math.max(0, depth - 1);
  }
  return depth;
}

export function completionContext(text: string, offset: number): CompletionContext & { partial: string } {
  const { tokens, partial } = scanPrefix(text, offset);
  const withPartial = <T extends CompletionContext>(context: T) => ({ ...context, partial });
  if (inComment(text, offset - partial.length)) return withPartial({ kind: 'none' });
  if (braceDepth(tokens) === 0) {
    const blockHead = tokens.length >= 2 && tokens[tokens.length - 2]?.tokenType === Tokens.Block;
    const inParams = tokens.some((t) => t.tokenType === Tokens.Block) && openParamsOfBlock(tokens);
    if (inParams && tokens[tokens.length - 1]?.tokenType === Tokens.Colon) return withPartial({ kind: 'parameter-type' });
    if (inParams || blockHead) return withPartial({ kind: 'block-parameters' });
    return withPartial({ kind: 'top-level' });
  }
  const last = tokens[tokens.length - 1];
  // `from` is never inside parentheses: a call left open on a line above does not count.
  if (last?.tokenType === Tokens.From) return withPartial({ kind: 'from' });
  const call = openCall(tokens);
  if (call) return withPartial({ kind: 'argument', call });
  const body = bodyOf(tokens);
  const statement = { kind: 'statement', body } as const;
  if (!last || last.tokenType === Tokens.LBrace) return withPartial(statement);
  if (last.tokenType === Tokens.Equals) return withPartial({ kind: 'call-name', body });
  if (EXPECTS_MORE.has(last.tokenType)) return withPartial({ kind: 'none' });
  // One statement a line: past a line break, whatever came before, a new one starts.
  if (text.lastIndexOf('\n', offset - partial.length - 1) >= tokenEnd(last)) return withPartial(statement);
  if (endsCall(tokens)) return withPartial({ kind: 'after-call' });
  return withPartial({ kind: 'none' });
}

/** Tokens after which the statement cannot end: what follows them is not a new statement. */
const EXPECTS_MORE: ReadonlySet<TokenType> = new Set([
  Tokens.Star,
  Tokens.Colon,
  Tokens.Input,
  Tokens.Comma,
  Tokens.LParen,
  Tokens.Plus,
  Tokens.Minus,
  Tokens.Slash,
  Tokens.SlashSlash,
  Tokens.LBracket,
]);

/** Whether the text before `offset` on its line holds a `#`: the language has no strings, so it starts a comment. */
function inComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).includes('#');
}

/** Whether the tokens end with a call, or a call and its `* n`: where `from` may come. */
function endsCall(tokens: IToken[]): boolean {
  if (tokens[tokens.length - 1]?.tokenType === Tokens.RParen) return true;
  // A repeat count: operands and operators back to a `*` right after a `)`.
  for (let i = tokens.length - 1; i > 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type === Tokens.Star && tokens[i - 1]!.tokenType === Tokens.RParen) return true;
    if (!REPEAT_COUNT.has(type)) return false;
  }
  return false;
}

const REPEAT_COUNT: ReadonlySet<TokenType> = new Set([
  Tokens.Integer,
  Tokens.Identifier,
  Tokens.Star,
  Tokens.Plus,
  Tokens.Minus,
  Tokens.Slash,
  Tokens.SlashSlash,
  Tokens.LParen,
  Tokens.RParen,
]);

/** The declaration whose body the tokens end in: its keyword, and the name after it. */
function bodyOf(tokens: IToken[]): Body {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type !== Tokens.Network && type !== Tokens.Block) continue;
    const name = tokens[i + 1]?.tokenType === Tokens.Identifier ? tokens[i + 1]!.image : undefined;
    return { kind: type === Tokens.Block ? 'block' : 'network', name };
  }
  return { kind: 'network', name: undefined };
}

function openParamsOfBlock(tokens: IToken[]): boolean {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type === Tokens.RParen || type === Tokens.RBrace || type === Tokens.LBrace) return false;
    if (type === Tokens.LParen) return tokens[i - 2]?.tokenType === Tokens.Block;
  }
  return false;
}

/** The call the cursor is inside, for signature help. */
export function callAt(text: string, offset: number): CallContext | undefined {
  const { tokens } = scanPrefix(text, offset);
  if (braceDepth(tokens) === 0) return undefined;
  return openCall(tokens);
}
