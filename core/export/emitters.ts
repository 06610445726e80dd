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
  /** The sizes of each input: the first is channels (or features); unknown where it depends on a block's use. */
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
  /** A merge's expression, from the variables of its inputs; for another op written in `forward` (chunk), of its one input. */
  readonly merge?: (inputs: readonly string[]) => string;
  /** The helper class the module is (`helpers.ts`), written once before the classes. */
  readonly helper?: HelperName;
  /** The fused activation (`act=`), a module of its own after the layer. */
  readonly activation?: ModuleCall;
  /** The layer reads a C×H×W map as a vector: `torch.flatten(x, 1)` comes first. */
  readonly flatten?: boolean;
  /** Whether the code uses `torch.` (for the imports). */
  readonly usesTorch?: boolean;
  readonly output: Dims;
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

function convolution(layer: EmitLayer, inChannels: Sym, filters: Sym, groups: Sym | undefined): Emitted {
  return {
    module: call(
      'nn.Conv2d',
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
    output: [filters, undefined, undefined],
  };
}

/** A pooling window: the output's size is known when the input's is and the arguments are numbers. */
function pool(callee: string): Emitter {
  return (layer) => ({
    module: call(callee, python(layer.arg('kernel')!), keyword(layer, 'stride', 'stride'), padding(layer, false), keyword(layer, 'ceil', 'ceil_mode')),
    output: [channels(layer), undefined, undefined],
  });
}

const same =
  (callee: string, ...args: string[]): Emitter =>
  (layer) => ({ module: call(callee, ...args), output: layer.inputs[0]! });

// ---------------------------------------------------------------------------------------
// Language v2's convnet ops on C×H×W maps (ConvNeXt, EfficientNet, MobileNetV3,
// ShuffleNetV2, RegNet, U-Net). An op PyTorch 1.13 has no module for is a small helper
// class of the generated module (`helpers.ts`), so that a forward hook sees it too.
// ---------------------------------------------------------------------------------------

/** The sizes of a C×H×W map, refused otherwise: these ops are written for maps here. */
function mapSizes(layer: EmitLayer): Dims {
  const input = layer.inputs[0]!;
  if (input.length !== 3) throw new NotExportable(`${layer.op} on a ${input.length === 1 ? 'vector' : 'rank-2 tensor'} is not exportable yet`);
  return input;
}

/** Two shapes broadcast as PyTorch does: at each size, the one that is not 1. */
function broadcast(a: Dims, b: Dims): Dims {
  return a.map((left, i) => {
    const right = b[i];
    if (left?.kind === 'int' && left.value === 1n) return right;
    if (right?.kind === 'int' && right.value === 1n) return left;
    return left ?? right;
  });
}

/** ConvNeXt's channel norm: torchvision's LayerNorm2d, which moves the channels last and back. */
function layerNormOverChannels(layer: EmitLayer): Emitted {
  const input = mapSizes(layer);
  return { module: call('LayerNorm2d', python(channels(layer)), keyword(layer, 'bias', 'bias')), helper: 'LayerNorm2d', output: input };
}

const CONVNET_EMITTERS: Readonly<Record<string, Emitter>> = {
  deconv: (layer) => {
    const filters = layer.arg('filters')!;
    return {
      // In nn.ConvTranspose2d's order of arguments.
      module: call(
        'nn.ConvTranspose2d',
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
      output: [filters, undefined, undefined],
    };
  },
  adaptiveavgpool: (layer) => {
    mapSizes(layer);
    const size = layer.arg('size')!;
    const items = sizeItems(size);
    return { module: call('nn.AdaptiveAvgPool2d', python(size)), output: [channels(layer), items?.[0], items?.[1]] };
  },
  mul: (layer) => ({ merge: (inputs) => inputs.join(' * '), output: broadcast(layer.inputs[0]!, layer.inputs[1]!) }),
  // As torchvision's ShuffleNetV2 splits its input, `x.chunk(2, dim=1)`, keeping one part.
  chunk: (layer) => {
    const parts = layer.arg('parts')!;
    const index = layer.arg('index')!;
    const size = layer.inputs[0]![0];
    return {
      merge: ([input]) => `${input}.chunk(${python(parts)}, dim=1)[${python(index)}]`,
      output: [size && binary('//', size, parts), ...layer.inputs[0]!.slice(1)],
    };
  },
  channelshuffle: (layer) => ({ module: call('ChannelShuffle', python(layer.arg('groups')!)), helper: 'ChannelShuffle', output: layer.inputs[0]! }),
  droppath: (layer) => ({
    module: call('DropPath', python(layer.arg('p') ?? { kind: 'float', text: '0.1' })),
    helper: 'DropPath',
    output: layer.inputs[0]!,
  }),
  // A scale per channel of a map (C×1×1, as ConvNeXt's layer_scale), else per feature (the last size).
  layerscale: (layer) => {
    const input = layer.inputs[0]!;
    const features = input.length === 3 ? channels(layer) : input[input.length - 1];
    if (!features) throw new NotExportable(`layerscale's features depend on the size of its block's input, which a class cannot know`);
    const shape = input.length === 3 ? `(${python(features)}, 1, 1)` : python(features);
    return { module: call('LayerScale', shape), helper: 'LayerScale', output: input };
  },
  layernorm: layerNormOverChannels,
};

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
    if (input.some((size) => size === undefined)) {
      throw new NotExportable(`dense's input size depends on the height and width of its block's input, which a class cannot know`);
    }
    return {
      module: call('nn.Linear', python(product(input as Sym[])), python(layer.arg('units')!), keyword(layer, 'bias', 'bias')),
      activation: activation(layer),
      flatten: input.length > 1,
      usesTorch: input.length > 1,
      output: [layer.arg('units')!],
    };
  },
  maxpool: pool('nn.MaxPool2d'),
  avgpool: pool('nn.AvgPool2d'),
  globalavgpool: (layer) => ({ module: call('nn.AdaptiveAvgPool2d', '1'), output: [channels(layer), int(1), int(1)] }),
  globalmaxpool: (layer) => ({ module: call('nn.AdaptiveMaxPool2d', '1'), output: [channels(layer), int(1), int(1)] }),
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
  softmax: same('nn.Softmax', 'dim=1'),
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
    const [c, h, w] = layer.inputs[0]!;
    const factors = sizeItems(scale);
    const times = (size: Sym | undefined, factor: Sym | undefined) => (size && factor && isConstant(size) ? binary('*', size, factor) : undefined);
    return {
      module: call('nn.Upsample', `scale_factor=${python(scale)}`, mode && `mode=${python(mode)}`, bilinear && 'align_corners=False'),
      output: [c, times(h, factors?.[0]), times(w, factors?.[1])],
    };
  },
  add: (layer) => ({ merge: (inputs) => inputs.join(' + '), output: layer.inputs[0]! }),
  concat: (layer) => {
    const sizes = layer.inputs.map((dims) => dims[0]);
    const total = sizes.every((size) => size !== undefined) ? sum(sizes as Sym[]) : undefined;
    return { merge: (inputs) => `torch.cat([${inputs.join(', ')}], 1)`, usesTorch: true, output: [total, ...layer.inputs[0]!.slice(1)] };
  },
  ...CONVNET_EMITTERS,
};

/** Ops of the registry that have no emitter yet, each with the reason a user is told. */
export const NOT_EXPORTABLE_YET: Readonly<Record<string, string>> = Object.fromEntries(
  ['embedding', 'attention', 'posembed', 'clstoken', 'token', 'tokenmean', 'tokens', 'transpose', 'spatial', 'rmsnorm', 'lstm', 'gru'].map((op) => [
    op,
    'a language v2 op, whose PyTorch code is not written yet',
  ]),
);
