/**
 * How each op is written in PyTorch: one entry per op of the registry (`OPS`), or an entry
 * in `NOT_EXPORTABLE_YET` with the reason. A test fails when an op is in neither, so a new
 * op cannot be exported half-written. An emitter reads the arguments as written (a
 * block's parameters are variables of its class) and its inputs' sizes, and gives the
 * module to build, or the expression of a merge, and its output's sizes.
 */
import type { HelperName } from './helpers';
import { binary, int, isConstant, product, python, sizes, sum, type Dims, type Sym } from './python';

export interface EmitLayer {
  /** The op's name, for messages. */
  readonly op: string;
  /** An argument as written, or undefined when it is left to its default. */
  arg(name: string): Sym | undefined;
  /** The sizes of each input (channels first; a sequence's features last); unknown where it depends on a block's use. */
  readonly inputs: readonly Dims[];
}

/** A constructor call: `nn.Conv2d` and its arguments, as Python text. */
export interface ModuleCall {
  readonly callee: string;
  readonly args: readonly string[];
}

export interface Emitted {
  /** The module that computes the layer; a merge has none and is written in `forward`. */
  readonly module?: ModuleCall;
  /** A merge's expression, from the variables of its inputs. */
  readonly merge?: (inputs: readonly string[]) => string;
  /** A layer written in `forward` as an expression of its one input, no module (`x[:, 0]`, a chunk); `self` is its learned tensor's attribute. */
  readonly expression?: (input: string, self: string) => string;
  /** The learned tensor an expression layer owns, as the `nn.Parameter(…)` that makes it (posembed, clstoken). */
  readonly parameter?: string;
  /** The helper classes and functions of the generated file it uses (`helpers.ts`), each written once before the classes. */
  readonly helpers?: readonly HelperName[];
  /** The fused activation (`act=`), a module of its own after the layer. */
  readonly activation?: ModuleCall;
  /** The layer reads a C×H×W map as a vector: `torch.flatten(x, 1)` comes first. */
  readonly flatten?: boolean;
  /** Whether the layer's own code uses `torch.` (for the imports; a helper says so itself). */
  readonly usesTorch?: boolean;
  readonly output: Dims;
  /** The module's call besides `module(x)`: self-attention reads its input as query, key and value. */
  readonly callArgs?: (input: string) => readonly string[];
  /** The module returns a tuple, the layer's output first (`nn.MultiheadAttention`, `nn.LSTM`): `x, _ = …`. */
  readonly tuple?: boolean;
  /** Lines after the module in `__init__`, given its attribute and the attribute of an earlier `.net` name (tied weights). */
  readonly initAfter?: (self: string, attributeOf: (name: string) => string) => readonly string[];
  /** It reads token ids: a network input it reads is `torch.long`. */
  readonly readsIds?: boolean;
}

/** A layer PyTorch cannot be written for as it stands: refused, with this message. */
export class NotExportable extends Error {}

type Emitter = (layer: EmitLayer) => Emitted;

const call = (callee: string, ...args: (string | false | undefined)[]): ModuleCall => ({
  callee,
  args: args.filter((arg): arg is string => typeof arg === 'string'),
});

/** `name=value` when the argument is written, nothing when it is left to a default PyTorch shares. */
function keyword(layer: EmitLayer, param: string, pythonName: string): string | undefined {
  const value = layer.arg(param);
  return value === undefined ? undefined : `${pythonName}=${python(value)}`;
}

function channels(layer: EmitLayer): Sym {
  const size = layer.inputs[0]![0];
  if (!size) throw new NotExportable(`${layer.op}'s input channels depend on the size of its block's input, which a class cannot know`);
  return size;
}

/** A `pad=same` in numbers: d·(k−1)/2 on each side; PyTorch spells `padding='same'` at stride 1 only. */
function samePadding(layer: EmitLayer): string {
  const kernel = layer.arg('kernel')!;
  const dilation = layer.arg('dilation') ?? int(1);
  const k = sizeItems(kernel);
  const d = sizeItems(dilation);
  if (!k || !d) throw new NotExportable(`${layer.op}'s pad=same, with a kernel or dilation given by its block, has no PyTorch spelling here`);
  const items = [0, 1].map((i) => binary('//', binary('*', d[i]!, binary('-', k[i]!, int(1))), int(2)));
  return python(sizes(items));
}

/**
 * A size's height and width: one integer is both; undefined for a block's parameter,
 * which its caller may give as one integer or as two.
 */
function sizeItems(sym: Sym): readonly Sym[] | undefined {
  if (sym.kind === 'int') return [sym, sym];
  if (sym.kind === 'tuple') return sym.items.map((item) => int(item));
  if (sym.kind === 'sizes') return sym.items;
  return undefined;
}

function padding(layer: EmitLayer, sameAtStrideOne: boolean): string | undefined {
  const pad = layer.arg('pad');
  if (pad === undefined) return undefined;
  if (pad.kind !== 'str') return `padding=${python(pad)}`;
  const stride = layer.arg('stride');
  const strideOne = stride === undefined || python(stride) === '1';
  return sameAtStrideOne && strideOne ? `padding='same'` : `padding=${samePadding(layer)}`;
}

const FUSED: Readonly<Record<string, ModuleCall>> = {
  relu: call('nn.ReLU', 'inplace=True'),
  sigmoid: call('nn.Sigmoid'),
  tanh: call('nn.Tanh'),
  gelu: call('nn.GELU'),
  silu: call('nn.SiLU', 'inplace=True'),
  swish: call('nn.SiLU', 'inplace=True'),
  hardswish: call('nn.Hardswish', 'inplace=True'),
  hardsigmoid: call('nn.Hardsigmoid', 'inplace=True'),
  relu6: call('nn.ReLU6', 'inplace=True'),
  leakyrelu: call('nn.LeakyReLU', 'inplace=True'),
  elu: call('nn.ELU', 'inplace=True'),
};

/**
 * The fused activation as a module of its own. In place for ReLU: the layer's output is a
 * new tensor that nothing else reads.
 */
function activation(layer: EmitLayer): ModuleCall | undefined {
  const act = layer.arg('act');
  if (act === undefined || (act.kind === 'str' && act.value === 'none')) return undefined;
  const module = act.kind === 'str' ? FUSED[act.value] : undefined;
  if (!module) throw new NotExportable(`${layer.op}'s act=${python(act)} is chosen by its block's caller; write the activation in the block instead`);
  return module;
}

/** PyTorch's module for the input's rank: `nn.Conv1d` on a C×L signal, `nn.Conv2d` on a map. */
function forRank(callee: string, layer: EmitLayer): string {
  return layer.inputs[0]!.length === 2 ? callee.replace('2d', '1d') : callee;
}

/** The output of a window over a map or a signal: its channels, the lengths unknown to a class. */
function windowOutput(layer: EmitLayer, outChannels: Sym): Dims {
  return [outChannels, ...layer.inputs[0]!.slice(1).map(() => undefined)];
}

function convolution(layer: EmitLayer, inChannels: Sym, filters: Sym, groups: Sym | undefined): Emitted {
  return {
    module: call(
      forRank('nn.Conv2d', layer),
      python(inChannels),
      python(filters),
      python(layer.arg('kernel')!),
      keyword(layer, 'stride', 'stride'),
      padding(layer, true),
      keyword(layer, 'dilation', 'dilation'),
      groups && `groups=${python(groups)}`,
      keyword(layer, 'bias', 'bias'),
    ),
    activation: activation(layer),
    output: windowOutput(layer, filters),
  };
}

/** A pooling window over a map, or a signal (`nn.MaxPool1d`). */
function pool(callee: string): Emitter {
  return (layer) => ({
    module: call(
      forRank(callee, layer),
      python(layer.arg('kernel')!),
      keyword(layer, 'stride', 'stride'),
      padding(layer, false),
      keyword(layer, 'ceil', 'ceil_mode'),
    ),
    output: windowOutput(layer, channels(layer)),
  });
}

/** A global pool: C×1×1 from a map; from a C×L signal, a vector of C (the pool, then flatten). */
function globalPool(callee: string): Emitter {
  return (layer) => {
    if (layer.inputs[0]!.length === 2) {
      return { module: call('nn.Sequential', `${forRank(callee, layer)}(1)`, 'nn.Flatten()'), output: [channels(layer)] };
    }
    return { module: call(callee, '1'), output: [channels(layer), int(1), int(1)] };
  };
}

const same =
  (callee: string, ...args: string[]): Emitter =>
  (layer) => ({ module: call(callee, ...args), output: layer.inputs[0]! });

// ---------------------------------------------------------------------------------------
// Language v2's convnet ops (ConvNeXt, EfficientNet, MobileNetV3, ShuffleNetV2, RegNet,
// U-Net), on C×H×W maps and on C×L signals (`1d`). An op PyTorch 1.13 has no module for
// is a small helper class of the generated module (`helpers.ts`), so that a forward hook
// sees it too.
// ---------------------------------------------------------------------------------------

/** Two shapes broadcast as PyTorch does: at each size, the one that is not 1. */
function broadcast(a: Dims, b: Dims): Dims {
  return a.map((left, i) => {
    const right = b[i];
    if (left?.kind === 'int' && left.value === 1n) return right;
    if (right?.kind === 'int' && right.value === 1n) return left;
    return left ?? right;
  });
}

const CONVNET_EMITTERS: Readonly<Record<string, Emitter>> = {
  deconv: (layer) => {
    const filters = layer.arg('filters')!;
    return {
      // In nn.ConvTranspose2d's order of arguments (nn.ConvTranspose1d's on a signal).
      module: call(
        forRank('nn.ConvTranspose2d', layer),
        python(channels(layer)),
        python(filters),
        python(layer.arg('kernel')!),
        keyword(layer, 'stride', 'stride'),
        keyword(layer, 'pad', 'padding'),
        keyword(layer, 'outpad', 'output_padding'),
        keyword(layer, 'groups', 'groups'),
        keyword(layer, 'bias', 'bias'),
        keyword(layer, 'dilation', 'dilation'),
      ),
      activation: activation(layer),
      output: windowOutput(layer, filters),
    };
  },
  // C×S×S (or H×W) from a map; C×S from a signal, by nn.AdaptiveAvgPool1d.
  adaptiveavgpool: (layer) => {
    const size = layer.arg('size')!;
    if (layer.inputs[0]!.length === 2) return { module: call('nn.AdaptiveAvgPool1d', python(size)), output: [channels(layer), size] };
    const items = sizeItems(size);
    return { module: call('nn.AdaptiveAvgPool2d', python(size)), output: [channels(layer), items?.[0], items?.[1]] };
  },
  mul: (layer) => ({ merge: (inputs) => inputs.join(' * '), output: broadcast(layer.inputs[0]!, layer.inputs[1]!) }),
  // As torchvision's ShuffleNetV2 splits its input, `x.chunk(2, dim=1)`, keeping one part: the first size behind the batch, at any rank.
  chunk: (layer) => {
    const parts = layer.arg('parts')!;
    const index = layer.arg('index')!;
    const size = layer.inputs[0]![0];
    return {
      expression: (x) => `${x}.chunk(${python(parts)}, dim=1)[${python(index)}]`,
      output: [size && binary('//', size, parts), ...layer.inputs[0]!.slice(1)],
    };
  },
  channelshuffle: (layer) => ({ module: call('ChannelShuffle', python(layer.arg('groups')!)), helpers: ['ChannelShuffle'], output: layer.inputs[0]! }),
  droppath: (layer) => ({
    module: call('DropPath', python(layer.arg('p') ?? { kind: 'float', text: '0.1' })),
    helpers: ['DropPath'],
    output: layer.inputs[0]!,
  }),
  // A scale per channel of a map (C×1×1, as ConvNeXt's layer_scale), else per feature (the last size).
  layerscale: (layer) => {
    const input = layer.inputs[0]!;
    const features = input.length === 3 ? channels(layer) : input[input.length - 1];
    if (!features) throw new NotExportable(`layerscale's features depend on the size of its block's input, which a class cannot know`);
    const shape = input.length === 3 ? `(${python(features)}, 1, 1)` : python(features);
    return { module: call('LayerScale', shape), helpers: ['LayerScale'], output: input };
  },
};

// ---------------------------------------------------------------------------------------
// Language v2's sequences: T×D tensors (tokens, then features) and the ops that read them.
// A feature op acts on the last size, once per token, batch first as PyTorch's
// `batch_first=True`; what PyTorch 1.13 lacks is a small class or function of the
// generated file (`helpers.ts`), written once where used.

/** The ops that read a rank-2 tensor as a T×D sequence, acting on its last size (the others read C×L, channels first). */
export const FEATURE_OPS: ReadonlySet<string> = new Set([
  'dense',
  'layernorm',
  'rmsnorm',
  'layerscale',
  'attention',
  'lstm',
  'gru',
  'posembed',
  'clstoken',
  'token',
  'tokenmean',
]);

/** The size a feature op acts on: the last. */
function features(layer: EmitLayer): Sym {
  const input = layer.inputs[0]!;
  const size = input[input.length - 1];
  if (!size) throw new NotExportable(`${layer.op}'s input features depend on the size of its block's input, which a class cannot know`);
  return size;
}

function needSequence(layer: EmitLayer): readonly [Sym | undefined, Sym] {
  const input = layer.inputs[0]!;
  if (input.length !== 2) throw new NotExportable(`${layer.op} needs a T×D sequence`);
  return [input[0], features(layer)];
}

/** A true/false argument, its default when left out; undefined when a block's caller chooses it. */
function flag(layer: EmitLayer, param: string, absent: boolean): boolean | undefined {
  const value = layer.arg(param);
  if (value === undefined) return absent;
  return value.kind === 'bool' ? value.value : undefined;
}

/** `dense(tied=wte)`: the weight shared in `__init__`, after the layer is made; `parameters()` gives it once. */
function tiedWeight(layer: EmitLayer): Emitted['initAfter'] {
  const tied = layer.arg('tied');
  if (tied === undefined || (tied.kind === 'str' && tied.value === 'none')) return undefined;
  if (tied.kind !== 'str') throw new NotExportable(`dense's tied=${python(tied)} is chosen by its block's caller, which a class cannot share in __init__`);
  return (self, attributeOf) => [`${self}.weight = ${attributeOf(tied.value)}.weight`];
}

/** `dense` on T×D: `nn.Linear` on the last size, per token. */
function perToken(layer: EmitLayer): Emitted {
  const [tokens, inFeatures] = needSequence(layer);
  const units = layer.arg('units')!;
  return {
    module: call('nn.Linear', python(inFeatures), python(units), keyword(layer, 'bias', 'bias')),
    activation: activation(layer),
    initAfter: tiedWeight(layer),
    output: [tokens, units],
  };
}

/** A norm over the last size of a vector or a sequence; rmsnorm over a map's channels has no module here. */
function lastSizeNorm(layer: EmitLayer): Sym {
  if (layer.inputs[0]!.length === 3) throw new NotExportable(`${layer.op} over the channels of a C×H×W map is not exportable yet`);
  return features(layer);
}

function recurrent(callee: string): Emitter {
  return (layer) => {
    const [tokens, inFeatures] = needSequence(layer);
    const hidden = layer.arg('hidden')!;
    const bidirectional = flag(layer, 'bidirectional', false);
    return {
      module: call(
        callee,
        python(inFeatures),
        python(hidden),
        keyword(layer, 'layers', 'num_layers'),
        keyword(layer, 'bias', 'bias'),
        'batch_first=True',
        keyword(layer, 'bidirectional', 'bidirectional'),
      ),
      // The output, not the last states.
      tuple: true,
      output: [tokens, bidirectional === undefined ? undefined : bidirectional ? binary('*', int(2), hidden) : hidden],
    };
  };
}

/**
 * Self-attention: `nn.MultiheadAttention(batch_first=True)` called with its input as query,
 * key and value; where it cannot be that (fewer key and value heads, or heads not D/heads
 * wide), the generated file's `GroupedQueryAttention`, with the same projections.
 */
function attention(layer: EmitLayer): Emitted {
  const dim = features(layer);
  const heads = layer.arg('heads')!;
  const kvHeads = layer.arg('kv_heads') ?? heads;
  const headDim = layer.arg('head_dim');
  const causal = flag(layer, 'causal', false);
  if (causal === undefined) throw new NotExportable("attention's causal= is chosen by its block's caller; write it in the block instead");
  const grouped = python(kvHeads) !== python(heads) || (headDim !== undefined && python(binary('*', heads, headDim)) !== python(dim));
  if (grouped) {
    return {
      module: call(
        'GroupedQueryAttention',
        python(dim),
        python(heads),
        python(kvHeads),
        python(headDim ?? binary('//', dim, heads)),
        keyword(layer, 'bias', 'bias'),
        causal && 'causal=True',
      ),
      helpers: ['causal_mask', 'GroupedQueryAttention'],
      output: layer.inputs[0]!,
    };
  }
  return {
    module: call('nn.MultiheadAttention', python(dim), python(heads), 'batch_first=True', keyword(layer, 'bias', 'bias')),
    callArgs: (x) => [x, x, x, ...(causal ? [`attn_mask=causal_mask(${x})`] : []), 'need_weights=False'],
    tuple: true,
    helpers: causal ? ['causal_mask'] : undefined,
    output: layer.inputs[0]!,
  };
}

const SEQUENCE_EMITTERS: Readonly<Record<string, Emitter>> = {
  embedding: (layer) => ({
    module: call('nn.Embedding', python(layer.arg('vocab')!), python(layer.arg('dim')!)),
    readsIds: true,
    output: [layer.inputs[0]![0], layer.arg('dim')!],
  }),
  // The table as torchvision's ViT keeps it, a parameter added in forward; its first T rows when it has more.
  posembed: (layer) => {
    const [tokens, dim] = needSequence(layer);
    const rows = layer.arg('max') ?? tokens;
    if (!rows) throw new NotExportable("posembed's table has T rows by default, and T depends on its block's input: give max=");
    const whole = tokens !== undefined && python(rows) === python(tokens);
    return {
      parameter: `nn.Parameter(torch.empty(${python(rows)}, ${python(dim)}).normal_(std=0.02))`,
      expression: (x, self) => (whole ? `${x} + ${self}` : `${x} + ${self}[:${x}.shape[1]]`),
      usesTorch: true,
      output: layer.inputs[0]!,
    };
  },
  clstoken: (layer) => {
    const [tokens, dim] = needSequence(layer);
    return {
      parameter: `nn.Parameter(torch.zeros(1, 1, ${python(dim)}))`,
      expression: (x, self) => `torch.cat([${self}.expand(${x}.shape[0], -1, -1), ${x}], 1)`,
      usesTorch: true,
      output: [tokens && binary('+', tokens, int(1)), dim],
    };
  },
  token: (layer) => {
    const [, dim] = needSequence(layer);
    const index = python(layer.arg('index') ?? int(0));
    return { expression: (x) => `${x}[:, ${index}]`, output: [dim] };
  },
  tokenmean: (layer) => {
    const [, dim] = needSequence(layer);
    return { expression: (x) => `${x}.mean(1)`, output: [dim] };
  },
  tokens: (layer) => {
    const [c, h, w] = layer.inputs[0]!;
    return { expression: (x) => `${x}.flatten(2).transpose(1, 2)`, output: [h && w && binary('*', h, w), c] };
  },
  transpose: (layer) => {
    const [a, b] = layer.inputs[0]!;
    return { expression: (x) => `${x}.transpose(1, 2)`, output: [b, a] };
  },
  spatial: (layer) => {
    const [, dim] = needSequence(layer);
    const height = layer.arg('height')!;
    const width = layer.arg('width')!;
    return { expression: (x) => `${x}.transpose(1, 2).unflatten(2, (${python(height)}, ${python(width)}))`, output: [dim, height, width] };
  },
  layernorm: (layer) => {
    // Over a map's channels, ConvNeXt's: torchvision's LayerNorm2d, which moves the channels last and back.
    if (layer.inputs[0]!.length === 3) {
      return { module: call('LayerNorm2d', python(channels(layer)), keyword(layer, 'bias', 'bias')), helpers: ['LayerNorm2d'], output: layer.inputs[0]! };
    }
    const bias = flag(layer, 'bias', true);
    if (bias === undefined) throw new NotExportable("layernorm's bias= is chosen by its block's caller; write it in the block instead");
    return {
      module: call('nn.LayerNorm', python(lastSizeNorm(layer))),
      // PyTorch 1.13's LayerNorm has no bias=False: the shift is removed after it is made.
      initAfter: bias ? undefined : (self) => [`${self}.bias = None`],
      output: layer.inputs[0]!,
    };
  },
  rmsnorm: (layer) => ({ module: call('RMSNorm', python(lastSizeNorm(layer))), helpers: ['RMSNorm'], output: layer.inputs[0]! }),
  attention,
  lstm: recurrent('nn.LSTM'),
  gru: recurrent('nn.GRU'),
};

// ---------------------------------------------------------------------------------------

export const PYTORCH_EMITTERS: Readonly<Record<string, Emitter>> = {
  conv: (layer) => {
    const groups = layer.arg('groups');
    return convolution(layer, channels(layer), layer.arg('filters')!, groups);
  },
  dwconv: (layer) => {
    const inChannels = channels(layer);
    return convolution(layer, inChannels, binary('*', inChannels, layer.arg('multiplier') ?? int(1)), inChannels);
  },
  dense: (layer) => {
    const input = layer.inputs[0]!;
    if (input.length === 2) return perToken(layer);
    if (input.some((size) => size === undefined)) {
      throw new NotExportable(`dense's input size depends on the height and width of its block's input, which a class cannot know`);
    }
    return {
      module: call('nn.Linear', python(product(input as Sym[])), python(layer.arg('units')!), keyword(layer, 'bias', 'bias')),
      activation: activation(layer),
      flatten: input.length > 1,
      usesTorch: input.length > 1,
      initAfter: tiedWeight(layer),
      output: [layer.arg('units')!],
    };
  },
  maxpool: pool('nn.MaxPool2d'),
  avgpool: pool('nn.AvgPool2d'),
  globalavgpool: globalPool('nn.AdaptiveAvgPool2d'),
  globalmaxpool: globalPool('nn.AdaptiveMaxPool2d'),
  batchnorm: (layer) => ({
    module: call(layer.inputs[0]!.length === 3 ? 'nn.BatchNorm2d' : 'nn.BatchNorm1d', python(channels(layer))),
    output: layer.inputs[0]!,
  }),
  lrn: (layer) => {
    if (layer.inputs[0]!.length < 3) throw new NotExportable(`lrn on a vector has no PyTorch module: nn.LocalResponseNorm needs channels and a map`);
    return { module: call('nn.LocalResponseNorm', python(layer.arg('size') ?? int(5))), output: layer.inputs[0]! };
  },
  relu: same('nn.ReLU'),
  sigmoid: same('nn.Sigmoid'),
  tanh: same('nn.Tanh'),
  gelu: same('nn.GELU'),
  silu: same('nn.SiLU'),
  hardswish: same('nn.Hardswish'),
  hardsigmoid: same('nn.Hardsigmoid'),
  relu6: same('nn.ReLU6'),
  leakyrelu: same('nn.LeakyReLU'),
  elu: same('nn.ELU'),
  identity: same('nn.Identity'),
  // Over the channels of a map, or the features of a vector: dimension 1 behind the batch.
  softmax: (layer) => {
    if (layer.inputs[0]!.length === 2) throw new NotExportable('softmax on a rank-2 tensor: over its channels or its features is not said, so not exportable');
    return { module: call('nn.Softmax', 'dim=1'), output: layer.inputs[0]! };
  },
  dropout: (layer) => {
    const p = layer.arg('p');
    return { module: call('nn.Dropout', p && python(p)), output: layer.inputs[0]! };
  },
  flatten: (layer) => {
    const input = layer.inputs[0]!;
    const known = input.every((size) => size !== undefined);
    return { module: call('nn.Flatten'), output: [known ? product(input as Sym[]) : undefined] };
  },
  upsample: (layer) => {
    const scale = layer.arg('scale')!;
    const mode = layer.arg('mode');
    const bilinear = mode?.kind === 'str' && mode.value === 'bilinear';
    const [c, ...lengths] = layer.inputs[0]!;
    const factors = sizeItems(scale);
    const times = (size: Sym | undefined, factor: Sym | undefined) => (size && factor && isConstant(size) ? binary('*', size, factor) : undefined);
    return {
      module: call('nn.Upsample', `scale_factor=${python(scale)}`, mode && `mode=${python(mode)}`, bilinear && 'align_corners=False'),
      output: [c, ...lengths.map((size, i) => times(size, factors?.[i]))],
    };
  },
  add: (layer) => ({ merge: (inputs) => inputs.join(' + '), output: layer.inputs[0]! }),
  concat: (layer) => {
    const sizes = layer.inputs.map((dims) => dims[0]);
    const total = sizes.every((size) => size !== undefined) ? sum(sizes as Sym[]) : undefined;
    return { merge: (inputs) => `torch.cat([${inputs.join(', ')}], 1)`, usesTorch: true, output: [total, ...layer.inputs[0]!.slice(1)] };
  },
  ...CONVNET_EMITTERS,
  ...SEQUENCE_EMITTERS,
};

/**
 * Ops of the registry that have no emitter yet, each with the reason a user is told: none
 * since language v2's convnet and sequence ops were written. A new op goes here until its
 * emitter does.
 */
export const NOT_EXPORTABLE_YET: Readonly<Record<string, string>> = {};
