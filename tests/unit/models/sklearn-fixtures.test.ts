import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseline } from '../../../src/core/models/baseline.ts';
import { elasticNet } from '../../../src/core/models/elastic-net.ts';
import { huberRegressor } from '../../../src/core/models/huber.ts';
import { knn } from '../../../src/core/models/knn.ts';
import { linear } from '../../../src/core/models/linear.ts';
import { naiveBayes } from '../../../src/core/models/naive-bayes.ts';
import type { FitData } from '../../../src/core/models/types.ts';
import type { BaselineModel } from '../../../src/core/spec/types.ts';
import { fitCtx } from './helpers.ts';

// Written by scripts/fixtures/models.py from scikit-learn 1.2.1 / numpy 1.24 (`source` in each file).
interface Matrix {
  X: number[];
  n: number;
  d: number;
}
interface Fixture {
  name: string;
  model: string;
  source: string;
  inputs: Record<string, unknown> & { train?: Matrix; test?: Matrix; y: number[] };
  expected: Record<string, number | number[]>;
}

const dir = join(import.meta.dirname, '../../fixtures/sklearn-models');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture);
const byPrefix = (prefix: string) => fixtures.filter((f) => f.name.startsWith(prefix));

/** Largest |a - b|, failing loudly on a length mismatch. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
const f32 = (v: number[]) => Float32Array.from(v);
const trainData = (f: Fixture, classes: boolean): FitData => ({
  X: f32(f.inputs.train!.X),
  n: f.inputs.train!.n,
  d: f.inputs.train!.d,
  y: classes ? Int32Array.from(f.inputs.y) : Float64Array.from(f.inputs.y),
  k: classes ? (f.inputs.k as number) : 1,
});

it('has the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(20));

describe('baseline vs DummyClassifier / DummyRegressor', () => {
  // Exact up to float64 rounding of a count ratio / mean / median.
  for (const f of byPrefix('dummy_')) {
    it(f.name, async () => {
      const regression = f.name.startsWith('dummy_reg');
      const n = f.inputs.y.length;
      const data: FitData = { X: new Float32Array(n), n, d: 1, y: regression ? Float64Array.from(f.inputs.y) : Int32Array.from(f.inputs.y), k: regression ? 1 : 3 };
      const spec = { kind: 'baseline', strategy: f.inputs.strategy } as Required<BaselineModel>;
      const m = await baseline.fit(spec, data, await fitCtx(regression ? 'regression' : 'multiclass'));
      const got = await m.predict(new Float32Array(3), 3);
      expect(maxDiff(got, (f.expected.proba ?? f.expected.pred) as number[])).toBeLessThan(1e-12);
    });
  }
});

describe('elastic net vs ElasticNet / Lasso', () => {
  // Same algorithm (cyclic CD, same stopping rule) on the same float64 data: only summation order
  // differs, so coefficients agree far below the 1e-6 asked for; the iteration count must match too.
  for (const f of [...byPrefix('enet_'), ...byPrefix('lasso_')]) {
    it(f.name, async () => {
      const { l1, l2 } = f.inputs as unknown as { l1: number; l2: number };
      const tr = f.inputs.train!;
      const fit = elasticNet(tr.X, f.inputs.y, tr.n, tr.d, { l1, l2 });
      expect(maxDiff(fit.coef, f.expected.coef as number[])).toBeLessThan(1e-6);
      expect(Math.abs(fit.intercept - (f.expected.intercept as number))).toBeLessThan(1e-6);
      expect(fit.iterations).toBe(f.expected.nIter);
      const m = await linear.fit({ kind: 'linear', l1, l2, loss: 'squared', huberEpsilon: 1.35 }, trainData(f, false), await fitCtx('regression'));
      const te = f.inputs.test!;
      expect(maxDiff(await m.predict(f32(te.X), te.n), f.expected.pred as number[])).toBeLessThan(1e-5);
    });
  }
});

describe('huber vs HuberRegressor', () => {
  // sklearn stops L-BFGS-B at a projected gradient of 1e-5; we converge further. Coefficients here
  // are O(10-30), so 1e-4 relative (of the largest coefficient) is what sklearn's own stopping allows.
  for (const f of byPrefix('huber_')) {
    it(f.name, async () => {
      const { epsilon, l2 } = f.inputs as unknown as { epsilon: number; l2: number };
      const tr = f.inputs.train!;
      const fit = huberRegressor(tr.X, f.inputs.y, tr.n, tr.d, { epsilon, alpha: l2 });
      const coef = f.expected.coef as number[];
      const scale = Math.max(1, ...coef.map(Math.abs));
      expect(maxDiff(fit.coef, coef) / scale).toBeLessThan(1e-4);
      expect(Math.abs(fit.intercept - (f.expected.intercept as number)) / scale).toBeLessThan(1e-4);
      expect(Math.abs(fit.scale - (f.expected.scale as number)) / (f.expected.scale as number)).toBeLessThan(1e-4);
      const m = await linear.fit({ kind: 'linear', l1: 0, l2, loss: 'huber', huberEpsilon: epsilon }, trainData(f, false), await fitCtx('regression'));
      const te = f.inputs.test!;
      expect(maxDiff(await m.predict(f32(te.X), te.n), f.expected.pred as number[]) / scale).toBeLessThan(1e-3);
    });
  }
});

describe('knn vs KNeighborsClassifier / KNeighborsRegressor', () => {
  // No distance ties in these inputs, so the neighbours are the same and only float64 rounding of
  // the vote / weighted mean differs. The last query row is a training row (distance 0).
  for (const f of byPrefix('knn_')) {
    it(f.name, async () => {
      const classes = f.name.startsWith('knn_cls');
      const m = await knn.fit({ kind: 'knn', k: 3, weights: f.inputs.weights as 'uniform' | 'distance' }, trainData(f, classes), await fitCtx(classes ? 'multiclass' : 'regression'));
      const te = f.inputs.test!;
      expect(maxDiff(await m.predict(f32(te.X), te.n), (f.expected.proba ?? f.expected.pred) as number[])).toBeLessThan(1e-9);
    });
  }
});

describe('naive Bayes vs GaussianNB', () => {
  // Same float64 formulas (two-pass variances, log-sum-exp); probabilities agree to rounding.
  for (const f of byPrefix('gnb_')) {
    it(f.name, async () => {
      const data = trainData(f, true);
      const m = await naiveBayes.fit({ kind: 'naive-bayes', varSmoothing: f.inputs.varSmoothing as number }, data, await fitCtx(data.k === 2 ? 'binary' : 'multiclass'));
      const te = f.inputs.test!;
      expect(maxDiff(await m.predict(f32(te.X), te.n), f.expected.proba as number[])).toBeLessThan(1e-9);
    });
  }

  it('var_smoothing changes the answer (the fixtures differ)', () => {
    const [a, b] = [byPrefix('gnb_1e-09')[0]!, byPrefix('gnb_0.5')[0]!];
    expect(maxDiff(a.expected.proba as number[], b.expected.proba as number[])).toBeGreaterThan(0.01);
  });
});
