/**
 * Whole rows compared by hashing, never by joining cells into strings: each row gets two
 * independent 32-bit hashes over its cells, and a hash match is confirmed cell by cell, so
 * grouping is exact.
 */
import type { Table } from 'apache-arrow';
import { canonicalNumbers, encodeColumn, finalMix, isNumberStored } from './encode-column.ts';

/** One column as rows see it: numbers compared by value (missing = NaN), labels by code (missing = 0). */
export type RowKey = { numbers: Float64Array; words: Uint32Array } | { codes: Int32Array };

export function rowKeys(table: Table, names: readonly string[]): RowKey[] {
  return names.map((name) => {
    if (!isNumberStored(table, name)) return { codes: encodeColumn(table, name).codes };
    const numbers = canonicalNumbers(table, name);
    return { numbers, words: new Uint32Array(numbers.buffer, numbers.byteOffset, numbers.length * 2) };
  });
}

export interface RowHashes {
  h1: Int32Array;
  h2: Int32Array;
}

function mix(h: number, x: number): number {
  x = Math.imul(x, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  h ^= Math.imul(x, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Two hashes per row over all keys, column by column (cache-friendly on column-major data). */
export function hashRows(keys: readonly RowKey[], n: number): RowHashes {
  const h1 = new Int32Array(n).fill(0x2545f491);
  const h2 = new Int32Array(n).fill(0x1b03738d);
  for (const key of keys) {
    if ('codes' in key) {
      const codes = key.codes;
      for (let i = 0; i < n; i++) {
        const c = codes[i]!;
        h1[i] = mix(h1[i]!, c);
        h2[i] = mix(h2[i]!, Math.imul(c, 0x27d4eb2d) ^ 0x165667b1);
      }
    } else {
      const w = key.words;
      for (let i = 0; i < n; i++) {
        const lo = w[2 * i]!;
        const hi = w[2 * i + 1]!;
        h1[i] = mix(mix(h1[i]!, lo), hi);
        h2[i] = mix(mix(h2[i]!, hi ^ 0x165667b1), lo);
      }
    }
  }
  for (let i = 0; i < n; i++) h1[i] = finalMix(h1[i]!);
  return { h1, h2 };
}

export function sameRow(keys: readonly RowKey[], a: number, b: number): boolean {
  for (const key of keys) {
    if ('codes' in key) {
      if (key.codes[a] !== key.codes[b]) return false;
    } else {
      const x = key.numbers[a]!;
      const y = key.numbers[b]!;
      if (x !== y && !(x !== x && y !== y)) return false;
    }
  }
  return true;
}

/** A set of rows, looked up by content: the open-addressing table holds row + 1 (0 = empty). */
export class RowIndex {
  readonly #keys: readonly RowKey[];
  readonly #hashes: RowHashes;
  readonly #slots: Int32Array;
  readonly #mask: number;

  /** `capacity`: the most rows that will be added. */
  constructor(keys: readonly RowKey[], hashes: RowHashes, capacity: number) {
    this.#keys = keys;
    this.#hashes = hashes;
    let size = 16;
    while (size < 2 * capacity) size *= 2;
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
  }

  /** The first added row equal to `row`, or -1 (and `row` is added) when there is none. */
  findOrAdd(row: number): number {
    const p = this.#probe(row);
    const held = this.#slots[p]!;
    if (held !== 0) return held - 1;
    this.#slots[p] = row + 1;
    return -1;
  }

  /** The added row equal to `row`, or -1. */
  find(row: number): number {
    return this.#slots[this.#probe(row)]! - 1;
  }

  /** Slot holding a row equal to `row`, or the empty slot where it would go. */
  #probe(row: number): number {
    const { h1, h2 } = this.#hashes;
    const a = h1[row]!;
    const b = h2[row]!;
    let p = a & this.#mask;
    for (;;) {
      const held = this.#slots[p]!;
      if (held === 0) return p;
      const other = held - 1;
      if (h1[other] === a && h2[other] === b && sameRow(this.#keys, other, row)) return p;
      p = (p + 1) & this.#mask;
    }
  }
}

/**
 * Rows (a subset, in the given order) grouped by identical keys: `groupOf[j]` numbers the
 * group of rows[j] (0-based, in first-seen order) and `firstRow[g]` is its first row.
 */
export function groupRows(keys: readonly RowKey[], hashes: RowHashes, rows: Int32Array): { groupOf: Int32Array; firstRow: Int32Array; groups: number } {
  const index = new RowIndex(keys, hashes, rows.length);
  const groupOfRow = new Int32Array(hashes.h1.length);
  const groupOf = new Int32Array(rows.length);
  const first: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    const rep = index.findOrAdd(row);
    if (rep < 0) {
      groupOfRow[row] = first.length;
      groupOf[j] = first.length;
      first.push(row);
    } else groupOf[j] = groupOfRow[rep]!;
  }
  return { groupOf, firstRow: Int32Array.from(first), groups: first.length };
}
