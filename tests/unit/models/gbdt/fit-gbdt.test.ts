import { describe, expect, it } from 'vitest';
import { treeShap } from '../../../../src/core/evaluate/explain/tree-shap.ts';
import { ensembleMargin } from '../../../../src/core/evaluate/explain/tree-predict.ts';
import { fitForest } from '../../../../src/core/models/gbdt/fit-forest.ts';
import { fitGbdt } from '../../../../src/core/models/gbdt/fit-gbdt.ts';
import { resolveForestParams, resolveGbdtParams } from '../../../../src/core/models/gbdt/params.ts';
import { treeModelFromJSON } from '../../../../src/core/models/gbdt/tree-model.ts';
import type { FitData } from '../../../../src/core/models/types.ts';
import { createRng } from '../../../../src/core/random.ts';

const opts = (task: 'binary' | 'multiclass' | 'regression', seed = 1) => ({ task, rng: createRng(seed) });

/** n x d normal features; binary label from a nonlinear rule with noise. */
function binaryData(n: number, d: number, seed: number): FitData {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: n * d }, () => rng.normal());
  const y = Int32Array.from({ length: n }, (_, i) => (X[i * d]! + X[i * d + 1]! * X[i * d + 2]! + 0.3 * rng.normal() > 0 ? 1 : 0));
  return { X, n, d, y, k: 2 };
}

describe('fitGbdt: exactness on tiny data', () => {
  it('a stump on squared error: the split maximises G_L²/H_L + G_R²/H_R and leaves are -G/(H + l2) times the rate', async () => {
    // x = 0..5, y = [1, 1, 1, 5, 5, 9]; base score = mean = 11/3.
    const X = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const y = Float64Array.from([1, 1, 1, 5, 5, 9]);
    const l2 = 1;
    const m = await fitGbdt({ X, n: 6, d: 1, y, k: 1 }, resolveGbdtParams({ rounds: 1, maxLeaves: 2, minSamplesLeaf: 1, l2, learningRate: 0.5, earlyStoppingRounds: 0 }), opts('regression'));
    const base = 22 / 6;
    expect(m.ensemble.baseScore[0]).toBeCloseTo(base, 12);
    // Gradients g = base - y; every split candidate by hand, the best is x <= 2.
    const g = Array.from(y, (v) => base - v);
    const gain = (k: number) => {
      const GL = g.slice(0, k).reduce((a, b) => a + b, 0);
      const GR = g.slice(k).reduce((a, b) => a + b, 0);
      return (GL * GL) / (k + l2) + (GR * GR) / (6 - k + l2) - ((GL + GR) * (GL + GR)) / (6 + l2);
    };
    const best = [1, 2, 3, 4, 5].reduce((a, k) => (gain(k) > gain(a) ? k : a), 1);
    expect(best).toBe(3);
    const tree = m.ensemble.trees[0]!;
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(2.5);
    const GL = g.slice(0, 3).reduce((a, b) => a + b, 0);
    const GR = g.slice(3).reduce((a, b) => a + b, 0);
    // Gradients travel as float32 (the histogram contract): about 7 significant digits.
    expect(tree.value[tree.left[0]!]).toBeCloseTo((-0.5 * GL) / (3 + l2), 6);
    expect(tree.value[tree.right[0]!]).toBeCloseTo((-0.5 * GR) / (3 + l2), 6);
    expect(m.importance.gain[0]).toBeCloseTo(gain(3), 5);
    expect(m.importance.split[0]).toBe(1);
  });

  it('training loss decreases every round', async () => {
    const m = await fitGbdt(binaryData(800, 4, 2), resolveGbdtParams({ rounds: 30, earlyStoppingRounds: 0 }), opts('binary'));
    const losses = m.history.map((h) => h.trainLoss);
    expect(losses).toHaveLength(30);
    for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThan(losses[i - 1]!);
  });

  it('learns the default direction of missing values when missingness predicts the label', async () => {
    const n = 1000;
    const rng = createRng(5);
    const X = new Float32Array(n);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      // Missing rows are positive, observed rows positive only above 1.
      const missing = i % 3 === 0;
      const v = rng.normal();
      X[i] = missing ? NaN : v;
      y[i] = missing || v > 1 ? 1 : 0;
    }
    const m = await fitGbdt({ X, n, d: 1, y, k: 2 }, resolveGbdtParams({ rounds: 20, maxLeaves: 4, earlyStoppingRounds: 0 }), opts('binary'));
    const p = m.predict(Float32Array.of(NaN, -1, 2), 3);
    expect(p[1]).toBeGreaterThan(0.9); // NaN -> positive
    expect(p[3]).toBeLessThan(0.1); // -1 -> negative
    expect(p[5]).toBeGreaterThan(0.9); // 2 -> positive
  });

  it('a categorical split separates a category set no single threshold can', async () => {
    const n = 2000;
    const rng = createRng(8);
    const X = Float32Array.from({ length: n }, () => rng.int(12));
    const y = Int32Array.from(X, (c) => ([1, 4, 6, 9, 11].includes(c) ? 1 : 0));
    const p = resolveGbdtParams({ rounds: 5, maxLeaves: 2, earlyStoppingRounds: 0 });
    const cat = await fitGbdt({ X, n, d: 1, y, k: 2, categorical: Uint8Array.of(1) }, p, opts('binary'));
    const num = await fitGbdt({ X, n, d: 1, y, k: 2 }, p, opts('binary'));
    const acc = (probs: Float64Array) => Array.from(y).filter((v, i) => (probs[2 * i + 1]! > 0.5 ? 1 : 0) === v).length / n;
    expect(acc(cat.predict(X, n))).toBe(1);
    expect(acc(num.predict(X, n))).toBeLessThan(0.8);
    expect(cat.ensemble.trees[0]!.categorical).toBeDefined();
    // An unseen code follows the right branch, like the format says.
    expect(() => cat.predict(Float32Array.of(40), 1)).not.toThrow();
  });
});

describe('fitGbdt: determinism, serialisation, early stopping, SHAP', () => {
  it('same seed -> identical JSON; another seed with subsampling -> different trees', async () => {
    const data = binaryData(600, 5, 3);
    const p = resolveGbdtParams({ rounds: 15, subsample: 0.7, colsample: 0.6, earlyStoppingRounds: 0 });
    const strip = (j: unknown) => JSON.stringify({ ...(j as object), history: [] });
    const a = strip((await fitGbdt(data, p, opts('binary', 4))).toJSON());
    const b = strip((await fitGbdt(data, p, opts('binary', 4))).toJSON());
    const c = strip((await fitGbdt(data, p, opts('binary', 5))).toJSON());
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('keeps every training row\'s margin equal to its model\'s (binary, out-of-bag rows included)', async () => {
    const data = binaryData(700, 5, 8);
    const m = await fitGbdt(data, resolveGbdtParams({ rounds: 12, subsample: 0.6, earlyStoppingRounds: 0 }), opts('binary', 2));
    // The fit updates the margins inside its loss pass; the model walks the trees from scratch.
    expect(Array.from(m.checkpoint.F)).toEqual(Array.from(m.margin(data.X, data.n)));
  });

  it('JSON round trip predicts identically (multiclass, with missing values)', async () => {
    const n = 600;
    const rng = createRng(6);
    const X = Float32Array.from({ length: n * 3 }, (_, i) => (i % 11 === 0 ? NaN : rng.normal()));
    const y = Int32Array.from({ length: n }, (_, i) => (X[i * 3]! > 0.5 ? 2 : X[i * 3 + 1]! > 0 ? 1 : 0));
    const m = await fitGbdt({ X, n, d: 3, y, k: 3 }, resolveGbdtParams({ rounds: 10, earlyStoppingRounds: 0 }), opts('multiclass'));
    expect(m.ensemble.trees).toHaveLength(30);
    const back = treeModelFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predict(X, n))).toEqual(Array.from(m.predict(X, n)));
    expect(Array.from(back.importance.gain)).toEqual(Array.from(m.importance.gain));
    // The vectorised margin equals the shared format's reference walk bit for bit.
    expect(Array.from(m.margin(X, n))).toEqual(Array.from(ensembleMargin(m.ensemble, X, n)));
  });

  it('early stopping keeps the best round and drops the trees after it', async () => {
    const train = binaryData(300, 6, 10);
    const val = binaryData(300, 6, 11);
    // A high rate and deep trees on little data overfit quickly.
    const m = await fitGbdt({ ...train, val: { X: val.X, n: val.n, y: val.y } }, resolveGbdtParams({ rounds: 200, learningRate: 0.5, minSamplesLeaf: 2, earlyStoppingRounds: 5 }), opts('binary'));
    const vl = m.history.map((h) => h.valLoss!);
    const best = vl.indexOf(Math.min(...vl)) + 1;
    expect(m.rounds).toBeLessThan(200);
    expect(m.rounds).toBe(best + 5);
    expect(m.bestIteration).toBe(best);
    expect(m.ensemble.trees).toHaveLength(best);
  });

  it('TreeSHAP values sum to the margin minus the expected value', async () => {
    const data = binaryData(500, 4, 12);
    const m = await fitGbdt(data, resolveGbdtParams({ rounds: 10, earlyStoppingRounds: 0 }), opts('binary'));
    const X = Float64Array.from(data.X.subarray(0, 20 * 4));
    const shap = await treeShap({ ensemble: m.ensemble, X, n: 20 });
    const margin = m.margin(data.X.subarray(0, 80), 20);
    for (let i = 0; i < 20; i++) {
      let s = shap.expected[0]!;
      for (let j = 0; j < 4; j++) s += shap.values[i * 4 + j]!;
      expect(s).toBeCloseTo(margin[i]!, 9);
    }
  });

  it('rejects a loss that does not fit the task', async () => {
    await expect(fitGbdt(binaryData(50, 2, 1), resolveGbdtParams({ loss: 'squared' }), opts('binary'))).rejects.toMatchObject({ code: 'spec_invalid' });
  });
});

describe('fitForest', () => {
  it('leaves hold class proportions / trees: probabilities sum to 1; a round trip predicts identically', async () => {
    const data = binaryData(400, 5, 13);
    for (const splitter of ['best', 'random'] as const) {
      const m = await fitForest(data, resolveForestParams({ trees: 20, splitter }), opts('binary'));
      const p = m.predict(data.X, data.n);
      for (let i = 0; i < data.n; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 12);
      const back = treeModelFromJSON(JSON.stringify(m.toJSON()));
      expect(Array.from(back.predict(data.X, data.n))).toEqual(Array.from(p));
    }
  });

  it('without bootstrap and feature sampling, one fully grown tree fits distinct training rows exactly (regression)', async () => {
    const n = 200;
    const rng = createRng(14);
    const X = Float32Array.from({ length: n * 2 }, (_, i) => i * 0.5 + rng.next() * 0.1);
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const m = await fitForest({ X, n, d: 2, y, k: 1 }, resolveForestParams({ trees: 1, bootstrap: false, maxFeatures: 1 }), opts('regression'));
    const p = m.predict(X, n);
    for (let i = 0; i < n; i++) expect(p[i]).toBeCloseTo(y[i]!, 6);
  });
});
