/**
 * The command line as a user runs it: analyze, lint, their formats, configs and usage
 * errors. Most cases run the bundle, dist/cli.js, in this process (`runCliInProcess`);
 * those about the process itself (the `#!` line, standard input, the exit code it sets)
 * spawn it. The slow ones have files of their own: test/cli/limits.test.ts (endless input,
 * pipes) and test/cli/large-files.test.ts (130,000 rows).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli, runCliInProcess, scratch } from '../helpers/cli';
import { examplePath, repoRoot } from '../helpers/paths';

const ALEXNET = 'examples/alexnet.net';

describe('netlint analyze', () => {
  test('the bin runs by itself, as npx runs it, after any rebuild', () => {
    // Not through `node`: the file's own #! line and execute bit, as `npx netlint` needs.
    const result = spawnSync(join(repoRoot, 'dist', 'cli.js'), ['analyze', examplePath('alexnet.net')], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(result.error, undefined, String(result.error));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^total\s+659,272\s+60,954,656\s+724,406,816/m);
  });

  test('prints the spec AlexNet table, row for row, with the total', () => {
    const { code, stdout } = runCliInProcess(['analyze', ALEXNET]);
    assert.equal(code, 0);
    const rows = stdout
      .split('\n')
      .filter((line) => /^(conv|fc|total)/.test(line))
      .map((line) => line.split(/\s{2,}/));
    assert.deepEqual(
      rows.map((cells) => (cells[0] === 'total' ? ['total', cells[1], cells[2], cells[3]] : [cells[0], cells[3], cells[4], cells[5]])),
      [
        ['conv1', '290,400', '34,848', '105,415,200'],
        ['conv2', '186,624', '307,200', '223,948,800'],
        ['conv3', '64,896', '884,736', '149,520,384'],
        ['conv4', '64,896', '663,552', '112,140,288'],
        ['conv5', '43,264', '442,368', '74,760,192'],
        ['fc6', '4,096', '37,748,736', '37,748,736'],
        ['fc7', '4,096', '16,777,216', '16,777,216'],
        ['fc8', '1,000', '4,096,000', '4,096,000'],
        ['total', '659,272', '60,954,656', '724,406,816'],
      ],
    );
    assert.match(stdout, /^AlexNet: input 3×227×227 → output 1000$/m);
    assert.match(stdout, /^conv2 +conv +256×27×27 +186,624 +307,200 +223,948,800 +0\.5% +30\.9%$/m);
  });

  test('the footer counts one layer in the singular', () => {
    const dir = scratch({ 'one.net': 'network One {\n  input x: 10\n  dense(5)\n}\n' });
    const { code, stdout } = runCliInProcess(['analyze', join(dir, 'one.net')]);
    assert.equal(code, 0);
    assert.match(stdout, /^params 55 \(weights 50 \+ biases 5\) · activations 5 · 1 layer$/m);
    assert.match(runCliInProcess(['analyze', ALEXNET]).stdout, / · 16 layers$/m);
  });

  const HEADS =
    'network Heads {\n  input x: 3x8x8\n  c = conv(4, 3x3, pad=1)\n  g = globalavgpool()\n  f = flatten()\n  output aux = dense(10)\n  main = dense(5) from f\n}\n' +
    'network Last {\n  input x: 4\n  output main = dense(5)\n}\n';

  test('JSON gives each network its outputs in the order written, and output the last', () => {
    const dir = scratch({ 'heads.net': HEADS });
    const { code, stdout } = runCliInProcess(['analyze', join(dir, 'heads.net'), '--format', 'json']);
    assert.equal(code, 0);
    const [heads, last] = JSON.parse(stdout).networks;
    assert.deepEqual(heads.outputs, [
      { name: 'aux', shape: [10] },
      { name: 'main', shape: [5] },
    ]);
    assert.deepEqual(heads.output, [5]);
    assert.equal(heads.totals.params, 187);
    assert.deepEqual(last.outputs, [{ name: 'main', shape: [5] }]);
  });

  test("CSV's total row names every output; one output is its shape, as in v1", () => {
    const dir = scratch({ 'heads.net': HEADS });
    const csv = runCliInProcess(['analyze', join(dir, 'heads.net'), '--format', 'csv'])
      .stdout.trim()
      .split('\n');
    assert.deepEqual(
      csv.filter((line) => line.includes(',total,')),
      ['Heads,total,,,"aux 10, main 5",271,168,19,187,6972,279', 'Last,total,,,5,5,20,5,25,20,5'],
    );
  });

  test('--all lists every layer, pools and dropouts included', () => {
    const { stdout } = runCliInProcess(['analyze', ALEXNET, '--all']);
    assert.match(stdout, /^pool5 +maxpool +256×6×6 +0 +0 +0 +0\.0% +0\.0%$/m);
    assert.match(stdout, /^dropout_2 +dropout +4096 /m);
  });

  test('blocks are one row each, and --expand shows their insides', () => {
    const folded = runCliInProcess(['analyze', 'examples/resnet50.net']).stdout;
    assert.match(folded, /^layer1 +Bottleneck ×2 +256×56×56 /m);
    assert.doesNotMatch(folded, /^ {2}conv1/m);
    const expanded = runCliInProcess(['analyze', 'examples/resnet50.net', '--expand']).stdout;
    assert.match(expanded, /^ {4}conv2 +conv +64×56×56 +200,704 +36,864 +115,605,504 /m);
  });

  test('markdown and csv carry the same numbers', () => {
    const markdown = runCliInProcess(['analyze', ALEXNET, '--format', 'markdown']).stdout;
    assert.match(markdown, /^\| conv2 \| conv \| 256×27×27 \| 186,624 \| 307,200 \| 223,948,800 \| 0\.5% \| 30\.9% \|$/m);
    assert.match(markdown, /^\| \*\*total\*\* \|  \|  \| \*\*659,272\*\* \| \*\*60,954,656\*\* \| \*\*724,406,816\*\* \|/m);
    const csv = runCliInProcess(['analyze', ALEXNET, '--format', 'csv']).stdout.trim().split('\n');
    assert.equal(csv[0], 'network,path,name,op,shape,units,weights,biases,params,connections,activations');
    assert.equal(csv[2], 'AlexNet,conv2,conv2,conv,256x27x27,186624,307200,256,307456,223948800,186624');
    assert.equal(csv[csv.length - 1], 'AlexNet,total,,,1000,659272,60954656,10568,60965224,724406816,1267952');
  });

  test('JSON is the documented contract, always expanded', () => {
    const { code, stdout } = runCliInProcess(['analyze', 'examples/resnet50.net', '--format', 'json']);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.equal(report.file, 'examples/resnet50.net');
    const network = report.networks[0];
    assert.equal(network.name, 'ResNet50');
    assert.deepEqual(network.input, [3, 224, 224]);
    assert.deepEqual(network.output, [1000]);
    assert.equal(network.totals.params, 25_557_032);
    assert.deepEqual([network.complete, network.unknownLayers], [true, 0]);
    assert.deepEqual(Object.keys(network), ['name', 'input', 'output', 'outputs', 'complete', 'unknownLayers', 'totals', 'layers']);
    assert.deepEqual(network.outputs, [{ name: 'fc1000', shape: [1000] }]);
    assert.deepEqual(Object.keys(network.totals), ['units', 'weights', 'biases', 'params', 'connections', 'activations']);
    const layer = network.layers.find((l: { path: string }) => l.path === 'layer2.1.conv2');
    assert.deepEqual(Object.keys(layer), ['name', 'path', 'op', 'line', 'shape', 'units', 'weights', 'biases', 'params', 'connections', 'activations']);
    assert.equal(layer.name, 'conv2');
    assert.equal(layer.op, 'conv');
    assert.deepEqual(layer.shape, [128, 28, 28]);
    assert.equal(layer.weights, 147_456);
    const diagnostic = report.diagnostics[0];
    assert.deepEqual(Object.keys(diagnostic), ['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixes']);
  });

  test('JSON diagnostics carry their measured fixes', () => {
    const report = JSON.parse(runCliInProcess(['analyze', ALEXNET, '--format', 'json']).stdout);
    const kernel = report.diagnostics.find((d: { code: string; line: number }) => d.code === 'large-kernel' && d.line === 8);
    assert.deepEqual([kernel.line, kernel.column, kernel.endLine, kernel.endColumn], [8, 3, 8, 52]);
    assert.deepEqual(kernel.fixes[0], {
      title: 'Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%), connections 223,948,800 → 110,854,656 (−50.5%)',
      weightsBefore: 307_200,
      weightsAfter: 152_064,
      connectionsBefore: 223_948_800,
      connectionsAfter: 110_854_656,
      edits: [
        {
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 52,
          text: 'conv2_1 = conv(96, 3x3, pad=1, groups=2, act=relu)\n  conv2 = conv(256, 3x3, pad=1, groups=2, act=relu)',
        },
      ],
    });
  });

  test('a count past 2^53 is a decimal string in JSON', () => {
    const dir = scratch({ 'big.net': 'network Big {\n  input x: 100000000\n  a = dense(100000000)\n  b = dense(100000000)\n}\n' });
    const report = JSON.parse(runCliInProcess(['analyze', join(dir, 'big.net'), '--format', 'json']).stdout);
    assert.equal(report.networks[0].totals.weights, '20000000000000000');
    assert.equal(report.networks[0].layers[0].units, 100_000_000);
  });

  test('reads standard input from -', () => {
    const { code, stdout } = runCli(['analyze', '-', '--format', 'csv'], { input: 'network N {\n  input x: 10\n  out = dense(5)\n}\n' });
    assert.equal(code, 0);
    assert.match(stdout, /^N,out,out,dense,5,5,50,5,55,50,5$/m);
  });

  test('totals that leave layers out say so, in the footer and in JSON', () => {
    const dir = scratch({
      'bad.net': 'network N {\n  input x: 3x8x8\n  a = conv(4, 3x3)\n  b = conw(4, 3x3)\n  c = dense(10)\n}\n',
      'one.net': 'network N {\n  input x: 3x8x8\n  a = conv(4, 3x3)\n  b = conw(4, 3x3)\n}\n',
      'big.net': 'network N {\n  input x: 10\n  a = dense(10) * 5\n  b = dense(3)\n}\n',
    });
    const table = runCliInProcess(['analyze', join(dir, 'bad.net')]);
    assert.equal(table.code, 1);
    assert.match(table.stdout, /^params 112 \(weights 108 \+ biases 4\) · activations 144 · 1 layer\nincomplete: 2 layers of unknown shape are not counted$/m);
    assert.match(runCliInProcess(['analyze', join(dir, 'one.net'), '--format', 'markdown']).stdout, /^incomplete: 1 layer of unknown shape is not counted$/m);
    const network = JSON.parse(runCliInProcess(['analyze', join(dir, 'bad.net'), '--format', 'json']).stdout).networks[0];
    assert.deepEqual([network.output, network.complete, network.unknownLayers, network.totals.weights], [null, false, 2, 108]);
    // Past the layer limit nothing is counted, and how much is missing is not known.
    const limited = JSON.parse(runCliInProcess(['analyze', join(dir, 'big.net'), '--max-layers', '3', '--format', 'json']).stdout).networks[0];
    assert.deepEqual([limited.complete, limited.unknownLayers], [false, null]);
    assert.match(
      runCliInProcess(['analyze', join(dir, 'big.net'), '--max-layers', '3']).stdout,
      /^incomplete: the layer limit stopped the analysis, and nothing is counted$/m,
    );
  });

  test('a file with errors prints them and exits 1', () => {
    const dir = scratch({ 'bad.net': 'network N {\n  input x: 3x8x8\n  a = conv(4, 3x3\n  b = conw(4, 3x3)\n}\n' });
    const { code, stderr } = runCli(['analyze', join(dir, 'bad.net')]);
    assert.equal(code, 1);
    assert.match(stderr, /bad\.net:4:3: error: expected '\)' to close conv\(, found 'b' \(syntax\)/);
    assert.match(stderr, /bad\.net:4:7: error: unknown op or block 'conw': did you mean 'conv'\? \(unknown-op\)/);
  });
});

describe('netlint lint', () => {
  test('prints diagnostics as eslint does, each with its fixes', () => {
    const { code, stdout } = runCliInProcess(['lint', ALEXNET]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], ALEXNET);
    assert.ok(lines.includes("  15:3  warning  fc6 holds 61.9% of the network's weights (37,748,736 of 60,954,656)  heavy-layer"), stdout);
    assert.ok(
      lines.includes('        ↳ fix: Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%), connections 223,948,800 → 110,854,656 (−50.5%)'),
      stdout,
    );
    assert.equal(lines[lines.length - 1], '✖ 6 problems (0 errors, 3 warnings, 3 infos)');
  });

  test('--max-warnings turns too many warnings into exit 1', () => {
    assert.equal(runCliInProcess(['lint', ALEXNET, '--max-warnings', '3']).code, 0);
    const over = runCliInProcess(['lint', ALEXNET, '--max-warnings', '2']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /3 warnings, more than --max-warnings 2/);
  });

  test('.netlintrc.json upward from the file sets rules, and flags override it', () => {
    const dir = scratch({
      '.netlintrc.json': JSON.stringify({ rules: { 'heavy-layer': 'off', 'large-kernel': 'off', 'costly-layer': { severity: 'error', share: 0.3 } } }),
      'nets/deep/alexnet.net': readFileSync(examplePath('alexnet.net')),
    });
    const configured = runCliInProcess(['lint', 'nets/deep/alexnet.net', '--format', 'json'], { cwd: dir });
    assert.equal(configured.code, 1);
    const codes = JSON.parse(configured.stdout)[0].diagnostics.map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`);
    assert.deepEqual(codes, ['costly-layer:error', 'fc-dominant:warning']);
    const flagged = runCliInProcess(['lint', 'nets/deep/alexnet.net', '--format', 'json', '--rule', 'costly-layer=off', '--rule', 'fc-dominant=info'], {
      cwd: dir,
    });
    assert.equal(flagged.code, 0);
    assert.deepEqual(
      JSON.parse(flagged.stdout)[0].diagnostics.map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`),
      ['fc-dominant:information'],
    );
  });

  test('a .netlintrc.json that starts with a byte-order mark is read', () => {
    const dir = scratch({
      '.netlintrc.json': '\ufeff{"rules": {"heavy-layer": "off", "fc-dominant": "off"}}',
      'alexnet.net': readFileSync(examplePath('alexnet.net')),
    });
    const { code, stdout } = runCliInProcess(['lint', 'alexnet.net', '--format', 'json'], { cwd: dir });
    assert.equal(code, 0);
    assert.deepEqual(
      JSON.parse(stdout)[0].diagnostics.map((d: { code: string }) => d.code),
      ['large-kernel', 'costly-layer', 'large-kernel'],
    );
  });

  test('SARIF 2.1.0 with rules, 1-based regions and fixes', () => {
    const sarif = JSON.parse(runCliInProcess(['lint', ALEXNET, '--format', 'sarif']).stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'netlint');
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string }) => r.id),
      ['costly-layer', 'fc-dominant', 'heavy-layer', 'large-kernel'],
    );
    const heavy = run.results.find((r: { ruleId: string }) => r.ruleId === 'heavy-layer');
    assert.equal(heavy.level, 'warning');
    assert.deepEqual(heavy.locations[0].physicalLocation.region, { startLine: 15, startColumn: 3, endLine: 15, endColumn: 32 });
    assert.match(heavy.locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/.*examples\/alexnet\.net$/);
    assert.equal(heavy.fixes[0].description.text.startsWith('Remove fc6 (and dropout_1)'), true);
  });

  test('JSON fixes carry their edits, 1-based like the diagnostics', () => {
    const [file] = JSON.parse(runCliInProcess(['lint', ALEXNET, '--format', 'json']).stdout);
    const heavy = file.diagnostics.find((d: { code: string; line: number }) => d.code === 'heavy-layer' && d.line === 15);
    // Removes fc6 and the dropout after it, lines 15 and 16.
    assert.deepEqual(heavy.fixes[0].edits, [{ line: 15, column: 1, endLine: 17, endColumn: 1, text: '' }]);
  });

  test('SARIF from standard input names no file, and points at its artifact', () => {
    const sarif = JSON.parse(runCli(['lint', '-', ALEXNET, '--format', 'sarif'], { input: 'network N {\n  input x: 4\n  y = densse(2)\n}\n' }).stdout);
    const run = sarif.runs[0];
    assert.deepEqual(run.artifacts[0], { description: { text: 'standard input' } });
    assert.match(run.artifacts[1].location.uri, /^file:\/\/.*examples\/alexnet\.net$/);
    assert.deepEqual(run.results[0].locations[0].physicalLocation, {
      artifactLocation: { index: 0 },
      region: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 13 },
    });
    assert.equal(run.results[1].locations[0].physicalLocation.artifactLocation.index, 1);
    assert.doesNotMatch(JSON.stringify(sarif), /<stdin>/);
  });

  test('SARIF columns on line 1 do not count a byte-order mark, as SARIF 2.1.0 §3.30.2 asks', () => {
    const text = 'network N { input x: 4x\n  y = dense(2)\n}\n';
    const dir = scratch({ 'bom.net': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'plain.net': text });
    const region = (name: string) =>
      JSON.parse(runCliInProcess(['lint', join(dir, name), '--format', 'sarif']).stdout).runs[0].results[0].locations[0].physicalLocation.region;
    assert.deepEqual(region('bom.net'), { startLine: 1, startColumn: 23, endLine: 1, endColumn: 24 });
    assert.deepEqual(region('plain.net'), region('bom.net'));
  });

  test('an unreadable file among others: the others are reported, exit 2', () => {
    const { code, stdout, stderr } = runCliInProcess(['lint', ALEXNET, 'missing.net']);
    assert.equal(code, 2);
    assert.equal(stdout.split('\n')[0], ALEXNET);
    assert.match(stdout, /^✖ 6 problems \(0 errors, 3 warnings, 3 infos\)$/m);
    assert.equal(stderr, "netlint: cannot read 'missing.net': no such file\n");
  });

  test('several files, one of them broken: exit 1, every file reported', () => {
    const dir = scratch({ 'ok.net': 'network A {\n  input x: 4\n  y = dense(2)\n}\n', 'broken.net': 'network B {\n  input x: 4\n  y = dense(\n}\n' });
    const { code, stdout } = runCliInProcess(['lint', join(dir, 'ok.net'), join(dir, 'broken.net'), '--format', 'json']);
    assert.equal(code, 1);
    const files = JSON.parse(stdout);
    assert.equal(files.length, 2);
    assert.deepEqual(files[0].diagnostics, []);
    assert.equal(files[1].diagnostics[0].code, 'syntax');
  });
});

describe('usage errors exit 2 with a message, never a stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /a command is needed: analyze, lint, export, import or report/],
    ['unknown command', ['frobnicate', 'x.net'], /unknown command 'frobnicate'/],
    ['no file', ['lint'], /lint needs a file/],
    ['missing file', ['analyze', 'nope.net'], /cannot read 'nope\.net': no such file/],
    ['a folder', ['analyze', 'examples'], /cannot read 'examples': it is a folder/],
    ['bad format', ['analyze', ALEXNET, '--format', 'xml'], /analyze --format takes table, markdown, csv, json; not 'xml'/],
    ['bad flag', ['analyze', ALEXNET, '--frob'], /Unknown option '--frob'/],
    ['bad --rule', ['lint', ALEXNET, '--rule', 'nonsense=off'], /unknown rule 'nonsense'/],
    ['bad --max-warnings', ['lint', ALEXNET, '--max-warnings', 'many'], /--max-warnings must be a whole number from 0 to 9007199254740991, not 'many'/],
    [
      '--max-layers past 2^53',
      ['lint', ALEXNET, '--max-layers', '99999999999999999999999'],
      /--max-layers must be a whole number from 1 to 9007199254740991, not '99999999999999999999999'$/m,
    ],
    ['--max-layers 0', ['analyze', ALEXNET, '--max-layers', '0'], /--max-layers must be a whole number from 1 to 9007199254740991, not '0'$/m],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const { code, stderr } = runCliInProcess(args);
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /);
    });
  }

  test('a file that is not text', () => {
    const dir = scratch({ 'binary.net': Buffer.from([0x6e, 0x65, 0x00, 0x74]), 'latin1.net': Buffer.from([0x6e, 0xe9, 0x74]) });
    const nul = runCliInProcess(['lint', join(dir, 'binary.net')]);
    assert.equal(nul.code, 2);
    assert.match(nul.stderr, /binary\.net: not a text file: it holds a NUL byte at offset 2/);
    const latin = runCliInProcess(['analyze', join(dir, 'latin1.net')]);
    assert.equal(latin.code, 2);
    assert.match(latin.stderr, /latin1\.net: not a text file: it is not valid UTF-8/);
  });

  // Each config problem names its key, at its line and column (issue 14, items 13 and 19).
  const configCases: [string, string, string][] = [
    [
      'a severity not known',
      '{"rules": {"heavy-layer": "loud"}}',
      "netlint: .netlintrc.json:1:27: rule 'heavy-layer': expected a severity (error, warning, information, hint, off) or an object",
    ],
    ['rules that are a number', '{"rules": 5}', `netlint: .netlintrc.json:1:11: 'rules' must be an object, such as {"heavy-layer": "off"}`],
    ['rules that are null', '{\n  "rules": null\n}', `netlint: .netlintrc.json:2:12: 'rules' must be an object, such as {"heavy-layer": "off"}`],
    [
      'an unknown key in a rule',
      '{"rules": {"heavy-layer": {"bogus": 1}}}',
      "netlint: .netlintrc.json:1:28: rule 'heavy-layer': unknown key 'bogus' (keys: severity, share, minimum)",
    ],
    [
      'share on large-kernel',
      '{"rules": {"large-kernel": {"share": 0.5}}}',
      "netlint: .netlintrc.json:1:29: rule 'large-kernel' has no threshold: 'share' does not apply to it (keys: severity)",
    ],
    [
      'a minimum of 1e20',
      '{"rules": {"heavy-layer": {"minimum": 1e20}}}',
      "netlint: .netlintrc.json:1:39: rule 'heavy-layer': minimum must be a whole number from 0 to 9007199254740991",
    ],
    [
      'two problems',
      '{"maxLayers": 0,\n "extra": true}',
      "netlint: .netlintrc.json:1:15: maxLayers must be a whole number from 1 to 9007199254740991; 2:2: unknown setting 'extra' (settings: rules, maxLayers, maxDepth)",
    ],
    ['not JSON', "{'rules': {}}", "netlint: .netlintrc.json:1:2: not valid JSON: expected a key in double quotes, found '''"],
  ];
  for (const [name, config, message] of configCases) {
    test(`a .netlintrc.json with ${name}`, () => {
      const dir = scratch({ '.netlintrc.json': config, 'a.net': 'network A {\n  input x: 4\n  y = dense(2)\n}\n' });
      const { code, stderr } = runCliInProcess(['lint', 'a.net'], { cwd: dir });
      assert.equal(code, 2);
      assert.equal(stderr, `${message}\n`);
    });
  }

  test('a config found above is named from where the command runs', () => {
    const dir = scratch({ '.netlintrc.json': '{"maxDepth": 0}', 'nets/a.net': 'network A {\n  input x: 4\n  y = dense(2)\n}\n' });
    const { code, stderr } = runCliInProcess(['lint', 'a.net'], { cwd: join(dir, 'nets') });
    assert.equal(code, 2);
    assert.equal(stderr, `netlint: ${join(dir, '.netlintrc.json')}:1:14: maxDepth must be a whole number from 1 to 9007199254740991\n`);
  });

  test('--config that is missing, or a folder, is said plainly', () => {
    const missing = runCliInProcess(['lint', ALEXNET, '--config', 'missing.json']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "netlint: cannot read 'missing.json': no such file\n");
    const folder = runCliInProcess(['lint', ALEXNET, '--config', 'examples/']);
    assert.equal(folder.code, 2);
    assert.equal(folder.stderr, "netlint: cannot read 'examples/': it is a folder, not a file\n");
  });

  test('--help and --version exit 0', () => {
    assert.match(runCliInProcess(['--help']).stdout, /Usage:\n {2}netlint analyze FILE/);
    assert.match(runCliInProcess(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
