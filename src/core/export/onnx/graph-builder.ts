/**
 * Builds an ONNX graph one node at a time: fresh value names, constants as initializers (raw
 * little-endian data), and the operator sets the nodes use. Names come from counters, never from
 * clocks or random ids, so two exports of one model are byte-identical.
 */
import { DataType, type AttributeProto, type DataTypeCode, type GraphProto, type NodeProto, type OpsetImport, type TensorProto, type ValueInfoProto } from './onnx-proto.ts';

/** ai.onnx opset for the standard ops (Softmax on the last axis, ReduceSum/Clip with tensor inputs: 13+). */
export const ONNX_OPSET = 17;
/** ai.onnx.ml opset 5 brings TreeEnsemble (set-membership splits, double thresholds and leaves). */
export const ML_DOMAIN = 'ai.onnx.ml';
export const ML_OPSET = 5;

/** Raw little-endian bytes of `values` as ONNX element type `type`. */
export function rawData(type: DataTypeCode, values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  switch (type) {
    case DataType.FLOAT:
      return new Uint8Array(Float32Array.from(values).buffer);
    case DataType.DOUBLE:
      return new Uint8Array(Float64Array.from(values).buffer);
    case DataType.UINT8:
      return Uint8Array.from(values);
    case DataType.INT32:
      return new Uint8Array(Int32Array.from(values).buffer);
    case DataType.INT64: {
      const out = new Uint8Array(n * 8);
      const view = new DataView(out.buffer);
      for (let i = 0; i < n; i++) view.setBigInt64(i * 8, BigInt(values[i]!), true);
      return out;
    }
  }
}

export function tensor(name: string, type: DataTypeCode, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  return { name, dataType: type, dims, raw: rawData(type, values) };
}

export const attr = {
  int: (name: string, value: number): AttributeProto => ({ name, value: { type: 'int', value } }),
  float: (name: string, value: number): AttributeProto => ({ name, value: { type: 'float', value } }),
  ints: (name: string, value: ArrayLike<number>): AttributeProto => ({ name, value: { type: 'ints', value } }),
  string: (name: string, value: string): AttributeProto => ({ name, value: { type: 'string', value } }),
  tensor: (name: string, type: DataTypeCode, values: ArrayLike<number>): AttributeProto => ({
    name,
    value: { type: 'tensor', value: tensor(name, type, [values.length], values) },
  }),
};

export class GraphBuilder {
  readonly #nodes: NodeProto[] = [];
  readonly #initializers: TensorProto[] = [];
  readonly #inputs: ValueInfoProto[] = [];
  readonly #outputs: ValueInfoProto[] = [];
  readonly #used = new Set<string>();
  readonly #counters = new Map<string, number>();
  readonly #opsets = new Map<string, number>([['', ONNX_OPSET]]);

  /** A value name not used yet, from `prefix`. */
  fresh(prefix: string): string {
    let i = this.#counters.get(prefix) ?? 0;
    let name = `${prefix}_${i}`;
    while (this.#used.has(name)) name = `${prefix}_${++i}`;
    this.#counters.set(prefix, i + 1);
    this.#used.add(name);
    return name;
  }

  #claim(name: string): string {
    if (this.#used.has(name)) throw new Error(`ONNX value name ${name} is used twice`);
    this.#used.add(name);
    return name;
  }

  input(name: string, elemType: DataTypeCode, shape: readonly (number | string)[], doc?: string): string {
    this.#inputs.push({ name: this.#claim(name), elemType, shape, ...(doc ? { doc } : {}) });
    return name;
  }

  /** Declares `value` (already produced by a node) as a graph output named `name`, via Identity when the names differ. */
  output(value: string, name: string, elemType: DataTypeCode, shape: readonly (number | string)[], doc?: string): void {
    if (value !== name) this.op('Identity', [value], [], { outputs: [name] });
    this.#outputs.push({ name, elemType, shape, ...(doc ? { doc } : {}) });
  }

  constant(prefix: string, type: DataTypeCode, dims: readonly number[], values: ArrayLike<number>): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) throw new Error(`constant ${prefix}: ${values.length} values for dims [${dims.join(', ')}]`);
    const name = this.fresh(prefix);
    this.#initializers.push(tensor(name, type, dims, values));
    return name;
  }

  /** Adds a node; returns its first output (named fresh from the op type unless `outputs` names them). */
  op(opType: string, inputs: readonly string[], attributes: readonly AttributeProto[] = [], opts: { domain?: string; outputs?: readonly string[] } = {}): string {
    const outputs = opts.outputs ? opts.outputs.map((o) => this.#claim(o)) : [this.fresh(opType.toLowerCase())];
    if (opts.domain) this.#opsets.set(opts.domain, opts.domain === ML_DOMAIN ? ML_OPSET : 1);
    this.#nodes.push({ opType, ...(opts.domain ? { domain: opts.domain } : {}), name: `${opType}_${this.#nodes.length}`, inputs, outputs, attributes });
    return outputs[0]!;
  }

  cast(value: string, to: DataTypeCode): string {
    return this.op('Cast', [value], [attr.int('to', to)]);
  }

  get usesMl(): boolean {
    return this.#opsets.has(ML_DOMAIN);
  }

  opsetImports(): OpsetImport[] {
    return [...this.#opsets].map(([domain, version]) => ({ domain, version }));
  }

  graph(name: string, doc?: string): GraphProto {
    return { name, nodes: this.#nodes, initializers: this.#initializers, inputs: this.#inputs, outputs: this.#outputs, ...(doc ? { doc } : {}) };
  }
}
