import { describe, expect, it } from 'vitest';
import { evaluateMetric } from '../../../src/core/evaluate/report.ts';
import { permutationImportance } from '../../../src/core/evaluate/explain/permutation-importance.ts';
import { studentTCdf, studentTQuantile } from '../../../src/core/evaluate/explain/student-t.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import { createRng, permutation } from '../../../src/core/random.ts';
import { binaryLogistic, explainFixture, linearModel, normalMatrix } from './explain-helpers.ts';

const n = 300;
const p = 4;
const X = normalMatrix(n, p, 11);
const w = [3, 0, -1, 0.2];
const noise = createRng(12);
const yReg = Float64Array.from({ length: n }, (_, i) => 3 * X[i * p]! - X[i * p + 2]! + 0.2 * X[i * p + 3]! + 0.3 * noise.normal());
const yClf = Int32Array.from({ length: n }, (_, i) => (3 * X[i * p]! - X[i * p + 2]! + noise.normal() > 0 ? 1 : 0));

/** r2 written out, independent of the metric module. */
function r2(y: Float64Array, pred: Float64Array): number {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += (y[i]! - pred[i]!) ** 2;
    ssTot += (y[i]! - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}

/** The documented procedure, done naively: one permuted copy of X and one predict call per (feature, repeat). */
async function bruteForce(seed: number, repeats: number, score: (pred: Float64Array) => number, predict: (X: Float64Array) => Promise<Float64Array>, sign: 1 | -1) {
  const rng = createRng(seed);
  const perms = Array.from({ length: repeats }, () => permutation(n, rng));
  const base = score(await predict(X));
  const out: number[][] = [];
  for (let j = 0; j < p; j++) {
    const row: number[] = [];
    for (const perm of perms) {
      const Xp = Float64Array.from(X);
      for (let i = 0; i < n; i++) Xp[i * p + j] = X[perm[i]! * p + j]!;
      const permuted = score(await predict(Xp));
      row.push(sign === 1 ? base - permuted : permuted - base);
    }
    out.push(row);
  }
  return out;
}

describe('permutationImportance', () => {
  const model = linearModel(w, 0.5);

  it('equals a brute-force re-implementation with the same permutations (r2 written out by hand)', async () => {
    const r = await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, repeats: 7, seed: 42 });
    expect(r.metric).toBe('r2');
    const expected = await bruteForce(42, 7, (pred) => r2(yReg, pred), (Xp) => model.predict(Xp, n), 1);
    r.features.forEach((f, j) => f.importances.forEach((v, t) => expect(Math.abs(v - expected[j]![t]!)).toBeLessThan(1e-12)));
  });

  it('equals it exactly with the library metric, and handles a loss (log_loss: permuted - baseline)', async () => {
    const clf = binaryLogistic([2, 0, -0.7, 0.1], -0.2);
    const r = await permutationImportance({ model: clf, X, n, task: 'binary', yTrue: yClf, metric: 'log_loss', repeats: 5, seed: 9 });
    expect(r.higherIsBetter).toBe(false);
    const score = (pred: Float64Array) => evaluateMetric('log_loss', { yTrue: yClf, proba: pred, k: 2 }).value!;
    const expected = await bruteForce(9, 5, score, (Xp) => clf.predict(Xp, n), -1);
    expect(r.features.map((f) => f.importances)).toEqual(expected);
    expect(r.features[0]!.mean).toBeGreaterThan(0.3);
  });

  it('gives exactly 0 to a feature the model ignores and a large importance to one it relies on', async () => {
    const r = await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg });
    expect(r.repeats).toBe(10);
    expect(r.features[1]!.importances).toEqual(Array(10).fill(0));
    expect(r.features[1]!.ci95).toEqual([0, 0]);
    // Dropping x0 (coefficient 3 on unit variance) removes ~9 / 10.1 of the variance explained.
    expect(r.features[0]!.mean).toBeGreaterThan(1);
    expect(r.features[0]!.mean).toBeGreaterThan(10 * r.features[3]!.mean);
    expect(r.baseline).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const a = await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, seed: 5 });
    const b = await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, seed: 5, maxBatchRows: 123 });
    const c = await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, seed: 6 });
    expect(b.features).toEqual(a.features);
    expect(c.features[0]!.importances).not.toEqual(a.features[0]!.importances);
  });

  it('reports sklearn\'s mean and population std, and a t interval of the mean', async () => {
    const r = await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, repeats: 10, seed: 1 });
    const f = r.features[2]!;
    const v = f.importances;
    const mean = v.reduce((s, x) => s + x, 0) / 10;
    const ss = v.reduce((s, x) => s + (x - mean) ** 2, 0);
    expect(f.mean).toBeCloseTo(mean, 14);
    expect(f.std).toBeCloseTo(Math.sqrt(ss / 10), 14);
    // scipy.stats.t.ppf(0.975, 9) = 2.2621571627409915
    const half = (2.2621571627409915 * Math.sqrt(ss / 9)) / Math.sqrt(10);
    expect(f.ci95[0]).toBeCloseTo(mean - half, 12);
    expect(f.ci95[1]).toBeCloseTo(mean + half, 12);
    expect(f.ci95[0]).toBeGreaterThan(0);
  });

  it('permutes a group of columns together with one shared permutation', async () => {
    const r = await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, repeats: 3, seed: 2, features: [{ name: 'x0+x2', columns: [0, 2] }, 1] });
    expect(r.features.map((f) => f.name)).toEqual(['x0+x2', 'x1']);
    const rng = createRng(2);
    const perms = Array.from({ length: 3 }, () => permutation(n, rng));
    const base = r2(yReg, await model.predict(X, n));
    for (let t = 0; t < 3; t++) {
      const Xp = Float64Array.from(X);
      for (let i = 0; i < n; i++) for (const j of [0, 2]) Xp[i * p + j] = X[perms[t]![i]! * p + j]!;
      expect(r.features[0]!.importances[t]).toBeCloseTo(base - r2(yReg, await model.predict(Xp, n)), 12);
    }
  });

  it('fails with a coded error when the metric is undefined on the unpermuted rows', async () => {
    const clf = binaryLogistic([1, 0, 0, 0], 0);
    await expect(
      permutationImportance({ model: clf, X, n, task: 'binary', yTrue: new Int32Array(n), metric: 'roc_auc' }),
    ).rejects.toMatchObject({ code: 'explain_metric_unavailable' });
    await expect(permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, repeats: 0 })).rejects.toMatchObject({ code: 'explain_invalid' });
    await expect(permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, features: [4] })).rejects.toMatchObject({ code: 'explain_invalid' });
  });

  it('reports progress per feature and stops when cancelled', async () => {
    const fractions: number[] = [];
    await permutationImportance({ model, X, n, task: 'regression', yTrue: yReg, repeats: 2, onProgress: (pr) => fractions.push(pr.fraction) });
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
    const cancel = new CancelSource();
    const slow = { ...model, predict: async (rows: Float64Array, m: number) => (cancel.cancel(), model.predict(rows, m)) };
    await expect(permutationImportance({ model: slow, X, n, task: 'regression', yTrue: yReg, cancel })).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('Student t against scipy.stats.t (and the quantile to 40 digits with mpmath)', () => {
  for (const c of explainFixture().studentT) {
    it(`t.ppf(${c.q}, ${c.df}) = ${c.ppfExact}; t.cdf(${c.x}, ${c.df}) = ${c.cdf}`, () => {
      const q = studentTQuantile(c.q, c.df);
      // ln Γ of large arguments (df = 999) limits the CDF to ~1e-12 relative.
      expect(Math.abs(q - c.ppfExact)).toBeLessThanOrEqual(1e-11 * Math.abs(c.ppfExact));
      // scipy's ppf itself is off by up to ~1e-9 for small df (see the fixture script).
      expect(Math.abs(q - c.ppf)).toBeLessThanOrEqual(1e-8 * Math.abs(c.ppf));
      expect(Math.abs(studentTCdf(c.x, c.df) - c.cdf)).toBeLessThanOrEqual(1e-13);
    });
  }
});
