/**
 * Small ONNX models written byte by byte (onnx.proto's field numbers, @bufbuild/protobuf's
 * writer), for import tests that need a graph PyTorch does not export as such, or no
 * PyTorch at all: several outputs, an op exported one way by one version and another by
 * the next.
 */
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** An attribute's value, by its kind: `{ i: 1 }`, `{ f: 0.2 }`, `{ ints: [3, 3] }`, `{ s: 'nearest' }`. */
export type OnnxAttributeSpec = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string };

export interface OnnxNodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly attributes?: Readonly<Record<string, OnnxAttributeSpec>>;
}

export interface OnnxValueSpec {
  readonly name: string;
  /** Its shape, batch first; undefined: no shape given. */
  readonly dims?: readonly number[];
}

/** A weight (its shape only) or a constant (with values, written as float, or int64 when `int64`). */
export interface OnnxInitializerSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values?: readonly number[];
  readonly int64?: boolean;
}

export interface OnnxModelSpec {
  readonly inputs: readonly OnnxValueSpec[];
  readonly outputs: readonly OnnxValueSpec[];
  readonly nodes: readonly OnnxNodeSpec[];
  readonly initializers?: readonly OnnxInitializerSpec[];
  readonly opset?: number;
  readonly graphName?: string;
}

const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_TYPES = { f: 1, i: 2, s: 3, floats: 6, ints: 7 } as const;

function message(writer: BinaryWriter, field: number, write: (inner: BinaryWriter) => void): void {
  writer.tag(field, WireType.LengthDelimited).fork();
  write(writer);
  writer.join();
}

function valueInfo(writer: BinaryWriter, field: number, value: OnnxValueSpec): void {
  message(writer, field, (info) => {
    info.tag(1, WireType.LengthDelimited).string(value.name);
    message(info, 2, (type) =>
      message(type, 1, (tensor) => {
        tensor.tag(1, WireType.Varint).int32(FLOAT);
        if (value.dims) message(tensor, 2, (shape) => value.dims!.forEach((dim) => message(shape, 1, (d) => d.tag(1, WireType.Varint).int64(dim))));
      }),
    );
  });
}

function attribute(writer: BinaryWriter, name: string, value: OnnxAttributeSpec): void {
  message(writer, 5, (a) => {
    a.tag(1, WireType.LengthDelimited).string(name);
    if ('f' in value) a.tag(2, WireType.Bit32).float(value.f).tag(20, WireType.Varint).int32(ATTRIBUTE_TYPES.f);
    else if ('i' in value) a.tag(3, WireType.Varint).int64(value.i).tag(20, WireType.Varint).int32(ATTRIBUTE_TYPES.i);
    else if ('s' in value) a.tag(4, WireType.LengthDelimited).bytes(new TextEncoder().encode(value.s)).tag(20, WireType.Varint).int32(ATTRIBUTE_TYPES.s);
    else if ('floats' in value) {
      for (const f of value.floats) a.tag(7, WireType.Bit32).float(f);
      a.tag(20, WireType.Varint).int32(ATTRIBUTE_TYPES.floats);
    } else {
      for (const i of value.ints) a.tag(8, WireType.Varint).int64(i);
      a.tag(20, WireType.Varint).int32(ATTRIBUTE_TYPES.ints);
    }
  });
}

/** The bytes of an ONNX model (IR version 8) with the given graph. */
export function onnxModel(spec: OnnxModelSpec): Uint8Array {
  const writer = new BinaryWriter();
  writer.tag(1, WireType.Varint).int64(8);
  writer.tag(2, WireType.LengthDelimited).string('netlint tests');
  message(writer, 7, (graph) => {
    for (const node of spec.nodes) {
      message(graph, 1, (n) => {
        for (const input of node.inputs) n.tag(1, WireType.LengthDelimited).string(input);
        for (const output of node.outputs) n.tag(2, WireType.LengthDelimited).string(output);
        if (node.name) n.tag(3, WireType.LengthDelimited).string(node.name);
        n.tag(4, WireType.LengthDelimited).string(node.op);
        for (const [name, value] of Object.entries(node.attributes ?? {})) attribute(n, name, value);
      });
    }
    graph.tag(2, WireType.LengthDelimited).string(spec.graphName ?? 'main_graph');
    for (const init of spec.initializers ?? []) {
      message(graph, 5, (t) => {
        for (const dim of init.dims) t.tag(1, WireType.Varint).int64(dim);
        t.tag(2, WireType.Varint).int32(init.int64 ? INT64 : FLOAT);
        t.tag(8, WireType.LengthDelimited).string(init.name);
        if (init.values) {
          const bytes = new Uint8Array(init.values.length * (init.int64 ? 8 : 4));
          const view = new DataView(bytes.buffer);
          init.values.forEach((value, i) => (init.int64 ? view.setBigInt64(i * 8, BigInt(value), true) : view.setFloat32(i * 4, value, true)));
          t.tag(9, WireType.LengthDelimited).bytes(bytes);
        }
      });
    }
    for (const input of spec.inputs) valueInfo(graph, 11, input);
    for (const output of spec.outputs) valueInfo(graph, 12, output);
  });
  message(writer, 8, (opset) =>
    opset
      .tag(1, WireType.LengthDelimited)
      .string('')
      .tag(2, WireType.Varint)
      .int64(spec.opset ?? 17),
  );
  return writer.finish();
}
