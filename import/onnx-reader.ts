/**
 * An ONNX model read lazily: the top-level messages (the model, its graph, each
 * initialiser) are walked field by field through a `ByteSource`, and an initialiser's data
 * is skipped over, its place kept, so a file of weights is never held in memory: only its
 * nodes, the shapes of its tensors and the small constants a conversion asks for. The
 * small messages (a node, a value's type) are decoded with @bufbuild/protobuf's
 * `BinaryReader`. Field numbers are onnx.proto's.
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { ImportError } from './graph';

/** Random access to a model's bytes: a file read where asked, or bytes in memory. */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) };
}

export interface OnnxAttribute {
  readonly name: string;
  readonly f?: number;
  readonly i?: number;
  readonly s?: string;
  readonly t?: OnnxTensor;
  readonly floats: number[];
  readonly ints: number[];
}

export interface OnnxNode {
  readonly inputs: string[];
  readonly outputs: string[];
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly attributes: Map<string, OnnxAttribute>;
}

/** A tensor's description; its data stays in the source, read only by `tensorValues`. */
export interface OnnxTensor {
  readonly name: string;
  readonly dims: number[];
  readonly dataType: number;
  /** Where its data lies: in the source (from `position`), or in memory (a node's constant). */
  readonly data?: { readonly field: number; readonly position: number; readonly length: number; readonly bytes?: Uint8Array };
}

export interface OnnxValueInfo {
  readonly name: string;
  /** Each dimension's size, or undefined where it is symbolic or unknown; undefined when no shape is given. */
  readonly dims: (number | undefined)[] | undefined;
}

export interface OnnxModel {
  readonly producer: string;
  readonly opset: number | undefined;
  readonly graphName: string;
  readonly nodes: OnnxNode[];
  readonly initializers: Map<string, OnnxTensor>;
  readonly inputs: OnnxValueInfo[];
  readonly outputs: OnnxValueInfo[];
  readonly valueInfo: Map<string, OnnxValueInfo>;
}

// Small: after each initialiser's data is skipped, only its next header is wanted.
const WINDOW = 4 * 1024;
/** The largest node or value description read into memory at once. */
const MAX_MESSAGE = 64 * 1024 * 1024;
const decoder = new TextDecoder();

/** A position in the source with a buffered window ahead of it: reads varints and lengths. */
class Cursor {
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;
  constructor(
    private readonly source: ByteSource,
    public pos: number,
  ) {}

  private byte(end: number): number {
    if (this.pos >= end) throw truncated(this.pos, this.source.size);
    let offset = this.pos - this.windowStart;
    if (offset < 0 || offset >= this.window.length) {
      this.windowStart = this.pos;
      this.window = this.source.read(this.pos, Math.min(WINDOW, this.source.size - this.pos));
      offset = 0;
      if (this.window.length === 0) throw truncated(this.pos, this.source.size);
    }
    this.pos++;
    return this.window[offset]!;
  }

  varint(end: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte(end);
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new ImportError(`byte ${this.pos}: a varint longer than 10 bytes: not an ONNX file`);
  }

  /** A length-delimited field's length, checked against the end of the message that holds it. */
  length(end: number): number {
    const at = this.pos;
    const length = this.varint(end);
    if (this.pos + length > end) {
      if (end >= this.source.size) throw truncated(at, this.source.size, length);
      throw new ImportError(`byte ${at}: a field of ${length} bytes runs past the end of the message that holds it: not an ONNX file, or a damaged one`);
    }
    return length;
  }

  bytes(length: number): Uint8Array {
    const offset = this.pos - this.windowStart;
    const bytes =
      offset >= 0 && offset + length <= this.window.length ? this.window.subarray(offset, offset + length) : this.source.read(this.pos, length).slice();
    this.pos += length;
    return bytes;
  }

  /** Skips a field of this wire type. */
  skip(wireType: number, end: number): void {
    const at = this.pos;
    if (wireType === WireType.Varint) this.varint(end);
    else if (wireType === WireType.Bit64) this.pos += 8;
    else if (wireType === WireType.Bit32) this.pos += 4;
    else if (wireType === WireType.LengthDelimited) {
      const length = this.length(end);
      this.pos += length;
    } else throw new ImportError(`byte ${at}: wire type ${wireType} is not used by ONNX: not an ONNX file`);
    if (this.pos > end) throw truncated(at, this.source.size);
  }

  tag(end: number): [number, number] {
    const at = this.pos;
    const tag = this.varint(end);
    const field = Math.floor(tag / 8);
    if (field === 0) throw new ImportError(`byte ${at}: field number 0: not an ONNX file`);
    return [field, tag & 7];
  }
}

function truncated(at: number, size: number, length?: number): ImportError {
  const what = length === undefined ? 'the file ends inside a field' : `a field of ${length} bytes runs past the end of the file`;
  return new ImportError(`byte ${at}: ${what} (${size} bytes): the file is truncated or is not ONNX`);
}

function expectWire(wireType: number, wanted: number, at: number, what: string): void {
  if (wireType !== wanted) throw new ImportError(`byte ${at}: ${what} has wire type ${wireType}, not ${wanted}: not an ONNX file`);
}

/** A quick look at the first bytes: a ModelProto starts with ir_version (field 1, varint). */
export function looksLikeOnnx(source: ByteSource): boolean {
  const head = source.read(0, Math.min(2, source.size));
  return head.length === 2 && head[0] === 0x08 && head[1]! < 0x80;
}

export function readOnnx(source: ByteSource): OnnxModel {
  const cursor = new Cursor(source, 0);
  const end = source.size;
  let producer = '';
  let opset: number | undefined;
  let graph: Omit<OnnxModel, 'producer' | 'opset'> | undefined;
  let irVersion = false;
  if (end === 0) throw new ImportError('the file is empty: not an ONNX model');
  while (cursor.pos < end) {
    const at = cursor.pos;
    const [field, wire] = cursor.tag(end);
    if (field === 1 && wire === WireType.Varint) {
      cursor.varint(end);
      irVersion = true;
    } else if (field === 2 && wire === WireType.LengthDelimited) {
      producer = decoder.decode(cursor.bytes(cursor.length(end)));
    } else if (field === 8 && wire === WireType.LengthDelimited) {
      const reader = new BinaryReader(cursor.bytes(cursor.length(end)));
      let domain = '';
      let version: number | undefined;
      while (reader.pos < reader.len) {
        const [f, w] = reader.tag();
        if (f === 1 && w === WireType.LengthDelimited) domain = reader.string();
        else if (f === 2 && w === WireType.Varint) version = Number(reader.int64());
        else reader.skip(w);
      }
      if (domain === '' || domain === 'ai.onnx') opset = version;
    } else if (field === 7) {
      expectWire(wire, WireType.LengthDelimited, at, 'the graph');
      const length = cursor.length(end);
      graph = readGraph(cursor, cursor.pos + length, source);
    } else {
      cursor.skip(wire, end);
    }
  }
  if (!graph || !irVersion) throw new ImportError(`no ${graph ? 'ir_version' : 'graph'} in ${end} bytes: not an ONNX model`);
  return { producer, opset, ...graph };
}

function readGraph(cursor: Cursor, end: number, source: ByteSource): Omit<OnnxModel, 'producer' | 'opset'> {
  const nodes: OnnxNode[] = [];
  const initializers = new Map<string, OnnxTensor>();
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const valueInfo = new Map<string, OnnxValueInfo>();
  let graphName = '';
  while (cursor.pos < end) {
    const at = cursor.pos;
    const [field, wire] = cursor.tag(end);
    if (field === 5 || field === 1 || field === 11 || field === 12 || field === 13 || field === 2) {
      expectWire(wire, WireType.LengthDelimited, at, `graph field ${field}`);
      const length = cursor.length(end);
      if (field === 5) {
        const tensor = readTensorLazily(cursor, cursor.pos + length, at);
        initializers.set(tensor.name, tensor);
        continue;
      }
      if (length > MAX_MESSAGE) throw new ImportError(`byte ${at}: a message of ${length} bytes is too large to read`);
      const bytes = cursor.bytes(length);
      try {
        if (field === 1) nodes.push(decodeNode(new BinaryReader(bytes)));
        else if (field === 2) graphName = decoder.decode(bytes);
        else {
          const info = decodeValueInfo(new BinaryReader(bytes));
          if (field === 11) inputs.push(info);
          else if (field === 12) outputs.push(info);
          else valueInfo.set(info.name, info);
        }
      } catch (error) {
        if (error instanceof ImportError) throw error;
        throw new ImportError(
          `byte ${at}: ${field === 1 ? `node ${nodes.length + 1}` : `graph field ${field}`} cannot be decoded (${(error as Error).message}): a damaged ONNX file`,
        );
      }
    } else {
      cursor.skip(wire, end);
    }
  }
  void source;
  return { graphName, nodes, initializers, inputs, outputs, valueInfo };
}

/** An initialiser's name, dims and type, read from the source; its data only located. */
function readTensorLazily(cursor: Cursor, end: number, at: number): OnnxTensor {
  let name = '';
  const dims: number[] = [];
  let dataType = 0;
  let data: OnnxTensor['data'];
  while (cursor.pos < end) {
    const [field, wire] = cursor.tag(end);
    if (field === 1 && wire === WireType.Varint) dims.push(cursor.varint(end));
    else if (field === 1 && wire === WireType.LengthDelimited) {
      const stop = cursor.pos + cursor.length(end);
      while (cursor.pos < stop) dims.push(cursor.varint(stop));
    } else if (field === 2 && wire === WireType.Varint) dataType = cursor.varint(end);
    else if (field === 8 && wire === WireType.LengthDelimited) name = decoder.decode(cursor.bytes(cursor.length(end)));
    else if ([4, 5, 7, 9, 10, 11].includes(field) && wire === WireType.LengthDelimited) {
      const length = cursor.length(end);
      data = { field, position: cursor.pos, length };
      cursor.pos += length;
    } else cursor.skip(wire, end);
  }
  if (cursor.pos !== end) throw new ImportError(`byte ${at}: an initialiser runs past its own length: a damaged ONNX file`);
  return { name, dims, dataType, data };
}

function decodeTensor(reader: BinaryReader): OnnxTensor {
  let name = '';
  const dims: number[] = [];
  let dataType = 0;
  let data: OnnxTensor['data'];
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.Varint) dims.push(Number(reader.int64()));
    else if (field === 1 && wire === WireType.LengthDelimited) {
      const stop = reader.uint32() + reader.pos;
      while (reader.pos < stop) dims.push(Number(reader.int64()));
    } else if (field === 2 && wire === WireType.Varint) dataType = reader.int32();
    else if (field === 8 && wire === WireType.LengthDelimited) name = reader.string();
    else if ([4, 5, 7, 9, 10, 11].includes(field) && wire === WireType.LengthDelimited) {
      const bytes = reader.bytes();
      data = { field, position: 0, length: bytes.length, bytes };
    } else reader.skip(wire);
  }
  return { name, dims, dataType, data };
}

function decodeNumbers(reader: BinaryReader, wire: WireType, into: number[], read: () => number): void {
  if (wire === WireType.LengthDelimited) {
    const stop = reader.uint32() + reader.pos;
    while (reader.pos < stop) into.push(read());
  } else into.push(read());
}

function decodeAttribute(reader: BinaryReader): OnnxAttribute {
  let name = '';
  const attribute: { -readonly [K in keyof OnnxAttribute]: OnnxAttribute[K] } = { name, floats: [], ints: [] };
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) name = reader.string();
    else if (field === 2 && wire === WireType.Bit32) attribute.f = reader.float();
    else if (field === 3 && wire === WireType.Varint) attribute.i = Number(reader.int64());
    else if (field === 4 && wire === WireType.LengthDelimited) attribute.s = decoder.decode(reader.bytes());
    else if (field === 5 && wire === WireType.LengthDelimited) attribute.t = decodeTensor(new BinaryReader(reader.bytes()));
    else if (field === 7) decodeNumbers(reader, wire, attribute.floats, () => reader.float());
    else if (field === 8) decodeNumbers(reader, wire, attribute.ints, () => Number(reader.int64()));
    else reader.skip(wire);
  }
  attribute.name = name;
  return attribute;
}

function decodeNode(reader: BinaryReader): OnnxNode {
  const node: OnnxNode = { inputs: [], outputs: [], name: '', opType: '', domain: '', attributes: new Map() };
  const fields = node as { -readonly [K in keyof OnnxNode]: OnnxNode[K] };
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) node.inputs.push(reader.string());
    else if (field === 2 && wire === WireType.LengthDelimited) node.outputs.push(reader.string());
    else if (field === 3 && wire === WireType.LengthDelimited) fields.name = reader.string();
    else if (field === 4 && wire === WireType.LengthDelimited) fields.opType = reader.string();
    else if (field === 7 && wire === WireType.LengthDelimited) fields.domain = reader.string();
    else if (field === 5 && wire === WireType.LengthDelimited) {
      const attribute = decodeAttribute(new BinaryReader(reader.bytes()));
      node.attributes.set(attribute.name, attribute);
    } else reader.skip(wire);
  }
  return node;
}

/** A ValueInfoProto: its name and, for a tensor, each dimension's value when it is known. */
function decodeValueInfo(reader: BinaryReader): OnnxValueInfo {
  let name = '';
  let dims: (number | undefined)[] | undefined;
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) name = reader.string();
    else if (field === 2 && wire === WireType.LengthDelimited) dims = tensorTypeDims(new BinaryReader(reader.bytes()));
    else reader.skip(wire);
  }
  return { name, dims };
}

/** TypeProto → tensor_type (1) → shape (2) → dim (1) → dim_value (1) or dim_param (2). */
function tensorTypeDims(type: BinaryReader): (number | undefined)[] | undefined {
  let dims: (number | undefined)[] | undefined;
  while (type.pos < type.len) {
    const [field, wire] = type.tag();
    if (field !== 1 || wire !== WireType.LengthDelimited) {
      type.skip(wire);
      continue;
    }
    const tensor = new BinaryReader(type.bytes());
    while (tensor.pos < tensor.len) {
      const [f, w] = tensor.tag();
      if (f !== 2 || w !== WireType.LengthDelimited) {
        tensor.skip(w);
        continue;
      }
      dims = [];
      const shape = new BinaryReader(tensor.bytes());
      while (shape.pos < shape.len) {
        const [g, x] = shape.tag();
        if (g !== 1 || x !== WireType.LengthDelimited) {
          shape.skip(x);
          continue;
        }
        const dim = new BinaryReader(shape.bytes());
        let value: number | undefined;
        while (dim.pos < dim.len) {
          const [h, y] = dim.tag();
          if (h === 1 && y === WireType.Varint) value = Number(dim.int64());
          else dim.skip(y);
        }
        dims.push(value);
      }
    }
  }
  return dims;
}

/** The largest tensor whose values a conversion reads (a shape, scales, split sizes). */
const MAX_VALUES_BYTES = 64 * 1024;

/** A small tensor's values as numbers (int64, int32, float, double), or undefined when it is large or of another type. */
export function tensorValues(tensor: OnnxTensor, source: ByteSource): number[] | undefined {
  const data = tensor.data;
  if (!data) return tensor.dims.length === 0 || tensor.dims.includes(0) ? (tensor.dims.includes(0) ? [] : undefined) : undefined;
  if (data.length > MAX_VALUES_BYTES) return undefined;
  const bytes = data.bytes ?? source.read(data.position, data.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  if (data.field === 9) {
    const size = tensor.dataType === 7 || tensor.dataType === 11 ? 8 : tensor.dataType === 1 || tensor.dataType === 6 ? 4 : 0;
    if (size === 0) return undefined;
    for (let at = 0; at + size <= bytes.length; at += size) {
      if (tensor.dataType === 7) values.push(Number(view.getBigInt64(at, true)));
      else if (tensor.dataType === 11) values.push(view.getFloat64(at, true));
      else if (tensor.dataType === 1) values.push(view.getFloat32(at, true));
      else values.push(view.getInt32(at, true));
    }
    return values;
  }
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    if (data.field === 4) values.push(reader.float());
    else if (data.field === 10) values.push(reader.double());
    else values.push(Number(reader.int64()));
  }
  return values;
}
