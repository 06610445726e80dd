/**
 * The chevrotain grammar: one piece (a declaration's head or one statement) to nodes. One
 * parser instance is made on first use and reused for every piece of every parse.
 */
import { EmbeddedActionsParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import {
  argumentNode,
  binaryNode,
  callNode,
  identifierNode,
  inputStatementNode,
  layerStatementNode,
  listNode,
  negateNode,
  parameterNode,
  type Argument,
  type Call,
  type Expr,
  type Identifier,
  type InputStatement,
  type LayerStatement,
  type Parameter,
  type Statement,
} from '../ast';
import { allTokens, tokenEnd, Tokens } from '../lexer';
import { literal } from './literals';
import { errorMessages } from './messages';
import { isReal, PieceEnd } from './piece';
import { SharedValues } from './run';

export interface Head {
  readonly name: Identifier | undefined;
  readonly params: readonly Parameter[];
}

/** The same messages, each build counted in `recorded`: the grammar reads the count, the builders know nothing of it. */
function counting(provider: IParserErrorMessageProvider, recorded: { errors: number }): IParserErrorMessageProvider {
  return {
    buildMismatchTokenMessage: (options) => (recorded.errors++, provider.buildMismatchTokenMessage(options)),
    buildNotAllInputParsedMessage: (options) => (recorded.errors++, provider.buildNotAllInputParsedMessage(options)),
    buildNoViableAltMessage: (options) => (recorded.errors++, provider.buildNoViableAltMessage(options)),
    buildEarlyExitMessage: (options) => (recorded.errors++, provider.buildEarlyExitMessage(options)),
  };
}

/** An identifier node; given the parse's shared values, for a word of the vocabulary (a callee, an argument's name). */
export function identifier(token: IToken | undefined, shared?: SharedValues): Identifier | undefined {
  if (!isReal(token)) return undefined;
  return identifierNode(shared ? shared.word(token.image) : token.image, token.startOffset, tokenEnd(token));
}

/**
 * Occurrence indexes. Chevrotain tells apart the DSL calls of one rule by method, token or
 * subrule, and an index: two alike calls in one rule need different indexes. An argument
 * and a factor are parsed inline in the rule around them (`call`, `expr`, to enter fewer
 * rules), twice each (first, and after a separator), so each place takes indexes that the
 * rule's own calls (index 0) and the other place do not use.
 */
const OCCURRENCE = {
  /** `call`'s arguments: its callee, `(` and OPTION use 0. */
  firstArgument: 4,
  argumentAfterComma: 5,
  /** `expr`'s factors: the operator's OR uses 0, so the factors' ORs take 1 and 2; inside them, their tokens and `expr` take 0 and 1. */
  firstFactorOr: 1,
  factorOrAfterOperator: 2,
  firstFactor: 0,
  factorAfterOperator: 1,
  /** `layer`'s `from name`: the layer's own name takes 0. */
  fromName: 1,
  /** Added to a factor's occurrence for its leading '-'. */
  negateMinus: 2,
  /** `layer`'s `output` marker. */
  outputMarker: 2,
  /** `parameter`'s type after `:`: its name takes 0. */
  parameterType: 1,
} as const;

/**
 * Whether `output`, as token `marker`, marks the layer that follows it (`output aux =
 * dense(…)`, `output dense(…)`) rather than being a name; `next` and `after` are the two
 * tokens after it. Given the tokens, not a list of them: the grammar asks at every layer.
 */
export function isOutputMarker(marker: IToken | undefined, next: IToken | undefined, after: IToken | undefined): boolean {
  return (
    marker?.tokenType === Tokens.Identifier &&
    marker.image === 'output' &&
    next?.tokenType === Tokens.Identifier &&
    (after?.tokenType === Tokens.Equals || after?.tokenType === Tokens.LParen)
  );
}

export class NetParser extends EmbeddedActionsParser {
  /** The last real token consumed, for the end of nodes. */
  private lastReal: IToken | undefined;
  /** The shared values of the parse under way: each parse sets its own before it reads a token. */
  shared = new SharedValues();

  /**
   * How many syntax errors this parser has recorded. Chevrotain builds one message per error
   * it records, so the provider it is given counts them: reading `errors` copies the list.
   */
  private readonly recorded: { errors: number };

  /**
   * Whether it parses for real rather than chevrotain recording the grammar. The rules a
   * statement runs thousands of times a file (a layer, a call, an argument, a factor)
   * build their nodes only when it does, as ACTION would, without a closure at each use;
   * the others use ACTION.
   */
  private live = false;

  constructor() {
    const recorded = { errors: 0 };
    super([...allTokens, PieceEnd], { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: counting(errorMessages, recorded) });
    this.recorded = recorded;
    this.performSelfAnalysis();
    this.live = true;
  }

  /** How many syntax errors it has recorded so far: when this does not change, a piece parsed clean, and `errors` (a copy at each read) need not be read. */
  get errorCount(): number {
    return this.recorded.errors;
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
      this.OPTION(this.pieceEnd);
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
      this.OPTION(this.pieceEnd);
      return statement;
    },
    { recoveryValueFunc: () => undefined },
  );

  /** A piece's end marker, read once the piece's rule is done; made once, as below. */
  private readonly pieceEnd = (): IToken => this.consume(0, PieceEnd);

  /** Made once, as the factor's are: alternatives built at each call are garbage at each statement. */
  private readonly lineAlternatives = [{ ALT: () => this.SUBRULE(this.inputStatement) }, { ALT: () => this.SUBRULE(this.layer) }];

  private parameter = this.RULE('parameter', (): Parameter => {
    const start = this.startOf();
    const name = this.take(Tokens.Identifier);
    let type: IToken | undefined;
    this.OPTION(() => {
      this.take(Tokens.Colon);
      type = this.take(Tokens.Identifier, OCCURRENCE.parameterType);
    });
    let defaultValue: Expr | undefined;
    // After a type too, so that `x: tensor = 3` is read whole and names.ts says why a tensor takes no default.
    this.OPTION2(() => {
      this.take(Tokens.Equals);
      defaultValue = this.SUBRULE(this.expr);
    });
    return this.ACTION(() => parameterNode(identifier(name) ?? identifierNode('', start, start), identifier(type), defaultValue, start, this.endFrom(start)));
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

  /** `layer`'s `output` marker, made once: a gate and its option built at each layer are garbage at each statement. */
  private readonly outputMarker = {
    // LA(1) first: on nearly every layer it is not `output`, and the other two are not read.
    GATE: (): boolean => this.LA(1).image === 'output' && isOutputMarker(this.LA(1), this.LA(2), this.LA(3)),
    DEF: (): IToken => this.take(Tokens.Identifier, OCCURRENCE.outputMarker),
  };

  /** `layer`'s optional parts, each made once and returning what it read. */
  private readonly layerName = (): IToken => {
    const name = this.take(Tokens.Identifier);
    this.take(Tokens.Equals);
    return name;
  };
  private readonly layerRepeat = (): Expr | undefined => {
    this.take(Tokens.Star);
    return this.SUBRULE(this.expr);
  };
  private readonly layerFrom = (): IToken => {
    this.take(Tokens.From);
    return this.take(Tokens.Identifier, OCCURRENCE.fromName);
  };

  private layer = this.RULE('layer', (): LayerStatement | undefined => {
    const start = this.startOf();
    const marker = this.OPTION4(this.outputMarker);
    const name = this.OPTION(this.layerName);
    const call = this.SUBRULE(this.call);
    const repeat = this.OPTION2(this.layerRepeat);
    const from = this.OPTION3(this.layerFrom);
    // A call lost to recovery leaves no layer: the piece becomes a placeholder (see parse).
    if (!this.live || !call) return undefined;
    return layerStatementNode(identifier(marker), identifier(name), call, repeat, identifier(from), start, this.endFrom(start));
  });

  /**
   * The arguments of the call being parsed, and where they start: a call holds no call (an
   * argument is an expression), so one list serves every call, and the closures that fill
   * it are made once.
   */
  private readonly args: Argument[] = [];
  private argsStart = 0;
  private readonly callArguments = (): void => {
    this.argument(OCCURRENCE.firstArgument, this.args, this.argsStart);
    this.MANY(this.laterArgument);
  };
  private readonly laterArgument = (): void => {
    this.take(Tokens.Comma);
    this.argument(OCCURRENCE.argumentAfterComma, this.args, this.argsStart);
  };

  private call = this.RULE('call', (): Call => {
    const start = this.startOf();
    const errorsBefore = this.recorded.errors;
    const callee = this.take(Tokens.Identifier);
    const argsStart = this.startOf();
    this.take(Tokens.LParen);
    const args = this.args;
    args.length = 0;
    this.argsStart = argsStart;
    this.OPTION(this.callArguments);
    const close = this.take(Tokens.RParen);
    if (!this.live) return undefined as unknown as Call;
    return callNode(
      identifier(callee, this.shared) ?? identifierNode('', start, start),
      // A copy of its own size, kept by the node: the list is the next call's.
      args.slice(),
      argsStart,
      this.endFrom(argsStart),
      isReal(close) && args.every((arg) => arg.value !== undefined) && this.recorded.errors === errorsBefore,
      start,
      this.endFrom(start),
    );
  });

  /**
   * One argument, `name = expr` or `expr`, pushed to `args`; `occurrence` tells the first
   * from the ones after a comma. An argument lost to recovery stays as one without
   * a value, so that the call is not taken for a complete one with fewer arguments.
   */
  private argument(occurrence: ArgumentOccurrence, args: Argument[], argsStart: number): void {
    const start = this.startOf();
    const name = this.option(occurrence, this.argumentNames[occurrence]);
    const value = this.subrule(occurrence, this.expr, undefined);
    if (!this.live) return;
    args.push(
      value ? argumentNode(identifier(name, this.shared), value, start, this.endFrom(start)) : argumentNode(undefined, undefined, argsStart, argsStart),
    );
  }

  /** An argument's `name =`, for each of its two places, made once; returns the name. */
  private readonly argumentNames = {
    [OCCURRENCE.firstArgument]: (): IToken => this.argumentName(OCCURRENCE.firstArgument),
    [OCCURRENCE.argumentAfterComma]: (): IToken => this.argumentName(OCCURRENCE.argumentAfterComma),
  };

  private argumentName(occurrence: ArgumentOccurrence): IToken {
    const name = this.take(Tokens.Identifier, occurrence);
    this.take(Tokens.Equals, occurrence);
    return name;
  }

  /**
   * An expression: factors joined by `+ - * / //`, the precedence applied when the node is
   * built (`*`, `/` and `//` bind tighter; all are left-associative).
   */
  private expr = this.RULE(
    'expr',
    (): Expr | undefined => {
      const first = this.or(OCCURRENCE.firstFactorOr, this.factorAlternatives[0]!);
      let operands: (Expr | undefined)[] | undefined;
      let operators: Operator[] | undefined;
      this.MANY(() => {
        const operator = this.OR(this.operatorAlternatives);
        const right = this.or(OCCURRENCE.factorOrAfterOperator, this.factorAlternatives[1]!);
        this.ACTION(() => {
          (operators ??= []).push(operator.image as Operator);
          (operands ??= [first]).push(right);
        });
      });
      if (!this.live) return undefined;
      return operands && operators ? withPrecedence(operands, operators) : first;
    },
    { recoveryValueFunc: () => undefined },
  );

  private readonly operatorAlternatives = [Tokens.Plus, Tokens.Minus, Tokens.Star, Tokens.SlashSlash, Tokens.Slash].map((type) => ({
    ALT: () => this.take(type),
  }));

  /** `[a, b]`: a size list, one expression per spatial dimension. */
  private list = this.RULE(
    'list',
    (): Expr | undefined => {
      const start = this.startOf();
      this.take(Tokens.LBracket);
      const items: Expr[] = [];
      const first = this.SUBRULE(this.expr);
      this.ACTION(() => {
        if (first) items.push(first);
      });
      this.MANY(() => {
        this.take(Tokens.Comma);
        const next = this.SUBRULE2(this.expr);
        this.ACTION(() => {
          if (next) items.push(next);
        });
      });
      const close = this.take(Tokens.RBracket);
      // A list cut short by recovery has no value: its items may be missing.
      return this.ACTION(() => (isReal(close) && items.length > 0 ? listNode(items, start, this.endFrom(start)) : undefined));
    },
    { recoveryValueFunc: () => undefined },
  );

  /** What one leading minus may stand before: a number, a name, `(expr)` or a size list. */
  private negatable = this.RULE(
    'negatable',
    (): Expr | undefined =>
      this.OR([
        ...[Tokens.Integer, Tokens.Decimal, Tokens.Identifier].map((type) => ({
          ALT: (): Expr | undefined => {
            const token = this.take(type);
            return this.ACTION(() => literal(token, this.shared));
          },
        })),
        {
          ALT: (): Expr | undefined => {
            this.take(Tokens.LParen);
            const inner = this.SUBRULE(this.expr);
            this.take(Tokens.RParen);
            return inner;
          },
        },
        { ALT: (): Expr | undefined => this.SUBRULE(this.list) },
      ]),
    { recoveryValueFunc: () => undefined },
  );

  /**
   * The alternatives of a factor, made once for each of its two places in `expr` (an OR's
   * alternatives built at each call would be garbage at each argument). A literal's node
   * is built only while parsing for real.
   */
  private readonly factorAlternatives = [OCCURRENCE.firstFactor, OCCURRENCE.factorAfterOperator].map((occurrence) => [
    ...[Tokens.Integer, Tokens.Decimal, Tokens.Dims, Tokens.True, Tokens.False, Tokens.Identifier].map((type) => ({
      ALT: (): Expr | undefined => {
        const token = this.take(type, occurrence);
        return this.live ? literal(token, this.shared) : undefined;
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
    { ALT: (): Expr | undefined => this.subrule(occurrence, this.list, undefined) },
    {
      ALT: (): Expr | undefined => {
        // The operators' OR takes '-' at index 0: a factor's minus takes 2 and 3.
        const minus = this.take(Tokens.Minus, occurrence + OCCURRENCE.negateMinus);
        const operand = this.subrule(occurrence, this.negatable, undefined);
        return this.ACTION(() => (operand ? negateNode(operand, minus.startOffset, this.endFrom(minus.startOffset)) : undefined));
      },
    },
  ]);
}

type Operator = '+' | '-' | '*' | '/' | '//';

type ArgumentOccurrence = typeof OCCURRENCE.firstArgument | typeof OCCURRENCE.argumentAfterComma;

/** Folds `a op b op c …`: first `*` and `/`, then `+` and `-`, each from the left. */
function withPrecedence(operands: readonly (Expr | undefined)[], operators: readonly Operator[]): Expr | undefined {
  const terms: (Expr | undefined)[] = [operands[0]];
  const additive: Operator[] = [];
  operators.forEach((operator, i) => {
    if (operator === '*' || operator === '/' || operator === '//') terms[terms.length - 1] = binary(operator, terms[terms.length - 1], operands[i + 1]);
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

let parserInstance: NetParser | undefined;

/** The one parser instance, made on first use. */
export function parser(): NetParser {
  parserInstance ??= new NetParser();
  return parserInstance;
}
