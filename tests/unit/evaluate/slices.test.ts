/**
 * Slice metrics (grouping, filters, intervals, worst flags) and fairness metrics; fairness and
 * numeric bins against numpy references written from fairlearn's / pandas.qcut's definitions
 * (eval-v3.json).
 */
import { describe, expect, it } from 'vitest';
import { isBenchtopError } from '../../../src/core/errors.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { evaluateMetric } from '../../../src/core/evaluate/report.ts';
import type { ClassificationData } from '../../../src/core/evaluate/types.ts';
import { fairnessReport } from '../../../src/core/evaluate/slices/fairness.ts';
import { sliceMetrics, sliceMetricsSync, type Slice } from '../../../src/core/evaluate/slices/slice-metrics.ts';
import { valueGroups } from '../../../src/core/evaluate/slices/slice-values.ts';
import { dataOf, expectArrayClose, fx, weightsOf } from './eval-v3-fixture.ts';
import { expectJsonSafe } from './json-safe.ts';

/** 1,200 rows; the model is right 90% of the time, except in region "east" (60%) and for age >= 70. */
function scenario(seed = 1): { data: ClassificationData; region: (string | null)[]; age: (number | null)[]; plan: string[] } {
  const rng = createRng(seed);
  const n = 1200;
  const regions = ['north', 'south', 'east', 'west'];
  const yTrue = new Int32Array(n);
  const proba = new Float64Array(2 * n);
  const region: (string | null)[] = [];
  const age: (number | null)[] = [];
  const plan: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.next() < 0.05 ? null : (regions[rng.int(4)] as string);
    const a = rng.next() < 0.03 ? null : 18 + rng.int(70);
    const pRight = r === 'east' ? 0.6 : a !== null && a >= 70 ? 0.7 : 0.9;
    const y = rng.next() < 0.5 ? 1 : 0;
    const right = rng.next() < pRight;
    const p1 = (right ? y === 1 : y === 0) ? 0.55 + 0.45 * rng.next() : 0.45 * rng.next();
    yTrue[i] = y;
    proba[2 * i] = 1 - p1;
    proba[2 * i + 1] = p1;
    region.push(r);
    age.push(a);
    plan.push(rng.next() < 0.5 ? 'basic' : 'pro');
  }
  return { data: { yTrue, proba, k: 2 }, region, age, plan };
}

const byId = (slices: Slice[], id: string): Slice => {
  const s = slices.find((x) => x.id === id);
  if (!s) throw new Error(`no slice ${id}; have ${slices.map((x) => x.id).join(' | ')}`);
  return s;
};

describe('sliceMetrics', () => {
  it('finds the weak region and the weak age band, with missing values as their own slice', () => {
    const { data, region, age } = scenario();
    const r = sliceMetricsSync(data, [{ name: 'region', values: region }, { name: 'age', values: age }], { metrics: ['accuracy', 'roc_auc'], seed: 7 });
    const east = byId(r.slices, 'region=east');
    expect(east.metrics[0]?.worst).toBe(true);
    expect(east.metrics[0]?.worstReason).toBe('ci_below_overall');
    expect(byId(r.slices, 'region=north').metrics[0]?.worst).toBe(false);
    const missing = byId(r.slices, 'region is missing');
    expect(missing.kind).toBe('missing');
    expect(missing.support).toBe(region.filter((v) => v === null).length);
    // Four quantile bins of age plus the missing slice; the bins partition the present rows.
    const ageSlices = r.slices.filter((s) => s.column === 'age');
    expect(ageSlices.map((s) => s.kind)).toEqual(['bin', 'bin', 'bin', 'bin', 'missing']);
    expect(ageSlices.reduce((s, x) => s + x.support, 0)).toBe(1200);
    expect(ageSlices[0]?.label).toMatch(/^age in \[18, /);
    expect(ageSlices[3]?.metrics[0]?.value as number).toBeLessThan(r.overall[0]?.value as number);
    // Every supported slice's estimate is the report's value on its rows.
    const north = region.flatMap((v, i) => (v === 'north' ? [i] : []));
    const sub = {
      yTrue: Int32Array.from(north, (i) => data.yTrue[i] as number),
      proba: Float64Array.from(north.flatMap((i) => [data.proba[2 * i] as number, data.proba[2 * i + 1] as number])),
      k: 2,
    };
    expect(byId(r.slices, 'region=north').metrics[1]?.value).toBe(evaluateMetric('roc_auc', sub).value);
    expectJsonSafe(r);
  });

  it('small slices get a value but no interval and are never flagged', () => {
    const { data, plan } = scenario(2);
    const tiny = plan.map((p, i) => (i < 10 ? 'rare' : p));
    const r = sliceMetricsSync(data, [{ name: 'plan', values: tiny }], { metrics: 'accuracy', minSupport: 30, resamples: 50 });
    const rare = byId(r.slices, 'plan=rare');
    expect(rare.support).toBe(10);
    expect(rare.enoughSupport).toBe(false);
    expect(rare.metrics[0]?.value).not.toBeNull();
    expect([rare.metrics[0]?.low, rare.metrics[0]?.high, rare.metrics[0]?.worst]).toEqual([null, null, false]);
  });

  it('user-defined filters: ordering, in, missing, conjunctions, names', () => {
    const { data, region, age, plan } = scenario(3);
    const r = sliceMetricsSync(data, [], {
      metrics: 'accuracy',
      resamples: 50,
      filterColumns: [
        { name: 'region', values: region },
        { name: 'age', values: age },
        { name: 'plan', values: plan },
      ],
      filters: [
        { column: 'age', op: '>=', value: 70 },
        { column: 'region', op: 'in', value: ['east', 'west'] },
        { column: 'region', op: '==', value: null },
        { name: 'older pro users', where: [{ column: 'age', op: '>', value: 60 }, { column: 'plan', op: '==', value: 'pro' }] },
      ],
    });
    const count = (f: (i: number) => boolean): number => region.filter((_, i) => f(i)).length;
    expect(r.slices.map((s) => s.support)).toEqual([
      count((i) => age[i] !== null && (age[i] as number) >= 70),
      count((i) => region[i] === 'east' || region[i] === 'west'),
      count((i) => region[i] === null),
      count((i) => age[i] !== null && (age[i] as number) > 60 && plan[i] === 'pro'),
    ]);
    expect(r.slices.map((s) => s.label)).toEqual(['age >= 70', 'region in [east, west]', 'region is missing', 'older pro users']);
    expect(r.slices.every((s) => s.kind === 'filter' && s.column === null)).toBe(true);
  });

  it('bad filters fail with a coded error naming the filter', () => {
    const { data, region } = scenario(4);
    const run = (filters: Parameters<typeof sliceMetricsSync>[2]['filters']): unknown => {
      try {
        sliceMetricsSync(data, [{ name: 'region', values: region }], { metrics: 'accuracy', resamples: 10, filters });
        return null;
      } catch (e) {
        return e;
      }
    };
    const e1 = run([{ column: 'region', op: '<', value: 3 }]);
    expect(isBenchtopError(e1) && e1.code).toBe('slice_filter_invalid');
    const e2 = run([{ column: 'nope', op: '==', value: 'x' }]);
    expect(isBenchtopError(e2) && e2.code).toBe('column_not_found');
    const e3 = run([{ column: 'region', op: 'in', value: 'east' }]);
    expect(isBenchtopError(e3) && e3.message).toMatch(/Slice filter 1 on column "region" is invalid: "in" needs a list/);
  });

  it('is deterministic, per-slice seeded, and cancellable', async () => {
    const { data, region, plan } = scenario(5);
    const cols = [{ name: 'region', values: region }];
    const a = sliceMetricsSync(data, cols, { metrics: 'accuracy', seed: 11, resamples: 60 });
    expect(sliceMetricsSync(data, cols, { metrics: 'accuracy', seed: 11, resamples: 60 })).toEqual(a);
    // Adding another column's slices leaves these slices' intervals unchanged.
    const b = sliceMetricsSync(data, [...cols, { name: 'plan', values: plan }], { metrics: 'accuracy', seed: 11, resamples: 60 });
    expect(byId(b.slices, 'region=east').metrics[0]?.low).toBe(byId(a.slices, 'region=east').metrics[0]?.low);
    const cancel = new CancelSource();
    const run = sliceMetrics(data, cols, { metrics: 'accuracy', cancel, onProgress: () => cancel.cancel() });
    await expect(run).rejects.toSatisfy((e: unknown) => isBenchtopError(e) && e.code === 'cancelled');
  });

  it('lists the top categories and folds the rest into "other"', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i < 60 ? 'a' : i < 90 ? 'b' : `rare${i}`));
    const groups = valueGroups({ name: 'c', values }, { bins: 4, maxCategories: 2 });
    expect(groups.map((g) => [g.id, g.rows.length])).toEqual([
      ['c=a', 60],
      ['c=b', 30],
      ['c=(other)', 10],
    ]);
  });
});

describe('numeric slice bins (pandas.qcut semantics, numpy reference)', () => {
  for (const [i, c] of fx.sliceBins.entries()) {
    it(`case ${i + 1}`, () => {
      const groups = valueGroups({ name: 'x', values: c.values }, { bins: c.bins, maxCategories: 50 });
      const bins = groups.filter((g) => g.kind !== 'missing');
      if (c.edges.length >= 2) {
        expectArrayClose(bins.map((g) => g.low as number), c.edges.slice(0, -1), 0, 'low edges');
        expectArrayClose(bins.map((g) => g.high as number), c.edges.slice(1), 0, 'high edges');
      }
      const index = new Array<number | null>(c.values.length).fill(null);
      bins.forEach((g, b) => g.rows.forEach((r) => (index[r] = c.edges.length >= 2 ? b : 0)));
      expect(index).toEqual(c.binIndex);
    });
  }
});

describe('fairnessReport vs fairlearn definitions', () => {
  for (const c of fx.fairness) {
    const what = `${c.dataset} threshold=${c.threshold} [sw=${c.sampleWeight}]`;
    it(what, () => {
      const data = dataOf(c.dataset);
      const sw = weightsOf(c.dataset, c.sampleWeight);
      const groups = fx.datasets[c.dataset]?.groups ?? [];
      const r = fairnessReport(data, groups, { ...(sw ? { sampleWeight: sw } : {}), ...(c.threshold !== null ? { threshold: c.threshold } : {}) });
      expect(r.groups.map((g) => g.value)).toEqual(c.groups.map((g) => g.value));
      expectArrayClose(r.groups.map((g) => g.selectionRate), c.groups.map((g) => g.selectionRate), 1e-12, 'selection rate');
      expectArrayClose(r.groups.map((g) => g.truePositiveRate), c.groups.map((g) => g.truePositiveRate), 1e-12, 'TPR');
      expectArrayClose(r.groups.map((g) => g.falsePositiveRate), c.groups.map((g) => g.falsePositiveRate), 1e-12, 'FPR');
      for (const key of [
        'demographicParityDifference',
        'demographicParityRatio',
        'equalOpportunityDifference',
        'equalOpportunityRatio',
        'equalizedOddsDifference',
        'equalizedOddsRatio',
      ] as const) {
        expectArrayClose([r[key]], [c[key]], 1e-12, key);
      }
      expectJsonSafe(r);
    });
  }

  it('a group without positives counts TPR 0 (fairlearn) and says so', () => {
    const data = { yTrue: Int32Array.from([1, 0, 1, 0, 0, 0]), proba: Float64Array.from([0.2, 0.8, 0.6, 0.4, 0.3, 0.7, 0.9, 0.1, 0.4, 0.6, 0.8, 0.2]), k: 2 };
    const r = fairnessReport(data, ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(r.groups.map((g) => g.truePositiveRate)).toEqual([1, 0]);
    expect(r.equalOpportunityDifference).toBe(1);
    expect(r.notes.join(' ')).toMatch(/Group "b" has no positive row/);
    expect(() => fairnessReport(data, ['a'])).toThrow(/6 scored rows/);
  });
});
