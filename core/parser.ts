/**
 * The parser: tokens to a syntax tree, never throwing. One chevrotain parser instance is
 * made once and reused. The token stream is cut before each top-level `network` or
 * `block` keyword and each piece is parsed on its own, so a declaration left open or a
 * line of garbage cannot swallow the declarations after it.
 */
import { EmbeddedActionsParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import type {
  Argument,
  BlockDeclaration,
  Call,
  Comment,
  Declaration,
  Expr,
  Identifier,
  InputStatement,
  LayerStatement,
  NetworkDeclaration,
  Parameter,
  SourceFile,
  Statement,
} from './ast';
import { allTokens, lex, Tokens } from './lexer';
import { span, type Span } from './text';

export interface SyntaxError {
  readonly message: string;
  readonly span: Span;
}

export interface ParseResult {
  readonly file: SourceFile;
  readonly errors: SyntaxError[];
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'the end of the file';
  return `'${token.image}'`;
}

/** Messages name what was expected and what was found; context is added after parsing. */
const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)}, found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `expected a layer, an input or '}', found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    const what = RULE_DESCRIPTIONS[ruleName];
    if (what) return `expected ${what}, found ${found}`;
    const firsts = new Set(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => label(path[0]!))));
    return `expected ${[...firsts].join(' or ')}, found ${found}`;
  },
  buildEarlyExitMessage: ({ actual, ruleName }) => {
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    return `expected ${RULE_DESCRIPTIONS[ruleName] ?? 'more'}, found ${found}`;
  },
};

const RULE_DESCRIPTIONS: Record<string, string> = {
  declaration: "'network' or 'block'",
  statement: "a layer ('name = op(…)') or an input",
  factor: 'a number, dimensions, a name or \'(\'',
  inputShape: 'a shape such as 3x224x224 or a vector size',
};

function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && !Number.isNaN(token.startOffset);
}

function tokenSpan(token: IToken): Span {
  return span(token.startOffset, (token.endOffset ?? token.startOffset) + 1);
}

function identifier(token: IToken | undefined): Identifier | undefined {
  if (!isReal(token)) return undefined;
  return { kind: 'identifier', text: token.image, span: tokenSpan(token) };
}

/** Digits with `_` separators to a bigint. */
function integerValue(image: string): bigint {
  return BigInt(image.replace(/_/g, ''));
}

class NetParser extends EmbeddedActionsParser {
  /** The last real token consumed, for the end of spans. */
  private lastReal: IToken | undefined;

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages });
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

  private spanFrom(start: number): Span {
    const end = this.lastReal ? (this.lastReal.endOffset ?? this.lastReal.startOffset) + 1 : start;
    return span(start, Math.max(start, end));
  }

  /** Where the next token starts; at the end of the input, where the last one ended. */
  private startOf(): number {
    const offset = this.LA(1).startOffset;
    if (!Number.isNaN(offset)) return offset;
    return this.lastReal ? (this.lastReal.endOffset ?? this.lastReal.startOffset) + 1 : 0;
  }

  public declaration = this.RULE(
    'declaration',
    (): Declaration | undefined =>
      this.OR([{ ALT: () => this.SUBRULE(this.network) }, { ALT: () => this.SUBRULE(this.block) }]),
    { recoveryValueFunc: () => undefined },
  );

  private network = this.RULE('network', (): NetworkDeclaration => {
    const start = this.startOf();
    this.take(Tokens.Network);
    const name = this.take(Tokens.Identifier);
    const bodyStart = this.startOf();
    this.take(Tokens.LBrace);
    const statements = this.SUBRULE(this.statements);
    this.take(Tokens.RBrace, 1);
    return this.ACTION(() => ({
      kind: 'network' as const,
      name: identifier(name),
      statements,
      body: this.spanFrom(bodyStart),
      span: this.spanFrom(start),
    }));
  });

  private block = this.RULE('block', (): BlockDeclaration => {
    const start = this.startOf();
    this.take(Tokens.Block);
    const name = this.take(Tokens.Identifier);
    this.take(Tokens.LParen);
    const params: Parameter[] = [];
    this.OPTION(() => {
      const first = this.SUBRULE(this.parameter);
      this.ACTION(() => params.push(first));
      this.MANY(() => {
        this.take(Tokens.Comma);
        const next = this.SUBRULE2(this.parameter);
        this.ACTION(() => params.push(next));
      });
    });
    this.take(Tokens.RParen);
    const bodyStart = this.startOf();
    this.take(Tokens.LBrace);
    const statements = this.SUBRULE(this.statements);
    this.take(Tokens.RBrace);
    return this.ACTION(() => ({
      kind: 'block' as const,
      name: identifier(name),
      params,
      statements,
      body: this.spanFrom(bodyStart),
      span: this.spanFrom(start),
    }));
  });

  private parameter = this.RULE('parameter', (): Parameter => {
    const start = this.startOf();
    const name = this.take(Tokens.Identifier);
    let defaultValue: Expr | undefined;
    this.OPTION(() => {
      this.take(Tokens.Equals);
      defaultValue = this.SUBRULE(this.expr);
    });
    return this.ACTION(() => ({
      kind: 'parameter' as const,
      name: identifier(name) ?? { kind: 'identifier' as const, text: '', span: span(start, start) },
      defaultValue,
      span: this.spanFrom(start),
    }));
  });

  private statements = this.RULE('statements', (): Statement[] => {
    const statements: Statement[] = [];
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      this.ACTION(() => {
        if (statement) statements.push(statement);
      });
    });
    return statements;
  });

  private statement = this.RULE(
    'statement',
    (): Statement | undefined =>
      this.OR([{ ALT: () => this.SUBRULE(this.inputStatement) }, { ALT: () => this.SUBRULE(this.layer) }]),
    { recoveryValueFunc: () => undefined },
  );

  private inputStatement = this.RULE('inputStatement', (): InputStatement => {
    const start = this.startOf();
    this.take(Tokens.Input);
    const name = this.take(Tokens.Identifier);
    this.take(Tokens.Colon);
    const shape = this.SUBRULE(this.inputShape);
    return this.ACTION(() => ({ kind: 'input' as const, name: identifier(name), shape, span: this.spanFrom(start) }));
  });

  private inputShape = this.RULE(
    'inputShape',
    (): Expr | undefined => {
      const token = this.OR([{ ALT: () => this.take(Tokens.Dims) }, { ALT: () => this.take(Tokens.Integer) }]);
      return this.ACTION(() => literal(token));
    },
    { recoveryValueFunc: () => undefined },
  );

  private layer = this.RULE('layer', (): LayerStatement => {
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
    return this.ACTION(() => ({
      kind: 'layer' as const,
      name: identifier(name),
      call,
      repeat,
      from: identifier(from),
      span: this.spanFrom(start),
    }));
  });

  private call = this.RULE('call', (): Call => {
    const start = this.startOf();
    const callee = this.take(Tokens.Identifier);
    const argsStart = this.startOf();
    this.take(Tokens.LParen);
    const args: Argument[] = [];
    this.OPTION(() => {
      const first = this.SUBRULE(this.argument);
      this.ACTION(() => args.push(first));
      this.MANY(() => {
        this.take(Tokens.Comma);
        const next = this.SUBRULE2(this.argument);
        this.ACTION(() => args.push(next));
      });
    });
    const close = this.take(Tokens.RParen);
    return this.ACTION(() => ({
      kind: 'call' as const,
      complete: isReal(close) && args.every((arg) => arg.value !== undefined),
      callee: identifier(callee) ?? { kind: 'identifier' as const, text: '', span: span(start, start) },
      args,
      argsSpan: this.spanFrom(argsStart),
      span: this.spanFrom(start),
    }));
  });

  private argument = this.RULE('argument', (): Argument => {
    const start = this.startOf();
    let name: IToken | undefined;
    this.OPTION(() => {
      name = this.take(Tokens.Identifier);
      this.take(Tokens.Equals);
    });
    const value = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: 'argument' as const, name: identifier(name), value, span: this.spanFrom(start) }));
  });

  private expr = this.RULE(
    'expr',
    (): Expr | undefined => {
      let left = this.SUBRULE(this.term);
      this.MANY(() => {
        const operator = this.OR([{ ALT: () => this.take(Tokens.Plus) }, { ALT: () => this.take(Tokens.Minus) }]);
        const right = this.SUBRULE2(this.term);
        this.ACTION(() => {
          left = binary(operator.image as '+' | '-', left, right);
        });
      });
      return left;
    },
    { recoveryValueFunc: () => undefined },
  );

  private term = this.RULE('term', (): Expr | undefined => {
    let left = this.SUBRULE(this.factor);
    this.MANY(() => {
      const operator = this.OR([{ ALT: () => this.take(Tokens.Star) }, { ALT: () => this.take(Tokens.Slash) }]);
      const right = this.SUBRULE2(this.factor);
      this.ACTION(() => {
        left = binary(operator.image as '*' | '/', left, right);
      });
    });
    return left;
  });

  private factor = this.RULE(
    'factor',
    (): Expr | undefined =>
      this.OR([
        { ALT: () => literal(this.take(Tokens.Integer)) },
        { ALT: () => literal(this.take(Tokens.Decimal)) },
        { ALT: () => literal(this.take(Tokens.Dims)) },
        { ALT: () => literal(this.take(Tokens.True)) },
        { ALT: () => literal(this.take(Tokens.False)) },
        { ALT: () => literal(this.take(Tokens.Identifier)) },
        {
          ALT: () => {
            this.take(Tokens.LParen);
            const inner = this.SUBRULE(this.expr);
            this.take(Tokens.RParen);
            return inner;
          },
        },
      ]),
    { recoveryValueFunc: () => undefined },
  );
}

function binary(operator: '+' | '-' | '*' | '/', left: Expr | undefined, right: Expr | undefined): Expr | undefined {
  if (!left || !right) return left ?? right;
  return { kind: 'binary', operator, left, right, span: span(left.span.start, right.span.end) };
}

/** A literal from its token; called only while parsing for real, never while recording. */
function literal(token: IToken): Expr | undefined {
  if (!isReal(token)) return undefined;
  const where = tokenSpan(token);
  switch (token.tokenType) {
    case Tokens.Integer:
      return { kind: 'integer', value: integerValue(token.image), span: where };
    case Tokens.Decimal:
      return { kind: 'decimal', value: Number(token.image.replace(/_/g, '')), span: where };
    case Tokens.Dims:
      return { kind: 'dims', value: token.image.split('x').map(integerValue), span: where };
    case Tokens.True:
      return { kind: 'boolean', value: true, span: where };
    case Tokens.False:
      return { kind: 'boolean', value: false, span: where };
    default:
      return { kind: 'name', name: token.image, span: where };
  }
}

let parserInstance: NetParser | undefined;

/** The one parser instance, made on first use. */
function parser(): NetParser {
  parserInstance ??= new NetParser();
  return parserInstance;
}

/** Cuts the tokens before each top-level `network` or `block` keyword. */
function splitDeclarations(tokens: IToken[]): IToken[][] {
  const pieces: IToken[][] = [];
  let current: IToken[] = [];
  for (const token of tokens) {
    const type = token.tokenType;
    if ((type === Tokens.Network || type === Tokens.Block) && current.length > 0) {
      pieces.push(current);
      current = [];
    }
    current.push(token);
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/**
 * Finds the bracket left open before `offset` and names it, so that "expected ')'" can
 * become "expected ')' to close conv(".
 */
function openBracketContext(tokens: IToken[], offset: number, open: TokenType, close: TokenType): string | undefined {
  let depth = 0;
  let index = tokens.length - 1;
  while (index >= 0 && !(tokens[index]!.startOffset < offset)) index--;
  for (; index >= 0; index--) {
    const type = tokens[index]!.tokenType;
    if (type === close) depth++;
    else if (type === open) {
      if (depth === 0) {
        if (open === Tokens.LParen) {
          const callee = tokens[index - 1];
          return callee && callee.tokenType === Tokens.Identifier ? `${callee.image}(` : '(';
        }
        const head = tokens.slice(Math.max(0, index - 6), index);
        const keywordAt = head.findLastIndex((t) => t.tokenType === Tokens.Network || t.tokenType === Tokens.Block);
        if (keywordAt >= 0 && head[keywordAt + 1]) return `${head[keywordAt]!.image} ${head[keywordAt + 1]!.image} {`;
        return '{';
      }
      depth--;
    }
  }
  return undefined;
}

function withContext(message: string, tokens: IToken[], offset: number): string {
  if (message.startsWith("expected ')'")) {
    const context = openBracketContext(tokens, offset, Tokens.LParen, Tokens.RParen);
    if (context) return message.replace("expected ')'", `expected ')' to close ${context}`);
  }
  if (message.startsWith("expected '}'")) {
    const context = openBracketContext(tokens, offset, Tokens.LBrace, Tokens.RBrace);
    if (context) return message.replace("expected '}'", `expected '}' to close ${context}`);
  }
  return message;
}

/** Where an error points: the offending token, or the end of the last token before it at the end of the file. */
function errorSpan(token: IToken, piece: IToken[], textLength: number): Span {
  if (isReal(token) && token.tokenType.name !== 'EOF') return tokenSpan(token);
  const last = piece[piece.length - 1];
  const at = last ? (last.endOffset ?? last.startOffset) + 1 : textLength;
  return span(at, at);
}

export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const errors: SyntaxError[] = lexed.errors.map((error) => ({ message: error.message, span: span(error.start, error.end) }));
  const comments: Comment[] = lexed.comments.map((token) => ({ text: token.image, span: tokenSpan(token) }));
  const declarations: Declaration[] = [];
  const instance = parser();

  for (const piece of splitDeclarations(lexed.tokens)) {
    const first = piece[0]!;
    if (first.tokenType !== Tokens.Network && first.tokenType !== Tokens.Block) {
      errors.push({ message: `expected 'network' or 'block', found ${describeToken(first)}`, span: tokenSpan(first) });
      continue;
    }
    instance.load(piece);
    const declaration = instance.declaration();
    if (declaration) declarations.push(declaration);
    for (const error of instance.errors) {
      const where = errorSpan(error.token, piece, text.length);
      errors.push({ message: withContext(error.message, piece, where.start), span: where });
    }
  }

  return {
    file: { kind: 'file', declarations, comments, span: span(0, text.length) },
    errors: firstErrorPerLine(errors, text),
  };
}

/** After the first syntax error on a line, the recovery's further complaints are noise. */
function firstErrorPerLine(errors: SyntaxError[], text: string): SyntaxError[] {
  const sorted = [...errors].sort((a, b) => a.span.start - b.span.start);
  const seen = new Set<number>();
  const kept: SyntaxError[] = [];
  let lineStart = 0;
  let line = 0;
  let scanned = 0;
  for (const error of sorted) {
    for (; scanned < error.span.start && scanned < text.length; scanned++) {
      if (text.charCodeAt(scanned) === 10) {
        line++;
        lineStart = scanned + 1;
      }
    }
    void lineStart;
    if (seen.has(line)) continue;
    seen.add(line);
    kept.push(error);
  }
  return kept;
}
