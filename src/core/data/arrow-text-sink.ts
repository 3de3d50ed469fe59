import { makeData, Type } from 'apache-arrow';
import type { Data, DataType, Vector } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { utf8Data } from './arrow-data.ts';
import { evidence, isNull, nullsOf, Validity } from './arrow-sink.ts';
import type { ColumnSink, SinkResult } from './arrow-sink.ts';
import { DistinctRows } from './distinct-rows.ts';
import { isCategorical } from './infer-rules.ts';

/** Arrow Utf8 offsets are Int32: one column's text must stay below 2 GiB. */
const MAX_TEXT_BYTES = 0x7fffffff;
/** Share of distinct, code-like values above which a text column reads as keys. */
const IDENTIFIER_SHARE = 0.95;

interface FlatText {
  bytes: Uint8Array;
  offsets: ArrayLike<number>;
}

interface FlatDictionary extends FlatText {
  /** Entry -> first row of this column holding its string (-1 until the entry is used). */
  firstRow: Int32Array;
}

/**
 * Utf8, LargeUtf8 and Dictionary-of-strings chunks -> one Utf8 column; also the target for
 * values turned into text (JSON, hex, big integers) through pushString.
 */
export class TextSink implements ColumnSink {
  readonly #offsets: Int32Array;
  readonly #validity: Validity;
  readonly #name: string;
  #bytes = new Uint8Array(1024);
  #pos = 0;
  #at = 0;
  #encoder: TextEncoder | undefined;
  #dictionaries = new WeakMap<Vector, FlatDictionary>();
  readonly #distinct = new DistinctRows();

  constructor(rows: number, name = '') {
    this.#offsets = new Int32Array(rows + 1);
    this.#validity = new Validity(rows);
    this.#name = name;
  }

  #reserve(extra: number): void {
    const need = this.#pos + extra;
    if (need > MAX_TEXT_BYTES) throw benchtopError('column_too_large', { column: this.#name });
    if (need <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.min(MAX_TEXT_BYTES, Math.max(need, this.#bytes.length * 2)));
    grown.set(this.#bytes.subarray(0, this.#pos));
    this.#bytes = grown;
  }

  push(data: Data): void {
    if (data.type.typeId === Type.Dictionary) return this.#pushDictionary(data);
    const flat = flatText(data, this.#name);
    const n = data.length;
    const bitmap = nullsOf(data);
    const offs = flat.offsets;
    if (!bitmap) {
      // No nulls: one copy for the whole chunk.
      const start = offs[0]!;
      const size = offs[n]! - start;
      this.#reserve(size);
      this.#bytes.set(flat.bytes.subarray(start, start + size), this.#pos);
      const shift = this.#pos - start;
      this.#pos += size;
      const bytes = this.#bytes;
      const offsets = this.#offsets;
      const validity = this.#validity;
      const distinct = this.#distinct;
      const at = this.#at;
      for (let i = 0; i < n; i++) {
        offsets[at + i + 1] = offs[i + 1]! + shift;
        validity.set(at + i);
        distinct.add(bytes, offsets, at + i);
      }
      this.#at += n;
      return;
    }
    for (let i = 0; i < n; i++) {
      if (isNull(bitmap, data.offset, i)) this.#appendNull();
      else this.#append(flat.bytes, offs[i]!, offs[i + 1]!);
    }
  }

  #pushDictionary(data: Data): void {
    const dictionary = data.dictionary;
    if (!dictionary) throw new Error('internal: dictionary chunk without a dictionary');
    let flat = this.#dictionaries.get(dictionary);
    if (!flat) {
      flat = { ...flattenVector(dictionary, this.#name), firstRow: new Int32Array(dictionary.length).fill(-1) };
      this.#dictionaries.set(dictionary, flat);
    }
    const indices = data.values as ArrayLike<number>;
    const bitmap = nullsOf(data);
    for (let i = 0; i < data.length; i++) {
      const k = Number(indices[i]);
      if (isNull(bitmap, data.offset, i)) {
        this.#appendNull();
        continue;
      }
      if (!(k >= 0 && k < flat.firstRow.length)) throw new Error(`dictionary index ${k} is out of range`);
      // Each entry is hashed once; its later rows are known duplicates.
      const known = flat.firstRow[k]! >= 0;
      this.#append(flat.bytes, flat.offsets[k]!, flat.offsets[k + 1]!, !known);
      if (!known) flat.firstRow[k] = this.#at - 1;
    }
  }

  #append(src: Uint8Array, start: number, end: number, count = true): void {
    const size = end - start;
    this.#reserve(size);
    if (size > 16) this.#bytes.set(src.subarray(start, end), this.#pos);
    else for (let k = 0; k < size; k++) this.#bytes[this.#pos + k] = src[start + k]!;
    this.#pos += size;
    this.#added(count);
  }

  /** The row just written ends at #pos. */
  #added(count = true): void {
    this.#validity.set(this.#at);
    this.#offsets[++this.#at] = this.#pos;
    if (count) this.#distinct.add(this.#bytes, this.#offsets, this.#at - 1);
  }

  #appendNull(): void {
    this.#validity.missing++;
    this.#offsets[++this.#at] = this.#pos;
  }

  pushString(value: string | null): void {
    if (value === null) return this.#appendNull();
    this.#reserve(value.length * 3);
    this.#encoder ??= new TextEncoder();
    const { written } = this.#encoder.encodeInto(value, this.#bytes.subarray(this.#pos));
    this.#pos += written;
    this.#added();
  }

  finish(opts: { identifierIfUnique?: boolean; notes?: string[] } = {}): SinkResult {
    const rows = this.#offsets.length - 1;
    const validity = this.#validity.take();
    const missing = this.#validity.missing;
    const n = rows - missing;
    // Release the growth slack unless it is small.
    const bytes = this.#bytes.length - this.#pos > this.#pos / 8 ? this.#bytes.slice(0, this.#pos) : this.#bytes.subarray(0, this.#pos);
    const distinct = this.#distinct.size;
    const categorical = n > 0 && isCategorical(distinct, n);
    const keys = n >= 3 && distinct >= IDENTIFIER_SHARE * n && (opts.identifierIfUnique || codeLike(bytes, this.#offsets, validity) >= IDENTIFIER_SHARE * n);
    return {
      data: utf8Data(bytes, this.#offsets, validity),
      kind: categorical ? 'categorical' : 'text',
      type: categorical ? 'categorical' : keys ? 'identifier' : 'text',
      missing,
      distinct,
      evidence: evidence(0, 0, 0, 0),
      notes: opts.notes ?? [],
    };
  }
}

/** Values that look like keys: 1–64 bytes, no whitespace, at least one digit (as the CSV reader judges). */
function codeLike(bytes: Uint8Array, offsets: Int32Array, validity: Uint8Array | undefined): number {
  let count = 0;
  const n = offsets.length - 1;
  rows: for (let i = 0; i < n; i++) {
    if (validity && (validity[i >> 3]! & (1 << (i & 7))) === 0) continue;
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    if (e - s < 1 || e - s > 64) continue;
    let digit = false;
    for (let k = s; k < e; k++) {
      const c = bytes[k]!;
      if (c <= 0x20) continue rows;
      if (c >= 0x30 && c <= 0x39) digit = true;
    }
    if (digit) count++;
  }
  return count;
}

/** Bytes and offsets of a Utf8 or LargeUtf8 chunk, offsets indexed from the chunk's first row. */
function flatText(data: Data, column: string): FlatText {
  const bytes = data.values as Uint8Array;
  if (data.type.typeId === Type.Utf8) return { bytes, offsets: data.valueOffsets as Int32Array };
  // LargeUtf8: 64-bit offsets; the low halves suffice while the chunk holds < 2 GiB.
  const big = data.valueOffsets as unknown as BigInt64Array;
  const halves = new Int32Array(big.buffer, big.byteOffset, (data.length + 1) * 2);
  if (halves[data.length * 2 + 1] !== 0) throw benchtopError('column_too_large', { column });
  const offsets = new Float64Array(data.length + 1);
  for (let i = 0; i <= data.length; i++) offsets[i] = halves[2 * i]! >>> 0;
  return { bytes, offsets };
}

/** A dictionary's strings as one flat text (dictionaries may come in several chunks). */
function flattenVector(vector: Vector, column: string): FlatText {
  const chunks = vector.data;
  if (chunks.length === 1) return flatText(chunks[0]!, column);
  const sink = new TextSink(vector.length, column);
  for (const chunk of chunks) sink.push(chunk);
  const out = sink.finish();
  return { bytes: out.data.values as Uint8Array, offsets: out.data.valueOffsets as Int32Array };
}

type Typed = {
  [i: number]: number | bigint;
  readonly length: number;
  set(src: ArrayLike<number | bigint>, offset?: number): void;
  subarray(start: number, end: number): Typed;
};
type TypedConstructor = new (length: number) => Typed;

/** Rebuilds a dictionary chunk of fixed-width values (numbers, dates) as plain values of the dictionary's type. */
export function decodeDictionary(data: Data): Data {
  const dictionary = data.dictionary!;
  const chunks = dictionary.data;
  const first = chunks[0]!.values as unknown as Typed;
  const make = first.constructor as TypedConstructor;
  const stride = chunks[0]!.stride || 1;
  const flat = new make(dictionary.length * stride);
  let at = 0;
  for (const c of chunks) {
    // Value buffers may be padded past their last value.
    flat.set((c.values as unknown as Typed).subarray(0, c.length * stride) as ArrayLike<number>, at * stride);
    at += c.length;
  }
  const indices = data.values as ArrayLike<number>;
  const sourceNulls = nullsOf(data);
  const out = new make(data.length * stride);
  for (let i = 0; i < data.length; i++) {
    if (isNull(sourceNulls, data.offset, i)) continue;
    const k = Number(indices[i]);
    if (!(k >= 0 && k < dictionary.length)) throw new Error(`dictionary index ${k} is out of range`);
    for (let s = 0; s < stride; s++) out[i * stride + s] = flat[k * stride + s]!;
  }
  const bitmap = nullsOf(data);
  let nullBitmap: Uint8Array | undefined;
  if (bitmap) {
    nullBitmap = new Uint8Array((data.length + 7) >> 3);
    for (let i = 0; i < data.length; i++) if (!isNull(bitmap, data.offset, i)) nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  const type = dictionary.type as DataType;
  return makeData({ type, length: data.length, nullCount: data.nullCount, data: out, nullBitmap } as Parameters<typeof makeData>[0]);
}
