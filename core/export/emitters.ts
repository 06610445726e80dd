/**
 * How each op is written in PyTorch: one entry per op of the registry (`OPS`), or an entry
 * in `NOT_EXPORTABLE_YET` with the reason. A test fails when an op is in neither, so a new
 * op cannot be exported half-written. An emitter reads the arguments as written (a
 * block's parameters are variables of its class) and its inputs' sizes, and gives the
 * module to build, or the expression of a merge, and its output's sizes.
 */
import { binary, int, isConstant, product, python, sum, type Dims, type Sym } from './python';

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
  /** A merge's expression, from the variables of its inputs. */
  readonly merge?: (inputs: readonly string[]) => string;
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
  const items = (sym: Sym): bigint[] | undefined => (sym.kind === 'int' ? [sym.value, sym.value] : sym.kind === 'tuple' ? [...sym.items] : undefined);
  const k = items(kernel);
  const d = items(dilation);
  if (!k || !d) throw new NotExportable(`${layer.op}'s pad=same, with a kernel or dilation given by its block, has no PyTorch spelling here`);
  return python({ kind: 'tuple', items: [0, 1].map((i) => (d[i]! * (k[i]! - 1n)) / 2n) });
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
    const factors = scale.kind === 'int' ? [scale, scale] : scale.kind === 'tuple' ? scale.items.map((item) => int(item)) : undefined;
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
};

/** Ops of the registry that have no emitter yet, each with the reason a user is told. */
export const NOT_EXPORTABLE_YET: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'deconv',
    'adaptiveavgpool',
    'embedding',
    'attention',
    'posembed',
    'clstoken',
    'token',
    'tokenmean',
    'tokens',
    'transpose',
    'spatial',
    'layernorm',
    'rmsnorm',
    'layerscale',
    'lstm',
    'gru',
    'mul',
    'chunk',
    'channelshuffle',
    'droppath',
  ].map((op) => [op, 'a language v2 op, whose PyTorch code is not written yet']),
);
