/**
 * A Caffe `.prototxt` read into an imported graph: the layers of the deploy (TEST) phase in
 * their order, each blob's latest writer found by name (Caffe's in-place layers write the
 * blob they read), and each layer type mapped to its `.net` op.
 */
import { ImportError, kernelText, named, positional, sizeText, TensorIds, type Arg, type Graph, type Layer } from './graph';
import { fieldsOf, messageOf, parsePrototxt, scalarOf, scalarsOf, type Message } from './prototxt';

/** What an importer reports beside the graph: each layer or node it could not bring in. */
export interface Imported {
  readonly graph: Graph;
  readonly leftOut: readonly string[];
}

const INPUT_TYPES = new Set(['input', 'data', 'dummydata', 'imagedata', 'memorydata', 'windowdata', 'hdf5data', 'annotateddata', 'python']);
/** Training-only layers: a deploy network has none, and they change no count. */
const TRAINING_TYPES = new Set(['accuracy', 'silence']);

const typeKeys = new Map<string, string>();

/** A layer type as the switch knows it: `InnerProduct`, `INNER_PRODUCT` → `innerproduct` (cached: a network repeats a few types). */
function typeKey(type: string): string {
  let key = typeKeys.get(type);
  if (key === undefined) {
    key = type.toLowerCase().replace(/_/g, '');
    if (typeKeys.size < 1000) typeKeys.set(type, key);
  }
  return key;
}

function int(text: string | undefined, fallback: number, where: string, field: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new ImportError(`${where}: ${field} must be a whole number, not '${text}'`);
  return value;
}

/** The fields that give a window's size: `NAME: k` (once or per side), or `NAME_h` and `NAME_w`. */
const PAIR_FIELDS = {
  kernel: ['kernel_size', 'kernel_h', 'kernel_w'],
  stride: ['stride', 'stride_h', 'stride_w'],
  pad: ['pad', 'pad_h', 'pad_w'],
} as const;

function pairField(params: Message | undefined, name: keyof typeof PAIR_FIELDS, fallback: number, where: string): [number, number] {
  const [both, hName, wName] = PAIR_FIELDS[name];
  let first: string | undefined;
  let second: string | undefined;
  let h: string | undefined;
  let w: string | undefined;
  for (const field of params?.fields ?? []) {
    if (typeof field.value !== 'string') continue;
    if (field.name === both) {
      if (first === undefined) first = field.value;
      else if (second === undefined) second = field.value;
    } else if (field.name === hName) h ??= field.value;
    else if (field.name === wName) w ??= field.value;
  }
  return [int(h ?? first, fallback, where, name), int(w ?? second ?? first, fallback, where, name)];
}

function phaseOf(layer: Message): 'train' | 'test' | undefined {
  const included = scalarOf(messageOf(layer, 'include'), 'phase');
  if (included === 'TRAIN' || included === '0') return 'train';
  const excluded = scalarOf(messageOf(layer, 'exclude'), 'phase');
  if (excluded === 'TEST' || excluded === '1') return 'train';
  return included === 'TEST' || included === '1' ? 'test' : undefined;
}

function inputShape(layer: Message, where: string): number[] | undefined {
  const shape = messageOf(messageOf(layer, 'input_param'), 'shape') ?? messageOf(messageOf(layer, 'dummy_data_param'), 'shape');
  if (shape) return scalarsOf(shape, 'dim').map((dim) => int(dim, 0, where, 'dim'));
  const memory = messageOf(layer, 'memory_data_param');
  if (memory) return ['batch_size', 'channels', 'height', 'width'].map((field) => int(scalarOf(memory, field), 1, where, field));
  const crop = scalarOf(messageOf(layer, 'transform_param'), 'crop_size');
  if (crop !== undefined) return [1, 3, int(crop, 0, where, 'crop_size'), int(crop, 0, where, 'crop_size')];
  return undefined;
}

export function importCaffe(text: string, fileName: string): Imported {
  const root = parsePrototxt(text);
  const ids = new TensorIds();
  const blobs = new Map<string, number>();
  const layers: Layer[] = [];
  const leftOut: string[] = [];
  const skipped: string[] = [];
  let input: { name: string; shape: number[]; tensor: number } | undefined;
  let cropGuess = false;
  const silenced = new Set<number>();

  const topLevelInputs = scalarsOf(root, 'input');
  if (topLevelInputs.length > 0) {
    const dims = scalarsOf(root, 'input_dim');
    const shapeMessage = messageOf(root, 'input_shape');
    const shape = (dims.length > 0 ? dims : scalarsOf(shapeMessage, 'dim')).map((dim) => int(dim, 0, 'input_dim', 'input_dim'));
    const name = topLevelInputs[0]!;
    input = { name, shape, tensor: 0 };
    blobs.set(name, 0);
  }

  const layerFields = [...fieldsOf(root, 'layer'), ...fieldsOf(root, 'layers')].sort((a, b) => a.line - b.line);
  for (let index = 0; index < layerFields.length; index++) {
    const field = layerFields[index]!;
    if (typeof field.value === 'string') throw new ImportError(`line ${field.line}: '${field.name}' must be a message in braces`);
    const layer = field.value;
    const name = scalarOf(layer, 'name') ?? `layer${index + 1}`;
    const type = scalarOf(layer, 'type') ?? '';
    const where = `line ${field.line}, layer '${name}' (${type || 'no type'})`;
    if (phaseOf(layer) === 'train') continue;
    const key = typeKey(type);
    const bottoms = scalarsOf(layer, 'bottom');
    const tops = scalarsOf(layer, 'top');

    if (INPUT_TYPES.has(key)) {
      if (input) {
        if (tops[0] !== undefined && !blobs.has(tops[0])) leftOut.push(`${where}: a second input is not supported; the network reads '${input.name}'`);
        continue;
      }
      const shape = inputShape(layer, where);
      if (!shape) throw new ImportError(`${where}: the input's shape is not given (no input_param shape, memory_data_param or crop_size)`);
      cropGuess = messageOf(layer, 'input_param') === undefined && messageOf(layer, 'memory_data_param') === undefined;
      input = { name: tops[0] ?? name, shape, tensor: 0 };
      blobs.set(input.name, 0);
      continue;
    }
    if (key.endsWith('loss') || TRAINING_TYPES.has(key)) {
      skipped.push(`${name} (${type})`);
      // A Silence layer is there to say that nothing else reads its bottoms: they are no outputs.
      if (key === 'silence') for (const bottom of bottoms) silenced.add(blobs.get(bottom) ?? -1);
      continue;
    }
    if (!input) throw new ImportError(`${where}: a layer comes before any input layer or 'input:' field`);
    const inputs = bottoms.map((bottom) => {
      const tensor = blobs.get(bottom);
      if (tensor === undefined) throw new ImportError(`${where}: bottom '${bottom}' is not the top of any earlier layer`);
      return tensor;
    });
    if (inputs.length === 0) throw new ImportError(`${where}: the layer has no bottom`);
    if (key === 'split') {
      for (const top of tops) blobs.set(top, inputs[0]!);
      continue;
    }
    const converted = convertLayer(key, layer, where);
    if ('leftOut' in converted) {
      leftOut.push(`${where}: ${converted.leftOut}`);
      // Read through: what comes after is still imported, on the input's shape.
      for (const top of tops) blobs.set(top, inputs[0]!);
      continue;
    }
    // Caffe's BatchNorm normalises and its Scale layer learns the scale and shift: one `batchnorm`.
    if (key === 'scale' && layers.length > 0) {
      const previous = layers[layers.length - 1]!;
      if (previous.op === 'batchnorm' && previous.output === inputs[0]) {
        layers[layers.length - 1] = withOrigin(previous, `${previous.origin} and its Scale '${name}'`);
        for (const top of tops) blobs.set(top, previous.output);
        continue;
      }
    }
    if (key === 'scale') {
      leftOut.push(`${where}: a Scale layer that does not follow a BatchNorm has no .net equivalent`);
      for (const top of tops) blobs.set(top, inputs[0]!);
      continue;
    }
    const output = ids.fresh();
    const merge = converted.merge === true;
    layers.push({ name, op: converted.op, args: converted.args, merge, inputs: merge ? inputs : [inputs[0]!], output, origin: where });
    for (const top of tops) blobs.set(top, output);
  }
  if (!input) throw new ImportError(`${fileName}: no input: neither an 'input:' field nor an Input or Data layer`);
  if (input.shape.length < 2) throw new ImportError(`${fileName}: the input shape ${input.shape.join('x')} has no batch and channel dimensions`);
  if (layers.length === 0) throw new ImportError(`${fileName}: no layer to import`);

  const title = scalarOf(root, 'name') ?? fileName.replace(/\.[^.]*$/, '');
  const notes = [`Imported by netlint from ${fileName} (Caffe prototxt): ${layers.length} layers.`];
  notes.push('Caffe rounds a pooling window up (ceil=true); a Scale after a BatchNorm is part of its batchnorm().');
  if (input.shape[0] !== 1) notes.push(`Counts are per sample: the file's batch of ${input.shape[0]} is left out.`);
  if (cropGuess) notes.push('The data layer gives only crop_size: 3 channels assumed.');
  if (skipped.length > 0) notes.push(`Training-only layers left out: ${skipped.join(', ')}.`);
  for (const message of leftOut) notes.push(`Left out: ${message}`);
  // The network's outputs are the blobs that no layer reads, as in Caffe (its losses and accuracies left out).
  const read = new Set<number>(silenced);
  for (const layer of layers) for (const tensor of layer.inputs) read.add(tensor);
  const outputs = layers.flatMap((layer) => (read.has(layer.output) ? [] : [layer.output]));
  return { graph: { title, input: { ...input, shape: input.shape.slice(1) }, layers, outputs, notes }, leftOut };
}

function withOrigin(layer: Layer, origin: string): Layer {
  return { name: layer.name, op: layer.op, args: layer.args, merge: layer.merge, inputs: layer.inputs, output: layer.output, origin };
}

type Converted = { op: string; args: Arg[]; merge?: boolean } | { leftOut: string };

function convertLayer(key: string, layer: Message, where: string): Converted {
  switch (key) {
    case 'convolution':
    case 'deconvolution': {
      const params = messageOf(layer, 'convolution_param');
      const filters = int(scalarOf(params, 'num_output'), 0, where, 'num_output');
      if (filters < 1) throw new ImportError(`${where}: num_output must be given and at least 1`);
      const [kh, kw] = pairField(params, 'kernel', 0, where);
      const [sh, sw] = pairField(params, 'stride', 1, where);
      const [ph, pw] = pairField(params, 'pad', 0, where);
      const dilation = int(scalarsOf(params, 'dilation')[0], 1, where, 'dilation');
      const groups = int(scalarOf(params, 'group'), 1, where, 'group');
      const args: Arg[] = [positional('filters', filters), positional('kernel', kernelText(kh, kw))];
      if (sh !== 1 || sw !== 1) args.push(named('stride', sizeText(sh, sw)));
      if (ph !== 0 || pw !== 0) args.push(named('pad', sizeText(ph, pw)));
      if (dilation !== 1) args.push(named('dilation', dilation));
      if (groups !== 1) args.push(named('groups', groups));
      if (scalarOf(params, 'bias_term') === 'false') args.push(named('bias', 'false'));
      return { op: key === 'convolution' ? 'conv' : 'deconv', args };
    }
    case 'innerproduct': {
      const params = messageOf(layer, 'inner_product_param');
      const units = int(scalarOf(params, 'num_output'), 0, where, 'num_output');
      if (units < 1) throw new ImportError(`${where}: num_output must be given and at least 1`);
      const args: Arg[] = [positional('units', units)];
      if (scalarOf(params, 'bias_term') === 'false') args.push(named('bias', 'false'));
      return { op: 'dense', args };
    }
    case 'pooling': {
      const params = messageOf(layer, 'pooling_param');
      const method = scalarOf(params, 'pool') ?? 'MAX';
      const op = method === 'MAX' || method === '0' ? 'max' : method === 'AVE' || method === '1' ? 'avg' : undefined;
      if (!op) return { leftOut: `${method} pooling has no .net equivalent` };
      if (scalarOf(params, 'global_pooling') === 'true') return { op: `global${op}pool`, args: [] };
      const [kh, kw] = pairField(params, 'kernel', 0, where);
      if (kh < 1 || kw < 1) throw new ImportError(`${where}: the pooling kernel_size must be given and at least 1`);
      const [sh, sw] = pairField(params, 'stride', 1, where);
      const [ph, pw] = pairField(params, 'pad', 0, where);
      const args: Arg[] = [positional('kernel', kernelText(kh, kw))];
      if (sh !== kh || sw !== kw) args.push(named('stride', sizeText(sh, sw)));
      if (ph !== 0 || pw !== 0) args.push(named('pad', sizeText(ph, pw)));
      if (scalarOf(params, 'round_mode') !== 'FLOOR') args.push(named('ceil', 'true'));
      return { op: `${op}pool`, args };
    }
    case 'relu': {
      const slope = Number(scalarOf(messageOf(layer, 'relu_param'), 'negative_slope') ?? '0');
      return { op: slope === 0 ? 'relu' : 'leakyrelu', args: [] };
    }
    case 'relu6':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
    case 'flatten':
    case 'batchnorm':
      return { op: key, args: [] };
    case 'scale':
      return { op: 'scale', args: [] };
    case 'lrn': {
      const params = messageOf(layer, 'lrn_param');
      if (scalarOf(params, 'norm_region') === 'WITHIN_CHANNEL')
        return { leftOut: 'LRN within a channel has no .net equivalent (lrn normalises across channels)' };
      const size = int(scalarOf(params, 'local_size'), 5, where, 'local_size');
      return { op: 'lrn', args: size === 5 ? [] : [positional('size', size)] };
    }
    case 'dropout': {
      const ratio = scalarOf(messageOf(layer, 'dropout_param'), 'dropout_ratio') ?? '0.5';
      return { op: 'dropout', args: ratio === '0.5' ? [] : [positional('p', ratio)] };
    }
    case 'concat': {
      const params = messageOf(layer, 'concat_param');
      const axis = scalarOf(params, 'axis') ?? scalarOf(params, 'concat_dim') ?? '1';
      if (axis !== '1') return { leftOut: `a Concat along axis ${axis} has no .net equivalent (concat joins channels, axis 1)` };
      return { op: 'concat', args: [], merge: true };
    }
    case 'eltwise': {
      const operation = scalarOf(messageOf(layer, 'eltwise_param'), 'operation') ?? 'SUM';
      if (operation === 'SUM' || operation === '1') return { op: 'add', args: [], merge: true };
      if (operation === 'PROD' || operation === '0') return { op: 'mul', args: [], merge: true };
      return { leftOut: `an Eltwise ${operation} has no .net equivalent (add and mul only)` };
    }
    default:
      return { leftOut: 'no .net equivalent' };
  }
}
