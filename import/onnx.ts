/**
 * An ONNX graph converted to an imported graph: each node mapped to its `.net` op, the
 * weights' shapes giving filters and units, small constants (a reshape's target, resize
 * scales, split sizes) read where a conversion needs them, and the nodes that only work
 * out shapes (Shape, Gather, Unsqueeze on constants…) left out as they compute no tensor.
 * A node without an equivalent is named in one message and read through, so the rest of
 * the graph is still imported.
 */
import type { Imported } from './caffe';
import { ImportError, kernelText, named, positional, sizeText, TensorIds, type Arg, type Layer } from './graph';
import { readOnnx, tensorValues, type ByteSource, type OnnxModel, type OnnxNode } from './onnx-reader';

export { bytesSource, looksLikeOnnx, type ByteSource } from './onnx-reader';

type Converted = { op: string; args: Arg[]; merge?: boolean; reads?: string[]; name?: string } | { leftOut: string } | { through: true };

const ACTIVATIONS: Record<string, string> = {
  Relu: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  LeakyRelu: 'leakyrelu',
  Elu: 'elu',
  HardSigmoid: 'hardsigmoid',
  HardSwish: 'hardswish',
  Gelu: 'gelu',
};

interface Context {
  readonly model: OnnxModel;
  readonly source: ByteSource;
  /** Names of tensors that hold no data of the network: weights, constants, shape computations. */
  readonly constants: Map<string, number[] | undefined>;
  /** The known dims of a tensor, from initialisers and value_info. */
  dims(name: string): (number | undefined)[] | undefined;
  /** Each tensor's readers. */
  readonly readers: Map<string, OnnxNode[]>;
  readonly producers: Map<string, OnnxNode>;
  /** The rank of the network's input (batch included): a tensor's where no shape says otherwise. */
  inputRank: number;
}

function ints(node: OnnxNode, name: string): number[] | undefined {
  const attribute = node.attributes.get(name);
  return attribute && attribute.ints.length > 0 ? attribute.ints : undefined;
}

function int(node: OnnxNode, name: string, fallback: number): number {
  return node.attributes.get(name)?.i ?? fallback;
}

/** A window's pads as `.net` writes them: symmetric only, `[top, left, bottom, right]`. */
function symmetricPads(node: OnnxNode, rank: number): number[] | string {
  const autoPad = node.attributes.get('auto_pad')?.s;
  if (autoPad && autoPad !== 'NOTSET' && autoPad !== 'VALID') return `auto_pad ${autoPad} has no .net equivalent; export with explicit pads`;
  const pads = ints(node, 'pads') ?? new Array<number>(rank * 2).fill(0);
  const begin = pads.slice(0, rank);
  const end = pads.slice(rank);
  if (begin.some((pad, i) => pad !== end[i])) return `its padding [${pads.join(', ')}] is not the same on both sides, which .net cannot write`;
  return begin;
}

function windowArgs(node: OnnxNode, kernel: number[], stridesDefault: 'one' | 'kernel'): Arg[] | string {
  const rank = kernel.length;
  const strides = ints(node, 'strides') ?? new Array<number>(rank).fill(1);
  const pads = symmetricPads(node, rank);
  if (typeof pads === 'string') return pads;
  const dilations = ints(node, 'dilations') ?? new Array<number>(rank).fill(1);
  const pair = (values: number[]) => (values.length === 1 ? String(values[0]) : sizeText(values[0]!, values[1]!));
  const args: Arg[] = [];
  if (stridesDefault === 'one' ? strides.some((s) => s !== 1) : strides.some((s, i) => s !== kernel[i])) args.push(named('stride', pair(strides)));
  if (pads.some((p) => p !== 0)) args.push(named('pad', pair(pads)));
  if (dilations.some((d) => d !== 1)) args.push(named('dilation', pair(dilations)));
  return args;
}

function kernelOf(kernel: number[]): string {
  return kernel.length === 1 ? String(kernel[0]) : kernelText(kernel[0]!, kernel[1]!);
}

/** The name a weight gives its layer: `layer1.0.conv1.weight` → `layer1.0.conv1`. */
function weightName(input: string | undefined): string | undefined {
  if (!input) return undefined;
  const match = /^(.*)\.(weight|bias|running_mean|running_var)$/.exec(input);
  return match ? match[1] : undefined;
}

function convertNode(node: OnnxNode, context: Context): Converted {
  const { opType } = node;
  const activation = ACTIVATIONS[opType];
  if (activation) return { op: activation, args: [] };
  switch (opType) {
    case 'Conv':
    case 'ConvTranspose': {
      const weight = context.dims(node.inputs[1]!);
      if (!weight || weight.some((d) => d === undefined) || weight.length < 3) return { leftOut: "its weight's shape is not known" };
      const w = weight as number[];
      const kernel = ints(node, 'kernel_shape') ?? w.slice(2);
      if (kernel.length > 2) return { leftOut: `a ${kernel.length}-D convolution has no .net equivalent` };
      const groups = int(node, 'group', 1);
      const window = windowArgs(node, kernel, 'one');
      if (typeof window === 'string') return { leftOut: window };
      const bias = node.inputs[2] ? [] : [named('bias', 'false')];
      const name = weightName(node.inputs[1]);
      if (opType === 'ConvTranspose') {
        if (ints(node, 'output_shape')) return { leftOut: 'output_shape on a ConvTranspose has no .net equivalent (use pads and output_padding)' };
        const outpad = ints(node, 'output_padding');
        const extra =
          outpad && outpad.some((p) => p !== 0) ? [named('outpad', outpad.length === 1 ? String(outpad[0]) : sizeText(outpad[0]!, outpad[1]!))] : [];
        const groupArgs = groups === 1 ? [] : [named('groups', groups)];
        return {
          op: 'deconv',
          args: [positional('filters', w[1]! * groups), positional('kernel', kernelOf(kernel)), ...window, ...extra, ...groupArgs, ...bias],
          name,
        };
      }
      // A depthwise convolution (one input channel per group) reads as MobileNet writes it.
      if (groups > 1 && w[1] === 1) {
        const multiplier = w[0]! / groups;
        return {
          op: 'dwconv',
          args: [positional('kernel', kernelOf(kernel)), ...(multiplier === 1 ? [] : [named('multiplier', multiplier)]), ...window, ...bias],
          name,
        };
      }
      return {
        op: 'conv',
        args: [positional('filters', w[0]!), positional('kernel', kernelOf(kernel)), ...window, ...(groups === 1 ? [] : [named('groups', groups)]), ...bias],
        name,
      };
    }
    case 'Gemm': {
      const weight = context.dims(node.inputs[1]!);
      if (!weight || weight.length !== 2 || weight.some((d) => d === undefined)) return { leftOut: "its weight's shape is not known" };
      if (int(node, 'transA', 0) !== 0) return { leftOut: 'a Gemm with transA has no .net equivalent' };
      if (!context.constants.has(node.inputs[1]!)) return { leftOut: 'a Gemm of two computed tensors has no .net equivalent' };
      const units = int(node, 'transB', 0) ? weight[0]! : weight[1]!;
      return { op: 'dense', args: [positional('units', units), ...(node.inputs[2] ? [] : [named('bias', 'false')])], name: weightName(node.inputs[1]) };
    }
    case 'MatMul': {
      const weight = context.dims(node.inputs[1]!);
      if (!context.constants.has(node.inputs[1]!) || !weight || weight.length !== 2 || weight[1] === undefined) {
        return { leftOut: 'a MatMul of two computed tensors has no .net equivalent' };
      }
      const bias = biasAdd(node, context);
      return { op: 'dense', args: [positional('units', weight[1]), ...(bias ? [] : [named('bias', 'false')])], name: weightName(node.inputs[1]) };
    }
    case 'BatchNormalization':
      return { op: 'batchnorm', args: [], name: weightName(node.inputs[1]) };
    case 'LayerNormalization':
      return { op: 'layernorm', args: node.inputs[2] ? [] : [named('bias', 'false')], name: weightName(node.inputs[1]) };
    case 'Clip': {
      const low = node.inputs[1] ? context.constants.get(node.inputs[1])?.[0] : node.attributes.get('min')?.f;
      const high = node.inputs[2] ? context.constants.get(node.inputs[2])?.[0] : node.attributes.get('max')?.f;
      if (low === 0 && high === 6) return { op: 'relu6', args: [] };
      if (low === 0 && high === undefined) return { op: 'relu', args: [] };
      return { leftOut: `a Clip from ${low ?? '-inf'} to ${high ?? 'inf'} has no .net equivalent (relu6 clips from 0 to 6)` };
    }
    case 'Softmax':
      return { op: 'softmax', args: [] };
    case 'Dropout': {
      const ratio = node.inputs[1] ? context.constants.get(node.inputs[1])?.[0] : node.attributes.get('ratio')?.f;
      const p = ratio === undefined ? 0.5 : Number(ratio.toPrecision(6));
      return { op: 'dropout', args: p === 0.5 ? [] : [positional('p', p)] };
    }
    case 'Identity':
      return { through: true };
    case 'Pad': {
      const pads = node.inputs[1] ? context.constants.get(node.inputs[1]) : ints(node, 'pads');
      return pads && pads.every((pad) => pad === 0)
        ? { through: true }
        : { leftOut: 'a Pad that adds padding has no .net equivalent (pad a conv or a pool instead)' };
    }
    case 'MaxPool':
    case 'AveragePool': {
      const kernel = ints(node, 'kernel_shape');
      if (!kernel || kernel.length > 2) return { leftOut: 'a pool without a 1-D or 2-D kernel_shape has no .net equivalent' };
      if (opType === 'MaxPool' && (ints(node, 'dilations') ?? []).some((d) => d !== 1)) return { leftOut: 'a dilated MaxPool has no .net equivalent' };
      const window = windowArgs(node, kernel, 'kernel');
      if (typeof window === 'string') return { leftOut: window };
      // ONNX's stride defaults to 1, .net's to the kernel.
      const strides = ints(node, 'strides') ?? kernel.map(() => 1);
      const stride =
        strides.some((s, i) => s !== kernel[i]) && !window.some((arg) => arg.key === 'stride')
          ? [named('stride', strides.length === 1 ? String(strides[0]) : sizeText(strides[0]!, strides[1]!))]
          : [];
      const ceil = int(node, 'ceil_mode', 0) ? [named('ceil', 'true')] : [];
      return { op: opType === 'MaxPool' ? 'maxpool' : 'avgpool', args: [positional('kernel', kernelOf(kernel)), ...stride, ...window, ...ceil] };
    }
    case 'GlobalAveragePool':
      return { op: 'globalavgpool', args: [] };
    case 'GlobalMaxPool':
      return { op: 'globalmaxpool', args: [] };
    case 'ReduceMean': {
      const axes = ints(node, 'axes') ?? (node.inputs[1] ? context.constants.get(node.inputs[1]) : undefined);
      const rank = context.dims(node.inputs[0]!)?.length ?? context.inputRank;
      const normal = (axes ?? []).map((axis) => (axis < 0 ? axis + rank : axis)).sort();
      if (rank === 4 && normal.join() === '2,3' && int(node, 'keepdims', 1) === 1) return { op: 'globalavgpool', args: [] };
      // Over a signal's length: a vector of channels, as .net's globalavgpool makes from a signal (kept as N×C×1, a flatten follows).
      if (rank === 3 && normal.join() === '2') return { op: 'globalavgpool', args: [] };
      return { leftOut: `a ReduceMean over axes [${(axes ?? []).join(', ')}] has no .net equivalent` };
    }
    case 'Flatten':
      return int(node, 'axis', 1) === 1 ? { op: 'flatten', args: [] } : { leftOut: `a Flatten at axis ${int(node, 'axis', 1)} has no .net equivalent` };
    case 'Reshape':
    case 'Squeeze': {
      // To a vector per sample: flatten.
      const out = context.dims(node.outputs[0]!);
      const target = opType === 'Reshape' && node.inputs[1] ? context.constants.get(node.inputs[1]) : undefined;
      if ((out && out.length === 2) || (target && target.length === 2 && (target[1] === -1 || target[0] === -1 || target[0] === 0 || target[0] === 1))) {
        return { op: 'flatten', args: [] };
      }
      if (opType === 'Squeeze') return { leftOut: 'a Squeeze that does not make a vector has no .net equivalent' };
      return { leftOut: `a Reshape to ${target ? `[${target.join(', ')}]` : 'a computed shape'} has no .net equivalent (flatten makes a vector)` };
    }
    case 'Add':
    case 'Mul': {
      const computed = node.inputs.filter((input) => !context.constants.has(input));
      if (computed.length === 2) return { op: opType === 'Add' ? 'add' : 'mul', args: [], merge: true };
      return { leftOut: `${opType === 'Add' ? 'adding' : 'multiplying by'} a constant has no .net equivalent` };
    }
    case 'Concat': {
      const axis = int(node, 'axis', 1);
      const rank = context.dims(node.outputs[0]!)?.length ?? 4;
      if (axis !== 1 && axis + rank !== 1) return { leftOut: `a Concat along axis ${axis} has no .net equivalent (concat joins channels, axis 1)` };
      const reads = node.inputs.filter((input) => !context.constants.has(input));
      return reads.length === 1 ? { through: true } : { op: 'concat', args: [], merge: true, reads };
    }
    case 'LRN':
      return { op: 'lrn', args: int(node, 'size', 5) === 5 ? [] : [positional('size', int(node, 'size', 5))] };
    case 'Resize':
    case 'Upsample': {
      const mode = node.attributes.get('mode')?.s ?? 'nearest';
      if (mode !== 'nearest' && mode !== 'linear' && mode !== 'bilinear') return { leftOut: `${mode} resizing has no .net equivalent` };
      const scalesName = opType === 'Upsample' ? node.inputs[1] : node.inputs[2];
      let scales = scalesName ? context.constants.get(scalesName) : undefined;
      if (!scales || scales.length === 0) {
        const input = context.dims(node.inputs[0]!);
        const sizes = node.inputs[3] ? context.constants.get(node.inputs[3]) : context.dims(node.outputs[0]!);
        if (input && sizes && input.length === sizes.length && input.every((d) => d !== undefined)) scales = sizes.map((size, i) => (size ?? 0) / input[i]!);
      }
      if (!scales || scales.length < 3 || scales.slice(2).some((s) => !Number.isInteger(s) || s < 1))
        return { leftOut: 'a resize by other than whole scale factors has no .net equivalent' };
      const factor = scales.length === 3 ? String(scales[2]) : sizeText(scales[2]!, scales[3]!);
      return { op: 'upsample', args: [positional('scale', factor), ...(mode === 'nearest' ? [] : [named('mode', 'bilinear')])] };
    }
    default:
      return { leftOut: 'no .net equivalent' };
  }
}

/** The Add that adds a constant vector to a MatMul's output: a dense layer's bias. */
function biasAdd(node: OnnxNode, context: Context): OnnxNode | undefined {
  const readers = context.readers.get(node.outputs[0]!) ?? [];
  if (readers.length !== 1 || readers[0]!.opType !== 'Add') return undefined;
  const add = readers[0]!;
  const other = add.inputs.find((input) => input !== node.outputs[0]);
  return other !== undefined && context.constants.has(other) && (context.dims(other)?.length ?? 0) <= 1 ? add : undefined;
}

/** An activation that an export writes as several nodes: the op, the tensor it reads, and the nodes before the last that it absorbs. */
interface Fused {
  readonly op: string;
  readonly input: string;
  readonly absorbed: readonly OnnxNode[];
}

/**
 * The activations exports write as several nodes, found by their last node: `x * sigmoid(x)`
 * (SiLU), `x * hardsigmoid(x)` with PyTorch's 1/6 and 0.5 (Hardswish before opset 14), and
 * `x * (erf(x / √2) + 1) * 0.5` (GELU, as torch 1.13 exports it). Each inner node must have
 * that one reader, so that nothing else needs the tensors it makes.
 */
function findFused(
  nodes: readonly OnnxNode[],
  producers: Map<string, OnnxNode>,
  readers: Map<string, OnnxNode[]>,
  isConstant: (name: string) => boolean,
): Map<OnnxNode, Fused> {
  const fused = new Map<OnnxNode, Fused>();
  const only = (name: string, opType: string): OnnxNode | undefined => {
    const node = producers.get(name);
    return node?.opType === opType && (readers.get(name) ?? []).length === 1 ? node : undefined;
  };
  const computedAndConstant = (node: OnnxNode): [string, string] | undefined => {
    if (node.inputs.length !== 2) return undefined;
    const [a, b] = node.inputs as [string, string];
    return isConstant(b) && !isConstant(a) ? [a, b] : isConstant(a) && !isConstant(b) ? [b, a] : undefined;
  };
  for (const node of nodes) {
    if (node.opType !== 'Mul' || node.inputs.length !== 2) continue;
    for (const [x, other] of [node.inputs, [...node.inputs].reverse()] as [string, string][]) {
      const sigmoid = only(other, 'Sigmoid');
      if (sigmoid && sigmoid.inputs[0] === x) {
        fused.set(node, { op: 'silu', input: x, absorbed: [sigmoid] });
        break;
      }
      const hard = only(other, 'HardSigmoid');
      const alpha = hard?.attributes.get('alpha')?.f ?? 0.2;
      const beta = hard?.attributes.get('beta')?.f ?? 0.5;
      if (hard && hard.inputs[0] === x && Math.abs(alpha - 1 / 6) < 1e-6 && beta === 0.5) {
        fused.set(node, { op: 'hardswish', input: x, absorbed: [hard] });
        break;
      }
    }
    if (fused.has(node)) continue;
    // GELU: the Mul by 0.5 last, reading the Mul of x by erf(x / √2) + 1.
    const half = computedAndConstant(node);
    const product = half && only(half[0], 'Mul');
    if (!product || product.inputs.length !== 2) continue;
    for (const [x, other] of [product.inputs, [...product.inputs].reverse()] as [string, string][]) {
      const plusOne = only(other, 'Add');
      const sum = plusOne && computedAndConstant(plusOne);
      const erf = sum && only(sum[0], 'Erf');
      const divide = erf && only(erf.inputs[0]!, 'Div');
      if (plusOne && erf && divide && divide.inputs[0] === x && isConstant(divide.inputs[1] ?? '')) {
        fused.set(node, { op: 'gelu', input: x, absorbed: [divide, erf, plusOne, product] });
        break;
      }
    }
  }
  return fused;
}

export function importOnnx(source: ByteSource, fileName: string): Imported {
  const model = readOnnx(source);
  const producers = new Map<string, OnnxNode>();
  const readers = new Map<string, OnnxNode[]>();
  for (const node of model.nodes) {
    for (const output of node.outputs) producers.set(output, node);
    for (const input of node.inputs) {
      const list = readers.get(input);
      if (list) list.push(node);
      else readers.set(input, [node]);
    }
  }
  const constants = new Map<string, number[] | undefined>();
  for (const [name, tensor] of model.initializers) constants.set(name, tensorValues(tensor, source));
  const inputDims = new Map(model.inputs.map((info) => [info.name, info.dims]));
  const context: Context = {
    inputRank: 4,
    model,
    source,
    constants,
    readers,
    producers,
    dims: (name) =>
      model.initializers.get(name)?.dims ?? model.valueInfo.get(name)?.dims ?? inputDims.get(name) ?? model.outputs.find((o) => o.name === name)?.dims,
  };
  // A graph input that no node reads as its first input is a weight (an export without its initialisers).
  const dataInputs = model.inputs.filter(
    (info) => !model.initializers.has(info.name) && (readers.get(info.name) ?? []).some((node) => node.inputs[0] === info.name),
  );
  for (const info of model.inputs) if (!model.initializers.has(info.name) && !dataInputs.includes(info)) constants.set(info.name, undefined);
  const input = dataInputs[0];
  if (!input) throw new ImportError(`${fileName}: the graph has no input that a node reads`);
  context.inputRank = input.dims?.length ?? 4;
  const shape = input.dims;
  if (!shape || shape.length < 2 || shape.slice(1).some((d) => d === undefined || d < 1)) {
    throw new ImportError(
      `${fileName}: input '${input.name}' has the shape [${(shape ?? []).map((d) => d ?? '?').join(', ')}]: its sizes after the batch must be known`,
    );
  }

  /** A graph output's name names the node that makes it, where the node has no name. */
  const graphOutputs = new Set(model.outputs.map((info) => info.name));
  const isConstant = (name: string) => model.initializers.has(name) || producers.get(name)?.opType === 'Constant';
  const fused = findFused(model.nodes, producers, readers, isConstant);
  const absorbed = new Set<OnnxNode>([...fused.values()].flatMap((f) => f.absorbed));
  const ids = new TensorIds();
  const tensors = new Map<string, number>([[input.name, 0]]);
  const layers: Layer[] = [];
  const leftOut: string[] = [];
  const unplaced = new Set<string>();
  const notes: string[] = [];
  model.nodes.forEach((node, index) => {
    const where = `node ${index + 1}${node.name ? ` '${node.name}'` : ''} (${node.opType})`;
    if (absorbed.has(node)) return;
    // A Constant makes a constant; so does a node that reads only constants (shape arithmetic).
    if (node.opType === 'Constant') {
      const value = node.attributes.get('value')?.t;
      for (const output of node.outputs) constants.set(output, value ? tensorValues(value, source) : undefined);
      return;
    }
    const activation = fused.get(node);
    const computed = activation ? [activation.input] : node.inputs.filter((name) => name !== '' && !constants.has(name));
    if (computed.length === 0 || node.opType === 'Shape') {
      for (const output of node.outputs) constants.set(output, undefined);
      return;
    }
    const missing = computed.find((name) => !tensors.has(name));
    if (missing !== undefined) {
      // Said once, at the first node that cannot be placed; those after it follow from it.
      if (!unplaced.has(missing)) leftOut.push(`${where}: it reads '${missing}', which no imported node makes`);
      for (const output of node.outputs) unplaced.add(output);
      return;
    }
    if (node.domain !== '' && node.domain !== 'ai.onnx') {
      leftOut.push(`${where}: ops of the domain '${node.domain}' have no .net equivalent`);
      for (const output of node.outputs) tensors.set(output, tensors.get(computed[0]!)!);
      return;
    }
    let converted: Converted = activation ? { op: activation.op, args: [] } : convertNode(node, context);
    if (
      'op' in converted &&
      converted.op === 'flatten' &&
      layers.length > 0 &&
      layers[layers.length - 1]!.op === 'flatten' &&
      layers[layers.length - 1]!.output === tensors.get(computed[0]!)
    ) {
      converted = { through: true };
    }
    if ('through' in converted || 'leftOut' in converted) {
      if ('leftOut' in converted) leftOut.push(`${where}: ${converted.leftOut}`);
      for (const output of node.outputs) tensors.set(output, tensors.get(computed[0]!)!);
      return;
    }
    const reads = activation ? computed : converted.merge ? (converted.reads ?? computed) : [computed[0]!];
    const output = ids.fresh();
    layers.push({
      name: converted.name ?? (node.name || (graphOutputs.has(node.outputs[0]!) ? node.outputs[0]! : node.opType)),
      op: converted.op,
      args: converted.args,
      inputs: reads.map((name) => tensors.get(name)!),
      output,
      merge: converted.merge,
      origin: where,
    });
    for (const out of node.outputs.slice(0, 1)) tensors.set(out, output);
    // A MatMul's bias Add is part of its dense layer.
    if (node.opType === 'MatMul') {
      const add = biasAdd(node, context);
      if (add) {
        absorbed.add(add);
        tensors.set(add.outputs[0]!, output);
      }
    }
  });
  if (layers.length === 0) throw new ImportError(`${fileName}: no node could be imported`);
  const title =
    model.graphName && model.graphName !== 'torch_jit' && model.graphName !== 'main_graph'
      ? model.graphName
      : fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  notes.push(
    `Imported by netlint from ${fileName.replace(/^.*[\\/]/, '')} (ONNX${model.opset ? `, opset ${model.opset}` : ''}${model.producer ? `, made by ${model.producer}` : ''}): ${model.nodes.length} nodes, ${layers.length} layers.`,
  );
  for (const message of leftOut) notes.push(`Left out: ${message}`);
  const outputs: number[] = [];
  for (const info of model.outputs) {
    const tensor = tensors.get(info.name);
    if (tensor !== undefined && tensor !== 0 && !outputs.includes(tensor)) outputs.push(tensor);
  }
  return { graph: { title, input: { name: input.name, shape: shape.slice(1) as number[], tensor: 0 }, layers, outputs, notes }, leftOut };
}
