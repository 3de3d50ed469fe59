/**
 * The default HistogramBuilder: the histogram loop on this thread. It is the same loop a pool
 * worker runs on its features (the WebAssembly kernel, or pool/accumulate-histogram.ts where
 * WebAssembly SIMD is missing; the two sum bitwise alike), so all CPU builders agree bit for
 * bit; the WebGPU kernel is checked against them.
 */
import type { BinnedMatrix, HistogramBuilder, HistogramBuilderFactory, HistogramJob } from './histogram.ts';
import { HIST_STRIDE, MAX_BINS, SLOT_SIZE } from './histogram.ts';
import { accumulateHistogram } from './pool/accumulate-histogram.ts';
import { histogramLoop, type HistogramLoop } from './wasm-histogram.ts';

export class CpuHistogramBuilder implements HistogramBuilder {
  readonly name = 'cpu';
  #matrix: BinnedMatrix | null = null;
  #loop: HistogramLoop | null = null;

  prepare(matrix: BinnedMatrix): void {
    this.#matrix = matrix;
    // The only thread building: sparse nodes from a row-major copy of the bins.
    this.#loop ??= histogramLoop(undefined, true);
  }

  setGradients(grad: Float32Array, hess: Float32Array): void {
    this.#loop?.setGradients(grad, hess);
  }

  build(job: HistogramJob, out: Float64Array): void {
    const m = this.#matrix;
    if (!m || !this.#loop) throw new Error('CpuHistogramBuilder.build before prepare');
    this.#loop.accumulate({ bins: m.bins, n: m.n, featureLo: 0, rows: job.rows, rowsStart: 0, rowsEnd: job.rows.length, features: job.features, grad: job.grad, hess: job.hess, out, outOffset: 0, counts: job.counts });
  }

  async buildMany(jobs: readonly HistogramJob[], outs: readonly Float64Array[]): Promise<void> {
    for (let j = 0; j < jobs.length; j++) this.build(jobs[j]!, outs[j]!);
  }

  dispose(): void {
    this.#matrix = null;
    this.#loop = null;
  }
}

/** The learner calls prepare() itself, as for every builder. */
export const cpuHistograms: HistogramBuilderFactory = () => new CpuHistogramBuilder();

/** out[slot][bin][grad, hess, count] for the given rows and features (slot s = features[s]); zeroes the slots it fills. The JavaScript reference loop. */
export function buildHistogram(
  bins: Uint8Array,
  n: number,
  rows: Int32Array,
  features: Int32Array,
  grad: Float32Array,
  hess: Float32Array,
  out: Float64Array,
): void {
  accumulateHistogram({ bins, n, featureLo: 0, rows, rowsStart: 0, rowsEnd: rows.length, features, grad, hess, out, outOffset: 0 });
}

/**
 * The count of each bin over all n rows of a binned matrix, per feature: the counts of a node of
 * every row, which never change during a fit. They are learned from the first such node's
 * histogram built with counts (learn), and filled into later ones built without (fill,
 * HistogramJob.counts), which costs no pass over the bins of its own.
 */
export class AllRowCounts {
  /** MAX_BINS entries per feature. */
  readonly #table: Float64Array;
  /** 1 where a feature's counts have been learned. */
  readonly #known: Uint8Array;

  constructor(d: number) {
    this.#table = new Float64Array(d * MAX_BINS);
    this.#known = new Uint8Array(d);
  }

  /** Whether every one of `features` has been learned, so a build of them may skip the counts. */
  has(features: ArrayLike<number>): boolean {
    for (let s = 0; s < features.length; s++) if (!this.#known[features[s]!]) return false;
    return true;
  }

  /** Keeps the count entries of slots 0..features.length-1 of `out`, a histogram of every row with counts (slot s = features[s]). */
  learn(features: ArrayLike<number>, out: Float64Array): void {
    for (let s = 0; s < features.length; s++) {
      const at = features[s]! * MAX_BINS;
      const o = s * SLOT_SIZE;
      for (let b = 0; b < MAX_BINS; b++) this.#table[at + b] = out[o + b * HIST_STRIDE + 2]!;
      this.#known[features[s]!] = 1;
    }
  }

  /** Writes the count entries of slots 0..features.length-1 of `out` (slot s = features[s]); every feature must be learned. */
  fill(features: ArrayLike<number>, out: Float64Array): void {
    for (let s = 0; s < features.length; s++) {
      const at = features[s]! * MAX_BINS;
      if (!this.#known[features[s]!]) throw new Error(`AllRowCounts.fill: feature ${features[s]} was never learned`);
      const o = s * SLOT_SIZE;
      for (let b = 0; b < MAX_BINS; b++) out[o + b * HIST_STRIDE + 2] = this.#table[at + b]!;
    }
  }
}
