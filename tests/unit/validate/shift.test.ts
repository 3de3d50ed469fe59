import { readFileSync } from 'node:fs';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { categoryCounts } from '../../../src/core/validate/shift/categories.ts';
import { chiSquaredHomogeneity } from '../../../src/core/validate/shift/chi-squared.ts';
import { categoricalShift, columnShift, numericShift } from '../../../src/core/validate/shift/column-shift.ts';
import { effect } from '../../../src/core/validate/shift/effect.ts';
import { jensenShannon } from '../../../src/core/validate/shift/jensen-shannon.ts';
import { ksTwoSample } from '../../../src/core/validate/shift/ks.ts';
import { binShares, populationStabilityIndex, quantileEdges } from '../../../src/core/validate/shift/psi.ts';
import { quantileSorted } from '../../../src/core/validate/shift/sample.ts';
import { wasserstein } from '../../../src/core/validate/shift/wasserstein.ts';
import { createRng } from '../../../src/core/random.ts';

interface Fixture {
  numeric: { name: string; reference: number[]; current: number[]; ks: { statistic: number; pValue: number }; wasserstein: number; psi: number }[];
  categorical: { name: string; reference: number[]; current: number[]; chiSquared: { statistic: number; pValue: number; dof: number }; jensenShannon: number }[];
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/validate/shift.json', import.meta.url), 'utf8')) as Fixture;

const close = (actual: number, expected: number, tol: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));

describe('numeric shift statistics against scipy', () => {
  for (const c of fx.numeric) {
    it(`${c.name}: KS statistic and asymptotic p-value (ks_2samp method='asymp')`, () => {
      const r = ksTwoSample(c.reference, c.current);
      close(r.statistic, c.ks.statistic, 1e-12);
      expect(Math.abs(r.pValue - c.ks.pValue)).toBeLessThan(1e-9);
      if (c.ks.pValue < 1e-6) close(r.pValue / c.ks.pValue, 1, 1e-8);
      expect([r.nReference, r.nCurrent]).toEqual([c.reference.length, c.current.length]);
    });
    it(`${c.name}: Wasserstein-1 (wasserstein_distance) and PSI (numpy edges)`, () => {
      close(wasserstein(c.reference, c.current).distance, c.wasserstein, 1e-12);
      close(populationStabilityIndex(c.reference, c.current).psi, c.psi, 1e-12);
    });
  }

  it('drops missing values (NaN) before testing', () => {
    const c = fx.numeric[1]!;
    const withGaps = [...c.reference, NaN, NaN];
    const r = ksTwoSample(withGaps, [NaN, ...c.current]);
    expect(r.statistic).toBe(ksTwoSample(c.reference, c.current).statistic);
    expect(r.nReference).toBe(c.reference.length);
  });

  it('KS and Wasserstein are symmetric; identical samples give 0 and p = 1', () => {
    const c = fx.numeric[0]!;
    expect(ksTwoSample(c.current, c.reference).statistic).toBe(ksTwoSample(c.reference, c.current).statistic);
    close(wasserstein(c.current, c.reference).distance, wasserstein(c.reference, c.current).distance, 1e-12);
    const same = ksTwoSample(c.reference, c.reference);
    expect([same.statistic, same.pValue]).toEqual([0, 1]);
    expect(wasserstein(c.reference, c.reference).distance).toBe(0);
    expect(populationStabilityIndex(c.reference, c.reference).psi).toBe(0);
  });

  it('Wasserstein of a pure location shift equals the shift, and reads it in reference SDs', () => {
    const rng = createRng(3);
    const a = Array.from({ length: 500 }, () => rng.normal());
    const w = wasserstein(a, a.map((v) => v + 0.6));
    close(w.distance, 0.6, 1e-12);
    expect(w.standardized).toBeGreaterThan(0.5);
    expect(w.effect.reading).toBe('moderate');
  });

  it('an empty side yields NaN statistics rather than a wrong number', () => {
    expect(Number.isNaN(ksTwoSample([], [1, 2]).pValue)).toBe(true);
    expect(Number.isNaN(wasserstein([NaN], [1]).distance)).toBe(true);
    expect(Number.isNaN(populationStabilityIndex([1, 2], []).psi)).toBe(true);
  });
});

describe('PSI bins', () => {
  it('quantiles follow numpy linear interpolation', () => {
    const s = Float64Array.from([1, 2, 3, 4, 10]);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.9)).toBeCloseTo(7.6, 12);
    expect(quantileSorted(s, 1)).toBe(10);
    expect(quantileSorted(s, 0)).toBe(1);
  });

  it('tied reference quantiles merge into fewer bins; values on an edge fall in the lower bin', () => {
    const ref = Float64Array.from([0, 0, 0, 0, 0, 0, 1, 1, 2, 3]);
    const edges = quantileEdges(ref);
    expect(edges[0]).toBe(0);
    expect(new Set(edges).size).toBe(edges.length);
    expect(binShares(Float64Array.from([0, 0, 5]), edges)[0]).toBeCloseTo(2 / 3, 12);
  });

  it('an empty bin contributes through the documented epsilon, not infinity', () => {
    const rng = createRng(5);
    const ref = Array.from({ length: 1000 }, () => rng.normal());
    const r = populationStabilityIndex(ref, ref.map((v) => Math.abs(v) + 5));
    expect(Number.isFinite(r.psi)).toBe(true);
    expect(r.psi).toBeGreaterThan(5);
    expect(r.effect.reading).toBe('large');
    expect(r.bins.at(-1)!.upper).toBeUndefined();
  });
});

describe('categorical shift statistics against scipy', () => {
  for (const c of fx.categorical) {
    it(`${c.name}: chi-squared homogeneity (chi2_contingency, no correction) and JS distance`, () => {
      const chi = chiSquaredHomogeneity(c.reference, c.current);
      close(chi.statistic, c.chiSquared.statistic, 1e-12);
      expect(chi.dof).toBe(c.chiSquared.dof);
      expect(Math.abs(chi.pValue - c.chiSquared.pValue)).toBeLessThan(1e-9);
      if (c.chiSquared.pValue < 1e-6) close(chi.pValue / c.chiSquared.pValue, 1, 1e-9);
      close(jensenShannon(c.reference, c.current).distance, c.jensenShannon, 1e-12);
    });
  }

  it('one category only: nothing to test', () => {
    expect(chiSquaredHomogeneity([10], [4])).toMatchObject({ statistic: 0, dof: 0, pValue: 1 });
    expect(jensenShannon([10, 0], [4, 0]).distance).toBe(0);
  });

  it('counts categories in a stable order with unseen ones last', () => {
    const c = categoryCounts(['b', 'a', 'a', null, 'c'], ['a', 'z', 'b', 'z', null]);
    expect(c).toEqual({ categories: ['a', 'b', 'c', 'z'], reference: [2, 1, 1, 0], current: [1, 1, 0, 2] });
  });
});

describe('column shift summaries', () => {
  it('numeric: sizes, missing shares and the strongest effect', () => {
    const rng = createRng(8);
    const ref = Float64Array.from({ length: 400 }, () => rng.normal());
    const cur = Float64Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? NaN : rng.normal() + 1));
    const s = numericShift('x', ref, cur);
    if (s.kind !== 'numeric') throw new Error(s.kind);
    expect([s.nReference, s.nCurrent]).toEqual([400, 270]);
    expect(s.missingCurrent).toBeCloseTo(0.1, 12);
    expect(s.ks.pValue).toBeLessThan(1e-10);
    expect(s.effect.reading).toBe('large');
  });

  it('categorical: new categories are listed and a same-distribution sample reads negligible', () => {
    const ref = Array.from({ length: 300 }, (_, i) => ['a', 'b', 'c'][i % 3]!);
    const same = categoricalShift('c', ref, ref.slice(0, 150));
    if (same.kind !== 'categorical') throw new Error(same.kind);
    expect(same.effect.reading).toBe('negligible');
    expect(same.chiSquared.pValue).toBeGreaterThan(0.99);
    const moved = categoricalShift('c', ref, [...ref.slice(0, 90), ...Array<string>(60).fill('d')]);
    if (moved.kind !== 'categorical') throw new Error(moved.kind);
    expect(moved.unseen).toEqual(['d']);
    expect(moved.effect.reading).toBe('large');
  });

  it('dispatches on column kind and skips free text', () => {
    const a = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]), t: ['p', 'q', 'r', 's'] });
    const b = tableFromArrays({ x: Float64Array.from([2, 3, 4, 5]), t: ['w', 'x', 'y', 'z'] });
    expect(columnShift('x', 'numeric', a, b).kind).toBe('numeric');
    expect(columnShift('t', 'categorical', a, b).kind).toBe('categorical');
    expect(columnShift('t', 'text', a, b)).toMatchObject({ kind: 'skipped' });
  });

  it('effect readings use the documented cut-offs', () => {
    expect(effect('psi', 0.09).reading).toBe('small');
    expect(effect('psi', 0.25).reading).toBe('large');
    expect(effect('cohen_w', 0.3).reading).toBe('moderate');
    expect(effect('ks_statistic', NaN).reading).toBe('negligible');
    expect(effect('wasserstein_sd', Infinity).reading).toBe('large');
  });
});
