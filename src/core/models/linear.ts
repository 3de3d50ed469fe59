import { benchtopError } from '../errors.ts';
import type { LinearModel } from '../spec/types.ts';
import { elasticNet } from './elastic-net.ts';
import { huberRegressor } from './huber.ts';
import { solveSymmetric } from './solve.ts';
import type { ModelArtifact } from './artifact.ts';
import { ArtifactReader, toBytes } from './artifact-codec.ts';
import type { FitData, ModelDef, TrainedModel } from './types.ts';

type Estimator = 'least-squares' | 'elastic-net' | 'huber';
const ESTIMATORS: readonly Estimator[] = ['least-squares', 'elastic-net', 'huber'];
const FORMAT = 1;

/**
 * Linear regression, fitted on the CPU in float64 (exact and deterministic on any backend):
 * - squared loss, l1 = 0: least squares / ridge solved exactly via the normal equations
 *   (X'X + n*l2*I) w = X'y with an unpenalised intercept (objective 1/(2n)||y-Xw-b||^2 + l2/2||w||^2);
 * - squared loss, l1 > 0: elastic net by coordinate descent, as scikit-learn's ElasticNet / Lasso;
 * - huber loss: scikit-learn's HuberRegressor (epsilon = huberEpsilon, alpha = l2); l1 is not supported.
 */
export const linear: ModelDef<LinearModel> = {
  name: 'linear',
  tasks: ['regression'],
  describe: 'Linear regression: least squares / ridge (exact), elastic net (coordinate descent) or Huber (robust).',
  async fit(spec, data) {
    const l2 = spec.l2 ?? 0;
    const l1 = spec.l1 ?? 0;
    const loss = spec.loss ?? 'squared';
    if (!(l2 >= 0) || !(l1 >= 0)) throw benchtopError('spec_invalid', { field: 'model.l1/l2', reason: 'penalties must be >= 0' });
    if (data.n < 1) throw benchtopError('spec_invalid', { field: 'model', reason: 'linear regression needs at least one training row' });
    const { X, n, d } = data;
    const y = data.y as Float64Array;
    let w: Float64Array;
    let b: number;
    let estimator: Estimator = 'least-squares';
    if (loss === 'huber') {
      estimator = 'huber';
      const epsilon = spec.huberEpsilon ?? 1.35;
      if (!(epsilon > 1)) throw benchtopError('spec_invalid', { field: 'model.huberEpsilon', reason: `must be > 1, got ${epsilon}` });
      if (l1 > 0) throw benchtopError('spec_invalid', { field: 'model.l1', reason: 'the huber loss takes only an l2 penalty; set l1 to 0' });
      const fit = huberRegressor(X, y, n, d, { epsilon, alpha: l2 });
      w = fit.coef;
      b = fit.intercept;
    } else if (l1 > 0) {
      estimator = 'elastic-net';
      const fit = elasticNet(X, y, n, d, { l1, l2 });
      w = fit.coef;
      b = fit.intercept;
    } else {
      ({ w, b } = leastSquares(data, l2));
    }
    if (!w.every(Number.isFinite) || !Number.isFinite(b)) throw benchtopError('training_diverged', { epoch: 0, loss: 'NaN' });
    return linearPredictor(w, b, d, estimator);
  },

  async load(artifact) {
    const r = new ArtifactReader(artifact, 'linear', FORMAT, ['regression']);
    const estimator = r.meta.str('estimator', ESTIMATORS);
    const w = r.f64('weights.f64', r.d);
    const b = r.f64('bias.f64', 1)[0]!;
    r.done();
    return linearPredictor(w, b, r.d, estimator);
  },
};

/** A fitted linear map x -> x.w + b, evaluated in float64. */
export function linearPredictor(w: Float64Array, b: number, d: number, estimator: Estimator = 'least-squares'): TrainedModel {
  return {
    history: [],
    async predict(Xq, m) {
      const out = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = b;
        for (let j = 0; j < d; j++) s += w[j]! * Xq[i * d + j]!;
        out[i] = s;
      }
      return out;
    },
    dispose() {},
    /**
     * Artifact layout (format 1, task regression, k 1): meta `{estimator}` ('least-squares',
     * 'elastic-net' or 'huber': how it was fitted; prediction is the same for all), blob
     * `weights.f64` (d coefficients) and `bias.f64` (1 value, the intercept). Prediction, in
     * float64: y = bias + sum_j weights[j] * x[j], summed in column order.
     */
    async save(): Promise<ModelArtifact> {
      return { kind: 'linear', format: FORMAT, task: 'regression', d, k: 1, meta: { estimator }, blobs: { 'weights.f64': toBytes(w), 'bias.f64': toBytes(Float64Array.of(b)) } };
    },
  };
}

/** Normal equations with the intercept as the last unknown (an exact ridge fit; the ensemble's regression stacker). */
export function leastSquares(data: FitData, l2: number): { w: Float64Array; b: number } {
  const { X, n, d } = data;
  const y = data.y as Float64Array;
  const p = d + 1; // last coefficient is the intercept
  const A = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = X[i * d + j]!;
    row[d] = 1;
    const yi = y[i]!;
    for (let j = 0; j < p; j++) {
      const rj = row[j]!;
      if (rj === 0) continue;
      rhs[j]! += rj * yi;
      for (let k = j; k < p; k++) A[j * p + k]! += rj * row[k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j]!;
  // A relative jitter keeps collinear one-hot blocks solvable without visibly changing OLS.
  const trace = Array.from({ length: d }, (_, j) => A[j * p + j]!).reduce((s, v) => s + v, 0);
  const jitter = 1e-10 * Math.max(1, trace / Math.max(1, d));
  for (let j = 0; j < d; j++) A[j * p + j]! += l2 * n + jitter;
  const sol = solveSymmetric(A, rhs, p);
  return { w: sol.slice(0, d), b: sol[d]! };
}
