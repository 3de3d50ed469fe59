import type * as tfjs from '@tensorflow/tfjs';
import { benchtopError } from '../errors.ts';
import type { KnnModel } from '../spec/types.ts';
import { ArtifactReader, toBytes, type ArtifactHeader } from './artifact-codec.ts';
import type { ModelDef, TrainedModel } from './types.ts';

const FORMAT = 1;

/** The k nearest training rows of every query row: indices and squared Euclidean distances (n*k, row-major, nearest first). */
export interface Neighbours {
  index: Int32Array;
  dist2: Float64Array;
  k: number;
}

/** Largest query-chunk x training-rows distance matrix computed at once on the tf path (floats). */
export const MAX_CHUNK_FLOATS = 64 * 1024 * 1024;

/**
 * k-nearest neighbours, as scikit-learn's KNeighborsClassifier / KNeighborsRegressor with
 * Euclidean distance. Classification returns neighbour-vote probabilities, regression the
 * (weighted) mean of the neighbours' targets. weights 'distance' = 1/distance; a query with
 * neighbours at distance 0 gives them all the weight (equally), as sklearn does.
 *
 * Neighbours: on webgpu/webgl the query-vs-train distance matrix is computed with tfjs in chunks
 * (||a||^2 + ||b||^2 - 2ab, float32) and top-k taken with tf.topk; elsewhere a float64 CPU loop
 * with a bounded max-heap. Ties in distance go to the lower training index (exactly on the CPU
 * path; the tf path's float32 distances can order near-ties differently). The returned distances
 * (and so the weights) are always recomputed in float64.
 * k larger than the training set is clamped to the training set (sklearn raises instead).
 */
export const knn: ModelDef<KnnModel> = {
  name: 'knn',
  tasks: ['binary', 'multiclass', 'regression'],
  describe: 'k-nearest neighbours (Euclidean), uniform or distance-weighted votes; distances on the GPU when there is one.',
  async fit(spec, data, ctx) {
    const kSpec = spec.k ?? 5;
    if (!(Number.isInteger(kSpec) && kSpec >= 1)) throw benchtopError('spec_invalid', { field: 'model.k', reason: `k must be a whole number >= 1, got ${kSpec}` });
    if (data.n < 1) throw benchtopError('spec_invalid', { field: 'model.k', reason: 'k-nearest neighbours needs at least one training row' });
    const { n, d } = data;
    const classification = ctx.task !== 'regression';
    const header: ArtifactHeader = { kind: 'knn', task: ctx.task, d, k: classification ? data.k : 1 };
    return knnModel(ctx.tf, Float32Array.from(data.X.subarray(0, n * d)), n, data.y, Math.min(kSpec, n), (spec.weights ?? 'uniform') === 'distance', header);
  },

  async load(artifact, tf) {
    const r = new ArtifactReader(artifact, 'knn', FORMAT, ['binary', 'multiclass', 'regression']);
    const n = r.meta.int('rows', 1);
    const k = r.meta.int('neighbours', 1, n);
    const distance = r.meta.str('weights', ['uniform', 'distance']) === 'distance';
    // Training rows may hold whatever the pipeline produced (NaN included): only targets are checked.
    const X = r.f32('train-x.f32', n * r.d, false);
    let y: Int32Array | Float64Array;
    if (r.task === 'regression') y = r.f64('train-y.f64', n);
    else {
      y = r.i32('train-y.i32', n);
      for (let i = 0; i < n; i++) if (!(y[i]! >= 0 && y[i]! < r.k)) throw r.fail('blobs.train-y.i32', `row ${i} has class ${y[i]}, expected 0..${r.k - 1}`);
    }
    r.done();
    return knnModel(tf, X, n, y, k, distance, { kind: 'knn', task: r.task, d: r.d, k: r.k });
  },
};

function knnModel(tf: typeof tfjs, X: Float32Array, n: number, y: Int32Array | Float64Array, k: number, distanceWeights: boolean, header: ArtifactHeader): TrainedModel {
  const { d } = header;
  const classification = header.task !== 'regression';
  const width = header.k;
  const gpu = tf.getBackend() === 'webgpu' || tf.getBackend() === 'webgl';
  let trainT: tfjs.Tensor2D | null = gpu ? tf.tensor2d(X, [n, d]) : null;
  return {
    history: [],
    async predict(Q, m) {
      const nb = trainT ? await knnNeighboursTf(tf, X, n, Q, m, d, k, trainT) : knnNeighboursCpu(X, n, Q, m, d, k);
      const out = new Float64Array(m * width);
      const w = new Float64Array(k);
      for (let i = 0; i < m; i++) {
        neighbourWeights(nb.dist2.subarray(i * k, (i + 1) * k), distanceWeights, w);
        let total = 0;
        for (let j = 0; j < k; j++) total += w[j]!;
        for (let j = 0; j < k; j++) {
          const t = nb.index[i * k + j]!;
          if (classification) out[i * width + y[t]!]! += w[j]!;
          else out[i]! += w[j]! * y[t]!;
        }
        for (let c = 0; c < width; c++) out[i * width + c]! /= total;
      }
      return out;
    },
    dispose() {
      trainT?.dispose();
      trainT = null;
    },
    /**
     * Artifact layout (format 1): meta `{rows, neighbours, weights}` (training row count n, the
     * k neighbours used, 'uniform' or 'distance'), blobs `train-x.f32` (n x d row-major training
     * inputs) and `train-y.i32` (class index per row) or `train-y.f64` (regression target).
     */
    save: async () => ({
      ...header,
      format: FORMAT,
      meta: { rows: n, neighbours: k, weights: distanceWeights ? 'distance' : 'uniform' },
      blobs: { 'train-x.f32': toBytes(X), [classification ? 'train-y.i32' : 'train-y.f64']: toBytes(classification ? Int32Array.from(y) : Float64Array.from(y)) },
    }),
  };
}

/** sklearn's `_get_weights`: 1/distance, or (if any neighbour is at distance 0) 1 for those at 0 and 0 for the rest. */
function neighbourWeights(dist2: Float64Array, byDistance: boolean, w: Float64Array): void {
  if (!byDistance) return void w.fill(1);
  const exact = dist2.some((v) => v === 0);
  for (let j = 0; j < dist2.length; j++) w[j] = exact ? (dist2[j] === 0 ? 1 : 0) : 1 / Math.sqrt(dist2[j]!);
}

/** Exact squared distance in float64. */
function dist2Of(A: Float32Array, a: number, B: Float32Array, b: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = A[a * d + j]! - B[b * d + j]!;
    s += t * t;
  }
  return s;
}

/** (dist, index) lexicographic "worse than". */
const worse = (da: number, ia: number, db: number, ib: number): boolean => da > db || (da === db && ia > ib);

/** CPU neighbours: a bounded max-heap of size k per query, float64 distances, ties to the lower index. */
export function knnNeighboursCpu(X: Float32Array, n: number, Q: Float32Array, m: number, d: number, k: number): Neighbours {
  const index = new Int32Array(m * k);
  const dist2 = new Float64Array(m * k);
  const hd = new Float64Array(k);
  const hi = new Int32Array(k);
  for (let q = 0; q < m; q++) {
    let size = 0;
    for (let t = 0; t < n; t++) {
      const dt = dist2Of(Q, q, X, t, d);
      if (size < k) {
        // sift up
        let c = size++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (!worse(dt, t, hd[p]!, hi[p]!)) break;
          hd[c] = hd[p]!;
          hi[c] = hi[p]!;
          c = p;
        }
        hd[c] = dt;
        hi[c] = t;
      } else if (worse(hd[0]!, hi[0]!, dt, t)) {
        // replace the root (the worst kept) and sift down
        let c = 0;
        for (;;) {
          const l = 2 * c + 1;
          if (l >= k) break;
          const r = l + 1;
          const big = r < k && worse(hd[r]!, hi[r]!, hd[l]!, hi[l]!) ? r : l;
          if (!worse(hd[big]!, hi[big]!, dt, t)) break;
          hd[c] = hd[big]!;
          hi[c] = hi[big]!;
          c = big;
        }
        hd[c] = dt;
        hi[c] = t;
      }
    }
    const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => hd[a]! - hd[b]! || hi[a]! - hi[b]!);
    order.forEach((j, r) => {
      index[q * k + r] = hi[j]!;
      dist2[q * k + r] = hd[j]!;
    });
  }
  return { index, dist2, k };
}

/**
 * Neighbours with tfjs: per chunk of queries, D = ||q||^2 - 2 q.X' + ||x||^2 (float32, clamped at 0),
 * then tf.topk(-D). Chunks keep the distance matrix under MAX_CHUNK_FLOATS. The chosen neighbours
 * are re-sorted by float64 distance (then index). Pass `trainTensor` (X as an [n, d] tensor) to reuse
 * an uploaded copy; otherwise one is created and freed. Creates no tensors that outlive the call.
 */
export async function knnNeighboursTf(
  tf: typeof tfjs,
  X: Float32Array,
  n: number,
  Q: Float32Array,
  m: number,
  d: number,
  k: number,
  trainTensor?: tfjs.Tensor2D,
  maxChunkFloats = MAX_CHUNK_FLOATS,
): Promise<Neighbours> {
  const own = trainTensor ? null : tf.tensor2d(X.subarray(0, n * d), [n, d]);
  const train = (trainTensor ?? own)!;
  const index = new Int32Array(m * k);
  const dist2 = new Float64Array(m * k);
  const chunk = Math.max(1, Math.floor(maxChunkFloats / Math.max(1, n)));
  const trainNorm = tf.tidy(() => tf.sum(tf.square(train), 1).reshape([1, n]));
  try {
    for (let start = 0; start < m; start += chunk) {
      const rows = Math.min(chunk, m - start);
      const { indices, values } = tf.tidy(() => {
        const q = tf.tensor2d(Q.subarray(start * d, (start + rows) * d), [rows, d]);
        const qNorm = tf.sum(tf.square(q), 1).reshape([rows, 1]);
        const D = tf.relu(tf.add(tf.sub(qNorm, tf.mul(2, tf.matMul(q, train, false, true))), trainNorm));
        return tf.topk(tf.neg(D), k, true);
      });
      const idx = (await indices.data()) as Int32Array;
      indices.dispose();
      values.dispose();
      for (let r = 0; r < rows; r++) {
        const q = start + r;
        const cand = Array.from(idx.subarray(r * k, (r + 1) * k), (t) => ({ t, d2: dist2Of(Q, q, X, t, d) }));
        cand.sort((a, b) => a.d2 - b.d2 || a.t - b.t);
        cand.forEach((c, j) => {
          index[q * k + j] = c.t;
          dist2[q * k + j] = c.d2;
        });
      }
    }
  } finally {
    trainNorm.dispose();
    own?.dispose();
  }
  return { index, dist2, k };
}
