import { readFileSync } from 'node:fs';
import type { ExplainModel } from '../../../src/core/evaluate/explain/types.ts';
import { createRng } from '../../../src/core/random.ts';

/** The reference file written by scripts/fixtures/sklearn_explain.py. */
export interface ExplainFixture {
  source: string;
  versions: Record<string, string>;
  X: number[][];
  models: Record<string, { kind: 'linear' | 'binary' | 'multinomial'; coef: number[] | number[][]; intercept: number | number[] }>;
  partialDependence: {
    model: string;
    features: number[];
    call: string;
    resolution: number;
    percentiles: [number, number];
    categorical: number[];
    grid: number[][];
    average: number[][];
    individual?: number[][][];
  }[];
  studentT: { q: number; df: number; ppf: number; ppfExact: number; x: number; cdf: number }[];
}

export const explainFixture = (): ExplainFixture =>
  JSON.parse(readFileSync(new URL('../../fixtures/sklearn/explain/explain-v1.json', import.meta.url), 'utf8')) as ExplainFixture;

const names = (p: number) => Array.from({ length: p }, (_, j) => ({ name: `x${j}` }));

/** x.w + b, one output; counts rows predicted so tests can check batching. */
export function linearModel(w: readonly number[], b: number): ExplainModel & { rowsSeen: number; calls: number } {
  const p = w.length;
  const m = {
    features: names(p),
    outputs: 1,
    rowsSeen: 0,
    calls: 0,
    predict: async (rows: Float64Array, n: number) => {
      m.rowsSeen += n;
      m.calls++;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = b;
        for (let j = 0; j < p; j++) s += w[j]! * rows[i * p + j]!;
        out[i] = s;
      }
      return out;
    },
  };
  return m;
}

const expit = (z: number): number => 1 / (1 + Math.exp(-z));

/** Binary logistic regression as sklearn's predict_proba: [1 - expit(z), expit(z)]. */
export function binaryLogistic(w: readonly number[], b: number): ExplainModel {
  const p = w.length;
  return {
    features: names(p),
    outputs: 2,
    predict: async (rows, n) => {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        let s = b;
        for (let j = 0; j < p; j++) s += w[j]! * rows[i * p + j]!;
        const q = expit(s);
        out[2 * i] = 1 - q;
        out[2 * i + 1] = q;
      }
      return out;
    },
  };
}

/** Multinomial logistic regression: softmax(x W^T + b), W given as k rows of p. */
export function softmaxModel(W: readonly (readonly number[])[], b: readonly number[]): ExplainModel {
  const k = W.length;
  const p = W[0]!.length;
  return {
    features: names(p),
    outputs: k,
    predict: async (rows, n) => {
      const out = new Float64Array(k * n);
      const z = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) {
          let s = b[c]!;
          for (let j = 0; j < p; j++) s += W[c]![j]! * rows[i * p + j]!;
          z[c] = s;
          max = Math.max(max, s);
        }
        let total = 0;
        for (let c = 0; c < k; c++) total += z[c] = Math.exp(z[c]! - max);
        for (let c = 0; c < k; c++) out[i * k + c] = z[c]! / total;
      }
      return out;
    },
  };
}

/** n x p standard-normal matrix from a seeded generator. */
export function normalMatrix(n: number, p: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * p }, () => rng.normal());
}

/** |a - b| <= tol * max(1, |b|). */
export function near(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

/** Largest |a[i] - b[i]| scaled as in `near`. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}
