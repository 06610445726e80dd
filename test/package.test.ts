/** What the packages ship: the .vsix (the extension) and the npm tarball (the command line). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers/paths';

/** The names in a zip's central directory. */
function zipEntries(zip: Buffer): string[] {
  const names: string[] = [];
  for (let at = zip.indexOf('PK\u0001\u0002', 0, 'latin1'); at >= 0; at = zip.indexOf('PK\u0001\u0002', at + 4, 'latin1')) {
    const length = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + length));
  }
  return names;
}

test('npm run package makes a .vsix under 1 MB with the bundles, grammar, config schema, docs and icon, and no sources', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-vsix-'));
  try {
    const vsix = join(dir, 'netlint.vsix');
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs'), '--out', vsix], { cwd: repoRoot, stdio: 'pipe' });
    assert.ok(statSync(vsix).size < 1_000_000, `${statSync(vsix).size} bytes`);
    const files = zipEntries(readFileSync(vsix))
      .filter((name) => name.startsWith('extension/'))
      .map((name) => name.slice('extension/'.length))
      .sort();
    assert.deepEqual(files, [
      'LICENSE.txt',
      'changelog.md',
      'dist/client.js',
      'dist/report.js',
      'dist/server.js',
      'docs/export.md',
      'docs/language.md',
      'docs/rules.md',
      'images/icon.png',
      'language-configuration.json',
      'package.json',
      'readme.md',
      'schemas/netlintrc.schema.json',
      'snippets/netdsl.json',
      'syntaxes/netdsl.tmLanguage.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.deepEqual(manifest.activationEvents, ['onLanguage:netdsl']);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm pack makes the command line alone: its bundle, the docs and the examples, no sources or tests', { timeout: 120_000 }, () => {
  // The package's own build is not under test here: `--dry-run` lists what would be packed.
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as [{ files: { path: string }[] }];
  assert.deepEqual(pack.files.map((file) => file.path).sort(), [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/cli.js',
    'docs/export.md',
    'docs/language.md',
    'docs/rules.md',
    'examples/alexnet.net',
    'examples/bert_base.net',
    'examples/convnext_tiny.net',
    'examples/efficientnet_b0.net',
    'examples/googlenet.net',
    'examples/gpt2_small.net',
    'examples/inception_v3.net',
    'examples/lstm_tagger.net',
    'examples/m5_audio.net',
    'examples/mobilenet_v3_small.net',
    'examples/mobilenetv2.net',
    'examples/regnet_y_400mf.net',
    'examples/resnet50.net',
    'examples/shufflenet_v2_x1_0.net',
    'examples/squeezenet.net',
    'examples/unet.net',
    'examples/vgg16.net',
    'examples/vit_b_16.net',
    'package.json',
  ]);
});
