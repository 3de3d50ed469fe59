/**
 * Compact JSON for a fitted tree model: every typed array as base64 of its little-endian
 * bytes (exact, Infinity thresholds included), tagged with its element type. Parsing checks
 * the structure (checkEnsemble), so a tampered file fails with a clear error instead of
 * predicting garbage.
 */
import { benchtopError } from '../../errors.ts';
import { checkEnsemble, type Tree, type TreeEnsemble, type TreeLink } from '../../evaluate/explain/tree-format.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) LOOKUP[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    s += B64[a >> 2]! + B64[((a & 3) << 4) | (b >> 4)]! + (i + 1 < bytes.length ? B64[((b & 15) << 2) | (c >> 6)]! : '=') + (i + 2 < bytes.length ? B64[c & 63]! : '=');
    if (s.length >= 8192) {
      parts.push(s);
      s = '';
    }
  }
  parts.push(s);
  return parts.join('');
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const q = [0, 1, 2, 3].map((k) => (i + k < clean.length ? LOOKUP[clean.charCodeAt(i + k)] ?? -1 : 0));
    if (q.some((v) => v < 0)) throw benchtopError('tree_model_invalid', { field: 'model JSON', reason: 'a base64 field has characters outside the alphabet' });
    const [a, b, c, d] = q as [number, number, number, number];
    if (o < out.length) out[o++] = (a << 2) | (b >> 4);
    if (o < out.length) out[o++] = ((b & 15) << 4) | (c >> 2);
    if (o < out.length) out[o++] = ((c & 3) << 6) | d;
  }
  return out;
}

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;
const CTORS = { f64: Float64Array, i32: Int32Array, u32: Uint32Array, u8: Uint8Array } as const;
type TypeTag = keyof typeof CTORS;

export interface PackedArray {
  type: TypeTag;
  b64: string;
}

export function packArray(a: Typed): PackedArray {
  const type: TypeTag = a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : a instanceof Uint32Array ? 'u32' : 'u8';
  return { type, b64: toBase64(new Uint8Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength)) };
}

export function unpackArray<T extends TypeTag>(p: unknown, type: T, field: string): InstanceType<(typeof CTORS)[T]> {
  const bad = (reason: string) => benchtopError('tree_model_invalid', { field, reason });
  if (!p || typeof p !== 'object' || (p as PackedArray).type !== type || typeof (p as PackedArray).b64 !== 'string') throw bad(`expected a packed ${type} array`);
  const bytes = fromBase64((p as PackedArray).b64);
  const Ctor = CTORS[type];
  if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw bad('byte length is not a whole number of elements');
  return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT) as InstanceType<(typeof CTORS)[T]>;
}

export interface EnsembleJSON {
  outputs: number;
  link: TreeLink;
  nFeatures: number;
  baseScore: number[];
  trees: Record<string, unknown>[];
}

export function ensembleToJSON(e: TreeEnsemble): EnsembleJSON {
  return {
    outputs: e.outputs,
    link: e.link,
    nFeatures: e.nFeatures,
    baseScore: Array.from(e.baseScore),
    trees: e.trees.map((t) => ({
      feature: packArray(t.feature),
      threshold: packArray(t.threshold),
      left: packArray(t.left),
      right: packArray(t.right),
      value: packArray(t.value),
      cover: packArray(t.cover),
      defaultLeft: packArray(t.defaultLeft),
      ...(t.output !== undefined ? { output: t.output } : {}),
      ...(t.categorical
        ? { categorical: { offset: packArray(t.categorical.offset), words: packArray(t.categorical.words), bits: packArray(t.categorical.bits) } }
        : {}),
    })),
  };
}

export function ensembleFromJSON(json: unknown): TreeEnsemble {
  const bad = (field: string, reason: string) => benchtopError('tree_model_invalid', { field, reason });
  if (!json || typeof json !== 'object') throw bad('ensemble', 'expected an object');
  const j = json as Partial<EnsembleJSON>;
  if (!Array.isArray(j.trees) || !Array.isArray(j.baseScore)) throw bad('ensemble', 'trees and baseScore must be arrays');
  if (j.link !== 'identity' && j.link !== 'logit' && j.link !== 'softmax') throw bad('ensemble.link', `unknown link ${String(j.link)}`);
  const trees = j.trees.map((raw, i): Tree => {
    const t = raw as Record<string, unknown>;
    const at = (name: string) => `ensemble.trees[${i}].${name}`;
    const tree: Tree = {
      feature: unpackArray(t.feature, 'i32', at('feature')),
      threshold: unpackArray(t.threshold, 'f64', at('threshold')),
      left: unpackArray(t.left, 'i32', at('left')),
      right: unpackArray(t.right, 'i32', at('right')),
      value: unpackArray(t.value, 'f64', at('value')),
      cover: unpackArray(t.cover, 'f64', at('cover')),
      defaultLeft: unpackArray(t.defaultLeft, 'u8', at('defaultLeft')),
    };
    if (t.output !== undefined) tree.output = Number(t.output);
    if (t.categorical) {
      const c = t.categorical as Record<string, unknown>;
      tree.categorical = { offset: unpackArray(c.offset, 'i32', at('categorical.offset')), words: unpackArray(c.words, 'i32', at('categorical.words')), bits: unpackArray(c.bits, 'u32', at('categorical.bits')) };
    }
    return tree;
  });
  const e: TreeEnsemble = { trees, baseScore: j.baseScore.map(Number), outputs: Number(j.outputs), link: j.link, nFeatures: Number(j.nFeatures) };
  checkEnsemble(e);
  return e;
}
