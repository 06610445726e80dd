// Loads a TypeScript module of the repo from a script: bundled by esbuild in memory and
// imported as a module, so no temporary file is written.
import * as esbuild from 'esbuild';

export async function importTypeScript(entry) {
  const bundle = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const source = bundle.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
}
