import { Type } from 'apache-arrow';
import type { Data, Table, Vector } from 'apache-arrow';
import { labelValues } from '../../data/columns.ts';
import { benchtopError } from '../../errors.ts';

/** A label column dictionary-encoded: codes[i] indexes values (-1 = missing); counts per code. */
export interface LabelCodes {
  codes: Int32Array;
  values: string[];
  counts: number[];
}

/** The column's Arrow vector by name (column_not_found when absent). */
export function columnVector(table: Table, name: string): Vector {
  const j = table.schema.fields.findIndex((f) => f.name === name);
  const v = j < 0 ? null : table.getChildAt(j);
  if (!v) throw benchtopError('column_not_found', { column: name, available: table.schema.fields.map((f) => f.name).join(', ') });
  return v;
}

/**
 * Dictionary-encode a column's labels (labelValues' spelling). Utf8 columns are hashed on their
 * UTF-8 bytes, so only distinct values are ever decoded into strings: a million-row column with
 * ten labels allocates ten strings.
 */
export function encodeLabels(table: Table, name: string): LabelCodes {
  const vector = columnVector(table, name);
  if (vector.type.typeId === Type.Utf8) {
    const encoded = encodeUtf8(vector.data as Data[], vector.length);
    if (encoded) return encoded;
  }
  return encodeStrings(labelValues(table, name));
}

function encodeStrings(labels: readonly (string | null)[]): LabelCodes {
  const codes = new Int32Array(labels.length);
  const index = new Map<string, number>();
  const values: string[] = [];
  const counts: number[] = [];
  labels.forEach((v, i) => {
    if (v === null) {
      codes[i] = -1;
      return;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = values.length;
      index.set(v, c);
      values.push(v);
      counts.push(0);
    }
    counts[c]!++;
    codes[i] = c;
  });
  return { codes, values, counts };
}

/**
 * Open-addressing table from byte slices to codes; keys point into the chunks' own buffers.
 * Null for malformed UTF-8: two different byte strings could then decode to the same text.
 */
function encodeUtf8(chunks: readonly Data[], length: number): LabelCodes | null {
  const codes = new Int32Array(length);
  let capacity = 1024;
  let slots = new Int32Array(capacity).fill(-1);
  let keyChunk = new Int32Array(256);
  let keyStart = new Int32Array(256);
  let keyEnd = new Int32Array(256);
  let keyHash = new Int32Array(256);
  const counts: number[] = [];
  const buffers: Uint8Array[] = [];
  let distinct = 0;

  const grow = (): void => {
    capacity *= 2;
    const mask = capacity - 1;
    slots = new Int32Array(capacity).fill(-1);
    for (let c = 0; c < distinct; c++) {
      let s = (keyHash[c] as number) & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = c;
    }
    if (keyChunk.length < capacity) {
      keyChunk = resized(keyChunk, capacity);
      keyStart = resized(keyStart, capacity);
      keyEnd = resized(keyEnd, capacity);
      keyHash = resized(keyHash, capacity);
    }
  };

  let at = 0;
  chunks.forEach((data, chunk) => {
    const bytes = data.values as Uint8Array;
    const offsets = data.valueOffsets as Int32Array;
    const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
    buffers.push(bytes);
    for (let i = 0; i < data.length; i++) {
      const pos = data.offset + i;
      if (bitmap && ((bitmap[pos >> 3] as number) & (1 << (pos & 7))) === 0) {
        codes[at + i] = -1;
        continue;
      }
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      let h = 0x811c9dc5;
      for (let b = start; b < end; b++) h = Math.imul(h ^ (bytes[b] as number), 0x01000193);
      const mask = capacity - 1;
      let s = h & mask;
      let code = -1;
      for (;;) {
        const c = slots[s] as number;
        if (c === -1) break;
        if (keyHash[c] === h && sameBytes(buffers[keyChunk[c] as number] as Uint8Array, keyStart[c] as number, keyEnd[c] as number, bytes, start, end)) {
          code = c;
          break;
        }
        s = (s + 1) & mask;
      }
      if (code === -1) {
        code = distinct++;
        slots[s] = code;
        if (code >= keyChunk.length) {
          keyChunk = resized(keyChunk, keyChunk.length * 2);
          keyStart = resized(keyStart, keyStart.length * 2);
          keyEnd = resized(keyEnd, keyEnd.length * 2);
          keyHash = resized(keyHash, keyHash.length * 2);
        }
        keyChunk[code] = chunk;
        keyStart[code] = start;
        keyEnd[code] = end;
        keyHash[code] = h;
        counts.push(0);
        // Keep the load at or below one half so probes stay short.
        if (distinct * 2 > capacity) grow();
      }
      counts[code]!++;
      codes[at + i] = code;
    }
    at += data.length;
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const values = new Array<string>(distinct);
  try {
    for (let c = 0; c < distinct; c++)
      values[c] = decoder.decode((buffers[keyChunk[c] as number] as Uint8Array).subarray(keyStart[c], keyEnd[c]));
  } catch {
    return null;
  }
  return { codes, values, counts };
}

function resized(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(n);
  out.set(a.subarray(0, Math.min(a.length, n)));
  return out;
}

function sameBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}
