/**
 * Shared helpers for the feature steps: input checks, order statistics with numpy's
 * conventions, level counting, MurmurHash3 and the text tokeniser. Nothing here holds state.
 */
import { benchtopError } from '../../errors.ts';
import type { FrameColumn, LabelColumn, NumericColumn } from '../frame.ts';

/** The spec error every step throws for input it cannot take. */
export function invalid(field: string, reason: string): Error {
  return benchtopError('spec_invalid', { field, reason });
}

export function requireNumeric(step: string, c: FrameColumn): NumericColumn {
  if (c.type !== 'numeric') throw invalid(`steps.${step}`, `column "${c.name}" holds labels; ${step} needs numeric columns (encode it first)`);
  return c;
}

export function requireLabel(step: string, c: FrameColumn): LabelColumn {
  if (c.type !== 'label') throw invalid(`steps.${step}`, `column "${c.name}" is numeric; ${step} needs label columns`);
  return c;
}

/** Positional match between fitted state and the columns handed to apply. */
export function checkArity(step: string, expected: number, got: number): void {
  if (expected !== got) throw invalid(`steps.${step}`, `fitted on ${expected} columns but applied to ${got}`);
}

export function numericColumn(name: string, values: Float64Array, source: NumericColumn['source'] = 'derived'): NumericColumn {
  return { name, type: 'numeric', values, source };
}

/** Finite-or-missing for JSON: NaN/±Infinity -> null. */
export function toJson(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function fromJson(v: number | null): number {
  return v === null ? Number.NaN : v;
}

/** Non-missing values of a numeric column, in row order. */
export function observed(values: Float64Array): number[] {
  const out: number[] = [];
  for (const v of values) if (!Number.isNaN(v)) out.push(v);
  return out;
}

/** Ascending numeric sort of a copy. */
export function sorted(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

/** numpy.percentile(method='linear') of an already sorted, non-empty array; q in [0, 100]. */
export function percentileSorted(s: ArrayLike<number>, q: number): number {
  const n = s.length;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  const a = s[lo]!;
  const b = s[hi]!;
  // numpy's _lerp: a + (b - a) * t, switching to b - (b - a) * (1 - t) for t >= 0.5.
  return frac >= 0.5 ? b - (b - a) * (1 - frac) : a + (b - a) * frac;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Population variance (ddof = 0), two-pass. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return s / xs.length;
}

/** Code-unit string order: the same in every engine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Label -> count over the given values, missing as `missing` (or skipped when undefined). */
export function countLevels(values: readonly (string | null)[], missing?: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    const key = v ?? missing;
    if (key === undefined) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Levels by count descending, ties by label. */
export function byFrequency(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
}

const encoder = new TextEncoder();

/** MurmurHash3 x86 32-bit of the UTF-8 bytes of `key`, as a signed 32-bit integer (sklearn's murmurhash3_32(positive=False)). */
export function murmur3(key: string, seed = 0): number {
  const data = encoder.encode(key);
  const len = data.length;
  const nblocks = len >> 2;
  let h = seed >>> 0;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  for (let i = 0; i < nblocks; i++) {
    const o = i * 4;
    let k = data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = nblocks * 4;
  let k = 0;
  const rest = len & 3;
  if (rest > 0) {
    if (rest === 3) k ^= data[tail + 2]! << 16;
    if (rest >= 2) k ^= data[tail + 1]! << 8;
    k ^= data[tail]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Slot and sign of a token in a `width`-slot hashed space, as scikit-learn's FeatureHasher and
 * HashingVectorizer: index = |h| mod width, sign = +1 when h >= 0 (alternate_sign=True).
 */
export function hashSlot(token: string, width: number): { slot: number; sign: number } {
  const h = murmur3(token, 0);
  // |-2^31| overflows int32 in sklearn's Cython; it maps that one value to (2^31 - 1 - (width - 1)) % width.
  const slot = h === -2147483648 ? (2147483647 - (width - 1)) % width : Math.abs(h) % width;
  return { slot, sign: h >= 0 ? 1 : -1 };
}

/** Lower-cased runs of Unicode letters and digits. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** numpy.searchsorted(edges, x, side='right'): number of edges <= x. */
export function searchRight(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy's pairwise summation (add.reduce on a contiguous float64 array), to reproduce its rounding. */
export function npSum(a: ArrayLike<number>, lo = 0, n = a.length - lo): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[lo + i]!;
    return s;
  }
  if (n <= 128) {
    const r = [a[lo]!, a[lo + 1]!, a[lo + 2]!, a[lo + 3]!, a[lo + 4]!, a[lo + 5]!, a[lo + 6]!, a[lo + 7]!];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = r[j]! + a[lo + i + j]!;
    let s = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) s += a[lo + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return npSum(a, lo, n2) + npSum(a, lo + n2, n - n2);
}

/** numpy's x.var() (ddof 0) with its summation order. */
export function npVar(a: ArrayLike<number>): number {
  const n = a.length;
  const m = npSum(a) / n;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = (a[i]! - m) * (a[i]! - m);
  return npSum(d) / n;
}
