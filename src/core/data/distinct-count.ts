/**
 * Exact distinct counts over big typed columns without a Set of millions of values: items are
 * hashed, grouped by the top hash bits into cache-sized buckets (a counting sort), and each
 * bucket is counted with a small open-addressing table; equal hashes are confirmed by `same`,
 * so collisions never merge different values.
 */
function countByHash(hashes: Int32Array, count: number, same: (a: number, b: number) => boolean): number {
  if (count === 0) return 0;
  // ~2k items per bucket keeps each table in L1/L2.
  const bits = Math.max(0, Math.min(16, Math.ceil(Math.log2(count / 2048))));
  const buckets = 1 << bits;
  const shift = 32 - bits;
  const bucketOf = (h: number): number => (bits === 0 ? 0 : h >>> shift);
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < count; i++) starts[bucketOf(hashes[i]!) + 1]!++;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, buckets);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[fill[bucketOf(hashes[i]!)]!++] = i;

  let size = 64;
  let slots = new Int32Array(size);
  let stamps = new Int32Array(size);
  let stamp = 0;
  let distinct = 0;
  for (let b = 0; b < buckets; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (to === from) continue;
    if ((to - from) * 2 > size) {
      while ((to - from) * 2 > size) size *= 2;
      slots = new Int32Array(size);
      stamps = new Int32Array(size);
      stamp = 0;
    }
    stamp++;
    const mask = size - 1;
    for (let k = from; k < to; k++) {
      const item = order[k]!;
      const h = hashes[item]!;
      let j = (h ^ (h >>> 16)) & mask;
      for (;;) {
        if (stamps[j] !== stamp) {
          stamps[j] = stamp;
          slots[j] = item;
          distinct++;
          break;
        }
        const other = slots[j]!;
        if (hashes[other] === h && same(other, item)) break;
        j = (j + 1) & mask;
      }
    }
  }
  return distinct;
}

const isValid = (validity: Uint8Array | undefined, i: number): boolean =>
  validity === undefined || (validity[i >> 3]! & (1 << (i & 7))) !== 0;

/**
 * Distinct present values of a float64 column (0 and -0 are one value, as in a Set; NaN, which
 * the readers never store, counts once). Integer columns with a small range are counted with a
 * bitset; up to SINGLE_TABLE_MAX values one open-addressing table does it; bigger columns are
 * grouped into cache-sized buckets first. This runs on every numeric column, so the loops are
 * written out rather than shared.
 */
export function distinctFloat64(values: Float64Array, validity: Uint8Array | undefined): number {
  const n = values.length;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    if (validity !== undefined && (validity[i >> 3]! & (1 << (i & 7))) === 0) continue;
    const v = values[i]!;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    // Also false for NaN, which is counted below.
    if (v !== Math.floor(v)) integers = false;
  }
  if (!integers)
    for (let i = 0; i < n && nan === 0; i++) if (values[i]! !== values[i]! && isValid(validity, i)) nan = 1;
  if (count === 0) return 0;
  if (nan === 0) {
    const scale = integers ? 1 : decimalScale(values, validity);
    const span = Math.round(max * scale) - Math.round(min * scale);
    if (scale > 0 && span < Math.max(BITS_PER_VALUE * count, 1 << 20) && Math.abs(max * scale) < 2 ** 52 && Math.abs(min * scale) < 2 ** 52) {
      const distinct = distinctInBitset(values, validity, scale, Math.round(min * scale), span);
      if (distinct >= 0) return distinct;
    }
  }
  if (count <= SINGLE_TABLE_MAX) return distinctInOneTable(values, validity, count) + nan;
  return distinctInBuckets(values, validity, count - nan) + nan;
}

/** A bitset may spend this many bits per value (8 bytes, the size of the value itself). */
const BITS_PER_VALUE = 64;
/** Decimal places tried when looking for fixed-point values. */
const MAX_SCALE = 9;

/** Values looked at to guess a decimal scale (distinctInBitset then checks every value). */
const SCALE_SAMPLE = 256;

/**
 * The power of ten (10^1 ... 10^9) that turns the first present values into integers exactly
 * (Math.round(v * 10^s) / 10^s === v), or 0. Fixed-point columns (prices, readings to 0.01) are
 * common and then count with a bitset.
 */
function decimalScale(values: Float64Array, validity: Uint8Array | undefined): number {
  let scale = 1;
  for (let s = 1; s <= MAX_SCALE; s++) {
    scale *= 10;
    let ok = true;
    for (let i = 0, seen = 0; i < values.length && seen < SCALE_SAMPLE; i++) {
      if (!isValid(validity, i)) continue;
      seen++;
      const v = values[i]!;
      if (Math.round(v * scale) / scale !== v) {
        ok = false;
        break;
      }
    }
    if (ok) return scale;
  }
  return 0;
}

/** Count by marking round(v * scale) - base in a bitset; -1 if some value does not map back exactly. */
function distinctInBitset(values: Float64Array, validity: Uint8Array | undefined, scale: number, base: number, span: number): number {
  const seen = new Uint8Array((span >> 3) + 1);
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    if (!isValid(validity, i)) continue;
    const v = values[i]!;
    const rounded = Math.round(v * scale);
    // The check that makes the mapping one-to-one (integers: scale 1, always true).
    if (rounded / scale !== v) return -1;
    const k = rounded - base;
    const bit = 1 << (k & 7);
    const at = k >> 3;
    if ((seen[at]! & bit) === 0) {
      seen[at]! |= bit;
      distinct++;
    }
  }
  return distinct;
}

/** Up to this many values one open-addressing table stays cache-friendly and beats bucketing. */
const SINGLE_TABLE_MAX = 1 << 18;

const words = (values: Float64Array): Int32Array => new Int32Array(values.buffer, values.byteOffset, values.length * 2);

/** 32-bit hash of a double's two words (0 and -0 must be passed as the same words). */
const hashWords = (lo: number, hi: number): number => {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** One table; empty slots hold NaN (never a key here), so a probe touches one array. */
function distinctInOneTable(values: Float64Array, validity: Uint8Array | undefined, count: number): number {
  let size = 64;
  while (size < 2 * count) size <<= 1;
  const mask = size - 1;
  const table = new Float64Array(size).fill(NaN);
  const w = words(values);
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    if (!isValid(validity, i)) continue;
    const v = values[i]!;
    if (v !== v) continue;
    let j = (v === 0 ? hashWords(0, 0) : hashWords(w[2 * i]!, w[2 * i + 1]!)) & mask;
    for (;;) {
      const t = table[j]!;
      if (t !== t) {
        table[j] = v;
        distinct++;
        break;
      }
      if (t === v) break;
      j = (j + 1) & mask;
    }
  }
  return distinct;
}

/** Bucket by the top hash bits (a counting sort), then count each bucket in a small table. */
function distinctInBuckets(values: Float64Array, validity: Uint8Array | undefined, count: number): number {
  const w = words(values);
  const bits = Math.max(0, Math.min(16, Math.ceil(Math.log2(count / 2048))));
  const buckets = 1 << bits;
  const shift = 32 - bits;
  const hashes = new Int32Array(count);
  const keys = new Float64Array(count);
  const starts = new Int32Array(buckets + 1);
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    if (!isValid(validity, i)) continue;
    const v = values[i]!;
    if (v !== v) continue;
    const h = v === 0 ? hashWords(0, 0) : hashWords(w[2 * i]!, w[2 * i + 1]!);
    hashes[c] = h;
    keys[c++] = v;
    starts[(bits === 0 ? 0 : h >>> shift) + 1]!++;
  }
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, buckets);
  const sortedKeys = new Float64Array(count);
  const sortedHashes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const h = hashes[i]!;
    const at = fill[bits === 0 ? 0 : h >>> shift]!++;
    sortedKeys[at] = keys[i]!;
    sortedHashes[at] = h;
  }
  let size = 64;
  let table = new Float64Array(size);
  let distinct = 0;
  for (let b = 0; b < buckets; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (to === from) continue;
    if ((to - from) * 2 > size) {
      while ((to - from) * 2 > size) size *= 2;
      table = new Float64Array(size);
    }
    table.fill(NaN);
    const mask = size - 1;
    for (let k = from; k < to; k++) {
      const v = sortedKeys[k]!;
      let j = sortedHashes[k]! & mask;
      for (;;) {
        const t = table[j]!;
        if (t !== t) {
          table[j] = v;
          distinct++;
          break;
        }
        if (t === v) break;
        j = (j + 1) & mask;
      }
    }
  }
  return distinct;
}

/** Distinct present strings of an Arrow-Utf8-like column (byte-wise equality). */
export function distinctUtf8(bytes: Uint8Array, offsets: Int32Array, validity: Uint8Array | undefined): number {
  const n = offsets.length - 1;
  const rows = new Int32Array(n);
  const hashes = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (validity !== undefined && (validity[i >> 3]! & (1 << (i & 7))) === 0) continue;
    let h = 0x811c9dc5;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    rows[count] = i;
    hashes[count++] = h ^ (h >>> 12);
  }
  const same = (a: number, b: number): boolean => {
    const ra = rows[a]!;
    const rb = rows[b]!;
    const sa = offsets[ra]!;
    const sb = offsets[rb]!;
    const len = offsets[ra + 1]! - sa;
    if (offsets[rb + 1]! - sb !== len) return false;
    for (let k = 0; k < len; k++) if (bytes[sa + k] !== bytes[sb + k]) return false;
    return true;
  };
  if (count > SINGLE_TABLE_MAX) return countByHash(hashes, count, same);
  // One table that grows with the distinct values seen, so a few labels stay in a few cache lines.
  let size = 64;
  let slots = new Int32Array(size).fill(-1);
  let distinct = 0;
  for (let item = 0; item < count; item++) {
    const h = hashes[item]!;
    let mask = size - 1;
    let j = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const other = slots[j]!;
      if (other < 0) {
        slots[j] = item;
        if (++distinct * 2 > size) {
          size *= 2;
          const grown = new Int32Array(size).fill(-1);
          mask = size - 1;
          for (let t = 0; t < slots.length; t++) {
            const o = slots[t]!;
            if (o < 0) continue;
            const g = hashes[o]!;
            let q = (g ^ (g >>> 16)) & mask;
            while (grown[q]! >= 0) q = (q + 1) & mask;
            grown[q] = o;
          }
          slots = grown;
        }
        break;
      }
      if (hashes[other] === h && same(other, item)) break;
      j = (j + 1) & mask;
    }
  }
  return distinct;
}
