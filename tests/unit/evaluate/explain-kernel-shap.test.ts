import { describe, expect, it } from 'vitest';
import { makeCoalitions } from '../../../src/core/evaluate/explain/coalitions.ts';
import { kernelShap } from '../../../src/core/evaluate/explain/kernel-shap.ts';
import type { ExplainModel } from '../../../src/core/evaluate/explain/types.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { binaryLogistic, linearModel, normalMatrix, softmaxModel } from './explain-helpers.ts';

/** A model with interactions and kinks, so Shapley values are not just the coefficients. */
function wiggly(p: number): ExplainModel {
  return {
    features: Array.from({ length: p }, (_, j) => ({ name: `x${j}` })),
    outputs: 2,
    predict: async (rows, n) => {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const x = rows.subarray(i * p, (i + 1) * p);
        let s = Math.sin(x[0]!) * x[1]! + Math.max(x[2]!, 0.3 * x[3]!) ** 2;
        for (let j = 4; j < p; j++) s += (j % 3 === 0 ? -1 : 1) * x[j]! * x[j - 1]! * 0.3;
        out[2 * i] = s;
        out[2 * i + 1] = Math.tanh(s) + x[0]!;
      }
      return out;
    },
  };
}

/** Shapley values of v(S) = mean_b f(x_S, b_rest), by enumerating all 2^p subsets: outputs x p. */
async function bruteShapley(model: ExplainModel, x: Float64Array, bg: Float64Array, nb: number): Promise<number[][]> {
  const p = model.features.length;
  const k = model.outputs;
  const rows = new Float64Array((1 << p) * nb * p);
  for (let S = 0; S < 1 << p; S++)
    for (let b = 0; b < nb; b++)
      for (let j = 0; j < p; j++) rows[(S * nb + b) * p + j] = (S >> j) & 1 ? x[j]! : bg[b * p + j]!;
  const pred = await model.predict(rows, (1 << p) * nb);
  const v = Array.from({ length: 1 << p }, (_, S) =>
    Array.from({ length: k }, (_, o) => {
      let s = 0;
      for (let b = 0; b < nb; b++) s += pred[(S * nb + b) * k + o]!;
      return s / nb;
    }),
  );
  const fact = (m: number): number => (m <= 1 ? 1 : m * fact(m - 1));
  const phi = Array.from({ length: k }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++)
    for (let S = 0; S < 1 << p; S++) {
      if ((S >> j) & 1) continue;
      let size = 0;
      for (let b = 0; b < p; b++) size += (S >> b) & 1;
      const w = (fact(size) * fact(p - size - 1)) / fact(p);
      for (let o = 0; o < k; o++) phi[o]![j]! += w * (v[S | (1 << j)]![o]! - v[S]![o]!);
    }
  return phi;
}

function additivityGap(r: { n: number; p: number; outputs: number; values: Float64Array; expected: Float64Array; output: Float64Array }): number {
  let worst = 0;
  for (let i = 0; i < r.n; i++)
    for (let o = 0; o < r.outputs; o++) {
      let s = r.expected[o]!;
      for (let j = 0; j < r.p; j++) s += r.values[(i * r.outputs + o) * r.p + j]!;
      worst = Math.max(worst, Math.abs(s - r.output[i * r.outputs + o]!));
    }
  return worst;
}

describe('KernelSHAP', () => {
  it('a linear model with an independent background: phi_j = w_j (x_j - mean_b x_j), exactly', async () => {
    const p = 6;
    const w = [1.5, -2, 0.3, 0, 4, -0.7];
    const model = linearModel(w, 0.9);
    const bg = normalMatrix(50, p, 1);
    const X = normalMatrix(10, p, 2);
    const r = await kernelShap({ model, X, n: 10, background: bg, nBackground: 50 });
    const mean = Array.from({ length: p }, (_, j) => Array.from({ length: 50 }, (_, b) => bg[b * p + j]!).reduce((s, v) => s + v, 0) / 50);
    for (let i = 0; i < 10; i++) for (let j = 0; j < p; j++) expect(Math.abs(r.values[i * p + j]! - w[j]! * (X[i * p + j]! - mean[j]!))).toBeLessThan(1e-9);
    expect([...r.exact]).toEqual(new Array(10).fill(1));
    expect(additivityGap(r)).toBeLessThan(1e-12);
  });

  it('the same holds when coalitions are sampled (p = 14): a linear game is fitted exactly by any full-rank design', async () => {
    const p = 14;
    const w = Array.from({ length: p }, (_, j) => (j % 2 ? 1 : -1) * (j + 1) * 0.1);
    const model = linearModel(w, 0);
    const bg = normalMatrix(30, p, 3);
    const X = normalMatrix(3, p, 4);
    const r = await kernelShap({ model, X, n: 3, background: bg, nBackground: 30, nSamples: 300, seed: 1 });
    expect([...r.exact]).toEqual([0, 0, 0]);
    const mean = Array.from({ length: p }, (_, j) => Array.from({ length: 30 }, (_, b) => bg[b * p + j]!).reduce((s, v) => s + v, 0) / 30);
    for (let i = 0; i < 3; i++) for (let j = 0; j < p; j++) expect(Math.abs(r.values[i * p + j]! - w[j]! * (X[i * p + j]! - mean[j]!))).toBeLessThan(1e-9);
  });

  for (const p of [4, 7, 10]) {
    it(`exact enumeration (p = ${p}) equals brute-force Shapley values of the interventional game to 1e-9`, async () => {
      const model = wiggly(p);
      const bg = normalMatrix(12, p, 10 + p);
      const X = normalMatrix(3, p, 20 + p);
      const r = await kernelShap({ model, X, n: 3, background: bg, nBackground: 12 });
      expect([...r.exact]).toEqual([1, 1, 1]);
      for (let i = 0; i < 3; i++) {
        const phi = await bruteShapley(model, X.subarray(i * p, (i + 1) * p), bg, 12);
        for (let o = 0; o < 2; o++)
          for (let j = 0; j < p; j++) expect(Math.abs(r.values[(i * 2 + o) * p + j]! - phi[o]![j]!), `row ${i} out ${o} x${j}`).toBeLessThan(1e-9);
      }
      expect(additivityGap(r)).toBeLessThan(1e-12);
    });
  }

  it('sampled coalitions (p = 12) stay additive, are seeded, and land near the exact values', async () => {
    const p = 12;
    const model = wiggly(p);
    const bg = normalMatrix(8, p, 30);
    const X = normalMatrix(2, p, 31);
    const opts = { model, X, n: 2, background: bg, nBackground: 8, nSamples: 1500 };
    const a = await kernelShap({ ...opts, seed: 3 });
    const b = await kernelShap({ ...opts, seed: 3, maxBatchRows: 999 });
    const c = await kernelShap({ ...opts, seed: 4 });
    expect([...a.exact]).toEqual([0, 0]);
    expect(b.values).toEqual(a.values);
    expect(c.values).not.toEqual(a.values);
    expect(additivityGap(a)).toBeLessThan(1e-12);
    for (let i = 0; i < 2; i++) {
      const phi = await bruteShapley(model, X.subarray(i * p, (i + 1) * p), bg, 8);
      let err = 0;
      let scale = 0;
      for (let j = 0; j < p; j++) {
        err = Math.max(err, Math.abs(a.values[i * 2 * p + j]! - phi[0]![j]!));
        scale = Math.max(scale, Math.abs(phi[0]![j]!));
      }
      // Sizes 1, 11, 2 and 10 are enumerated (156 coalitions); the rest sampled: small, not zero, error.
      expect(err).toBeLessThan(0.05 * scale);
    }
  });

  it('a feature equal to every background value gets 0 and leaves the others exact', async () => {
    const p = 4;
    const model = wiggly(p);
    const bg = normalMatrix(10, p, 40);
    for (let b = 0; b < 10; b++) bg[b * p + 2] = 1.25;
    const X = normalMatrix(2, p, 41);
    X[2] = 1.25;
    X[p + 2] = 0.5;
    const r = await kernelShap({ model, X, n: 2, background: bg, nBackground: 10 });
    expect(r.values[2]).toBe(0);
    expect(r.values[p + 2]).toBe(0);
    expect(r.values[2 * p + 2]).not.toBe(0);
    const phi = await bruteShapley(model, X.subarray(0, p), bg, 10);
    for (let j = 0; j < p; j++) expect(Math.abs(r.values[j]! - phi[0]![j]!)).toBeLessThan(1e-9);
  });

  it('subsamples the background to maxBackground (seeded) and explains log-odds with link = logit', async () => {
    const p = 5;
    const model = binaryLogistic([1, -1, 0.5, 2, 0], 0.1);
    const bg = normalMatrix(400, p, 50);
    const X = normalMatrix(4, p, 51);
    const r = await kernelShap({ model, X, n: 4, background: bg, nBackground: 400, link: 'logit', seed: 8 });
    expect(r.backgroundRows.length).toBe(100);
    const again = await kernelShap({ model, X, n: 4, background: bg, nBackground: 400, link: 'logit', seed: 8 });
    expect(again.backgroundRows).toEqual(r.backgroundRows);
    const used = new Float64Array(100 * p);
    r.backgroundRows.forEach((row, i) => used.set(bg.subarray(row * p, (row + 1) * p), i * p));
    const probs = await model.predict(used, 100);
    let mean = 0;
    for (let b = 0; b < 100; b++) mean += probs[2 * b + 1]! / 100;
    expect(r.expected[1]).toBeCloseTo(Math.log(mean / (1 - mean)), 12);
    const fx = await model.predict(X, 4);
    for (let i = 0; i < 4; i++) expect(r.output[2 * i + 1]).toBeCloseTo(Math.log(fx[2 * i + 1]! / fx[2 * i]!), 10);
    expect(additivityGap(r)).toBeLessThan(1e-10);
    // The logit of an average is not an average of logits: values differ from the linear-in-logit answer, but additivity holds, and a feature with weight 0 still gets nothing.
    expect(Math.abs(r.values[(0 * 2 + 1) * p + 4]!)).toBeLessThan(1e-12);
  });

  it('explains every output of a multiclass model', async () => {
    const p = 3;
    const model = softmaxModel([[1, 0, -1], [0, 2, 0], [-1, -1, 1]], [0, 0.5, -0.5]);
    const bg = normalMatrix(20, p, 60);
    const X = normalMatrix(3, p, 61);
    const r = await kernelShap({ model, X, n: 3, background: bg, nBackground: 20 });
    expect(r.outputs).toBe(3);
    expect(additivityGap(r)).toBeLessThan(1e-12);
    // Probabilities sum to 1, so each feature's contributions across classes sum to 0.
    for (let i = 0; i < 3; i++) for (let j = 0; j < p; j++) expect(Math.abs(r.values[(i * 3) * p + j]! + r.values[(i * 3 + 1) * p + j]! + r.values[(i * 3 + 2) * p + j]!)).toBeLessThan(1e-12);
  });

  it('reports progress, stops when cancelled, rejects bad options', async () => {
    const model = linearModel([1, 2], 0);
    const bg = normalMatrix(5, 2, 70);
    const X = normalMatrix(6, 2, 71);
    const seen: number[] = [];
    await kernelShap({ model, X, n: 6, background: bg, nBackground: 5, onProgress: (pr) => seen.push(pr.fraction) });
    expect(seen.at(-1)).toBe(1);
    const cancel = new CancelSource();
    cancel.cancel();
    await expect(kernelShap({ model, X, n: 6, background: bg, nBackground: 5, cancel })).rejects.toMatchObject({ code: 'cancelled' });
    await expect(kernelShap({ model, X, n: 6, background: bg, nBackground: 4 })).rejects.toMatchObject({ code: 'explain_invalid' });
    await expect(kernelShap({ model, X, n: 6, background: bg, nBackground: 5, nSamples: 3 })).rejects.toMatchObject({ code: 'explain_invalid' });
  });
});

describe('coalitions', () => {
  it('exact: all 2^M - 2 coalitions once, with Shapley-kernel weights summing to 1', () => {
    const c = makeCoalitions(6, 10, 10, createRng(1));
    expect(c.exact).toBe(true);
    expect(c.count).toBe(62);
    const keys = new Set<string>();
    for (let i = 0; i < c.count; i++) keys.add(c.masks.subarray(i * 6, (i + 1) * 6).join(''));
    expect(keys.size).toBe(62);
    expect(c.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    // Weight of a size-s coalition is proportional to (M - 1) / (C(M, s) s (M - s)).
    const kernel = (s: number, C: number) => 5 / (C * s * (6 - s));
    const ratio = c.weights[0]! / kernel(1, 6);
    for (let i = 0; i < c.count; i++) {
      const s = c.masks.subarray(i * 6, (i + 1) * 6).reduce((a, b) => a + b, 0);
      const C = [1, 6, 15, 20, 15, 6, 1][s]!;
      expect(c.weights[i]! / kernel(s, C)).toBeCloseTo(ratio, 12);
    }
  });

  it('sampled: enumerates the heavy sizes, then adds coalitions with their complements, within budget', () => {
    const M = 16;
    const c = makeCoalitions(M, 200, 10, createRng(2));
    expect(c.exact).toBe(false);
    expect(c.count).toBeLessThanOrEqual(200);
    const sizes = Array.from({ length: c.count }, (_, i) => c.masks.subarray(i * M, (i + 1) * M).reduce((a, b) => a + b, 0));
    // Sizes 1 and 15 (32 coalitions) fit the budget and are enumerated; 2 and 14 (240) do not.
    expect(sizes.filter((s) => s === 1).length).toBe(16);
    expect(sizes.filter((s) => s === 15).length).toBe(16);
    const keys = new Set(Array.from({ length: c.count }, (_, i) => c.masks.subarray(i * M, (i + 1) * M).join('')));
    for (const key of keys) expect(keys.has([...key].map((b) => (b === '1' ? '0' : '1')).join(''))).toBe(true);
    expect(c.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});
