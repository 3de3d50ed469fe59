import { describe, expect, it } from 'vitest';
import { BenchtopError } from '../../../src/core/errors.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import { partialDependence } from '../../../src/core/evaluate/explain/partial-dependence.ts';
import { featureGrid, linspace, mquantile } from '../../../src/core/evaluate/explain/pdp-grid.ts';
import type { ExplainModel } from '../../../src/core/evaluate/explain/types.ts';
import { binaryLogistic, explainFixture, linearModel, maxRelDiff, normalMatrix, softmaxModel } from './explain-helpers.ts';

const fx = explainFixture();
const n = fx.X.length;
const X = Float64Array.from(fx.X.flat());

function modelFor(name: string, categorical: number[]): ExplainModel {
  const m = fx.models[name]!;
  const base =
    m.kind === 'linear'
      ? linearModel(m.coef as number[], m.intercept as number)
      : m.kind === 'binary'
        ? binaryLogistic(m.coef as number[], m.intercept as number)
        : softmaxModel(m.coef as number[][], m.intercept as number[]);
  // Only the categorical flag matters to the grid; the labels are placeholders.
  return { ...base, features: base.features.map((f, j) => (categorical.includes(j) ? { ...f, categories: ['a', 'b', 'c', 'd', 'e'] } : f)) };
}

describe('partial dependence matches sklearn.inspection.partial_dependence(method="brute") (scikit-learn 1.2.1)', () => {
  expect(fx.versions.sklearn).toBe('1.2.1');
  for (const c of fx.partialDependence) {
    it(c.call, async () => {
      const model = modelFor(c.model, c.categorical);
      const ice = c.individual !== undefined;
      const r = await partialDependence({
        model,
        X,
        n,
        features: c.features as [number] | [number, number],
        resolution: c.resolution,
        percentiles: c.percentiles,
        ...(ice ? { ice: { rows: n } } : {}),
      });
      expect(r.grid.map((g) => g.length)).toEqual(c.grid.map((g) => g.length));
      r.grid.forEach((g, i) => expect(maxRelDiff(g, c.grid[i]!)).toBeLessThanOrEqual(1e-12));
      const G = r.grid.reduce((s, g) => s * g.length, 1);
      // sklearn keeps only class 1 of a binary classifier; Benchtop returns both outputs.
      const outs = c.model === 'binary' ? [1] : Array.from({ length: r.outputs }, (_, o) => o);
      outs.forEach((o, i) => expect(maxRelDiff(r.average.subarray(o * G, (o + 1) * G), c.average[i]!)).toBeLessThanOrEqual(1e-9));
      if (ice) {
        expect([...r.ice!.rows]).toEqual(Array.from({ length: n }, (_, i) => i));
        outs.forEach((o, i) => {
          for (let row = 0; row < n; row++) {
            const mine = r.ice!.values.subarray((row * r.outputs + o) * G, (row * r.outputs + o + 1) * G);
            expect(maxRelDiff(mine, c.individual![i]![row]!)).toBeLessThanOrEqual(1e-9);
          }
        });
      }
    });
  }
});

describe('partial dependence grid', () => {
  it('mquantile and linspace follow scipy / numpy on small cases', () => {
    // scipy.stats.mstats.mquantiles([1, 2, 3, 4, 5], [0.05, 0.95]) -> [1.0, 5.0]; [0.25] -> 1.7 (alphap = betap = 0.4).
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(mquantile(s, 0.05)).toBe(1);
    expect(mquantile(s, 0.95)).toBe(5);
    expect(mquantile(s, 0.25)).toBeCloseTo(1.7, 14);
    expect([...linspace(0, 1, 5)]).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('skips missing values and refuses a column that is all missing', () => {
    const Xm = Float64Array.from([NaN, 1, 3, NaN, 2, NaN]);
    expect([...featureGrid(Xm, 6, 1, 0)]).toEqual([1, 2, 3]);
    expect(() => featureGrid(Float64Array.from([NaN, NaN]), 2, 1, 0)).toThrow(BenchtopError);
  });

  it('refuses percentiles that collapse the grid, as sklearn does', () => {
    const Xc = Float64Array.from({ length: 100 }, (_, i) => (i < 98 ? 5 : i));
    expect(() => featureGrid(Xc, 100, 1, 0, { resolution: 2 })).toThrow(/percentiles/);
  });
});

describe('partial dependence and ICE behaviour', () => {
  const Xr = normalMatrix(200, 3, 5);
  const model = linearModel([2, -1, 0.5], 1);

  it('ICE rows are a seeded sample, centered curves start at 0 and keep their shape', async () => {
    const a = await partialDependence({ model, X: Xr, n: 200, features: [0], ice: { rows: 15, seed: 3 } });
    const b = await partialDependence({ model, X: Xr, n: 200, features: [0], ice: { rows: 15, seed: 3, centered: true } });
    const c = await partialDependence({ model, X: Xr, n: 200, features: [0], ice: { rows: 15, seed: 4 } });
    expect(a.ice!.rows).toEqual(b.ice!.rows);
    expect(a.ice!.rows).not.toEqual(c.ice!.rows);
    expect(a.ice!.rows.length).toBe(15);
    const G = a.grid[0]!.length;
    expect(G).toBe(20);
    for (let r = 0; r < 15; r++) {
      expect(b.ice!.values[r * G]).toBe(0);
      for (let g = 1; g < G; g++) {
        const diff = a.ice!.values[r * G + g]! - a.ice!.values[r * G]!;
        expect(b.ice!.values[r * G + g]).toBeCloseTo(diff, 12);
        // A linear model's ICE slope is its coefficient.
        expect(b.ice!.values[r * G + g]).toBeCloseTo(2 * (a.grid[0]![g]! - a.grid[0]![0]!), 12);
      }
    }
  });

  it('gives the same numbers whatever the batch size, and predicts every grid row exactly once', async () => {
    const counted = linearModel([2, -1, 0.5], 1);
    const big = await partialDependence({ model: counted, X: Xr, n: 200, features: [0, 2], resolution: 6 });
    expect(counted.rowsSeen).toBe(6 * 6 * 200);
    expect(counted.calls).toBe(1);
    const small = await partialDependence({ model, X: Xr, n: 200, features: [0, 2], resolution: 6, maxBatchRows: 77 });
    expect(maxRelDiff(small.average, big.average)).toBeLessThan(1e-14);
  });

  it('reports progress and stops when cancelled', async () => {
    const seen: number[] = [];
    await partialDependence({ model, X: Xr, n: 200, features: [1], maxBatchRows: 500, onProgress: (pr) => seen.push(pr.fraction) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(2);
    const cancel = new CancelSource();
    cancel.cancel();
    await expect(partialDependence({ model, X: Xr, n: 200, features: [1], cancel })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('rejects bad requests with coded errors', async () => {
    await expect(partialDependence({ model, X: Xr, n: 200, features: [3] as unknown as [number] })).rejects.toMatchObject({ code: 'explain_invalid' });
    await expect(partialDependence({ model, X: Xr, n: 200, features: [0, 1], ice: {} })).rejects.toMatchObject({ code: 'explain_invalid' });
    await expect(partialDependence({ model, X: Xr, n: 199, features: [0] })).rejects.toMatchObject({ code: 'explain_invalid' });
  });

  it('uses every category code as a grid point for a categorical feature', async () => {
    const codes = Float64Array.from({ length: 60 }, (_, i) => [i % 3, i % 7, NaN][i % 3]!);
    const m: ExplainModel = { ...linearModel([1, 1], 0), features: [{ name: 'c', categories: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, { name: 'x' }] };
    const Xc = new Float64Array(120);
    codes.forEach((v, i) => (Xc[2 * i] = v));
    const r = await partialDependence({ model: m, X: Xc, n: 60, features: [0], resolution: 2 });
    expect([...r.grid[0]!]).toEqual([...new Set([...codes].filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b));
  });
});
