/**
 * Feature binning as scikit-learn's HistGradientBoosting `_BinMapper`: per feature, the
 * distinct non-missing training values when there are at most `maxBins` of them (one bin
 * each, edges at the midpoints), else `maxBins` quantile bins whose edges are numpy's
 * `percentile(..., method='midpoint')` at linspace(0, 100, maxBins + 1)[1:-1]; repeated
 * edges (heavy ties) are merged, so a bin is never empty by construction. Edges come from a
 * seeded subsample of 200,000 rows on bigger data, as scikit-learn does.
 *
 * Codes: 0 = missing (NaN), 1 + (number of edges < x) otherwise, so `bin <= b` is exactly
 * `x <= edges[b - 1]`: the tree stores that edge as its real threshold.
 *
 * Categorical features (flagged and with integer codes 0..MAX_CATEGORY in training) bin as
 * code + 1; any other value at prediction time (unseen non-integer or too large code) gets
 * the reserved bin 255, which no training row has, so it never joins a left category set.
 */
import type { Rng } from '../../random.ts';
import type { BinnedMatrix } from './histogram.ts';
import { sortFloat32 } from './sort-float32.ts';
import { wasmBinColumns, type EdgeTable } from './wasm-histogram.ts';

export const EDGE_SAMPLE = 200_000;
/** Sampled values transposed at a time when fitting bins (32 MB of float32). */
const TRANSPOSE_VALUES = 1 << 23;
export const MAX_CATEGORY = 253;
const INVALID_CATEGORY_BIN = 255;

export interface BinMapper {
  d: number;
  /** Per feature: increasing upper edges of value bins 1..edges.length (the last bin is open). */
  edges: Float64Array[];
  /** 1 where the feature is split as a category set. */
  categorical: Uint8Array;
  /** Bins used per feature, missing bin included. */
  binCount: Uint16Array;
}

/** numpy's percentile(sorted, q, method='midpoint') with q = i * (100 / m) for i in 1..m-1. */
function quantileEdges(sorted: Float32Array | Float64Array, m: number): number[] {
  const n = sorted.length;
  const step = 100 / m;
  const out: number[] = [];
  for (let i = 1; i < m; i++) {
    const idx = ((i * step) / 100) * (n - 1);
    const lo = Math.floor(idx);
    const hi = Math.ceil(idx);
    out.push(lo === hi ? sorted[lo]! : 0.5 * (sorted[lo]! + sorted[hi]!));
  }
  return out;
}

/** Edges for one column of non-missing values (sorted in place). */
export function featureEdges(values: Float64Array, maxBins: number): Float64Array {
  return edgesOfSorted(values.sort(), maxBins);
}

/** featureEdges of values already sorted ascending. */
function edgesOfSorted(values: Float32Array | Float64Array, maxBins: number): Float64Array {
  const n = values.length;
  if (n === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < n; i++) if (values[i] !== values[i - 1]) distinct++;
  const raw: number[] = [];
  if (distinct <= maxBins) {
    let prev = values[0]!;
    for (let i = 1; i < n; i++) {
      const v = values[i]!;
      if (v !== prev) {
        raw.push(0.5 * (prev + v));
        prev = v;
      }
    }
  } else {
    raw.push(...quantileEdges(values, maxBins));
  }
  const edges: number[] = [];
  for (const e of raw) if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  return Float64Array.from(edges);
}

export function fitBinMapper(
  X: Float32Array,
  n: number,
  d: number,
  opts: { maxBins: number; rng: Rng; categorical?: Uint8Array | undefined },
): BinMapper {
  const maxBins = Math.max(2, Math.min(255, Math.floor(opts.maxBins)));
  let rows: Int32Array | null = null;
  if (n > EDGE_SAMPLE) {
    // Partial Fisher-Yates: the first EDGE_SAMPLE entries are a uniform sample without replacement.
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = 0; i < EDGE_SAMPLE; i++) {
      const j = i + opts.rng.int(n - i);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    // The sampled rows in increasing order (X is then read front to back): marked, then swept,
    // which is cheaper than sorting them.
    const mark = new Uint8Array(n);
    for (let i = 0; i < EDGE_SAMPLE; i++) mark[perm[i]!] = 1;
    rows = new Int32Array(EDGE_SAMPLE + 1);
    for (let i = 0, t = 0; i < n; i++) {
      rows[t] = i;
      t += mark[i]!;
    }
    rows = rows.subarray(0, EDGE_SAMPLE);
  }
  const m = rows ? rows.length : n;
  // The sampled values feature-major, a block of features at a time (bounded memory on wide
  // data), each block in one read of the sampled rows: a feature's values are then contiguous,
  // where reading them from row-major X strides a cache line per value (the most expensive
  // part of fitting bins before: 30-70 ms of 250 on 1M x 28).
  const width = Math.max(1, Math.min(d, Math.floor(TRANSPOSE_VALUES / Math.max(1, m))));
  const columns = new Float32Array(m * width);
  // X is float32, so the column sorts as float32 (a radix sort; the same order and values).
  const edges: Float64Array[] = [];
  const categorical = new Uint8Array(d);
  const binCount = new Uint16Array(d);
  for (let f0 = 0; f0 < d; f0 += width) {
    const f1 = Math.min(d, f0 + width);
    for (let t = 0; t < m; t++) {
      const at = (rows ? rows[t]! : t) * d;
      for (let f = f0; f < f1; f++) columns[(f - f0) * m + t] = X[at + f]!;
    }
    for (let f = f0; f < f1; f++) {
      if (opts.categorical?.[f] && isCategoryColumn(X, n, d, f)) {
        categorical[f] = 1;
        edges.push(new Float64Array(0));
        binCount[f] = INVALID_CATEGORY_BIN + 1;
        continue;
      }
      // The column's non-missing values, compacted in place.
      const col = columns.subarray((f - f0) * m, (f - f0 + 1) * m);
      let k = 0;
      for (let t = 0; t < m; t++) {
        const v = col[t]!;
        if (v === v) col[k++] = v;
      }
      const sorted = col.subarray(0, k);
      sortFloat32(sorted);
      const e = edgesOfSorted(sorted, maxBins);
      edges.push(e);
      binCount[f] = e.length + 2;
    }
  }
  return { d, edges, categorical, binCount };
}

/** Training codes must be whole numbers in 0..MAX_CATEGORY (or missing) for a native categorical split. */
function isCategoryColumn(X: Float32Array, n: number, d: number, f: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = X[i * d + f]!;
    if (v === v && !(Number.isInteger(v) && v >= 0 && v <= MAX_CATEGORY)) return false;
  }
  return true;
}

/** Bin code of value v for feature f. */
export function binOf(mapper: BinMapper, f: number, v: number): number {
  if (v !== v) return 0;
  if (mapper.categorical[f]) return Number.isInteger(v) && v >= 0 && v <= MAX_CATEGORY ? v + 1 : INVALID_CATEGORY_BIN;
  return searchBelow(mapper.edges[f]!, v) + 1;
}

/** Bins the rows of X (n x d, row-major) into a feature-major matrix. */
export function binMatrix(mapper: BinMapper, X: Float32Array, n: number, shared = false): BinnedMatrix {
  const { d } = mapper;
  const buf = shared && typeof SharedArrayBuffer !== 'undefined' ? new SharedArrayBuffer(n * d) : new ArrayBuffer(n * d);
  const bins = new Uint8Array(buf);
  // Numeric features go to the WebAssembly kernel where it runs (about a quarter of the time);
  // categorical ones, and features whose edges the cell table cannot take, stay here.
  const finders = Array.from({ length: d }, (_, f) => (mapper.categorical[f] ? null : new EdgeFinder(mapper.edges[f]!)));
  const tables = finders.map((finder) => finder?.table() ?? null);
  const inWasm = n > 0 && wasmBinColumns(X, n, d, tables, bins);
  for (let f = 0; f < d; f++) {
    const base = f * n;
    if (mapper.categorical[f]) {
      for (let i = 0; i < n; i++) bins[base + i] = binOf(mapper, f, X[i * d + f]!);
      continue;
    }
    if (inWasm && tables[f]) continue;
    const finder = finders[f]!;
    for (let i = 0; i < n; i++) {
      const v = X[i * d + f]!;
      bins[base + i] = v === v ? finder.below(v) + 1 : 0;
    }
  }
  return { n, d, bins, binCount: Uint16Array.from(mapper.binCount) };
}

const CELLS = 4096;

/**
 * Counts the edges below a value, as binOf's binary search does, about ten times faster: the
 * range between the first and last edge is cut into CELLS equal cells, and a table gives, per
 * cell, how many edges lie in earlier cells. Those edges are all below any value of the cell
 * (the cell index, floor((v - lo) * scale), never decreases as v grows), so a short scan from
 * there finishes the count; quantile edges put one or two edges in a cell. The binary search's
 * eight dependent, unpredictable branches per value were most of the time of binning.
 */
class EdgeFinder {
  readonly #edges: Float64Array;
  /** The edges followed by +Infinity, which stops the scan. */
  readonly #padded = new Float64Array(257);
  readonly #table = new Uint16Array(CELLS + 2);
  #lo = 0;
  #hi = 0;
  #scale = 0;

  constructor(edges: Float64Array) {
    this.#edges = edges;
    const len = edges.length;
    this.#padded.fill(Infinity);
    this.#padded.set(edges);
    this.#lo = edges[0] ?? 0;
    this.#hi = edges[len - 1] ?? 0;
    this.#scale = len > 1 ? CELLS / (this.#hi - this.#lo) : 0;
    if (!Number.isFinite(this.#scale)) this.#scale = 0;
    if (this.#scale === 0) return;
    let c = 0;
    for (let j = 0; j < this.#table.length; j++) {
      while (c < len && this.#cell(edges[c]!) < j) c++;
      this.#table[j] = c;
    }
  }

  /**
   * The finder's state for the WebAssembly kernel (binColumn), or null where below() would
   * take its binary search (no cell table: edges too close together for the scale).
   */
  table(): EdgeTable | null {
    if (this.#scale === 0 && this.#edges.length > 1) return null;
    return { padded: this.#padded, table: this.#table, nEdges: this.#edges.length, lo: this.#lo, hi: this.#hi, scale: this.#scale };
  }

  #cell(v: number): number {
    return Math.min(CELLS + 1, Math.floor((v - this.#lo) * this.#scale));
  }

  /** Edges strictly below v (v not NaN). */
  below(v: number): number {
    const e = this.#edges;
    if (e.length === 0 || v <= this.#lo) return 0;
    if (v > this.#hi) return e.length;
    if (this.#scale === 0) return searchBelow(e, v);
    const p = this.#padded;
    let pos = this.#table[this.#cell(v)]!;
    while (p[pos]! < v) pos++;
    return pos;
  }
}

function searchBelow(e: Float64Array, v: number): number {
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= e[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Real threshold for "bin <= b goes left" on numeric feature f (the upper edge of bin b). */
export function thresholdOf(mapper: BinMapper, f: number, b: number): number {
  const e = mapper.edges[f]!;
  return b - 1 < e.length ? e[b - 1]! : Infinity;
}
