/** Random binned matrices and node jobs for the histogram builder tests, from a seeded generator. */
import type { FitData } from '../../../../src/core/models/types.ts';
import { createRng, type Rng } from '../../../../src/core/random.ts';
import { HIST_STRIDE, SLOT_SIZE, type BinnedMatrix, type HistogramJob } from '../../../../src/core/models/gbdt/histogram.ts';

/** Feature-major bins with 2..256 bins per feature and about 10% missing (bin 0). */
export function randomMatrix(n: number, d: number, rng: Rng): BinnedMatrix {
  const binCount = Uint16Array.from({ length: d }, (_, f) => (f === 0 ? 256 : f === 1 ? 2 : 2 + rng.int(255)));
  const bins = new Uint8Array(n * d);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) bins[f * n + i] = rng.next() < 0.1 ? 0 : 1 + rng.int(binCount[f]! - 1);
  }
  return { n, d, bins, binCount };
}

/** Gradients of mixed sign and magnitude (so summation order would show), positive hessians. */
export function randomGradients(n: number, rng: Rng): { grad: Float32Array; hess: Float32Array } {
  const grad = Float32Array.from({ length: n }, () => rng.normal() * 10 ** (rng.int(7) - 3));
  const hess = Float32Array.from({ length: n }, () => rng.next() * 0.25 + 1e-3);
  return { grad, hess };
}

/** Increasing random subset of 0..n-1 keeping each with probability p. */
export function randomSubset(n: number, p: number, rng: Rng): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (rng.next() < p) out.push(i);
  return Int32Array.from(out);
}

export function randomJob(m: BinnedMatrix, g: { grad: Float32Array; hess: Float32Array }, rng: Rng): HistogramJob {
  let features = randomSubset(m.d, 0.6, rng);
  if (!features.length) features = Int32Array.of(rng.int(m.d));
  return { rows: randomSubset(m.n, 0.05 + rng.next() * 0.9, rng), features, grad: g.grad, hess: g.hess };
}

/** The reference: per feature, rows in order, float64 accumulators (written here, independently of src). */
export function referenceHistogram(m: BinnedMatrix, job: HistogramJob): Float64Array {
  const out = new Float64Array(job.features.length * SLOT_SIZE);
  job.features.forEach((f, s) => {
    for (const r of job.rows) {
      const at = s * SLOT_SIZE + m.bins[f * m.n + r]! * HIST_STRIDE;
      out[at] = out[at]! + job.grad[r]!;
      out[at + 1] = out[at + 1]! + job.hess[r]!;
      out[at + 2] = out[at + 2]! + 1;
    }
  });
  return out;
}

/** Bitwise equality of two float64 arrays (NaN payloads and -0 included). */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export { createRng };

/**
 * A nonlinear task with missing values, so trees split on many features and learn directions:
 * binary (k = 2), three classes (k = 3) or regression (k = 1).
 */
export function treeTask(n: number, d: number, k: number, seed: number): FitData {
  const rng = createRng(seed);
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  const yReal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) X[i * d + j] = rng.next() < 0.05 ? Number.NaN : rng.normal();
    const s = Math.sin(2 * (X[i * d] || 0)) + (X[i * d + 1] || 0) * (X[i * d + 2] || 0) + 0.5 * rng.normal();
    y[i] = k === 2 ? Number(s > 0) : s < -0.5 ? 0 : s < 0.5 ? 1 : 2;
    yReal[i] = s;
  }
  return { X, n, d, y: k === 1 ? yReal : y, k };
}
