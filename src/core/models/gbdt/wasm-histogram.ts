/**
 * The histogram loop in WebAssembly (source: wasm/gbdt-histogram.ts), two to three times the
 * rate of the JavaScript loop (`npm run bench:gbdt-builders`). Its sums are bitwise those of
 * accumulateHistogram, so a fit grows the same trees with or without it; the JavaScript loop
 * stays as the reference and as the fallback where WebAssembly SIMD is missing.
 *
 * Each kernel owns a WebAssembly memory laid out as
 * [64 bytes | bins | row-major bins | gh | stage | rows | node gh | columns | scratch | out]:
 *  - the bins of a feature are copied in the first time a build needs it (they never change
 *    during a fit; the kernel keys the matrix by array identity). A pool's threads each build
 *    their own share of the features, so each holds only those columns: with a full copy per
 *    thread, two threads' bins and gradients no longer fit in the shared cache and every
 *    thread ran 20-40% slower;
 *  - gh holds every row's (gradient, hessian) as float32 pairs for the arrays last passed to
 *    setGradients(), rewritten on the first build after that call (once per round): the two
 *    arrays are copied into stage, and paired there by the kernel (three times the JavaScript
 *    loop that did it);
 *  - a build copies the node's row list in and its histograms out. The kernel gathers the
 *    node's pairs from gh; a build whose gradient arrays are not the ones set (a forest's
 *    other classes, a caller that never calls setGradients) gathers them here instead, from
 *    the arrays themselves, so it can never read stale gradients. A node of every row is read
 *    without its list (accumulateEvery);
 *  - a kernel made `sparse` (one thread's) keeps a row-major copy of the bins, made on the
 *    first node under 1% of the rows, and builds such nodes from it through scratch
 *    (accumulateSparse); pages of the copy are never written otherwise.
 * One kernel per thread: a fit's builder makes its own and drops it in dispose(), so the memory
 * goes with the fit.
 */
import { accumulateHistogram, type AccumulateArgs } from './pool/accumulate-histogram.ts';
import { SLOT_SIZE } from './histogram.ts';
import { WASM_BASE64 } from './wasm-histogram.generated.ts';

/** A WebAssembly memory page. */
export const PAGE = 65_536;
/** Where the bins start: never 0, which the kernel reads as "no gh to gather from". */
const BINS_AT = 64;
const SLOT_BYTES = SLOT_SIZE * 8;
/**
 * The partition kernel's shuffle masks: entry m (16 bytes) lists, as i8x16.swizzle indices, the
 * bytes of the int32 lanes whose bit is set in m, in lane order, then zeros.
 */
const COMPACT_MASKS: Uint8Array = (() => {
  const masks = new Uint8Array(256);
  for (let m = 0; m < 16; m++) {
    let o = 0;
    for (let lane = 0; lane < 4; lane++) if (m & (1 << lane)) for (let b = 0; b < 4; b++) masks[m * 16 + o++] = lane * 4 + b;
  }
  return masks;
})();

/**
 * A node with fewer than 1 / SPARSE_SHARE of the rows is built from a row-major copy of the bins
 * (the kernel's accumulateSparse). Measured on the 1M-row benchmark's bins with cold caches, 14
 * features: 1% density 10.3 -> 4.0 ns a row-feature, 0.5% 15.9 -> 4.4, 3% 3.4 -> 3.8 (so not there).
 */
const SPARSE_SHARE = 100;
/** The copy doubles the bins a kernel holds: kept only for matrices up to this size. */
const ROW_MAJOR_MAX_BYTES = 1 << 27;
/** Rows per chunk of accumulateSparse (GATHER_CHUNK in the kernel): its scratch holds that many rows' bytes. */
const GATHER_CHUNK = 2048;

/** Regions of the kernels' memories start on cache lines. */
export const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

interface KernelExports {
  accumulate(binsPtr: number, n: number, rowsPtr: number, nRows: number, ghAllPtr: number, ghPtr: number, colsPtr: number, nf: number, outPtr: number, withCounts: number): void;
  accumulateEvery(binsPtr: number, n: number, ghAllPtr: number, colsPtr: number, nf: number, outPtr: number, withCounts: number): void;
  accumulateSparse(rowBinsPtr: number, d: number, rowsPtr: number, nRows: number, ghAllPtr: number, ghPtr: number, colsPtr: number, nf: number, scratchPtr: number, outPtr: number, withCounts: number): void;
  transposeBins(binsPtr: number, n: number, d: number, outPtr: number): void;
  partition(colPtr: number, rowsPtr: number, start: number, end: number, tmpPtr: number, thr: number, dl: number, masksPtr: number): number;
  interleave(gPtr: number, hPtr: number, n: number, ghPtr: number): void;
  assignLeaves(rowsPtr: number, rangesPtr: number, nRanges: number, leafOfPtr: number): void;
  binColumn(xPtr: number, d: number, f: number, count: number, paddedPtr: number, nEdges: number, tablePtr: number, lo: number, hi: number, scale: number, cellMax: number, outPtr: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const text = atob(s);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The compiled module, or null where this runtime lacks WebAssembly SIMD (then the JS loop runs). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = decodeBase64(WASM_BASE64);
      // Synchronous compile: the module is ~1 KB, below every engine's limit for the main thread.
      compiled = typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The compiled kernels for a new instance, or null where they are off or unavailable. */
export function wasmKernelModule(): WebAssembly.Module | null {
  return enabled ? kernelModule() : null;
}

export function wasmHistogramAvailable(): boolean {
  return kernelModule() !== null;
}

let enabled = true;

/**
 * Turns the kernels off (or back on) for builders and learners made afterwards in this thread:
 * the tests and benchmarks compare whole fits with and without them.
 */
export function useWasmKernels(on: boolean): void {
  enabled = on;
}

export class WasmHistogramKernel {
  readonly #memory: WebAssembly.Memory;
  readonly #k: KernelExports;
  #bins: Uint8Array | null = null;
  #binsBytes = 0;
  /** 1 where a column of the current matrix has been copied in. */
  #loaded = new Uint8Array(0);
  #grad: Float32Array | null = null;
  #hess: Float32Array | null = null;
  #ghStale = true;
  #ghN = 0;
  /** Bytes of the row-major copy of the bins (0: the matrix is too big to keep one), and whether it is made. */
  #rowBytes = 0;
  #rowMajor = false;

  readonly #sparse: boolean;

  private constructor(module: WebAssembly.Module, maxPages: number | undefined, sparse: boolean) {
    this.#memory = new WebAssembly.Memory(maxPages === undefined ? { initial: 1 } : { initial: 1, maximum: maxPages });
    this.#k = new WebAssembly.Instance(module, { env: { memory: this.#memory } }).exports as unknown as KernelExports;
    this.#sparse = sparse;
  }

  /**
   * A kernel for this thread, or null where WebAssembly SIMD is missing. `maxBytes` caps its
   * memory (tests); a build that would need more throws a RangeError, as when the engine
   * refuses to grow the memory. `sparse`: build sparse nodes from a row-major copy of the bins
   * (accumulateSparse). It pays on one thread (a 1M-row fit 3% faster) but not in a pool, where
   * every thread would hold all the bins twice (each holds only its features' otherwise): on
   * two threads it measured no faster, and a browser's eight would hold eight copies.
   */
  static create(maxBytes?: number, sparse = false): WasmHistogramKernel | null {
    const m = wasmKernelModule();
    return m ? new WasmHistogramKernel(m, maxBytes === undefined ? undefined : Math.max(1, Math.floor(maxBytes / PAGE)), sparse) : null;
  }

  /** These gradient arrays hold new values (a new round): the next build with them copies them in. */
  setGradients(grad: Float32Array, hess: Float32Array): void {
    this.#grad = grad;
    this.#hess = hess;
    this.#ghStale = true;
  }

  /** Same arguments and result as accumulateHistogram (counts left 0 when a.counts is false). */
  accumulate(a: AccumulateArgs): void {
    const nRows = a.rowsEnd - a.rowsStart;
    const nf = a.features.length;
    if (this.#bins !== a.bins) this.#loadBins(a.bins, a.n);
    const rowBinsAt = align(BINS_AT + this.#binsBytes);
    const ghAt = rowBinsAt + align(this.#rowBytes);
    // Where a round's gradients and hessians are staged before interleave() pairs them into gh.
    const stageAt = ghAt + align(a.n * 8);
    const rowsAt = stageAt + align(a.n * 8);
    const nodeGhAt = rowsAt + align(nRows * 4);
    const colsAt = nodeGhAt + align(nRows * 8);
    const scratchAt = colsAt + align(nf * 4);
    const outAt = scratchAt + align(nf * GATHER_CHUNK + 64);
    this.#reserve(outAt + nf * SLOT_BYTES);
    const buf = this.#memory.buffer;
    for (let s = 0; s < nf; s++) this.#loadColumn(a, (a.features[s] as number) - a.featureLo);
    const cols = new Int32Array(buf, colsAt, nf);
    for (let s = 0; s < nf; s++) cols[s] = (a.features[s] as number) - a.featureLo;
    const withCounts = a.counts === false ? 0 : 1;
    const ownGradients = a.grad === this.#grad && a.hess === this.#hess;
    if (ownGradients && (this.#ghStale || this.#ghN !== a.n)) this.#loadGradients(ghAt, stageAt, a.n);
    // Strictly increasing rows, n of them: every row in order, read without the list.
    if (ownGradients && nRows === a.n) {
      this.#k.accumulateEvery(BINS_AT, a.n, ghAt, colsAt, nf, outAt, withCounts);
      a.out.set(new Float64Array(buf, outAt, nf * SLOT_SIZE), a.outOffset);
      return;
    }
    const rows = new Int32Array(buf, rowsAt, nRows);
    rows.set(a.rows.subarray(a.rowsStart, a.rowsEnd));
    let ghAll = 0;
    if (ownGradients) ghAll = ghAt;
    else {
      const gh = new Float32Array(buf, nodeGhAt, 2 * nRows);
      const { grad, hess } = a;
      for (let k = 0; k < nRows; k++) {
        const r = rows[k]!;
        gh[2 * k] = grad[r]!;
        gh[2 * k + 1] = hess[r]!;
      }
    }
    if (this.#rowBytes > 0 && nRows * SPARSE_SHARE < a.n) {
      const d = this.#loaded.length;
      if (!this.#rowMajor) {
        for (let col = 0; col < d; col++) this.#loadColumn(a, col);
        this.#k.transposeBins(BINS_AT, a.n, d, rowBinsAt);
        this.#rowMajor = true;
      }
      this.#k.accumulateSparse(rowBinsAt, d, rowsAt, nRows, ghAll, nodeGhAt, colsAt, nf, scratchAt, outAt, withCounts);
    } else this.#k.accumulate(BINS_AT, a.n, rowsAt, nRows, ghAll, nodeGhAt, colsAt, nf, outAt, withCounts);
    a.out.set(new Float64Array(buf, outAt, nf * SLOT_SIZE), a.outOffset);
  }

  /** Copies column `col` of a.bins in, the first time a build needs it. */
  #loadColumn(a: AccumulateArgs, col: number): void {
    if (this.#loaded[col]) return;
    new Uint8Array(this.#memory.buffer, BINS_AT + col * a.n, a.n).set(a.bins.subarray(col * a.n, (col + 1) * a.n));
    this.#loaded[col] = 1;
  }

  /**
   * A new matrix: room for all its columns and their row-major copy (pages never written cost no
   * physical memory), none copied yet.
   */
  #loadBins(bins: Uint8Array, n: number): void {
    this.#binsBytes = bins.length;
    this.#loaded = new Uint8Array(Math.ceil(bins.length / Math.max(1, n)));
    this.#bins = bins;
    this.#rowBytes = this.#sparse && bins.length <= ROW_MAJOR_MAX_BYTES ? bins.length : 0;
    this.#rowMajor = false;
    this.#reserve(align(BINS_AT + bins.length) + align(this.#rowBytes));
    // gh sits after the bins: a new matrix moves it.
    this.#ghStale = true;
  }

  #loadGradients(ghAt: number, stageAt: number, n: number): void {
    const buf = this.#memory.buffer;
    new Float32Array(buf, stageAt, n).set(this.#grad!.subarray(0, n));
    new Float32Array(buf, stageAt + 4 * n, n).set(this.#hess!.subarray(0, n));
    this.#k.interleave(stageAt, stageAt + 4 * n, n, ghAt);
    this.#ghN = n;
    this.#ghStale = false;
  }

  /** Grows the memory to hold `bytes`, with half again of the scratch part so a larger node seldom grows it twice. */
  #reserve(bytes: number): void {
    const have = this.#memory.buffer.byteLength;
    if (bytes <= have) return;
    const want = bytes + Math.max(0, (bytes - this.#binsBytes) >> 1);
    this.#memory.grow(Math.ceil((want - have) / PAGE));
  }
}

/** A histogram loop for one thread: setGradients() once per round, before its builds. */
export interface HistogramLoop {
  setGradients(grad: Float32Array, hess: Float32Array): void;
  accumulate(a: AccumulateArgs): void;
}

/**
 * The fastest histogram loop this runtime has: a new WebAssembly kernel (its own memory, freed
 * with the returned object; `sparse` as in WasmHistogramKernel.create) or, without WebAssembly
 * SIMD, the JavaScript loop.
 */
export function histogramLoop(maxBytes?: number, sparse = false): HistogramLoop {
  const kernel = WasmHistogramKernel.create(maxBytes, sparse);
  if (!kernel) return { setGradients() {}, accumulate: accumulateHistogram };
  // A matrix too big for a WebAssembly memory (4 GB at most, often less in a browser tab) is
  // built by the JavaScript loop instead: the same sums, so a fit can switch midway.
  let tooBig = false;
  return {
    setGradients: (grad, hess) => kernel.setGradients(grad, hess),
    accumulate(a) {
      if (!tooBig) {
        try {
          kernel.accumulate(a);
          return;
        } catch (e) {
          if (!(e instanceof RangeError)) throw e;
          tooBig = true;
        }
      }
      accumulateHistogram(a);
    },
  };
}

/**
 * A tree learner's row list in WebAssembly memory, partitioned there by numeric splits (about
 * three times the JavaScript loop). The memory is sized once, for n rows and every feature's
 * bins, and never grows, so `rows` and the views the learner hands to histogram builders stay
 * valid; a feature's bins are copied in the first time a split uses it (pages never written
 * take no physical memory).
 */
export class WasmRowSpace {
  readonly #k: KernelExports;
  readonly #memory: WebAssembly.Memory;
  readonly #bins: Uint8Array;
  readonly #n: number;
  readonly #loaded: Uint8Array;
  readonly #rowsAt: number;
  readonly #tmpAt: number;
  readonly #leafOfAt: number;
  readonly #masksAt: number;
  /** The learner's row list (n entries). */
  readonly rows: Int32Array;
  /** Each row's leaf in the last tree (assignLeaves). */
  readonly leafOf: Int32Array;

  private constructor(module: WebAssembly.Module, bins: Uint8Array, n: number, d: number) {
    this.#bins = bins;
    this.#n = n;
    this.#loaded = new Uint8Array(d);
    this.#rowsAt = align(BINS_AT + n * d);
    this.#tmpAt = this.#rowsAt + align(n * 4);
    this.#leafOfAt = this.#tmpAt + align(n * 4);
    this.#masksAt = this.#leafOfAt + align(n * 4);
    this.#memory = new WebAssembly.Memory({ initial: Math.ceil((this.#masksAt + COMPACT_MASKS.length) / PAGE) });
    new Uint8Array(this.#memory.buffer, this.#masksAt, COMPACT_MASKS.length).set(COMPACT_MASKS);
    this.#k = new WebAssembly.Instance(module, { env: { memory: this.#memory } }).exports as unknown as KernelExports;
    this.rows = new Int32Array(this.#memory.buffer, this.#rowsAt, n);
    this.leafOf = new Int32Array(this.#memory.buffer, this.#leafOfAt, n);
  }

  /** Null where WebAssembly SIMD is missing or the engine refuses the memory (the learner then partitions in JavaScript). */
  static create(bins: Uint8Array, n: number, d: number): WasmRowSpace | null {
    const m = wasmKernelModule();
    if (!m) return null;
    try {
      return new WasmRowSpace(m, bins, n, d);
    } catch (e) {
      if (e instanceof RangeError) return null;
      throw e;
    }
  }

  /** TreeLearner's numeric partition of rows[start, end): same order, same result. */
  partition(start: number, end: number, feature: number, thr: number, defaultLeft: boolean): number {
    const n = this.#n;
    const colAt = BINS_AT + feature * n;
    if (!this.#loaded[feature]) {
      new Uint8Array(this.#memory.buffer, colAt, n).set(this.#bins.subarray(feature * n, (feature + 1) * n));
      this.#loaded[feature] = 1;
    }
    return this.#k.partition(colAt, this.#rowsAt, start, end, this.#tmpAt, thr, defaultLeft ? 1 : 0, this.#masksAt);
  }

  /**
   * leafOf[rows[i]] = leaf[j] for i in [start[j], end[j]), j < count. The ranges go through the
   * partition's buffer, three entries per leaf: false (nothing written) when they do not fit,
   * more than n / 3 leaves.
   */
  assignLeaves(start: Int32Array, end: Int32Array, leaf: Int32Array, count: number): boolean {
    if (3 * count > this.#n) return false;
    const ranges = new Int32Array(this.#memory.buffer, this.#tmpAt, 3 * count);
    for (let j = 0; j < count; j++) {
      ranges[3 * j] = start[j]!;
      ranges[3 * j + 1] = end[j]!;
      ranges[3 * j + 2] = leaf[j]!;
    }
    this.#k.assignLeaves(this.#rowsAt, this.#tmpAt, count, this.#leafOfAt);
    return true;
  }
}

/** What binColumn needs of one feature's EdgeFinder (bin-mapper.ts). */
export interface EdgeTable {
  /** The edges then +Infinity (one entry more than the most edges a feature can have). */
  padded: Float64Array;
  /** Edges in earlier cells, per cell; its last index is the clamp for values near hi. */
  table: Uint16Array;
  nEdges: number;
  lo: number;
  hi: number;
  scale: number;
}

/** Rows per block of wasmBinColumns: their float32 values (458 KB for 28 features) are copied in, binned, copied out. */
const BIN_BLOCK = 4096;

/**
 * bins[f * n + i] for every row i and every feature f with a table (null: the caller bins it),
 * from row-major float32 X. False (nothing written) where the kernels are off or unavailable.
 */
export function wasmBinColumns(X: Float32Array, n: number, d: number, tables: readonly (EdgeTable | null)[], bins: Uint8Array): boolean {
  const m = wasmKernelModule();
  if (!m) return false;
  // Every finder's arrays have the same sizes: the first one's lay out the memory.
  const first = tables.find((t) => t);
  if (!first) return true;
  const paddedBytes = first.padded.byteLength;
  const tableBytes = align(first.table.byteLength);
  const featureBytes = paddedBytes + tableBytes;
  const tablesAt = BINS_AT;
  const xAt = align(tablesAt + d * featureBytes);
  const rows = Math.min(n, BIN_BLOCK);
  const outAt = align(xAt + rows * d * 4);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil((outAt + rows) / PAGE) });
  } catch (e) {
    // Very wide tables: more cell tables than the engine gives one memory.
    if (e instanceof RangeError) return false;
    throw e;
  }
  const k = new WebAssembly.Instance(m, { env: { memory } }).exports as unknown as KernelExports;
  const buf = memory.buffer;
  tables.forEach((t, f) => {
    if (!t) return;
    new Float64Array(buf, tablesAt + f * featureBytes, t.padded.length).set(t.padded);
    new Uint16Array(buf, tablesAt + f * featureBytes + paddedBytes, t.table.length).set(t.table);
  });
  const x = new Float32Array(buf, xAt, rows * d);
  const out = new Uint8Array(buf, outAt, rows);
  for (let i0 = 0; i0 < n; i0 += BIN_BLOCK) {
    const count = Math.min(BIN_BLOCK, n - i0);
    x.set(X.subarray(i0 * d, (i0 + count) * d));
    tables.forEach((t, f) => {
      if (!t) return;
      const at = tablesAt + f * featureBytes;
      k.binColumn(xAt, d, f, count, at, t.nEdges, at + paddedBytes, t.lo, t.hi, t.scale, t.table.length - 1, outAt);
      bins.set(out.subarray(0, count), f * n + i0);
    });
  }
  return true;
}
