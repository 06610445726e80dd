/**
 * Every diagnostic code, each from a fixture whose `[[…]]` marks the range the diagnostic
 * must cover; then severities and thresholds from settings, and the disable comments.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  analyze,
  DEFAULT_SETTINGS,
  DIAGNOSTIC_CODES,
  fixesFor,
  mergeSettings,
  symbolAt,
  type Diagnostic,
  type DiagnosticCode,
  type Settings,
  type Severity,
} from '../../core';
import { marked, readExample } from '../helpers/net';

interface Fixture {
  readonly title: string;
  /** The text, with `[[` and `]]` around what the diagnostic covers. */
  readonly source: string;
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string | RegExp;
  readonly settings?: Settings;
}

const N = (...lines: string[]): string => ['network N {', '  input x: 3x5x5', ...lines.map((line) => `  ${line}`), '}', ''].join('\n');
/** A network of the input given: `S('197x768', …)` reads a sequence. */
const S = (input: string, ...lines: string[]): string => ['network N {', `  input x: ${input}`, ...lines.map((line) => `  ${line}`), '}', ''].join('\n');

const FIXTURES: readonly Fixture[] = [
  // upsample (v2's first op): its mode is an enumeration, its scale a size, its input a map
  {
    title: 'bad-argument: an upsampling mode that does not exist, with the near one',
    source: N('a = upsample(2, mode=[[bilnear]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "mode must be one of nearest, bilinear: 'bilnear' is not a known upsampling mode (did you mean 'bilinear'?)",
  },
  {
    title: 'shape: upsample past the size limit, at the scale',
    source: N('a = upsample([[2147483647]])'),
    code: 'shape',
    severity: 'error',
    message: 'upsample would make 10,737,418,235×10,737,418,235: a size is at most 2,147,483,647',
  },
  {
    title: 'shape: upsample of a vector',
    source: N('f = flatten()', 'u = [[upsample(2)]]'),
    code: 'shape',
    severity: 'error',
    message: 'upsample needs a C×L or C×H×W input, but its input is a vector of 75',
  },
  {
    title: 'bad-argument: upsample bilinear on a signal, at the mode',
    source: 'network N {\n  input x: 2x100\n  a = upsample(2, mode=[[bilinear]])\n}\n',
    code: 'bad-argument',
    severity: 'error',
    message: 'mode=bilinear needs a C×H×W map, but the input is a signal, 2×100: use mode=nearest',
  },
  // signals (language v2): every size of a window over C×L is one integer
  {
    title: 'bad-argument: an HxW kernel on a signal, at the kernel',
    source: 'network N {\n  input x: 2x100\n  a = conv(4, [[3x3]])\n}\n',
    code: 'bad-argument',
    severity: 'error',
    message: 'kernel must be one integer on a signal, not 3x3 (the input is 2×100, channels × length)',
  },
  {
    title: 'bad-argument: an HxW stride on a signal, at the stride',
    source: 'network N {\n  input x: 2x100\n  a = maxpool(2, stride=[[2x1]])\n}\n',
    code: 'bad-argument',
    severity: 'error',
    message: 'stride must be one integer on a signal, not 2x1 (the input is 2×100, channels × length)',
  },
  {
    title: 'bad-argument: an HxW size of adaptiveavgpool on a signal',
    source: 'network N {\n  input x: 2x100\n  a = adaptiveavgpool([[4x4]])\n}\n',
    code: 'bad-argument',
    severity: 'error',
    message: 'size must be one integer on a signal, not 4x4 (the input is 2×100, channels × length)',
  },
  {
    title: 'shape: a window that does not fit the padded signal',
    source: 'network N {\n  input x: 2x10\n  a = conv(4, [[9]], dilation=2)\n}\n',
    code: 'shape',
    severity: 'error',
    // 10 − 2·8 − 1 = −7 → floor(−7) + 1 = −6
    message: "conv's 9 window with dilation 2 does not fit its length-10 input with pad 0: the output would be -6",
  },
  {
    title: 'bad-argument: a pool’s pad past half its window on a signal',
    source: 'network N {\n  input x: 2x10\n  a = avgpool(3, pad=[[2]])\n}\n',
    code: 'bad-argument',
    severity: 'error',
    message: 'pad 2 is more than half the 3 window (PyTorch refuses it)',
  },
  // deconv: PyTorch's rules for a transposed conv
  {
    title: 'bad-argument: deconv outpad not smaller than the stride or the dilation',
    source: N('a = deconv(4, 3, stride=2, outpad=[[2]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "outpad 2x2 must be smaller than the stride 2x2 or the dilation 1x1 (PyTorch's rule)",
  },
  {
    title: 'bad-argument: deconv takes no pad=same',
    source: N('a = deconv(4, 3, pad=[[same]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "pad must be an integer or HxW, not the name 'same' (deconv's pad takes no 'same')",
  },
  {
    title: 'shape: a deconv whose pad leaves no output, at the pad',
    source: N('a = deconv(4, 3, pad=[[4]])'),
    code: 'shape',
    severity: 'error',
    // (5 − 1) − 8 + 2 + 1 = −1
    message: "deconv's output would be -1×-1: pad 4x4 trims more than its 5×5 input spreads to",
  },
  // the sequence and recurrent ops (v2): a T×D input, arguments against its sizes
  {
    title: 'shape: lstm on a map, pointed to tokens()',
    source: N('a = [[lstm(16)]]'),
    code: 'shape',
    severity: 'error',
    message: 'lstm needs a T×D sequence, but its input is 3×5×5: tokens() reads a C×H×W map as an (H·W)×C sequence',
  },
  {
    title: 'shape: tokenmean on a vector',
    source: S('10', 'a = [[tokenmean()]]'),
    code: 'shape',
    severity: 'error',
    message: 'tokenmean needs a T×D sequence, but its input is a vector of 10',
  },
  {
    title: 'shape: a position table shorter than the sequence, at max',
    source: S('197x768', 'a = posembed(max=[[196]])'),
    code: 'shape',
    severity: 'error',
    message: "posembed's table has 196 rows, fewer than the 197 tokens of its input",
  },
  {
    title: 'shape: clstoken past the size limit',
    source: S('2147483647x2', 'a = [[clstoken()]]'),
    code: 'shape',
    severity: 'error',
    message: 'clstoken would make 2,147,483,648 tokens, past 2,147,483,647',
  },
  {
    title: 'bad-argument: a token index past the last token',
    source: S('5x10', 'a = token([[5]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'token index 5 is out of range for 5 tokens: it must be from −5 to 4',
  },
  {
    title: 'bad-argument: a negative token index before the first token',
    source: S('5x10', 'a = token(index=[[0 - 6]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'token index −6 is out of range for 5 tokens: it must be from −5 to 4',
  },
  {
    title: 'bad-argument: a token index that is no integer',
    source: S('5x10', 'a = token([[1.5]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'index must be an integer, not a decimal 1.5',
  },
  {
    title: 'bad-argument: a token index past what any size holds',
    source: S('5x10', 'a = token([[0 - 2147483648]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'index must be an integer from −2,147,483,647 to 2,147,483,647, not an integer -2147483648',
  },
  {
    title: 'shape: tokens of a sequence',
    source: S('5x10', 'a = [[tokens()]]'),
    code: 'shape',
    severity: 'error',
    message: 'tokens needs a C×H×W input, but its input is 5×10 (rank 2)',
  },
  {
    title: 'shape: tokens past the size limit',
    source: S('1x65536x32768', 'a = [[tokens()]]'),
    code: 'shape',
    severity: 'error',
    message: 'tokens would make 2,147,483,648 tokens (65,536·32,768), past 2,147,483,647',
  },
  {
    title: 'shape: transpose of a map',
    source: N('a = [[transpose()]]'),
    code: 'shape',
    severity: 'error',
    message: 'transpose needs a rank-2 input (A×B), but its input is 3×5×5',
  },
  {
    title: 'shape: spatial whose height·width is not T',
    source: S('197x768', 'a = [[spatial(14, 14)]]'),
    code: 'shape',
    severity: 'error',
    message: 'spatial needs height·width to be the 197 tokens of its input, but 14·14 is 196',
  },
  {
    title: 'bad-argument: a recurrent stack past 1,000 layers, at layers',
    source: S('5x10', 'a = gru(8, layers=[[1001]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'gru stacks at most 1,000 layers, not 1,001',
  },
  {
    title: 'shape: a bidirectional lstm past the size limit, at hidden',
    source: S('5x10', 'a = lstm([[2147483647]], bidirectional=true)'),
    code: 'shape',
    severity: 'error',
    message: 'lstm would make 4,294,967,294 features (2,147,483,647·2), past 2,147,483,647',
  },
  // The transformer's ops (v2): embedding reads token ids, attention a sequence; tied= names an earlier embedding
  {
    title: 'shape: an embedding of a map',
    source: N('[[embedding(100, 8)]]'),
    code: 'shape',
    severity: 'error',
    message: 'embedding needs a vector of token ids, but its input is 3×5×5',
  },
  {
    title: 'shape: attention on a map, pointed to tokens() as every sequence op',
    source: N('[[attention(4)]]'),
    code: 'shape',
    severity: 'error',
    message: 'attention needs a T×D sequence, but its input is 3×5×5: tokens() reads a C×H×W map as an (H·W)×C sequence',
  },
  {
    title: 'shape: attention on a vector',
    source: N('f = flatten()', '[[attention(5)]]'),
    code: 'shape',
    severity: 'error',
    message: 'attention needs a T×D sequence, but its input is a vector of 75',
  },
  {
    title: 'bad-argument: attention whose heads do not divide D, at heads',
    source: N('f = flatten()', 'e = embedding(10, 32)', 'a = attention([[5]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'the 32 features do not divide by heads=5: give head_dim, or heads that divide 32',
  },
  {
    title: 'bad-argument: attention whose heads do not divide by kv_heads, at kv_heads',
    source: N('f = flatten()', 'e = embedding(10, 32)', 'a = attention(8, kv_heads=[[3]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'heads=8 does not divide by kv_heads=3',
  },
  {
    title: 'bad-argument: tied to an embedding of another vocab',
    source: N('f = flatten()', 'e = embedding(10, 32)', 'h = dense(12, tied=[[e]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'tied=e needs an embedding of 12 rows (the units), but e has vocab 10',
  },
  {
    title: 'bad-argument: tied to an embedding of another dim',
    source: N('f = flatten()', 'e = embedding(10, 32)', 'd = dense(16)', 'h = dense(10, tied=[[e]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "tied=e needs an embedding of dim 16 (this layer's input features), but e has dim 32",
  },
  {
    title: 'bad-argument: tied to a layer that is no embedding',
    source: N('f = flatten()', 'd = dense(75)', 'h = dense(75, tied=[[d]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "tied must name an embedding, but 'd' is a dense layer",
  },
  {
    title: 'bad-argument: tied to a name no earlier statement has',
    source: N('f = flatten()', 'h = dense(75, tied=[[wte]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "tied must name an earlier layer: no earlier statement is named 'wte'",
  },
  {
    title: 'bad-argument: tied to an input',
    source: N('f = flatten()', 'h = dense(75, tied=[[x]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "tied must name an earlier layer: 'x' is an input, not a layer",
  },
  {
    title: 'bad-argument: tied to a number',
    source: N('f = flatten()', 'h = dense(75, tied=[[3]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'tied must be the name of an earlier layer, or none, not an integer 3',
  },
  // syntax: the message names what was expected and what was found
  {
    title: "syntax: a call left open names the ')' it expected and what it closes",
    source: N('a = conv(8, 3x3', '[[b]] = relu()'),
    code: 'syntax',
    severity: 'error',
    message: "expected ')' to close conv(, found 'b'",
  },
  {
    title: 'syntax: a stray token after a layer',
    source: N('a = conv(8, 3x3) [[)]]'),
    code: 'syntax',
    severity: 'error',
    message: "expected a layer, an input or '}', found ')'",
  },
  {
    title: 'syntax: a missing value in a call',
    source: N('a = conv(8, 3x3, [[)]]'),
    code: 'syntax',
    severity: 'error',
    message: "expected a number, dimensions, a name, '(' or '[', found ')'",
  },
  {
    title: 'syntax: `from` without a name',
    source: N('a = relu() from [[3]]'),
    code: 'syntax',
    severity: 'error',
    message: "expected a name, found '3'",
  },
  {
    title: 'syntax: a character outside the language',
    source: N('a = relu() [[$]]'),
    code: 'syntax',
    severity: 'error',
    message: "unexpected character '$'",
  },
  {
    title: 'syntax: an invisible character is shown by its code point',
    source: N('a = relu() [[\uFEFF]]'),
    code: 'syntax',
    severity: 'error',
    message: 'unexpected character U+FEFF',
  },
  {
    title: 'syntax: visible and invisible characters together',
    source: N('a = relu() [[€\u00A0\u200B]]'),
    code: 'syntax',
    severity: 'error',
    message: "unexpected characters '€' U+00A0 U+200B",
  },
  {
    title: 'syntax: a keyword as a network’s name',
    source: 'network [[network]] {\n  input x: 3\n  a = relu()\n}\n',
    code: 'syntax',
    severity: 'error',
    message: "expected a name, found 'network': 'network' is a keyword and cannot be a name",
  },
  {
    title: 'syntax: a keyword as an input’s name',
    source: N('input [[input]]: 3'),
    code: 'syntax',
    severity: 'error',
    message: "expected a name, found 'input': 'input' is a keyword and cannot be a name",
  },
  {
    title: "syntax: a network without '{'",
    source: 'network N\n  [[input]] x: 3x5x5\n  a = relu()\n}\n',
    code: 'syntax',
    severity: 'error',
    message: "expected '{', found 'input'",
  },
  {
    title: 'syntax: a network left open at the end of the file points after its last token',
    source: 'network N {\n  input x: 3x5x5\n  a = relu()[[]]\n',
    code: 'syntax',
    severity: 'error',
    message: "expected '}' to close network N {, found the end of the file",
  },
  {
    title: 'syntax: text outside any declaration',
    source: `[[hello]]\n${N('a = relu()')}`,
    code: 'syntax',
    severity: 'error',
    message: "expected 'network' or 'block', found 'hello'",
  },
  {
    title: "syntax: a block takes no 'input'",
    source: `block B() {\n  [[input y: 3x5x5]]\n  a = relu()\n}\n${N('b = B()')}`,
    code: 'syntax',
    severity: 'error',
    message: "a block takes no 'input': its input is 'in'",
  },
  {
    title: 'syntax: two minuses (one leading minus at most)',
    source: N('a = conv(8, 3, pad=-[[-]]1)'),
    code: 'syntax',
    severity: 'error',
    message: "expected a number, a name, '(' or '[' after '-', found '-'",
  },

  // unknown-op: with the nearest name
  {
    title: 'unknown-op: a misspelt op gets a suggestion',
    source: N('a = [[cnov]](8, 3x3)'),
    code: 'unknown-op',
    severity: 'error',
    message: "unknown op or block 'cnov': did you mean 'conv'?",
  },
  {
    title: 'unknown-op: a letter short',
    source: N('a = [[maxpol]](2)'),
    code: 'unknown-op',
    severity: 'error',
    message: "unknown op or block 'maxpol': did you mean 'maxpool'?",
  },
  {
    title: 'unknown-op: the suggestion may be a block',
    source: `block Bottleneck(c) {\n  conv(c, 1)\n}\n${N('a = [[Bottlenek]](4)')}`,
    code: 'unknown-op',
    severity: 'error',
    message: "unknown op or block 'Bottlenek': did you mean 'Bottleneck'?",
  },
  { title: 'unknown-op: nothing near, no suggestion', source: N('a = [[xyz]]()'), code: 'unknown-op', severity: 'error', message: "unknown op or block 'xyz'" },

  // bad-argument: missing, unknown, repeated, ill-typed
  {
    title: 'bad-argument: a missing argument',
    source: N('a = [[conv]](8)'),
    code: 'bad-argument',
    severity: 'error',
    message: "conv needs its 'kernel' argument (kernel size: an integer, or HxW on a map)",
  },
  {
    title: 'bad-argument: a missing first argument',
    source: N('a = [[dense]](bias=false)'),
    code: 'bad-argument',
    severity: 'error',
    message: "dense needs its 'units' argument (output units)",
  },
  {
    title: 'bad-argument: an unknown argument',
    source: N('a = conv(8, 3x3, [[foo]]=1)'),
    code: 'bad-argument',
    severity: 'error',
    message: "conv has no argument 'foo' (its arguments: filters, kernel, stride, pad, dilation, groups, bias, act)",
  },
  {
    title: 'bad-argument: a repeated argument',
    source: N('a = conv(8, 3x3, stride=1, [[stride=2]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "argument 'stride' is given twice",
  },
  {
    title: 'bad-argument: given by position and by name',
    source: N('a = conv(8, 3x3, 1, [[stride=2]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "argument 'stride' is given twice",
  },
  {
    title: 'bad-argument: too many',
    source: N('a = relu([[1]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'relu takes no arguments, but is given 1',
  },
  {
    title: 'bad-argument: surplus arguments are one error, from the first to the last',
    source: N('a = conv(8, 3x3, 1, 0, 1, 1, true, relu, [[1, 2, 3]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'conv takes at most 8 arguments, but is given 11',
  },
  {
    title: 'bad-argument: a positional after a named one',
    source: N('a = conv(8, kernel=3, [[1]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'a positional argument cannot follow a named one',
  },
  {
    title: 'bad-argument: ill-typed bool',
    source: N('a = conv(8, 3x3, bias=[[1]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'bias must be true or false, not an integer 1',
  },
  {
    title: 'bad-argument: an unknown activation',
    source: N('a = conv(8, 3, act=[[mish]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "act must be one of relu, sigmoid, tanh, gelu, silu, swish, hardswish, hardsigmoid, relu6, leakyrelu, elu, none: 'mish' is not a known activation",
  },
  {
    title: 'bad-argument: softmax is a layer, not a fused activation',
    source: N('a = conv(8, 3, act=[[softmax]])'),
    code: 'bad-argument',
    severity: 'error',
    message:
      "act must be one of relu, sigmoid, tanh, gelu, silu, swish, hardswish, hardsigmoid, relu6, leakyrelu, elu, none: 'softmax' is not a known activation",
  },
  {
    title: 'bad-argument: a misspelt activation',
    source: N('a = conv(8, 3, act=[[rleu]])'),
    code: 'bad-argument',
    severity: 'error',
    message:
      "act must be one of relu, sigmoid, tanh, gelu, silu, swish, hardswish, hardsigmoid, relu6, leakyrelu, elu, none: 'rleu' is not a known activation (did you mean 'relu'?)",
  },
  {
    title: 'bad-argument: an activation in a block that is neither one nor a parameter',
    source: `block B(a=relu) {\n  conv(8, 3, act=[[aa]])\n}\n${N('b = B()')}`,
    code: 'bad-argument',
    severity: 'error',
    message:
      "act must be one of relu, sigmoid, tanh, gelu, silu, swish, hardswish, hardsigmoid, relu6, leakyrelu, elu, none: 'aa' is not a known activation, nor a parameter of the block",
  },
  {
    title: 'bad-argument: a stride of 0',
    source: N('a = conv(8, 3, stride=[[0]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'stride must be an integer ≥ 1 or HxW, not an integer 0',
  },
  {
    title: 'bad-argument: a decimal where an integer goes',
    source: N('a = lrn(size=[[0.5]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'size must be an integer, not a decimal 0.5',
  },
  {
    title: 'bad-argument: three dimensions for a kernel',
    source: N('a = conv(8, [[3x3x3]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'kernel must be an integer or HxW, not dimensions 3x3x3',
  },
  {
    title: 'bad-argument: a probability of 1',
    source: N('a = dropout([[1]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'p must be a probability from 0 up to (not including) 1, not an integer 1',
  },
  {
    title: 'bad-argument: a probability below 1 that a double rounds to 1',
    source: N('a = dropout([[0.99999999999999999999]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'p must be a probability from 0 up to (not including) 1: 0.99999999999999999999 is below 1, but a double rounds it to 1',
  },
  {
    title: 'bad-argument: a decimal is shown as written',
    source: N('a = dropout([[1.0e0]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'p must be a probability from 0 up to (not including) 1, not a decimal 1.0e0',
  },
  {
    title: 'bad-argument: pad=same with an even kernel',
    source: N('a = conv(8, 4, pad=[[same]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'pad=same needs an odd kernel, not 4x4',
  },
  {
    title: 'bad-argument: pooling pad past half the window',
    source: N('a = maxpool(2, pad=[[2]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'pad 2x2 is more than half the 2x2 window (PyTorch refuses it)',
  },
  {
    title: 'bad-argument: a repeat count of 0',
    source: N('a = relu() * [[0]]'),
    code: 'bad-argument',
    severity: 'error',
    message: 'a repeat count must be an integer ≥ 1',
  },
  {
    title: 'bad-argument: a merge with one input',
    source: N('a = [[add(x)]]'),
    code: 'bad-argument',
    severity: 'error',
    message: 'add needs two or more inputs',
  },
  {
    title: 'bad-argument: a merge of a number',
    source: N('a = add(x, [[1]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'add takes the names of earlier layers, such as add(a, b)',
  },
  {
    title: 'bad-argument: a block’s missing argument',
    source: `block B(c) {\n  conv(c, 1)\n}\n${N('a = [[B]]()')}`,
    code: 'bad-argument',
    severity: 'error',
    message: "B needs its 'c' argument",
  },
  {
    title: 'bad-argument: arithmetic on a name that is no parameter',
    source: N('a = conv([[k]] * 2, 3)'),
    code: 'bad-argument',
    severity: 'error',
    message: "'*' needs integers, not the name 'k' (no parameter is named 'k')",
  },

  // unknown-name
  {
    title: 'unknown-name: from a name nothing defines',
    source: N('a = relu() from [[zz]]'),
    code: 'unknown-name',
    severity: 'error',
    message: "no earlier statement is named 'zz'",
  },
  {
    title: 'unknown-name: with the nearest earlier name',
    source: N('a = relu()', 'b = relu() from [[aa]]'),
    code: 'unknown-name',
    severity: 'error',
    message: "no earlier statement is named 'aa': did you mean 'a'?",
  },
  {
    title: 'unknown-name: in a merge',
    source: N('a = relu()', 'b = add(a, [[qq]])'),
    code: 'unknown-name',
    severity: 'error',
    message: "no earlier statement is named 'qq'",
  },
  {
    title: 'unknown-name: a later statement',
    source: N('a = relu() from [[b]]', 'b = relu() from x'),
    code: 'unknown-name',
    severity: 'error',
    message: "'b' names a later statement (line 4): a layer can only read earlier ones",
  },
  {
    title: 'unknown-name: the statement itself',
    source: N('a = relu() from [[a]]'),
    code: 'unknown-name',
    severity: 'error',
    message: "'a' names this statement itself: a layer can only read earlier ones",
  },

  // duplicate-name
  {
    title: 'duplicate-name: a layer name twice',
    source: N('a = relu()', '[[a]] = tanh()'),
    code: 'duplicate-name',
    severity: 'error',
    message: "'a' is already defined on line 3",
  },
  {
    title: 'duplicate-name: a block’s `in`',
    source: `block B() {\n  [[in]] = relu()\n}\n${N('a = B()')}`,
    code: 'duplicate-name',
    severity: 'error',
    message: "'in' is already defined as the block's input",
  },
  {
    title: 'duplicate-name: a block twice',
    source: `block B() {\n  relu()\n}\nblock [[B]]() {\n  tanh()\n}\n${N('a = B()')}`,
    code: 'duplicate-name',
    severity: 'error',
    message: "block 'B' is already defined on line 1",
  },
  {
    title: 'duplicate-name: a block named as an op',
    source: `block [[conv]]() {\n  relu()\n}\n${N('a = relu()')}`,
    code: 'duplicate-name',
    severity: 'error',
    message: "'conv' is a built-in op: name the block otherwise",
  },
  {
    title: 'duplicate-name: a network twice',
    source: `${N('a = relu()')}network [[N]] {\n  input x: 3\n  a = relu()\n}\n`,
    code: 'duplicate-name',
    severity: 'error',
    message: "network 'N' is already defined on line 1",
  },
  {
    title: 'duplicate-name: a parameter twice',
    source: `block B(c, [[c]]) {\n  conv(c, 1)\n}\n${N('a = B(1)')}`,
    code: 'duplicate-name',
    severity: 'error',
    message: "parameter 'c' is declared twice",
  },

  // shape
  {
    title: 'shape: an output size at or below 0',
    source: N('a = conv(8, [[9]])'),
    code: 'shape',
    severity: 'error',
    message: "conv's 9x9 window does not fit its 5×5 input with pad 0x0: the output would be -3×-3",
  },
  {
    title: 'shape: an output size of exactly 0',
    source: N('a = maxpool([[6]], stride=1)'),
    code: 'shape',
    severity: 'error',
    message: "maxpool's 6x6 window does not fit its 5×5 input with pad 0x0: the output would be 0×0",
  },
  {
    title: 'shape: channels not divisible by groups',
    source: N('a = conv(8, 3, groups=[[2]])'),
    code: 'shape',
    severity: 'error',
    message: 'the 3 input channels are not divisible by groups=2',
  },
  {
    title: 'shape: filters not divisible by groups',
    source: N('a = conv(6, 1) ', 'b = conv(9, 3, groups=[[2]])'),
    code: 'shape',
    severity: 'error',
    message: '9 filters are not divisible by groups=2',
  },
  {
    title: 'shape: add of unequal shapes',
    source: N('a = conv(8, 3)', 'b = [[add(x, a)]]'),
    code: 'shape',
    severity: 'error',
    message: 'add needs inputs of equal shape, but input 1 is 3×5×5 and input 2 is 8×3×3',
  },
  {
    title: 'shape: concat of unequal H and W',
    source: N('a = conv(8, 3)', 'b = [[concat(x, a)]]'),
    code: 'shape',
    severity: 'error',
    message: 'concat needs inputs with equal H and W, but input 1 is 3×5×5 and input 2 is 8×3×3',
  },
  {
    title: 'shape: concat of a map and a vector',
    source: N('a = dense(8) from x', 'b = [[concat(x, a)]]'),
    code: 'shape',
    severity: 'error',
    message: 'concat cannot join 3×5×5 (input 1) with a vector of 8 (input 2): both must be C×H×W, both of rank 2, or both vectors',
  },
  {
    title: 'shape: concat of a signal and a map',
    source: 'network N {\n  input x: 3x10\n  input m: 3x5x5\n  b = [[concat(x, m)]]\n}\n',
    code: 'shape',
    severity: 'error',
    message: 'concat cannot join 3×10 (input 1) with 3×5×5 (input 2): both must be C×H×W, both of rank 2, or both vectors',
  },
  {
    title: 'shape: concat of rank 2 with unequal second sizes',
    source: 'network N {\n  input x: 3x10\n  input z: 5x12\n  b = [[concat(x, z)]]\n}\n',
    code: 'shape',
    severity: 'error',
    message: 'concat joins rank-2 inputs along their first size, so their second must be equal, but input 1 is 3×10 and input 2 is 5×12',
  },
  // mul: two tensors of the same rank, broadcast as PyTorch
  {
    title: 'shape: mul of sizes that do not broadcast',
    source: N('a = conv(8, 3)', 'b = [[mul(x, a)]]'),
    code: 'shape',
    severity: 'error',
    message: 'mul cannot broadcast 3×5×5 (input 1) with 8×3×3 (input 2): their first sizes are 3 and 8, and neither is 1',
  },
  {
    title: 'shape: mul where a later size does not broadcast',
    source: N('p = maxpool(2)', 'b = [[mul(x, p)]]'),
    code: 'shape',
    severity: 'error',
    message: 'mul cannot broadcast 3×5×5 (input 1) with 3×2×2 (input 2): their second sizes are 5 and 2, and neither is 1',
  },
  {
    title: 'shape: mul of a map and a vector (PyTorch would align the last sizes)',
    source: N('g = dense(3) from x', 'b = [[mul(x, g)]]'),
    code: 'shape',
    severity: 'error',
    message: 'mul needs two tensors of the same rank, but input 1 is 3×5×5 and input 2 is a vector of 3',
  },
  {
    title: 'bad-argument: mul of three, at the surplus',
    source: N('a = relu()', 'b = mul(x, a, [[a]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'mul takes exactly 2 inputs, but is given 3',
  },
  {
    title: 'bad-argument: mul of one',
    source: N('b = [[mul(x)]]'),
    code: 'bad-argument',
    severity: 'error',
    message: 'mul needs exactly 2 inputs',
  },
  // chunk and channelshuffle: the channels divided, the index in range
  {
    title: 'shape: chunk of channels that parts does not divide, at parts',
    source: N('a = chunk([[2]], 0)'),
    code: 'shape',
    severity: 'error',
    message: 'the 3 channels are not divisible by parts=2',
  },
  {
    title: 'shape: chunk of a vector that parts does not divide',
    source: N('f = flatten()', 'a = chunk(parts=[[2]], index=1)'),
    code: 'shape',
    severity: 'error',
    message: 'a vector of 75 is not divisible by parts=2',
  },
  {
    title: 'bad-argument: chunk index past the last part',
    source: N('a = chunk(3, [[3]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'index 3 is out of range: 3 parts are numbered 0 to 2',
  },
  {
    title: 'bad-argument: chunk index not an integer',
    source: N('a = chunk(3, [[1.5]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'index must be an integer, not a decimal 1.5',
  },
  {
    title: 'bad-argument: chunk without its index',
    source: N('a = [[chunk]](3)'),
    code: 'bad-argument',
    severity: 'error',
    message: "chunk needs its 'index' argument (the part kept, counted from 0)",
  },
  {
    title: 'shape: channelshuffle of channels that groups does not divide, at groups',
    source: N('a = channelshuffle([[2]])'),
    code: 'shape',
    severity: 'error',
    message: 'the 3 channels are not divisible by groups=2',
  },
  {
    title: 'shape: channelshuffle of a vector (PyTorch needs a size after the channels)',
    source: N('f = flatten()', 'a = [[channelshuffle(5)]]'),
    code: 'shape',
    severity: 'error',
    message: 'channelshuffle needs channels and at least one more size (C×L or C×H×W), but its input is a vector of 75',
  },
  {
    title: 'bad-argument: droppath of probability 1',
    source: N('a = droppath([[1]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'p must be a probability from 0 up to (not including) 1, not an integer 1',
  },
  {
    title: "shape: a '/' that does not divide exactly",
    source: N('a = conv([[6 / 4]], 3)'),
    code: 'shape',
    severity: 'error',
    message: "6 / 4 is not a whole number: '/' must divide exactly (write '//' to round down, or pad=same for a padding)",
  },
  { title: 'shape: a division by zero', source: N('a = conv([[6 / 0]], 3)'), code: 'shape', severity: 'error', message: 'division by zero' },
  {
    title: 'shape: a pool over a vector',
    source: 'network N {\n  input x: 10\n  a = [[maxpool(2)]]\n}\n',
    code: 'shape',
    severity: 'error',
    message: 'maxpool needs a C×L or C×H×W input, but its input is a vector of 10',
  },
  {
    title: 'shape: an input of four dimensions',
    source: 'network N {\n  input x: [[3x5x5x5]]\n  a = relu()\n}\n',
    code: 'shape',
    severity: 'error',
    message: 'an input is a vector N, a signal or sequence AxB, or a map CxHxW, not 4 dimensions',
  },
  {
    title: 'shape: a network without an input',
    source: 'network [[N]] {\n  a = relu()\n}\n',
    code: 'shape',
    severity: 'error',
    message: "network 'N' has no input: declare one first, such as 'input image: 3x224x224'",
  },
  {
    title: 'shape: a network without an input, however empty',
    source: 'network [[N]] {}\n',
    code: 'shape',
    severity: 'error',
    message: "network 'N' has no input: declare one first, such as 'input image: 3x224x224'",
  },
  {
    title: 'shape: a block without layers',
    source: `block [[B]]() {\n}\n${N('a = B()')}`,
    code: 'shape',
    severity: 'error',
    message: "block 'B' has no layers",
  },

  // recursive-block
  {
    title: 'recursive-block: directly',
    source: `block A() {\n  a = [[A]]()\n}\n${N('b = A()')}`,
    code: 'recursive-block',
    severity: 'error',
    message: "block 'A' uses itself directly: A → A",
  },
  {
    title: 'recursive-block: through another block',
    source: `block A() {\n  b = B()\n}\nblock B() {\n  a = [[A]]()\n}\n${N('c = A()')}`,
    code: 'recursive-block',
    severity: 'error',
    message: "block 'A' uses itself through B: A → B → A",
  },

  // the lint rules
  {
    title: 'heavy-layer: one layer holds > 25% of the weights and ≥ 1,000,000',
    source: 'network N {\n  input x: 256x4x4\n  [[big = conv(512, 3x3, pad=1)]]\n  small = conv(10, 1x1)\n}\n',
    code: 'heavy-layer',
    severity: 'warning',
    // 3·3·256·512 = 1,179,648 of 1,179,648 + 512·10 = 1,184,768
    message: "big holds 99.6% of the network's weights (1,179,648 of 1,184,768)",
  },
  {
    title: 'fc-dominant: dense layers hold > 50% of the weights, none of them heavy',
    source: 'network N {\n  input x: 500\n  [[d1 = dense(500)]]\n  d2 = dense(500)\n  d3 = dense(500)\n  d4 = dense(500)\n  d5 = dense(500)\n}\n',
    code: 'fc-dominant',
    severity: 'warning',
    message: "dense layers hold 100.0% of the network's weights (1,250,000 of 1,250,000: d1, d2, d3, d4, d5)",
  },
  {
    title: 'fc-dominant: past five dense layers, three are named and the rest counted',
    source:
      'network N {\n  input x: 500\n  [[d1 = dense(500)]]\n  d2 = dense(500)\n  d3 = dense(500)\n  d4 = dense(500)\n  d5 = dense(500)\n  d6 = dense(500)\n}\n',
    code: 'fc-dominant',
    severity: 'warning',
    message: "dense layers hold 100.0% of the network's weights (1,500,000 of 1,500,000: d1, d2, d3 and 3 more)",
  },
  {
    title: 'fc-dominant: a thousand dense layers in a repeat make a short message (900,000 made one of 7.9 MB)',
    source: 'network N {\n  input x: 40\n  [[d = dense(40) * 1000]]\n}\n',
    code: 'fc-dominant',
    severity: 'warning',
    message: "dense layers hold 100.0% of the network's weights (1,600,000 of 1,600,000: d.1, d.2, d.3 and 997 more)",
  },
  {
    title: 'costly-layer: one layer makes > 25% of the connections and ≥ 100,000,000',
    source: 'network N {\n  input x: 64x64x64\n  [[c1 = conv(64, 3x3, pad=1)]]\n  c2 = conv(64, 1x1)\n}\n',
    code: 'costly-layer',
    severity: 'information',
    // 64·64·64 units · 3·3·64 = 150,994,944; c2: 262,144 · 64 = 16,777,216
    message: "c1 makes 90.0% of the network's connections (150,994,944 of 167,772,160 multiply-accumulates)",
  },
  {
    title: 'large-kernel: a 5×5 conv',
    source: 'network N {\n  input x: 3x8x8\n  [[c = conv(8, 5x5, pad=2)]]\n}\n',
    code: 'large-kernel',
    severity: 'information',
    message: 'c has a 5×5 kernel: smaller kernels can replace it with fewer weights',
  },
  {
    title: 'large-kernel: an 11×11 conv',
    source: 'network N {\n  input x: 3x32x32\n  [[c = conv(8, 11x11, pad=5)]]\n}\n',
    code: 'large-kernel',
    severity: 'information',
    message: 'c has an 11×11 kernel: smaller kernels can replace it with fewer weights',
  },
  {
    title: 'large-kernel: inside a block, once for all its instances',
    source: 'block B() {\n  [[c = conv(3, 5x5, pad=2)]]\n}\nnetwork N {\n  input x: 3x8x8\n  b1 = B()\n  b2 = B()\n  b3 = B()\n}\n',
    code: 'large-kernel',
    severity: 'information',
    message: 'b1.c has a 5×5 kernel: smaller kernels can replace it with fewer weights (and in 2 more instances: b2.c, b3.c)',
  },
  {
    title: 'large-kernel: an odd kernel over a signal',
    source: 'network N {\n  input x: 2x100\n  [[c = conv(8, 7, pad=3)]]\n}\n',
    code: 'large-kernel',
    severity: 'information',
    message: 'c has a 1-D kernel of 7: smaller kernels can replace it with fewer weights',
  },
  {
    title: 'lossy-stride: a window that does not tile its input',
    source: N('[[p = maxpool(2)]]'),
    code: 'lossy-stride',
    severity: 'information',
    // (5 − 1 − 1) mod 2 = 1, no padding
    message: "p's 2x2 window with stride 2 does not tile its 5×5 input with pad 0: the last 1 row and 1 column of the input are never read",
  },
  {
    title: 'lossy-stride: unread rows past the far padding',
    source: 'network N {\n  input x: 3x9x9\n  [[c = conv(4, 3x3, stride=3, pad=1)]]\n}\n',
    code: 'lossy-stride',
    severity: 'information',
    // (9 + 2 − 2 − 1) mod 3 = 2 unread, of which 1 is the padding
    message: "c's 3x3 window with stride 3 does not tile its 9×9 input with pad 1: the last 1 row and 1 column of the input are never read",
  },
  {
    title: 'lossy-stride: only the columns',
    source: 'network N {\n  input x: 3x8x9\n  [[c = conv(4, 2x2, stride=2)]]\n}\n',
    code: 'lossy-stride',
    severity: 'information',
    message: "c's 2x2 window with stride 2 does not tile its 8×9 input with pad 0: the last 1 column of the input is never read",
  },
  {
    title: 'lossy-stride: a window over a signal',
    source: 'network N {\n  input x: 2x100\n  [[c = conv(4, 9, stride=9)]]\n}\n',
    code: 'lossy-stride',
    severity: 'information',
    // (100 − 8 − 1) mod 9 = 1
    message: "c's 9 window with stride 9 does not tile its length-100 input with pad 0: the last 1 position of the input is never read",
  },
  {
    title: 'unused: a named output nothing reads',
    source: N('[[a]] = relu()', 'b = tanh() from x'),
    code: 'unused',
    severity: 'warning',
    message: "the output 'a' is never read",
  },
  {
    title: 'unused: an input nothing reads',
    source: 'network N {\n  input x: 3x5x5\n  input [[y]]: 3x5x5\n  a = relu()\n}\n',
    code: 'unused',
    severity: 'warning',
    message: "the input 'y' is never read",
  },
  {
    title: 'unused: an unnamed layer nothing reads, at its op',
    source: N('[[relu]]()', 'b = tanh() from x'),
    code: 'unused',
    severity: 'warning',
    message: "the output 'relu_1' is never read",
  },
  {
    title: 'unused: inside a block',
    source: `block B() {\n  [[t]] = tanh()\n  relu() from in\n}\n${N('a = B()')}`,
    code: 'unused',
    severity: 'warning',
    message: "the output 't' is never read",
  },

  // language v2's additions: size lists, '//', a leading minus, tensor parameters, outputs
  {
    title: 'bad-argument: a size list of three for a kernel',
    source: N('a = conv(8, [[[3, 3, 3]]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'kernel must be an integer or HxW, not dimensions 3x3x3',
  },
  {
    title: 'bad-argument: a size list holds integers only',
    source: N('a = conv(8, [3, [[same]], 3])'),
    code: 'bad-argument',
    severity: 'error',
    message: "a size list holds integers, not the name 'same' (no parameter is named 'same')",
  },
  {
    title: 'bad-argument: a negative count keeps its message',
    source: N('a = conv([[-8]], 3)'),
    code: 'bad-argument',
    severity: 'error',
    message: 'filters must be an integer ≥ 1, not an integer -8',
  },
  {
    title: 'bad-argument: a negated size list is refused as a size',
    source: N('a = conv(8, [[-[3, 3]]])'),
    code: 'bad-argument',
    severity: 'error',
    message: 'kernel must be sizes ≥ 1, not dimensions -3x-3',
  },
  {
    title: "bad-argument: '-' before a word",
    source: N('a = conv(8, 3, pad=-[[same]])'),
    code: 'bad-argument',
    severity: 'error',
    message: "'-' needs integers, not the name 'same' (no parameter is named 'same')",
  },
  {
    title: "shape: '//' by zero",
    source: N('a = conv([[8 // 0]], 3)'),
    code: 'shape',
    severity: 'error',
    message: 'division by zero',
  },
  {
    title: 'bad-argument: a number passed to a tensor parameter',
    source: `block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n${N('e = conv(4, 1x1)', 'u = Up([[3]], 4) from e')}`,
    code: 'bad-argument',
    severity: 'error',
    message: "Up's 'skip' takes a tensor (the name of an earlier layer or an input), not an integer 3",
  },
  {
    title: 'bad-argument: a tensor passed to a value parameter',
    source: `block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n${N('e = conv(4, 1x1)', 'u = Up(x, [[e]])')}`,
    code: 'bad-argument',
    severity: 'error',
    message: "Up's 'filters' takes a value, not the tensor 'e': only a parameter declared 'filters: tensor' takes a tensor",
  },
  {
    title: 'bad-argument: a tensor parameter takes no default',
    source: `block B(t: tensor = [[3]]) {\n  add(in, t)\n}\n`,
    code: 'bad-argument',
    severity: 'error',
    message: "the tensor parameter 't' takes no default: each call names the tensor it passes",
  },
  {
    title: 'bad-argument: a tensor parameter left out of a call',
    source: `block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n${N('u = [[Up]](filters=4)')}`,
    code: 'bad-argument',
    severity: 'error',
    message: "Up needs its 'skip' argument",
  },
  {
    title: 'unknown-name: a tensor parameter given a name that is no tensor',
    source: `block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n${N('u = Up([[e]], 4)')}`,
    code: 'unknown-name',
    severity: 'error',
    message: "no earlier statement is named 'e': did you mean 'x'?",
  },
  {
    title: 'unknown-name: a tensor parameter given a later layer',
    source: `block Up(skip: tensor, filters) {\n  upsample(2)\n  c = concat(upsample_1, skip)\n  conv(filters, 3x3, pad=1)\n}\n${N('u = Up([[e]], 4)', 'e = relu() from x')}`,
    code: 'unknown-name',
    severity: 'error',
    message: "'e' names a later statement (line 9): a layer can only read earlier ones",
  },
  {
    title: 'duplicate-name: a layer named after a tensor parameter',
    source: `block B(t: tensor) {\n  [[t]] = add(in, t)\n}\n`,
    code: 'duplicate-name',
    severity: 'error',
    message: "'t' is already defined as a tensor parameter of the block",
  },
  {
    title: "duplicate-name: a tensor parameter named 'in'",
    source: `block B([[in]]: tensor) {\n  relu()\n}\n`,
    code: 'duplicate-name',
    severity: 'error',
    message: "'in' is the block's input: name the tensor parameter otherwise",
  },
  {
    title: "syntax: a parameter typed other than 'tensor'",
    source: `block B(t: [[int]]) {\n  relu()\n}\n`,
    code: 'syntax',
    severity: 'error',
    message: "a parameter's type can only be 'tensor', not 'int'",
  },
  {
    title: 'unused: a tensor parameter nothing reads',
    source: `block B([[t]]: tensor) {\n  relu()\n}\n`,
    code: 'unused',
    severity: 'warning',
    message: "the tensor parameter 't' is never read",
  },
  {
    title: 'unknown-name: a default names a later parameter',
    source: `block B(m=2 * [[d]], d=4) {\n  conv(m, 1x1)\n}\n`,
    code: 'unknown-name',
    severity: 'error',
    message: "the default of 'm' names 'd', a parameter declared after it: a default can only name the parameters before it",
  },
  {
    title: 'unknown-name: a default names its own parameter',
    source: `block B(m=[[m]] + 1) {\n  conv(m, 1x1)\n}\n`,
    code: 'unknown-name',
    severity: 'error',
    message: "the default of 'm' names 'm' itself: a default can only name the parameters before it",
  },
  {
    title: "syntax: 'output' inside a block",
    source: `block B() {\n  [[output]] a = relu()\n}\n${N('b = B()')}`,
    code: 'syntax',
    severity: 'error',
    message: "'output' marks an output of a network, not of a block: mark the block's use instead",
  },

  // the core's additions
  {
    title: 'limit: the statement that crosses the layer limit',
    source: N('a = relu() * 60', '[[b = tanh() * 41]]'),
    code: 'limit',
    severity: 'error',
    message: "network 'N' expands to more than 100 layers (the layer limit, a setting); its analysis stops here",
    settings: mergeSettings(DEFAULT_SETTINGS, { maxLayers: 100 }).settings,
  },
  {
    title: 'not-text: a NUL character',
    source: N('a = relu()[[\0]]'),
    code: 'not-text',
    severity: 'error',
    message: 'not a text file: it holds a NUL character at line 3',
  },
];

function describeDiagnostic(d: Diagnostic, text: string): string {
  return `${d.code} ${d.severity} [${d.span.start}, ${d.span.end}) ${JSON.stringify(text.slice(d.span.start, d.span.end))}: ${d.message}`;
}

describe('diagnostics: one fixture per case', () => {
  for (const fixture of FIXTURES) {
    test(fixture.title, () => {
      const { text, start, end } = marked(fixture.source);
      const analysis = analyze(text, fixture.settings);
      const all = analysis.diagnostics.map((d) => describeDiagnostic(d, text));
      const found = analysis.diagnostics.filter((d) => d.code === fixture.code);
      assert.equal(found.length, 1, `one ${fixture.code} diagnostic expected, got:\n${all.join('\n')}`);
      const diagnostic = found[0]!;
      assert.deepEqual(
        { code: diagnostic.code, severity: diagnostic.severity, span: diagnostic.span },
        { code: fixture.code, severity: fixture.severity, span: { start, end } },
      );
      if (typeof fixture.message === 'string') assert.equal(diagnostic.message, fixture.message);
      else assert.match(diagnostic.message, fixture.message);
      // The fixture is clean but for what it tests: no other error.
      const otherErrors = analysis.diagnostics.filter((d) => d !== diagnostic && d.severity === 'error');
      assert.deepEqual(
        otherErrors.map((d) => describeDiagnostic(d, text)),
        [],
      );
    });
  }

  test('the table covers every diagnostic code', () => {
    assert.deepEqual([...new Set(FIXTURES.map((fixture) => fixture.code))].sort(), [...DIAGNOSTIC_CODES].sort());
  });
});

describe('diagnostics: positions', () => {
  test('a span maps to 0-based lines and characters', () => {
    const text = N('a = relu()', 'b = cnov()');
    const analysis = analyze(text);
    const diagnostic = analysis.diagnostics.find((d) => d.code === 'unknown-op')!;
    assert.deepEqual(analysis.lines.positionAt(diagnostic.span.start), { line: 3, character: 6 });
    assert.deepEqual(analysis.lines.positionAt(diagnostic.span.end), { line: 3, character: 10 });
  });

  test('errors in several layers are all reported, in order of position', () => {
    // An unknown op upstream leaves the shapes unknown, but the arguments below are still checked.
    const text = N('a = cnov(8)', 'b = conv(8, 3x3, foo=1)', 'c = conv(8, 3x3, bias=1)', 'd = relu() from zz');
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]),
      [
        ['unknown-op', 'cnov'],
        ['bad-argument', 'foo'],
        ['unused', 'c'],
        ['bad-argument', '1'],
        ['unknown-name', 'zz'],
      ],
    );
  });

  test('a rule about a layer in a block reports at the network’s statement', () => {
    const text = ['block Head() {', '  h = dense(2000)', '}', 'network N {', '  input x: 1000', '  head = Head()', '  out = dense(10)', '}'].join('\n');
    const analysis = analyze(text);
    const heavy = analysis.diagnostics.filter((d) => d.code === 'heavy-layer');
    assert.equal(heavy.length, 1);
    assert.equal(text.slice(heavy[0]!.span.start, heavy[0]!.span.end), 'head = Head()');
    // 2,000,000 of 2,000,000 + 20,000
    assert.equal(heavy[0]!.message, "head.h holds 99.0% of the network's weights (2,000,000 of 2,020,000)");
    assert.deepEqual(heavy[0]!.target, { network: 'N', path: 'head.h', statement: 'head' });
  });

  test('the lint rules wait for a network without errors', () => {
    const text = 'network N {\n  input x: 1000\n  a = dense(2000)\n  b = dense(10)\n  c = cnov()\n}\n';
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      ['unknown-op'],
    );
  });
});

describe('diagnostics: rule thresholds at their edges', () => {
  const heavy = (text: string) =>
    analyze(text)
      .diagnostics.filter((d) => d.code === 'heavy-layer')
      .map((d) => d.target?.path);

  test('heavy-layer: at least 1,000,000 weights (exactly the minimum fires, one less does not)', () => {
    // 1,000·1,000 = 1,000,000 of 1,010,000
    assert.deepEqual(heavy('network N {\n  input x: 1000\n  a = dense(1000)\n  out = dense(10)\n}\n'), ['a']);
    // 999·1,001 = 999,999
    assert.deepEqual(heavy('network N {\n  input x: 999\n  a = dense(1001)\n  out = dense(10)\n}\n'), []);
  });

  test('heavy-layer: more than 25% (exactly 25% does not fire)', () => {
    // four layers of 1,000,000: each exactly a quarter
    const text = 'network N {\n  input x: 1000\n  a = dense(1000)\n  b = dense(1000)\n  c = dense(1000)\n  d = dense(1000)\n}\n';
    assert.deepEqual(heavy(text), []);
    assert.deepEqual(
      analyze(text).diagnostics.map((d) => d.code),
      ['fc-dominant'],
    );
  });

  test('lossy-stride: with ceil rounding nothing is dropped, so nothing is reported', () => {
    const codes = (line: string) => analyze(N(line)).diagnostics.map((d) => d.code);
    assert.deepEqual(codes('p = maxpool(2)'), ['lossy-stride']);
    assert.deepEqual(codes('p = maxpool(2, ceil=true)'), []);
    assert.deepEqual(codes('p = dwconv(3, stride=2)'), []);
    assert.deepEqual(codes('p = dwconv(2, stride=2)'), ['lossy-stride']);
  });

  test('lossy-stride: unread padding alone is not reported (v2), unread input is', () => {
    const codes = (input: string, line: string) => analyze(`network N {\n  input x: ${input}\n  ${line}\n}\n`).diagnostics.map((d) => d.code);
    // (224 + 2 − 2 − 1) mod 2 = 1 unread row, the padding: ResNet's and MobileNet's stems
    assert.deepEqual(codes('3x224x224', 'c = conv(8, 3x3, stride=2, pad=1)'), []);
    assert.deepEqual(codes('3x8x8', 'c = conv(4, 3x3, stride=2, pad=1)'), []);
    assert.deepEqual(codes('2x100', 'c = conv(4, 3, stride=2, pad=1)'), []);
    // (9 + 2 − 2 − 1) mod 3 = 2 unread: one past the padding
    assert.deepEqual(codes('3x9x9', 'c = conv(4, 3x3, stride=3, pad=1)'), ['lossy-stride']);
    assert.deepEqual(codes('2x9', 'c = maxpool(3, stride=3, pad=1)'), ['lossy-stride']);
    // A transposed conv reads all of its input.
    assert.deepEqual(codes('3x9x9', 'c = deconv(4, 3x3, stride=3, pad=1)'), []);
  });

  test('large-kernel: square conv kernels past 3 only, on overlapping windows', () => {
    const codes = (line: string, input = '3x16x16') => analyze(`network N {\n  input x: ${input}\n  ${line}\n}\n`).diagnostics.map((d) => d.code);
    assert.deepEqual(codes('c = conv(4, 3x3, pad=1)'), []);
    assert.deepEqual(codes('c = conv(4, 1x7, pad=0x3)'), []);
    assert.deepEqual(codes('c = dwconv(5x5, pad=2)'), []);
    assert.deepEqual(codes('c = conv(4, 4x4, stride=2)'), ['large-kernel']);
    // Patchifying convs (stride = kernel) do not overlap: left alone (v2), unless one direction overlaps.
    assert.deepEqual(codes('c = conv(4, 4x4, stride=4)'), []);
    assert.deepEqual(codes('c = conv(768, 16x16, stride=16)', '3x32x32'), []);
    assert.deepEqual(codes('c = conv(4, 4x4, stride=4x2)'), ['large-kernel']);
    // Over a signal: an odd kernel past 3, overlapping.
    assert.deepEqual(codes('c = conv(4, 5, pad=2)', '2x100'), ['large-kernel']);
    assert.deepEqual(codes('c = conv(4, 4)', '2x100'), []);
    assert.deepEqual(codes('c = conv(4, 5, stride=5)', '2x100'), []);
    assert.deepEqual(codes('c = conv(4, 3, pad=1)', '2x100'), []);
    assert.deepEqual(codes('c = conv(4, 7x7, pad=3)'), ['large-kernel']);
  });
});

describe('diagnostics: lexical rules', () => {
  test('integers with _ between digits', () => {
    assert.deepEqual(analyze(N('a = dense(4_096)')).diagnostics, []);
    assert.deepEqual(
      analyze(N('a = dense(4__096)')).diagnostics.map((d) => d.code),
      ['syntax'],
    );
  });

  test('a number with a leading zero is a syntax error, not an octal', () => {
    const diagnostics = analyze(N('a = dense(007)')).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [['syntax', "'007': a number cannot start with 0 unless it is 0"]],
    );
    assert.deepEqual(
      analyze(N('a = conv(4, 03x3)')).diagnostics.map((d) => d.code),
      ['syntax'],
    );
    assert.deepEqual(analyze(N('a = dropout(0.5)')).diagnostics, []);
    assert.deepEqual(analyze(N('a = conv(4, 3x3, pad=0)')).diagnostics, []);
  });
});

describe('diagnostics: AlexNet’s lint', () => {
  const text = readExample('alexnet.net');

  test('the rules fire where the spec’s thresholds say', () => {
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.diagnostics.map((d) => [d.code, d.severity, text.slice(d.span.start, d.span.end), d.message]),
      [
        [
          'large-kernel',
          'information',
          'conv1 = conv(96, 11x11, stride=4, act=relu)',
          'conv1 has an 11×11 kernel: smaller kernels can replace it with fewer weights',
        ],
        [
          'costly-layer',
          'information',
          'conv2 = conv(256, 5x5, pad=2, groups=2, act=relu)',
          "conv2 makes 30.9% of the network's connections (223,948,800 of 724,406,816 multiply-accumulates)",
        ],
        [
          'large-kernel',
          'information',
          'conv2 = conv(256, 5x5, pad=2, groups=2, act=relu)',
          'conv2 has a 5×5 kernel: smaller kernels can replace it with fewer weights',
        ],
        ['heavy-layer', 'warning', 'fc6   = dense(4096, act=relu)', "fc6 holds 61.9% of the network's weights (37,748,736 of 60,954,656)"],
        [
          'fc-dominant',
          'warning',
          'fc6   = dense(4096, act=relu)',
          "dense layers hold 96.2% of the network's weights (58,621,952 of 60,954,656: fc6, fc7, fc8)",
        ],
        ['heavy-layer', 'warning', 'fc7   = dense(4096, act=relu)', "fc7 holds 27.5% of the network's weights (16,777,216 of 60,954,656)"],
      ],
    );
  });

  const codesWith = (settings: Settings, source = text): string[] =>
    analyze(source, settings).diagnostics.map((d) => `${d.code}:${d.severity}:${d.target?.path ?? ''}`);

  test('a rule turned off', () => {
    const { settings, problems } = mergeSettings(DEFAULT_SETTINGS, { rules: { 'heavy-layer': 'off' } });
    assert.deepEqual(problems, []);
    assert.deepEqual(codesWith(settings), [
      'large-kernel:information:conv1',
      'costly-layer:information:conv2',
      'large-kernel:information:conv2',
      'fc-dominant:warning:fc6',
    ]);
  });

  test('a severity changed, eslint’s short names included', () => {
    const { settings } = mergeSettings(DEFAULT_SETTINGS, {
      rules: { 'heavy-layer': 'error', 'large-kernel': 'off', 'costly-layer': 'warn', 'fc-dominant': { severity: 'info' } },
    });
    assert.deepEqual(codesWith(settings), ['costly-layer:warning:conv2', 'heavy-layer:error:fc6', 'fc-dominant:information:fc6', 'heavy-layer:error:fc7']);
  });

  test('a changed share', () => {
    // 30%: fc6 (61.9%) stays, fc7 (27.5%) goes
    const higher = mergeSettings(DEFAULT_SETTINGS, { rules: { 'heavy-layer': { share: 0.3 } } }).settings;
    assert.deepEqual(
      codesWith(higher).filter((c) => c.startsWith('heavy')),
      ['heavy-layer:warning:fc6'],
    );
    // 20%: conv3 (149,520,384 of 724,406,816 = 20.6%) joins conv2
    const lower = mergeSettings(DEFAULT_SETTINGS, { rules: { 'costly-layer': { share: 0.2 } } }).settings;
    assert.deepEqual(
      codesWith(lower).filter((c) => c.startsWith('costly')),
      ['costly-layer:information:conv2', 'costly-layer:information:conv3'],
    );
  });

  test('a changed minimum', () => {
    // fc6 holds 37,748,736 weights: under a minimum of 40,000,000
    const higher = mergeSettings(DEFAULT_SETTINGS, { rules: { 'heavy-layer': { minimum: 40_000_000 } } }).settings;
    assert.deepEqual(
      codesWith(higher).filter((c) => c.startsWith('heavy')),
      [],
    );
    // fc-dominant: 58,621,952 dense weights; at exactly that minimum it still fires, one above it does not
    const at = mergeSettings(DEFAULT_SETTINGS, { rules: { 'fc-dominant': { minimum: 58_621_952 } } }).settings;
    assert.ok(codesWith(at).includes('fc-dominant:warning:fc6'));
    const above = mergeSettings(DEFAULT_SETTINGS, { rules: { 'fc-dominant': { minimum: 58_621_953 } } }).settings;
    assert.ok(!codesWith(above).includes('fc-dominant:warning:fc6'));
  });

  test('settings that are not understood are reported, not applied', () => {
    const { settings, problems } = mergeSettings(DEFAULT_SETTINGS, { rules: { 'heavy-layers': 'off', unused: 'loud', 'heavy-layer': { share: 2 } } });
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        "unknown rule 'heavy-layers' (rules: heavy-layer, fc-dominant, costly-layer, large-kernel, lossy-stride, unused)",
        "rule 'unused': expected a severity (error, warning, information, hint, off) or an object",
        "rule 'heavy-layer': share must be a number from 0 to 1",
      ],
    );
    assert.deepEqual(settings, DEFAULT_SETTINGS);
  });

  test('the unused rule’s severity is a setting too', () => {
    const source = N('a = relu()', 'b = tanh() from x');
    const off = mergeSettings(DEFAULT_SETTINGS, { rules: { unused: 'off' } }).settings;
    assert.deepEqual(codesWith(off, source), []);
    const hint = mergeSettings(DEFAULT_SETTINGS, { rules: { unused: 'hint' } }).settings;
    assert.deepEqual(codesWith(hint, source), ['unused:hint:']);
  });
});

describe('diagnostics: disable comments', () => {
  const text = readExample('alexnet.net');
  const before = (line: string, comment: string): string => {
    const at = text.indexOf(line);
    assert.ok(at >= 0);
    return `${text.slice(0, at)}${comment}\n${text.slice(at)}`;
  };
  const codes = (source: string): string[] => analyze(source).diagnostics.map((d) => `${d.code}:${d.target?.path ?? ''}`);

  test('netlint-disable-next-line CODE silences that code on the next line only', () => {
    const source = before('  fc6 ', '  # netlint-disable-next-line heavy-layer');
    assert.deepEqual(codes(source), ['large-kernel:conv1', 'costly-layer:conv2', 'large-kernel:conv2', 'fc-dominant:fc6', 'heavy-layer:fc7']);
  });

  test('several codes, and a note after --', () => {
    const source = before('  fc6 ', '  # netlint-disable-next-line heavy-layer, fc-dominant -- the head is the point of this example');
    assert.deepEqual(codes(source), ['large-kernel:conv1', 'costly-layer:conv2', 'large-kernel:conv2', 'heavy-layer:fc7']);
  });

  test('without a code, every code on the next line', () => {
    const source = before('  conv2 ', '  # netlint-disable-next-line');
    assert.deepEqual(codes(source), ['large-kernel:conv1', 'heavy-layer:fc6', 'fc-dominant:fc6', 'heavy-layer:fc7']);
  });

  test('netlint-disable CODE silences the rest of the file, not what comes before', () => {
    const source = before('  fc7 ', '# netlint-disable heavy-layer');
    assert.deepEqual(codes(source), ['large-kernel:conv1', 'costly-layer:conv2', 'large-kernel:conv2', 'heavy-layer:fc6', 'fc-dominant:fc6']);
    const fromTop = `# netlint-disable large-kernel costly-layer\n${text}`;
    assert.deepEqual(codes(fromTop), ['heavy-layer:fc6', 'fc-dominant:fc6', 'heavy-layer:fc7']);
  });

  test('another code does not silence', () => {
    const source = before('  fc6 ', '  # netlint-disable-next-line unused');
    assert.deepEqual(codes(source), codes(text));
  });

  test('errors of analysis can be silenced; syntax errors cannot', () => {
    const unknownOp = `# netlint-disable unknown-op\n${N('a = cnov()')}`;
    assert.deepEqual(codes(unknownOp), []);
    const syntax = `# netlint-disable syntax\n${N('a = relu() $')}`;
    assert.deepEqual(codes(syntax), ['syntax:']);
  });
});

describe('diagnostics: errors inside a block name the use that caused them', () => {
  test('a default that does not divide, and a layer that does not fit, point back at the use', () => {
    const text =
      'block Squeeze(c, mid=c/4) {\n  conv(mid, 1x1)\n}\nblock Big(k) {\n  conv(8, k)\n}\nnetwork N {\n  input x: 66x8x8\n  s1 = Squeeze(66)\n  b1 = Big(9x9) from x\n  out = concat(s1, b1)\n}\n';
    const analysis = analyze(text);
    const described = analysis.diagnostics.map((d) => ({
      at: text.slice(d.span.start, d.span.end),
      message: d.message,
      related: (d.related ?? []).map((r) => `${r.message} @ ${text.slice(r.span.start, r.span.end)}`),
    }));
    assert.deepEqual(described, [
      {
        at: 'c/4',
        message: "66 / 4 is not a whole number: '/' must divide exactly (write '//' to round down, or pad=same for a padding)",
        related: ["in 's1', a use of Squeeze with input 66×8×8 @ Squeeze(66)"],
      },
      {
        at: 'k',
        message: "conv's 9x9 window does not fit its 8×8 input with pad 0x0: the output would be 0×0",
        related: ["in 'b1', a use of Big with input 66×8×8 @ Big(9x9)"],
      },
    ]);
  });
});

describe('diagnostics: what is kept holds plain spans, never a syntax tree node', () => {
  // A node is its own span ({ kind, …, start, end }): a diagnostic, related information, a
  // fix's edit or an occurrence holding one would keep the tree alive and print it in JSON.
  const plain = (where: unknown, what: string) => assert.deepEqual(Object.keys(where as object), ['start', 'end'], what);

  test('errors, errors inside a block with the use they name, the unused rule and the lint rules', () => {
    const text =
      'block Squeeze(c, mid=c/4) {\n  conv(mid, 1x1)\n}\nnetwork N {\n  input x: 66x8x8\n  s1 = Squeeze(66)\n  a = cnov(8)\n  b = conv(8, 3x3, foo=1) * 0\n  c = relu() from zz\n}\n' +
      readExample('alexnet.net');
    const analysis = analyze(text);
    const codes = new Set(analysis.diagnostics.map((d) => d.code));
    for (const code of ['shape', 'unknown-op', 'bad-argument', 'unknown-name', 'unused', 'heavy-layer', 'large-kernel'] as const)
      assert.ok(codes.has(code), code);
    assert.ok(analysis.diagnostics.some((d) => d.related?.length));
    for (const d of analysis.diagnostics) {
      plain(d.span, `${d.code}: ${d.message}`);
      for (const related of d.related ?? []) plain(related.span, related.message);
      for (const fix of fixesFor(analysis, d)) for (const edit of fix.edits) plain(edit.span, fix.title);
      assert.doesNotMatch(JSON.stringify(d), /"kind"/);
    }
  });

  test('the occurrences of a name', () => {
    const text = 'block B(c) {\n  conv(c, 1x1)\n}\nnetwork N {\n  input x: 3x8x8\n  a = B(4)\n  b = B(c=8) from a\n  out = add(a, b)\n}\n';
    const analysis = analyze(text);
    const at = (before: string) => text.indexOf(before) + before.length;
    for (const [offset, name, expected] of [
      [at('block '), 'B', 3],
      [at('conv('), 'c', 2],
      [at('add('), 'a', 3],
      [at('network '), 'N', 1],
    ] as const) {
      const symbol = symbolAt(analysis, offset);
      assert.equal(symbol?.name, name);
      assert.deepEqual(
        symbol.occurrences.map((o) => text.slice(o.span.start, o.span.end)),
        Array(expected).fill(name),
      );
      for (const occurrence of symbol.occurrences) plain(occurrence.span, name);
    }
  });
});
