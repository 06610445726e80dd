/** What one parse works with: the values its nodes share and the state it carries from statement to statement. */
import type { IToken } from 'chevrotain';
import { integerValue } from './literals';
import type { ParsedStatements, Unchanged } from './reuse';

/**
 * The values one parse shares among its nodes, made for it and let go after it (the
 * statements a parse reuses bring their own): the names of ops, blocks and their
 * arguments, one string each (a network writes `conv`, `pad` and `act` on every line, and
 * each token's image is a string of its own; layer names are written once, and not kept
 * here), and dimensions by their text (`3x3`). The values are read, never changed.
 */
export class SharedValues {
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

/**
 * What one parse works with and on, made for it and let go after it: the previous parse's
 * statements it may reuse, the ones it records, the values its nodes share, and the token
 * objects it parses with.
 */
export interface ParseRun {
  readonly reusable: Unchanged | undefined;
  readonly recording: ParsedStatements;
  readonly shared: SharedValues;
  /** Token objects for one statement at a time, and the list of them the parser reads. */
  readonly tokenPool: IToken[];
  readonly pieceTokens: IToken[];
  /** The end marker of the piece being parsed (see piece.ts `pieceEnd`). */
  readonly pieceEnd: IToken;
}
