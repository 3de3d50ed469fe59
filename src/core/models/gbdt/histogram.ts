/**
 * The contract between the tree learner and whatever builds gradient histograms: the CPU loop
 * here, a pool of workers (one feature range each) or a WebGPU kernel. Everything the learner
 * needs from a builder is in this file, so the three can be swapped and checked against each
 * other for the same input.
 *
 * Layout (chosen so a builder can share it without copying):
 *  - bins: feature-major bytes, bins[f * n + i] is row i's bin of feature f; bin 0 holds
 *    missing values, bins 1..binCount[f]-1 the quantile bins (at most 255 in all per feature).
 *  - grad/hess: one float32 per training row (hess all-ones for squared error is still passed).
 *  - a histogram for a set of features is Float64Array(3 * 256 * features.length) laid out
 *    [feature slot][bin][grad, hess, count]: slot s belongs to features[s].
 */
import type { CancelToken } from '../../jobs.ts';
import type { MarginStep } from './binary-loss-pass.ts';

export const MAX_BINS = 256;
export const HIST_STRIDE = 3;
/** Float64 entries per feature slot of a histogram. */
export const SLOT_SIZE = MAX_BINS * HIST_STRIDE;

export interface BinnedMatrix {
  n: number;
  d: number;
  /** Feature-major bin codes (see above). Backed by a SharedArrayBuffer when the builder shares it. */
  bins: Uint8Array;
  /** Bins used per feature, missing bin included (2..256). */
  binCount: Uint16Array;
}

export interface HistogramJob {
  /** Training rows of the node, strictly increasing (so n rows are every row, 0..n-1). */
  rows: Int32Array;
  /** Features to build (column subsampling may leave out some), increasing. */
  features: Int32Array;
  grad: Float32Array;
  hess: Float32Array;
  /**
   * With a builder that says subtractsInPlace: after building, subtract the histogram from this
   * one (the parent's, same features in the same slots), which becomes the sibling's. Each
   * thread of a pool subtracts the slots it built.
   */
  subtractFrom?: Float64Array;
  /**
   * false: the caller knows the counts (a root over every row, whose counts never change) and
   * fills those entries itself; a builder may then skip them (the WebAssembly kernel does: one
   * update per row and feature instead of two) and leave them 0. Default true.
   */
  counts?: boolean;
}

/**
 * Builds histograms for one node. Implementations must give bitwise the same sums as the CPU
 * loop (each bin summed in increasing row order, float64 accumulators), or document the
 * difference where they cannot (the WebGPU kernel sums in a different order).
 */
export interface HistogramBuilder {
  /** Called once per fit, before any build: lets a pool or the GPU upload the bins once. */
  prepare(matrix: BinnedMatrix): Promise<void> | void;
  /** Gradients change every round (and per class): called before the round's builds. */
  setGradients(grad: Float32Array, hess: Float32Array): Promise<void> | void;
  /** Fills `out` (length >= SLOT_SIZE * job.features.length; zeroed by the builder). */
  build(job: HistogramJob, out: Float64Array, cancel?: CancelToken): Promise<void> | void;
  /** Several nodes at once (one round of leaf-wise growth may need two): default loops build(). */
  buildMany?(jobs: readonly HistogramJob[], outs: readonly Float64Array[], cancel?: CancelToken): Promise<void>;
  /**
   * Optional: a histogram buffer of `length` entries that the builder's threads write into
   * themselves, so a build into it is not copied over from the builder's own output (a pool
   * with shared memory: 172 KB a build on 28 features). Undefined: allocate your own. Buffers
   * stay valid for the builder's life.
   */
  histogramBuffer?(length: number): Float64Array | undefined;
  /**
   * Optional: the binary log-loss pass (boosting-loss.ts, binaryLossBlocks over rows 0..n-1)
   * spread over the builder's threads. Fills grad and hess and resolves to the weighted mean
   * loss, bitwise what one thread computes; resolves to undefined when it cannot help (the fit
   * then runs the pass itself). With step, F is first updated by the round's tree (MarginStep),
   * in the same pass.
   */
  binaryLossPass?(F: Float64Array, y: ArrayLike<number>, w: Float64Array, n: number, grad: Float32Array, hess: Float32Array, step?: MarginStep): Promise<number | undefined>;
  /**
   * Optional, for a fit that will call binaryLossPass: copies of its gradients and margins in
   * memory the builder's threads share, for the fit to use from then on instead of its own, so
   * that neither setGradients nor binaryLossPass copies them each round. Undefined: keep yours.
   */
  shareLossArrays?(grad: Float32Array, hess: Float32Array, F: Float64Array): { grad: Float32Array; hess: Float32Array; F: Float64Array } | undefined;
  /** Frees workers / GPU buffers. Safe to call twice. */
  dispose(): void;
  /** 'cpu', 'workers(4)', 'webgpu' ...: recorded with the run. */
  readonly name: string;
  /** true: builds honour HistogramJob.subtractFrom (otherwise the learner subtracts). */
  readonly subtractsInPlace?: boolean;
}

/** Chooses a builder for a fit; the CLI and the studio worker inject theirs (pool, WebGPU). */
export type HistogramBuilderFactory = ((matrix: BinnedMatrix) => Promise<HistogramBuilder> | HistogramBuilder) & {
  /**
   * Optional: a fit is about to bin `cells` cells (rows x features) and then ask for a builder.
   * A pool starts its workers here, so they load while the fit bins instead of after.
   */
  warm?(cells: number): void;
};
