/**
 * The slice of ONNX's ModelProto (onnx/onnx.proto, IR version 8-10) that Benchtop's exporters
 * write, as plain types, and its encoder. Field numbers follow onnx.proto; fields are written in
 * ascending field-number order and nothing depends on object key order, so encoding is a pure
 * function of the message (same model -> same bytes).
 */
import { ProtoWriter } from './proto-writer.ts';

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7, DOUBLE: 11 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface TensorProto {
  name: string;
  dataType: DataTypeCode;
  dims: readonly number[];
  /** Elements, fixed-width little-endian, row-major (TensorProto.raw_data). */
  raw: Uint8Array;
}

export type AttributeValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: TensorProto }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'ints'; value: ArrayLike<number> }
  | { type: 'strings'; value: readonly string[] };

export interface AttributeProto {
  name: string;
  value: AttributeValue;
}

export interface NodeProto {
  opType: string;
  /** '' (or absent) is the default ai.onnx domain. */
  domain?: string;
  name?: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes: readonly AttributeProto[];
}

/** A tensor-typed graph input or output; a string dimension is symbolic (e.g. 'N'). */
export interface ValueInfoProto {
  name: string;
  elemType: DataTypeCode;
  shape: readonly (number | string)[];
  doc?: string;
}

export interface GraphProto {
  name: string;
  nodes: readonly NodeProto[];
  initializers: readonly TensorProto[];
  inputs: readonly ValueInfoProto[];
  outputs: readonly ValueInfoProto[];
  doc?: string;
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface ModelProto {
  irVersion: number;
  opsetImports: readonly OpsetImport[];
  producerName: string;
  producerVersion: string;
  domain?: string;
  modelVersion?: number;
  doc?: string;
  graph: GraphProto;
  /** metadata_props, in this order; keys should be distinct. */
  metadata: readonly { key: string; value: string }[];
}

function encodeTensor(t: TensorProto): Uint8Array {
  const w = new ProtoWriter();
  w.packedInts(1, t.dims); // dims
  w.int(2, t.dataType); // data_type
  if (t.name) w.string(8, t.name); // name
  w.bytes(9, t.raw); // raw_data
  return w.finish();
}

function encodeAttribute(a: AttributeProto): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, a.name);
  const v = a.value;
  let type: number;
  switch (v.type) {
    case 'float':
      w.float(2, v.value);
      type = AttrType.FLOAT;
      break;
    case 'int':
      w.int(3, v.value);
      type = AttrType.INT;
      break;
    case 'string':
      w.string(4, v.value);
      type = AttrType.STRING;
      break;
    case 'tensor':
      w.message(5, encodeTensor(v.value));
      type = AttrType.TENSOR;
      break;
    case 'floats':
      w.packedFloats(7, v.value);
      type = AttrType.FLOATS;
      break;
    case 'ints':
      w.packedInts(8, v.value);
      type = AttrType.INTS;
      break;
    case 'strings':
      for (const s of v.value) w.string(9, s);
      type = AttrType.STRINGS;
      break;
  }
  w.int(20, type); // type
  return w.finish();
}

function encodeNode(n: NodeProto): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes) w.message(5, encodeAttribute(a));
  if (n.domain) w.string(7, n.domain);
  return w.finish();
}

function encodeValueInfo(v: ValueInfoProto): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.message(1, dim.finish());
  }
  const tensorType = new ProtoWriter().int(1, v.elemType).message(2, shape.finish());
  const type = new ProtoWriter().message(1, tensorType.finish()); // TypeProto.tensor_type
  const w = new ProtoWriter().string(1, v.name).message(2, type.finish());
  if (v.doc) w.string(3, v.doc);
  return w.finish();
}

function encodeGraph(g: GraphProto): Uint8Array {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  if (g.doc) w.string(10, g.doc);
  for (const i of g.inputs) w.message(11, encodeValueInfo(i));
  for (const o of g.outputs) w.message(12, encodeValueInfo(o));
  return w.finish();
}

/** The serialised ModelProto: what an .onnx file holds. */
export function encodeModel(m: ModelProto): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  if (m.domain) w.string(4, m.domain);
  if (m.modelVersion !== undefined) w.int(5, m.modelVersion);
  if (m.doc) w.string(6, m.doc);
  w.message(7, encodeGraph(m.graph));
  for (const o of m.opsetImports) {
    const op = new ProtoWriter();
    if (o.domain) op.string(1, o.domain);
    op.int(2, o.version);
    w.message(8, op.finish());
  }
  for (const { key, value } of m.metadata) w.message(14, new ProtoWriter().string(1, key).string(2, value).finish());
  return w.finish();
}
