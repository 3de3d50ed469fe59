import type { LinearModel } from '../spec/types.ts';
import type { ModelDef } from './types.ts';
import { solveSymmetric } from './solve.ts';

/**
 * Least squares / ridge regression solved exactly in float64 via the normal equations
 * (X'X + l2*I) w = X'y with an unpenalised intercept. Exact and deterministic on any
 * backend; the feature count after preprocessing is small enough that d^3 is cheap.
 */
export const linear: ModelDef<LinearModel> = {
  name: 'linear',
  tasks: ['regression'],
  describe: 'Ordinary least squares (ridge with l2 > 0), solved exactly.',
  async fit(spec, data) {
    const { X, n, d } = data;
    const y = data.y as Float64Array;
    const p = d + 1; // last coefficient is the intercept
    const A = new Float64Array(p * p);
    const b = new Float64Array(p);
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = X[i * d + j]!;
      row[d] = 1;
      const yi = y[i]!;
      for (let j = 0; j < p; j++) {
        const rj = row[j]!;
        if (rj === 0) continue;
        b[j]! += rj * yi;
        for (let k = j; k < p; k++) A[j * p + k]! += rj * row[k]!;
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j]!;
    // A relative jitter keeps collinear one-hot blocks solvable without visibly changing OLS.
    const trace = Array.from({ length: d }, (_, j) => A[j * p + j]!).reduce((s, v) => s + v, 0);
    const jitter = 1e-10 * Math.max(1, trace / Math.max(1, d));
    for (let j = 0; j < d; j++) A[j * p + j]! += spec.l2 * n + jitter;
    const w = solveSymmetric(A, b, p);
    return {
      history: [],
      async predict(Xq, m) {
        const out = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          let s = w[d]!;
          for (let j = 0; j < d; j++) s += w[j]! * Xq[i * d + j]!;
          out[i] = s;
        }
        return out;
      },
      dispose() {},
    };
  },
};
