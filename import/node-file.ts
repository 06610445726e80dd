/**
 * A model file on disk as a `ByteSource`, read where the converter asks: the one file of
 * `import/` that knows node's file system, used by the CLI and the language server (the
 * converter itself stays pure).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from './onnx-reader';

/** Runs `use` with the file open as a byte source, and closes it. Throws node's error when it cannot open it. */
export function withFileSource<T>(path: string, use: (source: ByteSource) => T): T {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return use({
      size,
      read(position, length) {
        const bytes = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
        let done = 0;
        while (done < bytes.length) {
          const read = readSync(fd, bytes, done, bytes.length - done, position + done);
          if (read === 0) break;
          done += read;
        }
        return bytes.subarray(0, done);
      },
    });
  } finally {
    closeSync(fd);
  }
}
