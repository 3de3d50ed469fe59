/**
 * Columns as dense integer codes, so grouping rows and per-value statistics on a million rows
 * need no string per cell: text is hashed straight from its UTF-8 bytes, numbers from their bits.
 */
import { Type } from 'apache-arrow';
import type { Data, Table, Vector } from 'apache-arrow';
import { labelValues, numericValues } from '../../../data/columns.ts';
import { benchtopError } from '../../../errors.ts';

export interface EncodedColumn {
  /** Per row: 0 when missing, else 1..k numbering the distinct values in first-seen order. */
  codes: Int32Array;
  /** Number of distinct non-missing values. */
  k: number;
  /** The canonical text of code 1..k, as labelValues writes the value. */
  label(code: number): string;
  /** Per-row numbers (NaN when missing, -0 read as 0) for columns stored as numbers. */
  numbers?: Float64Array;
}

/** The column's vector, or column_not_found. */
export function columnVector(table: Table, name: string): Vector {
  const j = table.schema.fields.findIndex((f) => f.name === name);
  const v = j < 0 ? null : table.getChildAt(j);
  if (!v) throw benchtopError('column_not_found', { column: name, available: table.schema.fields.map((f) => f.name).join(', ') });
  return v;
}

const NUMBER_TYPES: ReadonlySet<Type> = new Set([Type.Float, Type.Int, Type.Bool, Type.Timestamp, Type.Date]);

/** True for columns numericValues can read (numeric, boolean, datetime). */
export function isNumberStored(table: Table, name: string): boolean {
  return NUMBER_TYPES.has(columnVector(table, name).type.typeId);
}

/** numericValues with -0 turned into 0 and every NaN made the canonical NaN, so equal values have equal bits. */
export function canonicalNumbers(table: Table, name: string): Float64Array {
  const values = numericValues(table, name);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) values[i] = NaN;
    else if (v === 0) values[i] = 0;
  }
  return values;
}

export function encodeColumn(table: Table, name: string): EncodedColumn {
  const vector = columnVector(table, name);
  const typeId = vector.type.typeId;
  if (NUMBER_TYPES.has(typeId)) {
    const format =
      typeId === Type.Timestamp || typeId === Type.Date
        ? (v: number) => new Date(v).toISOString()
        : typeId === Type.Bool
          ? (v: number) => (v === 1 ? 'true' : 'false')
          : (v: number) => String(v);
    return encodeNumbers(canonicalNumbers(table, name), format);
  }
  if (typeId === Type.Utf8) return encodeUtf8(vector);
  return encodeLabels(labelValues(table, name));
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** 32-bit hash of a canonical double's bits (murmur3 finaliser over both words). */
function hashNumber(v: number): number {
  scratch[0] = v;
  return finalMix(Math.imul(scratchWords[0]!, 0x9e3779b1) ^ scratchWords[1]!);
}

/** murmur3 fmix32: spreads every input bit over the output so low bits index a table well. */
export function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Open-addressing table from canonical doubles to codes; far cheaper than a Map on 1M values. */
export function encodeNumbers(values: Float64Array, format: (v: number) => string = String): EncodedColumn {
  const n = values.length;
  const codes = new Int32Array(n);
  let distinct = new Float64Array(64);
  let mask = 127;
  let slots = new Int32Array(mask + 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    let p = hashNumber(v) & mask;
    let code = slots[p]!;
    while (code !== 0 && distinct[code] !== v) {
      p = (p + 1) & mask;
      code = slots[p]!;
    }
    if (code === 0) {
      code = ++k;
      if (k >= distinct.length) {
        const grown = new Float64Array(distinct.length * 2);
        grown.set(distinct);
        distinct = grown;
      }
      distinct[code] = v;
      slots[p] = code;
      if (2 * k > mask) {
        mask = mask * 2 + 1;
        slots = new Int32Array(mask + 1);
        for (let c = 1; c <= k; c++) {
          let q = hashNumber(distinct[c]!) & mask;
          while (slots[q] !== 0) q = (q + 1) & mask;
          slots[q] = c;
        }
      }
    }
    codes[i] = code;
  }
  const table = distinct;
  return { codes, k, label: (code) => format(table[code]!), numbers: values };
}

/** FNV-1a over a byte range. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return finalMix(h);
}

function sameBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/** Int32Array that doubles when full; plain arrays would box hashes outside the small-integer range. */
function grow(a: Int32Array, need: number): Int32Array {
  if (need < a.length) return a;
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Codes for a Utf8 column from its raw bytes: no string is decoded except for label(). */
function encodeUtf8(vector: Vector): EncodedColumn {
  const codes = new Int32Array(vector.length);
  const chunks: Uint8Array[] = [];
  // per code (index = code): the chunk and byte range of its first occurrence, and its hash
  let repChunk: Int32Array = new Int32Array(256);
  let repStart: Int32Array = new Int32Array(256);
  let repEnd: Int32Array = new Int32Array(256);
  let repHash: Int32Array = new Int32Array(256);
  let mask = 127;
  let slots = new Int32Array(mask + 1);
  let k = 0;
  let at = 0;
  for (const data of vector.data as Data[]) {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    const c = chunks.push(bytes) - 1;
    const checkNulls = data.nullCount > 0;
    for (let i = 0; i < data.length; i++) {
      if (checkNulls && !data.getValid(i)) continue;
      const s = offsets[i]!;
      const e = offsets[i + 1]!;
      const h = hashBytes(bytes, s, e);
      let p = h & mask;
      let code = slots[p]!;
      while (code !== 0 && !(repHash[code] === h && sameBytes(chunks[repChunk[code]!]!, repStart[code]!, repEnd[code]!, bytes, s, e))) {
        p = (p + 1) & mask;
        code = slots[p]!;
      }
      if (code === 0) {
        code = ++k;
        repChunk = grow(repChunk, k);
        repStart = grow(repStart, k);
        repEnd = grow(repEnd, k);
        repHash = grow(repHash, k);
        repChunk[code] = c;
        repStart[code] = s;
        repEnd[code] = e;
        repHash[code] = h;
        slots[p] = code;
        if (2 * k > mask) {
          mask = mask * 2 + 1;
          slots = new Int32Array(mask + 1);
          for (let r = 1; r <= k; r++) {
            let q = repHash[r]! & mask;
            while (slots[q] !== 0) q = (q + 1) & mask;
            slots[q] = r;
          }
        }
      }
      codes[at + i] = code;
    }
    at += data.length;
  }
  const decoder = new TextDecoder();
  const [rc, rs, re] = [repChunk, repStart, repEnd];
  return {
    codes,
    k,
    label: (code) => decoder.decode(chunks[rc[code]!]!.subarray(rs[code]!, re[code]!)),
  };
}

/** Fallback for storage types other than Utf8 and numbers (dictionary-encoded text, ...). */
function encodeLabels(values: readonly (string | null)[]): EncodedColumn {
  const codes = new Int32Array(values.length);
  const index = new Map<string, number>();
  const labels: string[] = [''];
  values.forEach((v, i) => {
    if (v === null) return;
    let code = index.get(v);
    if (code === undefined) {
      code = labels.push(v) - 1;
      index.set(v, code);
    }
    codes[i] = code;
  });
  return { codes, k: labels.length - 1, label: (code) => labels[code]! };
}
