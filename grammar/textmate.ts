/**
 * The TextMate grammar of the `.net` language, built from the core's token table
 * (core/tokens.ts, coloured by grammar/scopes.ts) and its ops' names and values
 * (core/ops.ts), so that the editor's colours and the parser cannot drift apart: this
 * folder reads the core, never the other way. scripts/generate-grammar.mjs writes it to
 * syntaxes/netdsl.tmLanguage.json; test/grammar/ checks the file against this code.
 *
 * TextMate matches line by line and knows nothing of the parser, so context comes from
 * regions: a call `name(` opens a region for its arguments, `block Name(` one for its
 * parameters. Outside them, `NAME =` can only start a layer; inside, it names an
 * argument. Op names are ordinary identifiers to the parser, so they are coloured as
 * ops only when a `(` follows.
 */
import { OPS, OP_ALIASES, VALUE_NAMES } from '../core/ops';
import { DISABLE_FILE, DISABLE_NEXT_LINE, IDENTIFIER_PATTERN, KEYWORDS, TOKENS, type TokenName } from '../core/tokens';
import { CONTEXTUAL_KEYWORD_SCOPES, KEYWORD_SCOPES, TOKEN_SCOPES } from './scopes';

export interface TextMateCaptures {
  readonly [group: string]: { readonly name: string };
}

/** One rule of a TextMate grammar: a match, a begin/end region, or an include. */
export interface TextMateRule {
  readonly name?: string;
  readonly contentName?: string;
  readonly match?: string;
  readonly captures?: TextMateCaptures;
  readonly begin?: string;
  readonly beginCaptures?: TextMateCaptures;
  readonly end?: string;
  readonly endCaptures?: TextMateCaptures;
  readonly patterns?: readonly TextMateRule[];
  readonly include?: string;
}

export interface TextMateGrammar {
  readonly $schema: string;
  readonly name: string;
  readonly scopeName: string;
  readonly fileTypes: readonly string[];
  readonly comment: string;
  readonly patterns: readonly TextMateRule[];
  readonly repository: { readonly [name: string]: TextMateRule };
}

export const SCOPE_NAME = 'source.netdsl';

/** Scopes this grammar adds to those of grammar/scopes.ts. */
export const SCOPES = {
  commentPunctuation: 'punctuation.definition.comment.netdsl',
  directive: 'meta.directive.netdsl',
  directiveKeyword: 'keyword.other.directive.netdsl',
  ruleCode: 'constant.other.rule.netdsl',
  networkName: 'entity.name.type.network.netdsl',
  blockName: 'entity.name.function.block.netdsl',
  blockDeclaration: 'meta.block.declaration.netdsl',
  blockParameters: 'meta.block.parameters.netdsl',
  parameter: 'variable.parameter.netdsl',
  inputName: 'variable.other.input.netdsl',
  layerName: 'entity.name.variable.layer.netdsl',
  call: 'meta.function-call.netdsl',
  op: 'support.function.op.netdsl',
  callee: 'entity.name.function.call.netdsl',
  argumentName: 'variable.parameter.argument.netdsl',
  valueConstant: 'support.constant.netdsl',
  reference: 'variable.other.reference.netdsl',
  group: 'meta.group.netdsl',
} as const;

/** Bare names that mean something as argument values (`act=relu`, `pad=same`): the ops' own. */
export { VALUE_NAMES };

/** Every name that is an op when called: the ops and their aliases. */
export const OP_NAMES: readonly string[] = [...OPS.keys(), ...OP_ALIASES.keys()].sort();

function token(name: TokenName) {
  const found = TOKENS.find((definition) => definition.name === name);
  if (!found) throw new Error(`core/tokens.ts has no token ${name}`);
  return found;
}

function tokenScope(name: TokenName): string {
  const scope = TOKEN_SCOPES[name];
  if (!scope) throw new Error(`grammar/scopes.ts gives token ${name} no scope`);
  return scope;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneOf = (words: readonly string[]): string => words.map(escapeRegExp).join('|');

// The identifier's own characters bound words, not \b: in oniguruma \b is Unicode-aware,
// while the lexer's identifiers are ASCII.
const WORD_CHAR = '[A-Za-z0-9_]';
const wordStart = `(?<!${WORD_CHAR})`;
const wordEnd = `(?!${WORD_CHAR})`;
const NAME = IDENTIFIER_PATTERN.source;
/** A name that is not a keyword: the lexer gives keywords their own tokens. */
const PLAIN_NAME = `(?!(?:${oneOf(KEYWORDS)})${wordEnd})${NAME}`;
/** Keywords that are values (`true`, `false`) may sit inside parentheses; the others never. */
const STATEMENT_KEYWORDS = KEYWORDS.filter((keyword) => !KEYWORD_SCOPES[keyword].startsWith('constant.'));

const captures = (...names: string[]): TextMateCaptures => Object.fromEntries(names.map((name, index) => [String(index + 1), { name }]));
const include = (rule: string): TextMateRule => ({ include: `#${rule}` });

/**
 * The end of a parenthesised region: its `)`, or, when that is missing, anything that
 * cannot be inside parentheses (a brace, `from`, `input`, a declaration), so that an
 * unclosed `(` miscolours no further than the end of its network or block.
 */
const PARENS_END = `(\\))|(?=[{}]|${wordStart}(?:${oneOf(STATEMENT_KEYWORDS)})${wordEnd})`;
const parensEnd = { end: PARENS_END, endCaptures: captures(tokenScope('RParen')) };

function commentRule(): TextMateRule {
  return {
    name: tokenScope('Comment'),
    begin: '#',
    beginCaptures: { '0': { name: SCOPES.commentPunctuation } },
    end: '$',
    patterns: [include('directive')],
  };
}

/**
 * `# netlint-disable-next-line CODE, CODE -- why`: the directive, then codes up to a
 * ` -- ` or a second `#` that starts a note, as core/suppress.ts reads them.
 */
function directiveRule(): TextMateRule {
  const directives = [DISABLE_NEXT_LINE, DISABLE_FILE].sort((a, b) => b.length - a.length);
  return {
    name: SCOPES.directive,
    begin: `\\G\\s*(${oneOf(directives)})(?![A-Za-z0-9_-])`,
    beginCaptures: captures(SCOPES.directiveKeyword),
    end: '(?=\\s--\\s|#|$)',
    patterns: [
      { match: '[^\\s,#]+', name: SCOPES.ruleCode },
      { match: ',', name: tokenScope('Comma') },
    ],
  };
}

/** A keyword and the name it declares: `network Name`, or `block Name` while its parameters are not yet typed. */
function declaredNameRule(keyword: 'network' | 'block', nameScope: string): TextMateRule {
  return {
    match: `${wordStart}(${keyword})\\s+(${PLAIN_NAME})`,
    captures: captures(KEYWORD_SCOPES[keyword], nameScope),
  };
}

/**
 * `block Name(a, b=1, skip: tensor)`: the parameters are names after `(` or `,`, or first
 * on a line; `tensor` is a keyword only after a parameter's `:`.
 */
function blockHeaderRule(): TextMateRule {
  return {
    name: SCOPES.blockDeclaration,
    contentName: SCOPES.blockParameters,
    begin: `${wordStart}(block)\\s+(${PLAIN_NAME})\\s*(\\()`,
    beginCaptures: captures(KEYWORD_SCOPES.block, SCOPES.blockName, tokenScope('LParen')),
    ...parensEnd,
    patterns: [
      include('comment'),
      { match: `(?:(?<=[(,])|^)\\s*(${PLAIN_NAME})`, captures: captures(SCOPES.parameter) },
      { match: `(:)\\s*(tensor)${wordEnd}`, captures: captures(tokenScope('Colon'), CONTEXTUAL_KEYWORD_SCOPES.tensor) },
      include('expression'),
    ],
  };
}

/** `output` before a layer (`output aux = dense(10)`, `output dense(10)`) marks it; anywhere else it is a name. */
function outputMarkerRule(): TextMateRule {
  return { match: `${wordStart}(output)(?=\\s+${PLAIN_NAME}\\s*[=(])`, captures: captures(CONTEXTUAL_KEYWORD_SCOPES.output) };
}

function inputRule(): TextMateRule {
  return {
    match: `${wordStart}(input)\\s+(${PLAIN_NAME})(?:\\s*(:))?`,
    captures: captures(KEYWORD_SCOPES.input, SCOPES.inputName, tokenScope('Colon')),
  };
}

function fromRule(): TextMateRule {
  return {
    match: `${wordStart}(from)\\s+(${PLAIN_NAME})`,
    captures: captures(KEYWORD_SCOPES.from, SCOPES.reference),
  };
}

/** Outside parentheses, `NAME =` can only start a layer. */
function layerDefinitionRule(): TextMateRule {
  return { match: `${wordStart}(${PLAIN_NAME})\\s*(=)`, captures: captures(SCOPES.layerName, tokenScope('Equals')) };
}

function callRule(calleePattern: string, calleeScope: string): TextMateRule {
  return {
    name: SCOPES.call,
    begin: `${wordStart}(${calleePattern})\\s*(\\()`,
    beginCaptures: captures(calleeScope, tokenScope('LParen')),
    ...parensEnd,
    patterns: [
      include('comment'),
      { match: `${wordStart}(${PLAIN_NAME})\\s*(=)`, captures: captures(SCOPES.argumentName, tokenScope('Equals')) },
      include('expression'),
    ],
  };
}

function groupRule(): TextMateRule {
  return {
    name: SCOPES.group,
    begin: '\\(',
    beginCaptures: { '0': { name: tokenScope('LParen') } },
    ...parensEnd,
    patterns: [include('comment'), include('expression')],
  };
}

function valueConstantRule(): TextMateRule {
  return { match: `${wordStart}(?:${oneOf(VALUE_NAMES)})${wordEnd}(?!\\s*[(=])`, name: SCOPES.valueConstant };
}

/** One rule per keyword scope: `true` and `false` share theirs. */
function keywordsRule(): TextMateRule {
  const byScope = new Map<string, string[]>();
  for (const keyword of KEYWORDS) {
    const scope = KEYWORD_SCOPES[keyword];
    byScope.set(scope, [...(byScope.get(scope) ?? []), keyword]);
  }
  return {
    patterns: [...byScope].map(([scope, words]) => ({ match: `${wordStart}(?:${oneOf(words)})${wordEnd}`, name: scope })),
  };
}

/**
 * The number tokens in the lexer's order, longest form first. A number never follows
 * a word character in the lexer's output, since a name swallows the digits after it:
 * the guard keeps `3x3` in `ch3x3` from colouring when matching starts mid-name.
 */
function numbersRule(): TextMateRule {
  return {
    patterns: (['Dims', 'Decimal', 'Integer'] as const).map((name) => ({
      match: `${wordStart}${token(name).pattern.source}`,
      name: tokenScope(name),
    })),
  };
}

function identifierRule(): TextMateRule {
  return { match: NAME, name: tokenScope('Identifier') };
}

/** Operators and punctuation: every other token of the table that has a scope. */
function punctuationRule(): TextMateRule {
  const handledElsewhere = new Set(['Comment', 'Dims', 'Decimal', 'Integer', 'Identifier']);
  return {
    patterns: TOKENS.filter((definition) => TOKEN_SCOPES[definition.name] && !handledElsewhere.has(definition.name)).map((definition) => ({
      match: definition.pattern.source,
      name: TOKEN_SCOPES[definition.name]!,
    })),
  };
}

export function buildTextMateGrammar(): TextMateGrammar {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'netdsl',
    scopeName: SCOPE_NAME,
    fileTypes: ['net'],
    comment: 'Generated from grammar/textmate.ts by scripts/generate-grammar.mjs: edit those, not this file.',
    patterns: [include('statement')],
    repository: {
      statement: {
        patterns: [
          include('comment'),
          include('network-header'),
          include('block-header'),
          include('block-name'),
          include('input'),
          include('from'),
          include('output-marker'),
          include('layer-definition'),
          include('op-call'),
          include('call'),
          include('group'),
          include('keywords'),
          include('numbers'),
          include('identifier'),
          include('punctuation'),
        ],
      },
      expression: {
        patterns: [include('group'), include('value-constant'), include('keywords'), include('numbers'), include('identifier'), include('punctuation')],
      },
      comment: commentRule(),
      directive: directiveRule(),
      'network-header': declaredNameRule('network', SCOPES.networkName),
      'block-header': blockHeaderRule(),
      'block-name': declaredNameRule('block', SCOPES.blockName),
      input: inputRule(),
      from: fromRule(),
      'output-marker': outputMarkerRule(),
      'layer-definition': layerDefinitionRule(),
      'op-call': callRule(oneOf(OP_NAMES), SCOPES.op),
      call: callRule(PLAIN_NAME, SCOPES.callee),
      group: groupRule(),
      'value-constant': valueConstantRule(),
      keywords: keywordsRule(),
      numbers: numbersRule(),
      identifier: identifierRule(),
      punctuation: punctuationRule(),
    },
  };
}

/** The grammar as written to syntaxes/netdsl.tmLanguage.json: 2-space JSON, final newline. */
export function renderTextMateGrammar(): string {
  return `${JSON.stringify(buildTextMateGrammar(), null, 2)}\n`;
}
