/**
 * Exact-duplicate rows without building a string per row: every column folds its cells into two
 * independent 32-bit hashes per row (a 64-bit row key), then one open-addressing pass finds rows
 * whose key was seen before. Two different rows share a key with probability about n² / 2⁶⁵
 * (3 in 10⁸ for a million rows), so keys are not re-checked cell by cell.
 */

export interface DuplicateRows {
  /** Rows equal to an earlier row (pandas' duplicated(keep='first').sum()). */
  count: number;
  /** Distinct rows that occur more than once. */
  groups: number;
  /** The first few duplicates: the row and the earlier row it repeats (0-based). */
  examples: { row: number; of: number }[];
}

const MAX_EXAMPLES = 5;
// Missing cells hash as words no finite double, code or epoch-ms value can produce.
const MISSING_LO = 0x00000001;
const MISSING_HI = 0x7ff80000;

export class RowHasher {
  readonly rows: number;
  #h1: Int32Array;
  #h2: Int32Array;
  #columns = 0;
  #f64 = new Float64Array(1);
  #u32 = new Uint32Array(this.#f64.buffer);

  constructor(rows: number) {
    this.rows = rows;
    this.#h1 = new Int32Array(rows).fill(0x2545f491);
    this.#h2 = new Int32Array(rows).fill(0x6a09e667);
  }

  /** A column read as numbers (NaN = missing; -0 counts as 0). */
  addNumbers(values: Float64Array): void {
    const f = this.#f64;
    const u = this.#u32;
    for (let i = 0; i < this.rows; i++) {
      const x = values[i] as number;
      if (x !== x) this.#mix(i, MISSING_LO, MISSING_HI);
      else if (x === 0) this.#mix(i, 0, 0);
      else {
        f[0] = x;
        this.#mix(i, u[0] as number, u[1] as number);
      }
    }
    this.#columns++;
  }

  /** A dictionary-encoded column (-1 = missing). */
  addCodes(codes: Int32Array): void {
    for (let i = 0; i < this.rows; i++) {
      const c = codes[i] as number;
      if (c < 0) this.#mix(i, MISSING_LO, MISSING_HI);
      else this.#mix(i, c, 0x3c6ef372);
    }
    this.#columns++;
  }

  #mix(i: number, lo: number, hi: number): void {
    this.#h1[i] = round(round(this.#h1[i] as number, lo, 0xcc9e2d51), hi, 0x1b873593);
    this.#h2[i] = round(round(this.#h2[i] as number, hi, 0x85ebca6b), lo, 0xc2b2ae35);
  }

  duplicates(): DuplicateRows {
    const n = this.rows;
    if (this.#columns === 0 || n < 2) return { count: 0, groups: 0, examples: [] };
    const h1 = this.#h1.map(fmix);
    const h2 = this.#h2.map(fmix);
    let capacity = 1;
    while (capacity < 2 * n) capacity *= 2;
    const mask = capacity - 1;
    const slots = new Int32Array(capacity).fill(-1);
    const seen = new Uint8Array(n);
    let count = 0;
    let groups = 0;
    const examples: DuplicateRows['examples'] = [];
    for (let i = 0; i < n; i++) {
      const a = h1[i] as number;
      const b = h2[i] as number;
      let s = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
      for (;;) {
        const r = slots[s] as number;
        if (r === -1) {
          slots[s] = i;
          break;
        }
        if (h1[r] === a && h2[r] === b) {
          count++;
          if (seen[r] === 0) {
            seen[r] = 1;
            groups++;
          }
          if (examples.length < MAX_EXAMPLES) examples.push({ row: i, of: r });
          break;
        }
        s = (s + 1) & mask;
      }
    }
    return { count, groups, examples };
  }
}

/** One murmur3 block step. */
function round(h: number, k: number, c: number): number {
  k = Math.imul(k, c);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser: spreads every input bit over the whole word. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
