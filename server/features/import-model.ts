/** `netlint: Import Model…`: a model file converted to `.net` text, which the client opens in a new editor. */
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { importModel, ImportError } from '../../import';
import { withFileSource } from '../../import/node-file';
import { guarded } from '../guard';
import { IMPORT_MODEL_REQUEST, type ImportModelResult } from '../protocol';

export function provideImport(uri: string): ImportModelResult {
  if (!uri.startsWith('file:')) return { error: `only a model on disk can be imported, not ${uri}` };
  const path = fileURLToPath(uri);
  const name = path.replace(/^.*[\\/]/, '');
  try {
    const imported = withFileSource(path, (source) => importModel(name, source));
    return { text: imported.text, leftOut: imported.leftOut };
  } catch (error) {
    if (error instanceof ImportError) return { error: `${name}: ${error.message}` };
    if ((error as NodeJS.ErrnoException).code) return { error: `cannot read ${name}: ${(error as Error).message}` };
    throw error;
  }
}

export function registerImportModel(connection: Connection): void {
  connection.onRequest<ImportModelResult, void>(
    IMPORT_MODEL_REQUEST,
    guarded<{ uri: string }, ImportModelResult>(connection, 'import model', { error: 'the import failed: see the netlint log' }, (params: { uri: string }) =>
      provideImport(params.uri),
    ),
  );
}
