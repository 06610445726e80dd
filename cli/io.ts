/** The CLI's edge with the file system and the terminal. */
import { readFileSync } from 'node:fs';
import { decodeSource } from '../core';

/** A failure that ends the command with exit code 2 and a one-line message, never a stack trace. */
export class UsageError extends Error {}

export interface SourceDocument {
  /** The path as the user gave it, or `<stdin>`. */
  readonly name: string;
  /** The absolute path, or undefined for stdin. */
  readonly path: string | undefined;
  readonly text: string;
}

export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

export function readDocument(name: string, resolve: (path: string) => string): SourceDocument {
  let bytes: Buffer;
  try {
    bytes = name === '-' ? readFileSync(0) : readFileSync(name);
  } catch (error) {
    throw new UsageError(`cannot read ${name === '-' ? 'standard input' : `'${name}'`}: ${describeReadError(error)}`);
  }
  const decoded = decodeSource(bytes);
  const shown = name === '-' ? '<stdin>' : name;
  if ('error' in decoded) throw new UsageError(`${shown}: ${decoded.error}`);
  return { name: shown, path: name === '-' ? undefined : resolve(name), text: decoded.text };
}

/** ANSI colours for a terminal that wants them; plain text otherwise. */
export function colours(enabled: boolean) {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}

export type Colours = ReturnType<typeof colours>;

export function wantsColour(stream: NodeJS.WriteStream): boolean {
  if (process.env['NO_COLOR'] !== undefined) return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}
