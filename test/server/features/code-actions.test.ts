/**
 * Code actions, as tables: a fixture, the diagnostic asked about (`code@line`, 1-based) and
 * the titles offered, the preferred one starred; then what an action does applied; then,
 * per diagnostic of a file, the disable actions and whether applied they silence it.
 */
import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../../core';
import { SMALL_LM } from '../../helpers/net';
import { readExample } from '../../helpers/paths';
import { applyEdit, changedLines, check, markAt, URI, type Fixture } from '../../helpers/fixture';
import { provideCodeActions } from '../../../server/features/code-actions';
import { toLspDiagnostic } from '../../../server/features/diagnostics';

const ALEXNET = readExample('alexnet.net');
const HUGE = 'network N {\n  input x: 3x32x32\n  big = conv(8, 2147483647x2147483647, pad=1073741823)\n}\n';
const ENCODER = 'network Enc {\n  input x: 256x512\n  att = attention(16)\n  out = dense(10)\n}\n';
const DISABLE = 'network N {\n  input x: 3x32x32\n  a = conv(8, 3x3, foo=1)\n  b = cnv(8, 3x3)\n  c = relu() from ghost\n  d = relu() )\n}\n';

/** The actions for the diagnostic `code@line`, as the editor asks: with that diagnostic and its range. */
function actionsFor(analysis: Analysis, where: string, only?: string[]) {
  const [code, line] = where.split('@');
  const diagnostic = analysis.diagnostics.find((d) => d.code === code && analysis.lines.positionAt(d.span.start).line + 1 === Number(line));
  assert.ok(diagnostic, `no ${where}`);
  const lsp = toLspDiagnostic(analysis, diagnostic, URI);
  return provideCodeActions(analysis, URI, { textDocument: { uri: URI }, range: lsp.range, context: { diagnostics: [lsp], ...(only ? { only } : {}) } });
}

const TITLES: readonly (readonly [title: string, source: string, diagnostic: string, only: string[] | undefined, expected: string[]])[] = [
  [
    'a 5×5 conv: three rewrites with their effect, the best preferred, then disable',
    ALEXNET,
    'large-kernel@8',
    ['quickfix'],
    [
      'Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%), connections 223,948,800 → 110,854,656 (−50.5%)',
      'Factorise conv2 5×5 into 1×5 and 5×1: weights 307,200 → 84,480 (−72.5%), connections 223,948,800 → 61,585,920 (−72.5%)',
      '★ Make conv2 depthwise-separable (5×5 depthwise, then 1×1): weights 307,200 → 26,976 (−91.2%), connections 223,948,800 → 19,665,504 (−91.2%)',
      'Disable large-kernel for this line',
      'Disable large-kernel for this file',
    ],
  ],
  [
    'the same when the editor names no kind',
    ALEXNET,
    'large-kernel@8',
    undefined,
    [
      'Factorise conv2 5×5 into two 3×3: weights 307,200 → 152,064 (−50.5%), connections 223,948,800 → 110,854,656 (−50.5%)',
      'Factorise conv2 5×5 into 1×5 and 5×1: weights 307,200 → 84,480 (−72.5%), connections 223,948,800 → 61,585,920 (−72.5%)',
      '★ Make conv2 depthwise-separable (5×5 depthwise, then 1×1): weights 307,200 → 26,976 (−91.2%), connections 223,948,800 → 19,665,504 (−91.2%)',
      'Disable large-kernel for this line',
      'Disable large-kernel for this file',
    ],
  ],
  ['none when the editor asks only for refactorings', ALEXNET, 'large-kernel@8', ['refactor'], []],
  [
    'a 2³¹−1 kernel: the fixes stay bounded (no 3×3 stack of a billion lines)',
    HUGE,
    'large-kernel@3',
    ['quickfix'],
    [
      '★ Factorise big 2147483647×2147483647 into 1×2147483647 and 2147483647×1: weights 110,680,464,339,178,094,616 → 70,866,960,351 (−100.0%), connections 113,336,795,483,318,368,886,784 → 72,567,767,399,424 (−100.0%)',
      'Make big depthwise-separable (2147483647×2147483647 depthwise, then 1×1): weights 110,680,464,339,178,094,616 → 13,835,058,042,397,261,851 (−87.5%), connections 113,336,795,483,318,368,886,784 → 14,167,099,435,414,796,135,424 (−87.5%)',
      'Disable large-kernel for this line',
      'Disable large-kernel for this file',
    ],
  ],
  [
    'AlexNet’s fc6: removed, or factorised through rank 512 (preferred)',
    ALEXNET,
    'heavy-layer@15',
    ['quickfix'],
    [
      'Remove fc6 (and dropout_1): weights 54,525,952 → 37,748,736 (−30.8%), connections 54,525,952 → 37,748,736 (−30.8%)',
      '★ Factorise fc6 through rank 512 (9,216 → 512 → 4,096): weights 37,748,736 → 6,815,744 (−81.9%), connections 37,748,736 → 6,815,744 (−81.9%)',
      'Disable heavy-layer for this line',
      'Disable heavy-layer for this file',
    ],
  ],
  [
    'a head as wide as the vocabulary: factorised, or tied to the token table (preferred)',
    SMALL_LM,
    'heavy-layer@6',
    ['quickfix'],
    [
      'Factorise head through rank 64 (512 → 64 → 32,000): weights 16,384,000 → 2,080,768 (−87.3%), connections 1,048,576,000 → 133,169,152 (−87.3%)',
      '★ Tie to wte: weights 16,384,000 → 0 (−100.0%), connections 1,048,576,000 → 1,048,576,000 (+0.0%)',
      'Disable heavy-layer for this line',
      'Disable heavy-layer for this file',
    ],
  ],
  [
    'a 512-wide token table: factorised through 128 (ALBERT)',
    SMALL_LM,
    'heavy-layer@3',
    ['quickfix'],
    [
      '★ Factorise wte through 128 (embedding(32000, 128) then dense(512)): weights 16,384,000 → 4,161,536 (−74.6%), connections 0 → 4,194,304 (new)',
      'Disable heavy-layer for this line',
      'Disable heavy-layer for this file',
    ],
  ],
  [
    'an attention of 16 heads: grouped-query, 4 kv heads',
    ENCODER,
    'costly-layer@3',
    ['quickfix'],
    [
      '★ Share each key and value head of att among 4 query heads (kv_heads=4): weights 1,048,576 → 655,360 (−37.5%), connections 335,544,320 → 234,881,024 (−30.0%)',
      'Disable costly-layer for this line',
      'Disable costly-layer for this file',
    ],
  ],
  ['a syntax error: nothing, a comment cannot silence it', DISABLE, 'syntax@6', undefined, []],
  ['a file that is not text: nothing, a comment cannot silence it', 'network N {\n  input x: 3x32x32\0\n}\n', 'not-text@2', undefined, []],
];

check('code action titles', TITLES, ({ analysis }, [, , where, only]) =>
  actionsFor(analysis, where, only).map((action) => `${action.isPreferred ? '★ ' : ''}${action.title}`),
);

const APPLIED: readonly (readonly [title: string, source: string, diagnostic: string, action: number, expected: string[]])[] = [
  [
    'the first factorisation of conv2: two 3×3 layers',
    ALEXNET,
    'large-kernel@8',
    0,
    ['8:   conv2_1 = conv(96, 3x3, pad=1, groups=2, act=relu)', '9:   conv2 = conv(256, 3x3, pad=1, groups=2, act=relu)'],
  ],
  ['disable for this line: a comment above, at its indentation', ALEXNET, 'large-kernel@8', 3, ['8:   # netlint-disable-next-line large-kernel']],
  ['disable for this file: a comment on the first line', ALEXNET, 'large-kernel@8', 4, ['1: # netlint-disable large-kernel']],
  [
    'the first factorisation of a 2³¹−1 kernel',
    HUGE,
    'large-kernel@3',
    0,
    ['3:   big_1x2147483647 = conv(3, 1x2147483647, pad=0x1073741823)', '4:   big = conv(8, 2147483647x1, pad=1073741823x0)'],
  ],
];

const APPLIED_V2: typeof APPLIED = [
  [
    'fc6 factorised: a bias-free rank-512 layer, then fc6 as written',
    ALEXNET,
    'heavy-layer@15',
    1,
    ['15:   fc6_low = dense(512, bias=false)', '16:   fc6 = dense(4096, act=relu)'],
  ],
  ['the head tied to the token table', SMALL_LM, 'heavy-layer@6', 1, ['6:   head = dense(32000, bias=false, tied=wte)']],
  ['the token table factorised', SMALL_LM, 'heavy-layer@3', 0, ['3:   wte_low = embedding(32000, 128)', '4:   wte = dense(512, bias=false)']],
  ['grouped-query attention', ENCODER, 'heavy-layer@3', 0, ['3:   att = attention(16, kv_heads=4)']],
];

check('code actions applied', [...APPLIED, ...APPLIED_V2], ({ analysis, text }, [, , where, index]) => {
  const action = actionsFor(analysis, where)[index];
  assert.ok(action?.edit, `no action ${index}`);
  return changedLines(text, applyEdit(text, action.edit));
});

/** Each diagnostic of the file (line, code, message): its disable actions, and `silenced` when, applied, the diagnostic is gone. */
const DISABLED: readonly (readonly [title: string, source: string, expected: string[]])[] = [
  [
    'disable actions exactly where a comment silences: all but syntax',
    DISABLE,
    [
      "3 bad-argument (conv has no argument 'foo' (its arguments: filters, kernel, stride, pad, dilation, groups, bias, act)): Disable bad-argument for this line (silenced), Disable bad-argument for this file (silenced)",
      "4 unused (the output 'b' is never read): Disable unused for this line (silenced), Disable unused for this file (silenced)",
      "4 unknown-op (unknown op or block 'cnv': did you mean 'conv'?): Disable unknown-op for this line (silenced), Disable unknown-op for this file (silenced)",
      "5 unknown-name (no earlier statement is named 'ghost'): Disable unknown-name for this line (silenced), Disable unknown-name for this file (silenced)",
      "6 syntax (expected a layer, an input or '}', found ')'): none",
    ],
  ],
  ['a file that is not text: none', 'network N {\n  input x: 3x32x32\0\n}\n', ['2 not-text (not a text file: it holds a NUL character at line 2): none']],
];

check('disable actions', DISABLED, ({ analysis, text }) =>
  analysis.diagnostics.map((diagnostic) => {
    const line = analysis.lines.positionAt(diagnostic.span.start).line + 1;
    const actions = actionsFor(analysis, `${diagnostic.code}@${line}`).map((action) => {
      const silenced = !analyze(applyEdit(text, action.edit!)).diagnostics.some((d) => d.code === diagnostic.code);
      return `${action.title}${silenced ? ' (silenced)' : ''}`;
    });
    return `${line} ${diagnostic.code} (${diagnostic.message}): ${actions.join(', ') || 'none'}`;
  }),
);

/**
 * The actions at a cursor, as an editor asks when it moves: the range is the cursor, and
 * the diagnostics those that hold it. Each as `kind: title` (the preferred one starred).
 */
function actionsAtCursor({ analysis, offset }: Fixture, only?: string[]): string[] {
  const position = analysis.lines.positionAt(offset);
  const diagnostics = analysis.diagnostics.filter((d) => d.span.start <= offset && offset <= d.span.end).map((d) => toLspDiagnostic(analysis, d, URI));
  const actions = provideCodeActions(analysis, URI, {
    textDocument: { uri: URI },
    range: { start: position, end: position },
    context: { diagnostics, ...(only ? { only } : {}) },
  });
  return actions.map((action) => `${action.kind}: ${action.isPreferred ? '★ ' : ''}${action.title} (${action.diagnostics?.length ?? 0})`);
}

const BERT = readExample('bert_base.net');
/** A block of two uses whose attention each use reports: one diagnostic per use, on the line of the network body. */
const ENCODER_BLOCK = [
  'block Encoder(dim, heads) {',
  '  attn = attention(heads)',
  '  res  = add(attn, in)',
  '  fc1  = dense(dim, act=gelu)',
  '  fc2  = dense(dim)',
  '  add(fc2, res)',
  '}',
  'network Small {',
  '  input x: 64x512',
  '  encoder = Encoder(512, 16) * 2',
  '  head = dense(10)',
  '}',
  '',
].join('\n');
const GQA_ENCODER =
  'Share each key and value head of attn among 4 query heads (kv_heads=4) in block Encoder (2 uses): weights 2,097,152 → 1,310,720 (−37.5%), connections 142,606,336 → 92,274,688 (−35.3%)';

const FACTORISE_WORDS =
  'Factorise words through 128 (embedding(30522, 128) then dense(768)): weights 23,440,896 → 4,005,120 (−82.9%), connections 0 → 12,582,912 (new)';

const AT_CURSOR: readonly (readonly [title: string, source: string, only: string[] | undefined, expected: string[]])[] = [
  [
    'BERT’s word table, under heavy-layer’s share: the factorised embedding as a refactoring',
    markAt(BERT, 'words       = embedding', 2),
    undefined,
    [`refactor.rewrite: ${FACTORISE_WORDS} (0)`],
  ],
  ['the same when the editor asks for refactorings', markAt(BERT, 'words       = embedding', 2), ['refactor'], [`refactor.rewrite: ${FACTORISE_WORDS} (0)`]],
  ['none when it asks for quick fixes only', markAt(BERT, 'words       = embedding', 2), ['quickfix'], []],
  [
    'BERT’s attention, in its block: grouped-query for all 12 uses',
    markAt(BERT, 'attn      = attention', 2),
    undefined,
    [
      'refactor.rewrite: Share each key and value head of attn among 4 query heads (kv_heads=3) in block BertLayer (12 uses): weights 28,311,552 → 17,694,720 (−37.5%), connections 3,925,868,544 → 2,566,914,048 (−34.6%) (0)',
    ],
  ],
  [
    'the block’s use, where each use’s attention is reported: the rewrite of the block once, for both diagnostics',
    markAt(ENCODER_BLOCK, 'encoder = ', 2),
    undefined,
    [`quickfix: ★ ${GQA_ENCODER} (2)`, 'quickfix: Disable heavy-layer for this line (2)', 'quickfix: Disable heavy-layer for this file (2)'],
  ],
  // In the block, the diagnostics are elsewhere (at the use): the same rewrite as a refactoring.
  ['in the block, the same rewrite as a refactoring', markAt(ENCODER_BLOCK, 'attn = ', 2), undefined, [`refactor.rewrite: ${GQA_ENCODER} (0)`]],
  [
    'on a layer that a quick fix there rewrites the same way: no refactoring besides',
    markAt(SMALL_LM, 'wte = ', 2),
    undefined,
    [
      'quickfix: ★ Factorise wte through 128 (embedding(32000, 128) then dense(512)): weights 16,384,000 → 4,161,536 (−74.6%), connections 0 → 4,194,304 (new) (1)',
      'quickfix: Disable heavy-layer for this line (1)',
      'quickfix: Disable heavy-layer for this file (1)',
    ],
  ],
  ['a conv: none of the refactorings applies', markAt(ALEXNET, 'pool1 = ', 2), undefined, []],
];

check('code actions at the cursor', AT_CURSOR, (fixture, [, , only]) => actionsAtCursor(fixture, only));

check(
  'a refactoring applied',
  [
    [
      'BERT’s word table factorised',
      markAt(BERT, 'words       = embedding', 2),
      // The comment stays at the end of the statement that keeps the name.
      ['23:   words_low = embedding(30522, 128)', '24:   words = dense(768, bias=false)        # word_embeddings: 128x768'],
    ],
  ] as const,
  (fixture) => {
    const position = fixture.analysis.lines.positionAt(fixture.offset);
    const [action] = provideCodeActions(fixture.analysis, URI, {
      textDocument: { uri: URI },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    assert.ok(action?.edit);
    return changedLines(fixture.text, applyEdit(fixture.text, action.edit));
  },
);
