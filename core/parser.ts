/**
 * The parser: tokens to a syntax tree, never throwing. One chevrotain parser instance is
 * made once and reused. The token stream is cut before each top-level `network` or
 * `block` keyword, and each declaration's body before each statement (`input`, `op(` or
 * `name = op(`: a name followed by `(` can only start a call). Each piece is parsed on its
 * own, so a declaration left open or a line of garbage cannot swallow what comes after it.
 */
import {
  createToken,
  createTokenInstance,
  EmbeddedActionsParser,
  Lexer,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from 'chevrotain';
import {
  argumentNode,
  binaryNode,
  blockNode,
  booleanNode,
  callNode,
  commentNode,
  decimalNode,
  dimsNode,
  fileNode,
  identifierNode,
  inputStatementNode,
  integerNode,
  layerStatementNode,
  nameNode,
  networkNode,
  parameterNode,
  type Argument,
  type Call,
  type Comment,
  type Declaration,
  type Expr,
  type Identifier,
  type InputStatement,
  type LayerStatement,
  type Parameter,
  type SourceFile,
  type Statement,
} from './ast';
import { KEYWORDS } from './tokens';
import { allTokens, scan, tokenEnd, Tokens, type ScanResult, type TokenTable } from './lexer';
import { firstAtLeast, sharedEnds, span, type SharedEnds, type Span } from './text';

export interface SyntaxError {
  /** `limit` for a statement too deep or too long to parse; `syntax` when left out. */
  readonly code?: 'limit';
  readonly message: string;
  readonly span: Span;
}

/** The deepest parentheses and the most operators one statement may hold: the parser and the evaluation recurse on them. */
export const MAX_PARENTHESES = 64;
export const MAX_OPERATORS = 1000;

/** Why a piece is too deep or too long to parse, or undefined. */
function tooComplex(tokens: IToken[]): string | undefined {
  let depth = 0;
  let deepest = 0;
  let operators = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === Tokens.LParen) deepest = Math.max(deepest, ++depth);
    else if (type === Tokens.RParen) depth = Math.max(0, depth - 1);
    else if (type === Tokens.Plus || type === Tokens.Minus || type === Tokens.Star || type === Tokens.Slash) operators++;
  }
  if (deepest > MAX_PARENTHESES) return `this statement nests parentheses ${deepest} deep, past the limit of ${MAX_PARENTHESES}: it is not analysed`;
  if (operators > MAX_OPERATORS) return `this statement holds ${operators} operators, past the limit of ${MAX_OPERATORS}: it is not analysed`;
  return undefined;
}

export interface ParseResult {
  readonly file: SourceFile;
  readonly errors: SyntaxError[];
  /** What the next parse of the same document may reuse: `parse(edited, result.reusable)`. */
  readonly reusable: ParsedStatements;
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

/**
 * Ends each piece the parser is given. It stands where the next real token is (its image
 * is that token's, empty at the end of the file), so that an error at the end of a piece
 * names and points at what really follows it.
 */
const PieceEnd = createToken({ name: 'PieceEnd', pattern: Lexer.NA, label: "a layer, an input or '}'" });

function pieceEnd(next: IToken | undefined, lastBefore: IToken | undefined): IToken {
  if (next) return createTokenInstance(PieceEnd, next.image, next.startOffset, tokenEnd(next) - 1, NaN, NaN, NaN, NaN);
  const at = lastBefore ? tokenEnd(lastBefore) : 0;
  return createTokenInstance(PieceEnd, '', at, at - 1, NaN, NaN, NaN, NaN);
}

function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF' || (token.tokenType === PieceEnd && token.image === '')) return 'the end of the file';
  return `'${token.image}'`;
}

/** The keywords, which cannot be names. */
const KEYWORD_IMAGES: ReadonlySet<string> = new Set(KEYWORDS);

/**
 * Why a keyword found where a name goes cannot be one; empty for any other token. A
 * piece's end stands for the token after it, and bears its image: `input input: 3`.
 */
function keywordNote(token: IToken | undefined): string {
  return token && token.tokenType !== Tokens.Identifier && KEYWORD_IMAGES.has(token.image) ? `: '${token.image}' is a keyword and cannot be a name` : '';
}

/** Messages name what was expected and what was found; context is added after parsing. */
const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => {
    const note = expected === Tokens.Identifier ? keywordNote(actual) : '';
    return `expected ${label(expected)}, found ${describeToken(actual)}${note}`;
  },
  buildNotAllInputParsedMessage: ({ firstRedundant }) => {
    return `expected a layer, an input or '}', found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    const what = RULE_DESCRIPTIONS[ruleName];
    // `from = relu()`: a keyword where a layer's name would be.
    const note = ruleName === 'line' && actual[1]?.tokenType === Tokens.Equals ? keywordNote(actual[0]) : '';
    if (what) return `expected ${what}, found ${found}${note}`;
    const firsts = new Set(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => label(path[0]!))));
    return `expected ${[...firsts].join(' or ')}, found ${found}`;
  },
  buildEarlyExitMessage: ({ actual, ruleName }) => {
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    return `expected ${RULE_DESCRIPTIONS[ruleName] ?? 'more'}, found ${found}`;
  },
};

/** The same messages, each build counted in `recorded`: the grammar reads the count, the builders know nothing of it. */
function counting(provider: IParserErrorMessageProvider, recorded: { errors: number }): IParserErrorMessageProvider {
  return {
    buildMismatchTokenMessage: (options) => (recorded.errors++, provider.buildMismatchTokenMessage(options)),
    buildNotAllInputParsedMessage: (options) => (recorded.errors++, provider.buildNotAllInputParsedMessage(options)),
    buildNoViableAltMessage: (options) => (recorded.errors++, provider.buildNoViableAltMessage(options)),
    buildEarlyExitMessage: (options) => (recorded.errors++, provider.buildEarlyExitMessage(options)),
  };
}

const RULE_DESCRIPTIONS: Record<string, string> = {
  declaration: "'network' or 'block'",
  line: "a layer ('name = op(…)') or an input",
  expr: 'a number, dimensions, a name or \'(\'',
  inputShape: 'a shape such as 3x224x224 or a vector size',
};

function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && !Number.isNaN(token.startOffset) && token.tokenType !== PieceEnd;
}

function tokenSpan(token: IToken): Span {
  return span(token.startOffset, tokenEnd(token));
}

/**
 * The values one parse shares among its nodes, made for it and let go after it (the
 * statements a parse reuses bring their own): the names of ops, blocks and their
 * arguments, one string each (a network writes `conv`, `pad` and `act` on every line, and
 * each token's image is a string of its own; layer names are written once, and not kept
 * here), and dimensions by their text (`3x3`). The values are read, never changed.
 */
class SharedValues {
  private readonly words = new Map<string, string>();
  private readonly dimensions = new Map<string, readonly bigint[]>();

  word(text: string): string {
    const known = this.words.get(text);
    if (known !== undefined) return known;
    // Bounded: a vocabulary is small, but a text may be anything.
    if (this.words.size >= 10_000) this.words.clear();
    this.words.set(text, text);
    return text;
  }

  dims(image: string): readonly bigint[] {
    let value = this.dimensions.get(image);
    if (!value) {
      value = image.split('x').map(integerValue);
      // Bounded: a network writes a few hundred distinct dimensions, not millions.
      if (this.dimensions.size >= 10_000) this.dimensions.clear();
      this.dimensions.set(image, value);
    }
    return value;
  }
}

/** An identifier node; given the parse's shared values, for a word of the vocabulary (a callee, an argument's name). */
function identifier(token: IToken | undefined, shared?: SharedValues): Identifier | undefined {
  if (!isReal(token)) return undefined;
  return identifierNode(shared ? shared.word(token.image) : token.image, token.startOffset, tokenEnd(token));
}

/**
 * Small integers, made once: a literal's bigint is 24 bytes, and a network writes the
 * same few numbers (1, 3, 64, 256) on every line.
 */
const SMALL_INTEGERS: readonly bigint[] = Array.from({ length: 4097 }, (_, i) => BigInt(i));

/** Digits with `_` separators to a bigint. */
function integerValue(image: string): bigint {
  if (image.length <= 4) {
    const small = SMALL_INTEGERS[Number(image)];
    if (small !== undefined && !image.includes('_')) return small;
  }
  return BigInt(image.replace(/_/g, ''));
}

class NetParser extends EmbeddedActionsParser {
  /** The last real token consumed, for the end of nodes. */
  private lastReal: IToken | undefined;
  /** The shared values of the parse under way: each parse sets its own before it reads a token. */
  shared = new SharedValues();

  /**
   * How many syntax errors this parser has recorded. Chevrotain builds one message per error
   * it records, so the provider it is given counts them: reading `errors` copies the list.
   */
  private readonly recorded: { errors: number };

  constructor() {
    const recorded = { errors: 0 };
    super([...allTokens, PieceEnd], { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: counting(errorMessages, recorded) });
    this.recorded = recorded;
    this.performSelfAnalysis();
  }

  load(tokens: IToken[]): void {
    this.input = tokens;
    this.lastReal = undefined;
  }

  private take(type: TokenType, index = 0): IToken {
    const token = this.consume(index, type);
    if (isReal(token)) this.lastReal = token;
    return token;
  }

  /** Where a node that starts at `start` ends: after the last real token, never before `start`. */
  private endFrom(start: number): number {
    const end = this.lastReal ? tokenEnd(this.lastReal) : start;
    return Math.max(start, end);
  }

  /** Where the next token starts; at the end of the input, where the last one ended. */
  private startOf(): number {
    const offset = this.LA(1).startOffset;
    if (!Number.isNaN(offset)) return offset;
    return this.lastReal ? tokenEnd(this.lastReal) : 0;
  }

  /** A declaration's head, up to and with its `{`: `network Name {` or `block Name(params) {`. */
  public head = this.RULE(
    'head',
    (): Head | undefined => {
      const head = this.OR([{ ALT: () => this.SUBRULE(this.networkHead) }, { ALT: () => this.SUBRULE(this.blockHead) }]);
      this.OPTION(() => this.consume(0, PieceEnd));
      return head;
    },
    { recoveryValueFunc: () => undefined },
  );

  private networkHead = this.RULE('networkHead', (): Head => {
    this.take(Tokens.Network);
    const name = this.take(Tokens.Identifier);
    this.take(Tokens.LBrace);
    return this.ACTION(() => ({ name: identifier(name), params: [] }));
  });

  private blockHead = this.RULE('blockHead', (): Head => {
    this.take(Tokens.Block);
    const name = this.take(Tokens.Identifier);
    this.take(Tokens.LParen);
    const params: Parameter[] = [];
    this.OPTION(() => {
      const first = this.SUBRULE(this.parameter);
      this.ACTION(() => {
        if (first) params.push(first);
      });
      this.MANY(() => {
        this.take(Tokens.Comma);
        const next = this.SUBRULE2(this.parameter);
        this.ACTION(() => {
          if (next) params.push(next);
        });
      });
    });
    this.take(Tokens.RParen);
    this.take(Tokens.LBrace);
    return this.ACTION(() => ({ name: identifier(name), params }));
  });

  /**
   * One statement of a body, alone. The rules are few and flat (an argument and a factor
   * are parts of the rule around them, not rules of their own): chevrotain's cost is per
   * rule entered.
   */
  public line = this.RULE(
    'line',
    (): Statement | undefined => {
      const statement = this.OR(this.lineAlternatives);
      this.OPTION(() => this.consume(0, PieceEnd));
      return statement;
    },
    { recoveryValueFunc: () => undefined },
  );

  /** Made once, as the factor's are: alternatives built at each call are garbage at each statement. */
  private readonly lineAlternatives = [{ ALT: () => this.SUBRULE(this.inputStatement) }, { ALT: () => this.SUBRULE(this.layer) }];

  private parameter = this.RULE('parameter', (): Parameter => {
    const start = this.startOf();
    const name = this.take(Tokens.Identifier);
    let defaultValue: Expr | undefined;
    this.OPTION(() => {
      this.take(Tokens.Equals);
      defaultValue = this.SUBRULE(this.expr);
    });
    return this.ACTION(() => parameterNode(identifier(name) ?? identifierNode('', start, start), defaultValue, start, this.endFrom(start)));
  });

  private inputStatement = this.RULE('inputStatement', (): InputStatement => {
    const start = this.startOf();
    this.take(Tokens.Input);
    const name = this.take(Tokens.Identifier);
    this.take(Tokens.Colon);
    const shape = this.SUBRULE(this.inputShape);
    return this.ACTION(() => inputStatementNode(identifier(name), shape, start, this.endFrom(start)));
  });

  private inputShape = this.RULE(
    'inputShape',
    (): Expr | undefined => {
      const token = this.OR([{ ALT: () => this.take(Tokens.Dims) }, { ALT: () => this.take(Tokens.Integer) }]);
      return this.ACTION(() => literal(token, this.shared));
    },
    { recoveryValueFunc: () => undefined },
  );

  private layer = this.RULE('layer', (): LayerStatement | undefined => {
    const start = this.startOf();
    let name: IToken | undefined;
    this.OPTION(() => {
      name = this.take(Tokens.Identifier);
      this.take(Tokens.Equals);
    });
    const call = this.SUBRULE(this.call);
    let repeat: Expr | undefined;
    this.OPTION2(() => {
      this.take(Tokens.Star);
      repeat = this.SUBRULE(this.expr);
    });
    let from: IToken | undefined;
    this.OPTION3(() => {
      this.take(Tokens.From);
      from = this.take(Tokens.Identifier, 1);
    });
    // A call lost to recovery leaves no layer: the piece becomes a placeholder (see parse).
    return this.ACTION(() => (call ? layerStatementNode(identifier(name), call, repeat, identifier(from), start, this.endFrom(start)) : undefined));
  });

  private call = this.RULE('call', (): Call => {
    const start = this.startOf();
    let errorsBefore = 0;
    this.ACTION(() => {
      errorsBefore = this.recorded.errors;
    });
    const callee = this.take(Tokens.Identifier);
    const argsStart = this.startOf();
    this.take(Tokens.LParen);
    const args: Argument[] = [];
    this.OPTION(() => {
      this.argument(0, args, argsStart);
      this.MANY(() => {
        this.take(Tokens.Comma);
        this.argument(1, args, argsStart);
      });
    });
    const close = this.take(Tokens.RParen);
    return this.ACTION(() =>
      callNode(
        identifier(callee, this.shared) ?? identifierNode('', start, start),
        // A copy of its own size: an array grown by push keeps room for 17.
        args.slice(),
        argsStart,
        this.endFrom(argsStart),
        isReal(close) && args.every((arg) => arg.value !== undefined) && this.recorded.errors === errorsBefore,
        start,
        this.endFrom(start),
      ),
    );
  });

  /**
   * One argument, `name = expr` or `expr`, pushed to `args`; `occurrence` tells the first
   * (0) from the ones after a comma (1). An argument lost to recovery stays as one without
   * a value, so that the call is not taken for a complete one with fewer arguments.
   */
  private argument(occurrence: 0 | 1, args: Argument[], argsStart: number): void {
    const start = this.startOf();
    let name: IToken | undefined;
    this.option(occurrence + 4, () => {
      name = this.take(Tokens.Identifier, occurrence + 4);
      this.take(Tokens.Equals, occurrence + 4);
    });
    const value = this.subrule(occurrence + 4, this.expr, undefined);
    this.ACTION(() => {
      args.push(
        value ? argumentNode(identifier(name, this.shared), value, start, this.endFrom(start)) : argumentNode(undefined, undefined, argsStart, argsStart),
      );
    });
  }

  /**
   * An expression: factors joined by `+ - * /`, the precedence applied when the node is
   * built (`*` and `/` bind tighter; all are left-associative).
   */
  private expr = this.RULE(
    'expr',
    (): Expr | undefined => {
      const first = this.or(1, this.factorAlternatives[0]!);
      let operands: (Expr | undefined)[] | undefined;
      let operators: Operator[] | undefined;
      this.MANY(() => {
        const operator = this.OR(this.operatorAlternatives);
        const right = this.or(2, this.factorAlternatives[1]!);
        this.ACTION(() => {
          (operators ??= []).push(operator.image as Operator);
          (operands ??= [first]).push(right);
        });
      });
      return this.ACTION(() => (operands && operators ? withPrecedence(operands, operators) : first));
    },
    { recoveryValueFunc: () => undefined },
  );

  private readonly operatorAlternatives = [Tokens.Plus, Tokens.Minus, Tokens.Star, Tokens.Slash].map((type) => ({ ALT: () => this.take(type) }));

  /**
   * The alternatives of a factor, made once for each of its two places in `expr` (an OR's
   * alternatives built at each call would be garbage at each argument). A literal's node
   * is built only while parsing for real.
   */
  private readonly factorAlternatives = [0, 1].map((occurrence) => [
    ...[Tokens.Integer, Tokens.Decimal, Tokens.Dims, Tokens.True, Tokens.False, Tokens.Identifier].map((type) => ({
      ALT: (): Expr | undefined => {
        const token = this.take(type, occurrence);
        return this.ACTION(() => literal(token, this.shared));
      },
    })),
    {
      ALT: (): Expr | undefined => {
        this.take(Tokens.LParen, occurrence);
        const inner = this.subrule(occurrence, this.expr, undefined);
        this.take(Tokens.RParen, occurrence);
        return inner;
      },
    },
  ]);
}

type Operator = '+' | '-' | '*' | '/';

/** Folds `a op b op c …`: first `*` and `/`, then `+` and `-`, each from the left. */
function withPrecedence(operands: readonly (Expr | undefined)[], operators: readonly Operator[]): Expr | undefined {
  const terms: (Expr | undefined)[] = [operands[0]];
  const additive: Operator[] = [];
  operators.forEach((operator, i) => {
    if (operator === '*' || operator === '/') terms[terms.length - 1] = binary(operator, terms[terms.length - 1], operands[i + 1]);
    else {
      additive.push(operator);
      terms.push(operands[i + 1]);
    }
  });
  let left = terms[0];
  additive.forEach((operator, i) => {
    left = binary(operator, left, terms[i + 1]);
  });
  return left;
}

function binary(operator: Operator, left: Expr | undefined, right: Expr | undefined): Expr | undefined {
  if (!left || !right) return left ?? right;
  return binaryNode(operator, left, right, left.start, right.end);
}

/** A literal from its token; called only while parsing for real, never while recording. */
function literal(token: IToken, shared: SharedValues): Expr | undefined {
  if (!isReal(token)) return undefined;
  const start = token.startOffset;
  const end = tokenEnd(token);
  switch (token.tokenType) {
    case Tokens.Integer:
      return integerNode(integerValue(token.image), start, end);
    case Tokens.Decimal: {
      const text = token.image.replace(/_/g, '');
      return decimalNode(Number(text), text, start, end);
    }
    case Tokens.Dims:
      return dimsNode(shared.dims(token.image), start, end);
    case Tokens.True:
      return booleanNode(true, start, end);
    case Tokens.False:
      return booleanNode(false, start, end);
    default:
      return nameNode(token.image, start, end);
  }
}

let parserInstance: NetParser | undefined;

/** The one parser instance, made on first use. */
function parser(): NetParser {
  parserInstance ??= new NetParser();
  return parserInstance;
}

/**
 * Finds the bracket left open before `offset` and names it, so that "expected ')'" can
 * become "expected ')' to close conv(".
 */
function openParenContext(tokens: IToken[], offset: number): string | undefined {
  let depth = 0;
  let index = tokens.length - 1;
  while (index >= 0 && !(tokens[index]!.startOffset < offset)) index--;
  for (; index >= 0; index--) {
    const type = tokens[index]!.tokenType;
    if (type === Tokens.RParen) depth++;
    else if (type === Tokens.LParen) {
      if (depth === 0) {
        const callee = tokens[index - 1];
        return callee && callee.tokenType === Tokens.Identifier ? `${callee.image}(` : '(';
      }
      depth--;
    }
  }
  return undefined;
}

function withContext(message: string, tokens: IToken[], offset: number): string {
  if (message.startsWith("expected ')'")) {
    const context = openParenContext(tokens, offset);
    if (context) return message.replace("expected ')'", `expected ')' to close ${context}`);
  }
  return message;
}

/** Where an error points: the offending token, or the end of the file. */
function errorSpan(token: IToken, piece: IToken[]): Span {
  if (!Number.isNaN(token.startOffset) && token.tokenType.name !== 'EOF') return tokenSpan(token);
  const last = piece[piece.length - 1];
  const at = last ? tokenEnd(last) : 0;
  return span(at, at);
}

interface Head {
  readonly name: Identifier | undefined;
  readonly params: readonly Parameter[];
}

const is = (token: IToken | undefined, type: TokenType): boolean => token !== undefined && token.tokenType === type;

/** Whether a line break stands between token `i` and the one before it. */
function firstOnLine(table: TokenTable, i: number): boolean {
  if (i === 0) return true;
  const breakAt = table.text.indexOf('\n', table.end(i - 1));
  return breakAt !== -1 && breakAt < table.start(i);
}

/**
 * Where the statements start, from `from` up to `to`: at `input`, at a name followed by
 * `(` (with the `name =` before it), which nothing but a call can be, and at `name =`
 * first on its line outside parentheses.
 */
function statementStarts(table: TokenTable, from: number, to: number): number[] {
  const starts: number[] = [];
  const at = (index: number, type: TokenType): boolean => index < to && table.is(index, type);
  let depth = 0;
  for (let i = from; i < to; i++) {
    const type = table.type(i);
    let start = false;
    if (type === Tokens.Input) start = true;
    else if (type === Tokens.Identifier && at(i + 1, Tokens.Equals)) {
      start = (at(i + 2, Tokens.Identifier) && at(i + 3, Tokens.LParen)) || (depth === 0 && firstOnLine(table, i));
    } else if (type === Tokens.Identifier && at(i + 1, Tokens.LParen)) start = !(starts.at(-1) === i - 2 && at(i - 1, Tokens.Equals));
    if (start) {
      starts.push(i);
      depth = 0;
    }
    if (type === Tokens.LParen) depth++;
    else if (type === Tokens.RParen) depth = Math.max(0, depth - 1);
  }
  return starts;
}

/**
 * Parses one piece with the given entry rule. Its first error goes to `errors`: what the
 * recovery complains of after it is noise.
 */
function parsePiece<T>(tokens: IToken[], next: IToken | undefined, rule: (instance: NetParser) => T, errors: SyntaxError[]): T | undefined {
  const complex = tooComplex(tokens);
  if (complex) {
    errors.push({ code: 'limit', message: complex, span: span(tokens[0]!.startOffset, tokenEnd(tokens[tokens.length - 1]!)) });
    return undefined;
  }
  const instance = parser();
  // The piece's list is the caller's, reused from piece to piece: its end marker is added for the parse and taken off after.
  tokens.push(pieceEnd(next, tokens[tokens.length - 1]));
  let result: T;
  try {
    instance.load(tokens);
    result = rule(instance);
  } finally {
    tokens.pop();
  }
  // Read once: chevrotain's `errors` is a copy made at each read.
  const found = instance.errors;
  let first = found[0];
  for (const error of found) if (error.token.startOffset < first!.token.startOffset) first = error;
  if (first) {
    const error = first;
    const where = errorSpan(error.token, tokens);
    // Only the last '}' closes a body: one before it is out of place, not a way to go on.
    const message = error.token.tokenType === Tokens.RBrace ? error.message.replace("a layer, an input or '}'", 'a layer or an input') : error.message;
    errors.push({ message: withContext(message, tokens, where.start), span: where });
  }
  return result;
}

/**
 * A statement the parser could not make sense of stays in the tree, with its name and
 * without a call, so that the layers after it read an unknown shape rather than the one
 * before it.
 */
function placeholder(tokens: IToken[]): Statement | undefined {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const start = first.startOffset;
  const end = tokenEnd(last);
  if (first.tokenType === Tokens.Input) {
    return inputStatementNode(is(tokens[1], Tokens.Identifier) ? identifier(tokens[1]) : undefined, undefined, start, end);
  }
  const named = is(tokens[1], Tokens.Equals);
  const callee = tokens[named ? 2 : 0] ?? last;
  const at = callee.startOffset;
  const call = callNode(identifierNode('', at, at), [], at, at, false, at, at);
  return layerStatementNode(named ? identifier(first) : undefined, call, undefined, undefined, start, end);
}

/**
 * The statements of one parse, in the order of the text, for the next parse of the same
 * document to reuse (`parse(text, previous)`). An edit changes one stretch of the text; a
 * statement before it, or after it, whose text starts and ends where it did (moved by the
 * length the edit added) and that was parsed in the same role, is taken from here instead
 * of being parsed again, its offsets moved. It holds nothing of the parse before it, so
 * keeping the latest one per document never outgrows the document.
 */
export class ParsedStatements {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly statements: (Statement | undefined)[] = [];
  readonly startedStatement: boolean[] = [];
  /**
   * The syntax errors of the statements that had some, by index, with the image of the
   * token after the statement: their messages name it. A statement without errors does not
   * depend on what follows it.
   */
  readonly errors = new Map<number, { readonly errors: readonly SyntaxError[]; readonly next: string | undefined }>();

  /** The tokens of the text, for the next parse's lexer to take the lines it shares. */
  scanned: ScanResult | undefined;
  /** How many of the statements this parse took from the previous one instead of parsing them. */
  reused = 0;

  constructor(readonly text: string) {}

  add(start: number, end: number, statement: Statement | undefined, startsStatement: boolean, errors: readonly SyntaxError[], next: string | undefined): void {
    if (errors.length > 0) this.errors.set(this.starts.length, { errors, next });
    this.starts.push(start);
    this.ends.push(end);
    this.statements.push(statement);
    this.startedStatement.push(startsStatement);
  }

  /** The index of the statement that started at `start`, or -1. */
  find(start: number): number {
    const index = firstAtLeast(this.starts, start);
    return this.starts[index] === start ? index : -1;
  }
}

/** What the text before a parse shares with the text after, and the parse of the text before. */
interface Unchanged extends SharedEnds {
  readonly previous: ParsedStatements;
}

/**
 * What one parse works with and on, made for it and let go after it: the previous parse's
 * statements it may reuse, the ones it records, the values its nodes share, and the token
 * objects it parses with.
 */
interface ParseRun {
  readonly reusable: Unchanged | undefined;
  readonly recording: ParsedStatements;
  readonly shared: SharedValues;
  /** Token objects for one statement at a time, and the list of them the parser reads. */
  readonly tokenPool: IToken[];
  readonly pieceTokens: IToken[];
}

/**
 * A copy of a cached statement or syntax error with every offset moved by `delta` (a node's
 * `start`, `end`, `argsStart` and `argsEnd`, an error's span); the same value when delta is
 * 0. Each node is made again by its kind's maker, so the copies share the hidden classes of
 * fresh nodes, and what is not an offset (a literal's value, shared dimensions) is shared.
 */
function moved<T extends Statement | SyntaxError | undefined>(value: T, delta: number): T {
  if (delta === 0 || value === undefined) return value;
  if (!('kind' in value)) return movedError(value, delta) as T;
  return movedStatement(value, delta) as T;
}

function movedError(error: SyntaxError, delta: number): SyntaxError {
  const where = span(error.span.start + delta, error.span.end + delta);
  return error.code === undefined ? { message: error.message, span: where } : { code: error.code, message: error.message, span: where };
}

function movedStatement(statement: Statement, d: number): Statement {
  if (statement.kind === 'input') return inputStatementNode(movedIdentifier(statement.name, d), movedExpr(statement.shape, d), statement.start + d, statement.end + d);
  const call = statement.call;
  const args = call.args.map((arg) => argumentNode(movedIdentifier(arg.name, d), movedExpr(arg.value, d), arg.start + d, arg.end + d));
  const movedCall = callNode(movedIdentifier(call.callee, d), args, call.argsStart + d, call.argsEnd + d, call.complete, call.start + d, call.end + d);
  return layerStatementNode(
    movedIdentifier(statement.name, d),
    movedCall,
    movedExpr(statement.repeat, d),
    movedIdentifier(statement.from, d),
    statement.start + d,
    statement.end + d,
  );
}

function movedIdentifier<T extends Identifier | undefined>(node: T, d: number): T {
  return (node && identifierNode(node.text, node.start + d, node.end + d)) as T;
}

function movedExpr<T extends Expr | undefined>(expr: T, d: number): T {
  if (!expr) return expr;
  const start = expr.start + d;
  const end = expr.end + d;
  switch (expr.kind) {
    case 'integer':
      return integerNode(expr.value, start, end) as T;
    case 'decimal':
      return decimalNode(expr.value, expr.text, start, end) as T;
    case 'dims':
      return dimsNode(expr.value, start, end) as T;
    case 'boolean':
      return booleanNode(expr.value, start, end) as T;
    case 'name':
      return nameNode(expr.name, start, end) as T;
    case 'binary':
      return binaryNode(expr.operator, movedExpr(expr.left, d), movedExpr(expr.right, d), start, end) as T;
  }
}

/**
 * The statement of the previous parse that stood where tokens `start`..`end` stand now, with
 * the same text, in the same role; its index, or -1.
 */
function reusableIndex(reusable: Unchanged | undefined, start: number, end: number, next: string | undefined, startsStatement: boolean): { index: number; delta: number } | undefined {
  if (!reusable) return undefined;
  const { previous, prefix, suffixFrom, delta } = reusable;
  let shift: number;
  if (end <= prefix) shift = 0;
  else if (start >= suffixFrom) shift = delta;
  else return undefined;
  const index = previous.find(start - shift);
  if (index < 0 || previous.ends[index] !== end - shift || previous.startedStatement[index] !== startsStatement) return undefined;
  const errors = previous.errors.get(index);
  if (errors && errors.next !== next) return undefined;
  return { index, delta: shift };
}

/**
 * One statement, tokens `from` up to `to`, taken from the previous parse or parsed; its
 * tokens are made only when it is parsed.
 */
function parseStatement(
  run: ParseRun,
  table: TokenTable,
  from: number,
  to: number,
  next: IToken | undefined,
  startsStatement: boolean,
  errors: SyntaxError[],
): Statement | undefined {
  const start = table.start(from);
  const end = table.end(to - 1);
  const nextImage = next?.image;
  const reused = reusableIndex(run.reusable, start, end, nextImage, startsStatement);
  let statement: Statement | undefined;
  let own: readonly SyntaxError[];
  if (reused) {
    const previous = run.reusable!.previous;
    run.recording.reused++;
    statement = moved(previous.statements[reused.index], reused.delta);
    own = (previous.errors.get(reused.index)?.errors ?? []).map((error) => moved(error, reused.delta));
  } else {
    // The parse keeps no token (nodes copy images and offsets): the objects are reused.
    const tokens = table.reuse(from, to, run.tokenPool, run.pieceTokens);
    const found: SyntaxError[] = [];
    statement = parsePiece(tokens, next, (p) => p.line(), found) ?? (startsStatement ? placeholder(tokens) : undefined);
    own = found;
  }
  run.recording.add(start, end, statement, startsStatement, own, nextImage);
  for (const error of own) errors.push(error);
  return statement;
}

/** One `network` or `block` declaration, tokens `from` up to `to`: its head, then each statement on its own. */
function parseDeclaration(run: ParseRun, table: TokenTable, from: number, to: number, errors: SyntaxError[]): Declaration {
  const first = table.token(from)!;
  const after = table.token(to);
  const isBlock = first.tokenType === Tokens.Block;
  const starts = statementStarts(table, from + 2, to);
  let brace = from;
  while (brace < to && !table.is(brace, Tokens.LBrace)) brace++;
  const firstStart = starts[0] ?? to;
  const hasBrace = brace < to && brace < firstStart;
  const headEnd = hasBrace ? brace + 1 : firstStart;
  let close = to - 1;
  while (close >= headEnd && !table.is(close, Tokens.RBrace)) close--;
  if (close < headEnd) close = -1;
  const bodyEnd = close >= 0 ? close : to;
  const tokenAt = (index: number): IToken | undefined => (index < to ? table.token(index) : after);

  const head = parsePiece(table.reuse(from, headEnd, run.tokenPool, run.pieceTokens), tokenAt(headEnd), (p) => p.head(), errors);
  const name = head ? head.name : table.is(from + 1, Tokens.Identifier) && from + 1 < to ? identifier(table.token(from + 1)) : undefined;

  const statements: Statement[] = [];
  const bodyStarts = starts.filter((index) => index >= headEnd && index < bodyEnd);
  const cuts = [headEnd, ...bodyStarts.filter((index) => index > headEnd), bodyEnd];
  for (let i = 0; i + 1 < cuts.length; i++) {
    if (cuts[i + 1]! <= cuts[i]!) continue;
    const kept = parseStatement(run, table, cuts[i]!, cuts[i + 1]!, tokenAt(cuts[i + 1]!), i > 0 || bodyStarts[0] === cuts[0], errors);
    if (kept) statements.push(kept);
  }

  const lastEnd = table.end(to - 1);
  if (close < 0) {
    const opened = `${first.image}${name ? ` ${name.text}` : ''} {`;
    errors.push({
      message: `expected '}' to close ${opened}, found ${after ? describeToken(after) : 'the end of the file'}`,
      // At the end of what was left open, not at what follows: that may be another declaration.
      span: span(lastEnd, lastEnd),
    });
  } else if (close + 1 < to) {
    const stray = table.token(close + 1)!;
    errors.push({ message: `expected 'network' or 'block', found ${describeToken(stray)}`, span: tokenSpan(stray) });
  }
  const end = close >= 0 ? table.end(close) : lastEnd;
  const bodyStart = hasBrace ? table.start(brace) : headEnd < to ? table.start(headEnd) : end;
  const body = span(Math.min(bodyStart, end), end);
  return isBlock ? blockNode(name, head?.params ?? [], statements, body, first.startOffset, end) : networkNode(name, statements, body, first.startOffset, end);
}

/**
 * Parses `text`; given the statements of the previous parse of the same document, takes
 * those an edit did not touch from there (read, never changed).
 */
export function parse(text: string, previous?: ParsedStatements): ParseResult {
  const reusable = previous && { previous, ...sharedEnds(previous.text, text) };
  const recording = new ParsedStatements(text);
  const run: ParseRun = { reusable, recording, shared: new SharedValues(), tokenPool: [], pieceTokens: [] };
  parser().shared = run.shared;
  const scanned = scan(text, reusable?.previous.scanned && { scan: reusable.previous.scanned, shared: reusable });
  recording.scanned = scanned;
  const { table, comments: lexedComments, errors: lexErrors } = scanned;
  const errors: SyntaxError[] = lexErrors.map((error) => ({ message: error.message, span: span(error.start, error.end) }));
  const comments: Comment[] = lexedComments.map((comment) => commentNode(comment.text, comment.start, comment.end));
  const declarations: Declaration[] = [];

  // Cut before each top-level `network` or `block` keyword.
  const bounds = [0];
  for (let index = 1; index < table.count; index++) {
    const type = table.type(index);
    if (type !== Tokens.Network && type !== Tokens.Block) continue;
    // `network network {`: a keyword written as the name starts no declaration of its own.
    const before = table.type(index - 1);
    if (before === Tokens.Network || before === Tokens.Block) continue;
    bounds.push(index);
  }
  bounds.push(table.count);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    if (from >= to) continue;
    const type = table.type(from);
    if (type !== Tokens.Network && type !== Tokens.Block) {
      const first = table.token(from)!;
      errors.push({ message: `expected 'network' or 'block', found ${describeToken(first)}`, span: tokenSpan(first) });
      continue;
    }
    declarations.push(parseDeclaration(run, table, from, to, errors));
  }
  return {
    file: fileNode(declarations, comments, 0, text.length),
    errors: firstErrorPerLine(errors, text),
    reusable: recording,
  };
}

/** After the first syntax error on a line, the recovery's further complaints are noise. */
function firstErrorPerLine(errors: SyntaxError[], text: string): SyntaxError[] {
  const sorted = [...errors].sort((a, b) => a.span.start - b.span.start);
  const kept: SyntaxError[] = [];
  let line = 0;
  let lastLine = -1;
  let scanned = 0;
  for (const error of sorted) {
    for (; scanned < error.span.start && scanned < text.length; scanned++) if (text.charCodeAt(scanned) === 10) line++;
    if (line === lastLine) continue;
    lastLine = line;
    kept.push(error);
  }
  return kept;
}
