/** The CLI's edge with the file system and the terminal. */
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { decodeSource, formatCount } from '../core';

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

/** The most bytes netlint reads from one file or from standard input: 64 MiB. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Reads at most `limit + 1` bytes: undefined when there are more. /dev/zero, a FIFO and
 * endless standard input have no size to check first, so the read itself is bounded.
 */
function readAtMost(fd: number, limit: number): Buffer | undefined {
  const stat = fstatSync(fd);
  // A regular file's size, plus the byte that shows where it ends; others grow as they come.
  let buffer = Buffer.allocUnsafe(stat.isFile() ? Math.min(stat.size, limit) + 1 : 64 * 1024);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
    if (length > limit) return undefined;
  }
}

function readBytes(name: string): Buffer | undefined {
  if (name === '-') return readAtMost(0, MAX_INPUT_BYTES);
  const fd = openSync(name, 'r');
  try {
    return readAtMost(fd, MAX_INPUT_BYTES);
  } finally {
    closeSync(fd);
  }
}

export function readDocument(name: string, resolve: (path: string) => string): SourceDocument {
  const source = name === '-' ? 'standard input' : `'${name}'`;
  let bytes: Buffer | undefined;
  try {
    bytes = readBytes(name);
  } catch (error) {
    throw new UsageError(`cannot read ${source}: ${describeReadError(error)}`);
  }
  if (!bytes) throw new UsageError(`cannot read ${source}: it holds more than ${formatCount(MAX_INPUT_BYTES)} bytes (64 MiB), the most netlint reads`);
  const decoded = decodeSource(bytes);
  const shown = name === '-' ? '<stdin>' : name;
  if ('error' in decoded) throw new UsageError(`${shown}: ${decoded.error}`);
  return { name: shown, path: name === '-' ? undefined : resolve(name), text: decoded.text };
}

/**
 * Writes a whole file or none: the text goes to a file beside it, renamed over the
 * target once written, so a failure never leaves half a module.
 */
export function writeOutput(path: string, text: string): void {
  const partial = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new UsageError(`cannot write '${path}': ${describeReadError(error)}`);
  }
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
