import { describe, expect, it } from 'vitest';
import type { TreeEnsemble } from '../../../../src/core/evaluate/explain/tree-format.ts';
import { linearToOnnx } from '../../../../src/core/export/onnx/linear-to-onnx.ts';
import { mlpToOnnx } from '../../../../src/core/export/onnx/mlp-to-onnx.ts';
import { ProtoWriter } from '../../../../src/core/export/onnx/proto-writer.ts';
import { treesToOnnx } from '../../../../src/core/export/onnx/trees-to-onnx.ts';
import { BENCHTOP_VERSION } from '../../../../src/core/version.ts';
import { runOnnx } from './helpers.ts';

/** A test-only protobuf reader: field number -> raw values (varints as numbers, length-delimited as bytes). */
function readFields(bytes: Uint8Array): Map<number, (number | Uint8Array)[]> {
  const out = new Map<number, (number | Uint8Array)[]>();
  let at = 0;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[at++]!;
      v += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return v;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: number | Uint8Array;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      value = bytes.subarray(at, at + len);
      at += len;
    } else if (wire === 5) {
      value = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getFloat32(0, true);
      at += 4;
    } else if (wire === 1) {
      value = new DataView(bytes.buffer, bytes.byteOffset + at, 8).getFloat64(0, true);
      at += 8;
    } else throw new Error(`unexpected wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const text = (v: number | Uint8Array | undefined) => new TextDecoder().decode(v as Uint8Array);

describe('ProtoWriter: the protobuf wire format', () => {
  it('varints, negative int64, floats, doubles and strings', () => {
    const bytes = new ProtoWriter().int(1, 150).int(2, -1).int(3, 2 ** 40).float(4, 1.5).double(5, -0.25).string(6, 'é').finish();
    expect(Array.from(bytes)).toEqual([
      0x08, 0x96, 0x01, // field 1 varint 150
      0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, // field 2: -1 as ten bytes
      0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, // field 3: 2^40
      0x25, 0x00, 0x00, 0xc0, 0x3f, // field 4 fixed32 1.5
      0x29, 0, 0, 0, 0, 0, 0, 0xd0, 0xbf, // field 5 fixed64 -0.25
      0x32, 0x02, 0xc3, 0xa9, // field 6: UTF-8 'é'
    ]);
  });

  it('packed repeated fields are one length-delimited run', () => {
    expect(Array.from(new ProtoWriter().packedInts(8, [1, 300]).finish())).toEqual([0x42, 0x03, 0x01, 0xac, 0x02]);
    expect(Array.from(new ProtoWriter().packedInts(8, []).finish())).toEqual([]);
  });
});

describe('exported models: ModelProto fields and determinism', () => {
  const linear = () => linearToOnnx({ d: 2, k: 3, weights: [1, 2, 3, 4, 5, 6], bias: [0.1, 0.2, 0.3], link: 'softmax' }, {
    modelKind: 'logistic', inputNames: ['age', 'income'], classes: ['a', 'b', 'c'], metadata: { run: 'r1', owner: 'me' },
  });

  it('writes ir_version, producer, opset imports and metadata_props at their onnx.proto field numbers', () => {
    const model = readFields(linear());
    expect(model.get(1)).toEqual([8]); // ir_version
    expect(text(model.get(2)![0])).toBe('benchtop'); // producer_name
    expect(text(model.get(3)![0])).toBe(BENCHTOP_VERSION); // producer_version
    const opsets = model.get(8)!.map((b) => readFields(b as Uint8Array)); // opset_import
    expect(opsets.map((o) => [o.has(1) ? text(o.get(1)![0]) : '', o.get(2)![0]])).toEqual([['', 17]]);
    const meta = Object.fromEntries(model.get(14)!.map((b) => readFields(b as Uint8Array)).map((e) => [text(e.get(1)![0]), text(e.get(2)![0])]));
    expect(meta).toEqual({
      'benchtop.version': BENCHTOP_VERSION,
      'benchtop.model_kind': 'logistic',
      'benchtop.task': 'multiclass',
      'benchtop.input_columns': '["age","income"]',
      'benchtop.classes': '["a","b","c"]',
      owner: 'me',
      run: 'r1',
    });
    const graph = readFields(model.get(7)![0] as Uint8Array);
    const input = readFields(graph.get(11)![0] as Uint8Array); // graph.input[0]
    expect(text(input.get(1)![0])).toBe('input');
    expect(graph.get(12)!.map((o) => text(readFields(o as Uint8Array).get(1)![0]))).toEqual(['probabilities', 'label']);
  });

  it('tree models import ai.onnx.ml opset 5 under IR version 10', () => {
    const e: TreeEnsemble = { trees: [], baseScore: [1], outputs: 1, link: 'identity', nFeatures: 1 };
    const model = readFields(treesToOnnx(e));
    expect(model.get(1)).toEqual([10]);
    const opsets = model.get(8)!.map((b) => readFields(b as Uint8Array));
    expect(opsets.map((o) => [o.has(1) ? text(o.get(1)![0]) : '', o.get(2)![0]])).toEqual([['', 17], ['ai.onnx.ml', 5]]);
  });

  it('the same model gives the same bytes; any parameter or metadata change gives different bytes', () => {
    const a = linear();
    expect(linear()).toEqual(a);
    const other = linearToOnnx({ d: 2, k: 3, weights: [1, 2, 3, 4, 5, 6.000001], bias: [0.1, 0.2, 0.3], link: 'softmax' }, {
      modelKind: 'logistic', inputNames: ['age', 'income'], classes: ['a', 'b', 'c'], metadata: { run: 'r1', owner: 'me' },
    });
    expect(other).not.toEqual(a);
    // Metadata key order as passed does not matter: keys are written sorted.
    const reordered = linearToOnnx({ d: 2, k: 3, weights: [1, 2, 3, 4, 5, 6], bias: [0.1, 0.2, 0.3], link: 'softmax' }, {
      modelKind: 'logistic', inputNames: ['age', 'income'], classes: ['a', 'b', 'c'], metadata: { owner: 'me', run: 'r1' },
    });
    expect(reordered).toEqual(a);
    const net = () => mlpToOnnx({ d: 2, head: 'sigmoid', layers: [{ inputs: 2, units: 2, weights: [1, -1, 0.5, 2], bias: [0, 0.1], activation: 'gelu' }, { inputs: 2, units: 1, weights: [1, 1], bias: [0] }] });
    expect(net()).toEqual(net());
  });

  it('ONNX Runtime reads the graph it describes', async () => {
    const out = await runOnnx(linear(), Float32Array.of(1, 0, 0, 1), 2, 2);
    // Row 1: z = [1, 2, 3] + bias; row 2: [4, 5, 6] + bias.
    const softmax = (z: number[]) => z.map((v) => Math.exp(v) / z.reduce((s, u) => s + Math.exp(u), 0));
    const expected = [...softmax([1.1, 2.2, 3.3]), ...softmax([4.1, 5.2, 6.3])];
    out.values.probabilities!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(Array.from(out.values.label!)).toEqual([2, 2]);
  });

  it('metadata keys in the benchtop. namespace are refused', () => {
    expect(() => linearToOnnx({ d: 1, k: 1, weights: [1], bias: [0], link: 'identity' }, { metadata: { 'benchtop.version': 'x' } })).toThrow(
      expect.objectContaining({ code: 'onnx_export_invalid' }),
    );
  });
});
