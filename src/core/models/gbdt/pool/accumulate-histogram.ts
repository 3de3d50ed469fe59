/**
 * The histogram loop every CPU-side builder runs (a pool worker, or the pool's own thread for
 * tiny nodes). The order is the contract: per feature, rows in the order given, float64
 * accumulators fed float32 gradients. Each bin's three sums therefore see the same additions
 * in the same order as the learner's single-threaded loop, whoever runs which feature, so the
 * results are bitwise equal and the trees identical.
 */
import { HIST_STRIDE, SLOT_SIZE } from '../histogram.ts';

export interface AccumulateArgs {
  /** Feature-major bins holding features [featureLo, featureLo + bins.length / n). */
  bins: Uint8Array;
  n: number;
  featureLo: number;
  /**
   * rows[rowsStart, rowsEnd) are the node's rows, strictly increasing: a range of n of them is
   * therefore every row in order, which a loop reads without the list (a pool does not write
   * it there).
   */
  rows: Int32Array;
  rowsStart: number;
  rowsEnd: number;
  /** Global feature indices; slot s of `out` (from outOffset) receives features[s]. */
  features: ArrayLike<number>;
  grad: Float32Array;
  hess: Float32Array;
  out: Float64Array;
  outOffset: number;
  /**
   * false: the caller fills the count entries itself (HistogramJob.counts), and a loop may leave
   * them 0. This one fills them anyway: it is the reference.
   */
  counts?: boolean;
}

/**
 * Four features per pass over the rows: the row index, gradient and hessian are loaded once
 * for four updates and the four accumulator chains are independent (about twice as fast as
 * one feature per pass in V8). Every bin still sums its rows in the order given.
 */
export function accumulateHistogram(a: AccumulateArgs): void {
  const { bins, n, grad, hess, out, features, featureLo } = a;
  let { rows, rowsStart, rowsEnd } = a;
  if (rowsEnd - rowsStart === n) {
    rows = everyRow(n);
    rowsStart = 0;
    rowsEnd = n;
  }
  const nf = features.length;
  out.fill(0, a.outOffset, a.outOffset + nf * SLOT_SIZE);
  let s = 0;
  for (; s + 4 <= nf; s += 4) {
    const b0 = ((features[s] as number) - featureLo) * n;
    const b1 = ((features[s + 1] as number) - featureLo) * n;
    const b2 = ((features[s + 2] as number) - featureLo) * n;
    const b3 = ((features[s + 3] as number) - featureLo) * n;
    const o0 = a.outOffset + s * SLOT_SIZE;
    const o1 = o0 + SLOT_SIZE;
    const o2 = o1 + SLOT_SIZE;
    const o3 = o2 + SLOT_SIZE;
    for (let k = rowsStart; k < rowsEnd; k++) {
      const r = rows[k] as number;
      const g = grad[r] as number;
      const h = hess[r] as number;
      let j = o0 + (bins[b0 + r] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
      j = o1 + (bins[b1 + r] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
      j = o2 + (bins[b2 + r] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
      j = o3 + (bins[b3 + r] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
    }
  }
  for (; s < nf; s++) {
    const base = ((features[s] as number) - featureLo) * n;
    const o = a.outOffset + s * SLOT_SIZE;
    for (let k = rowsStart; k < rowsEnd; k++) {
      const r = rows[k] as number;
      const j = o + (bins[base + r] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + (grad[r] as number);
      out[j + 1] = (out[j + 1] as number) + (hess[r] as number);
      out[j + 2] = (out[j + 2] as number) + 1;
    }
  }
}

let identity = new Int32Array(0);

/** 0..n-1 (kept for the next root of the same fit). */
function everyRow(n: number): Int32Array {
  if (identity.length !== n) {
    identity = new Int32Array(n);
    for (let i = 0; i < n; i++) identity[i] = i;
  }
  return identity;
}

/**
 * parent -= child over `slots` feature slots from `offset` (entries): the sibling's histogram
 * without a pass over its rows, or a pool thread's share of it.
 */
export function subtractHistogram(parent: Float64Array, child: Float64Array, slots: number, offset = 0): void {
  for (let i = offset, end = offset + slots * SLOT_SIZE; i < end; i++) parent[i]! -= child[i]!;
}
