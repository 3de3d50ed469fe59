import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { categoricalDrift, numericDrift } from '../../../src/core/monitor/column-drift.ts';
import { referenceCdf, summaryKs } from '../../../src/core/monitor/summary-stats.ts';
import { defaultDriftThresholds } from '../../../src/core/monitor/thresholds.ts';
import { categoricalReference, numericReference } from '../../../src/core/validate/contract/reference.ts';
import { sortedFinite } from '../../../src/core/validate/shift/sample.ts';

interface NumericCase {
  name: string;
  reference: number[];
  current: number[];
  percentiles: number[];
  psi: number;
  ks_statistic: number;
  ks_pvalue: number;
  wasserstein: number;
  reference_std: number;
  raw_ks_statistic: number;
  raw_wasserstein: number;
}
interface CategoricalCase {
  name: string;
  reference: string[];
  current: string[];
  chi2: number;
  chi2_pvalue: number;
  dof: number;
  cohen_w: number;
  js_distance: number;
  psi: number;
  unseen: string[];
}

// Source: scripts/fixtures/monitor_drift.py (scipy / numpy; the file's "source" names the versions).
const fx = JSON.parse(readFileSync(new URL('../../fixtures/monitor/drift.json', import.meta.url), 'utf8')) as {
  source: string;
  numeric: NumericCase[];
  categorical: CategoricalCase[];
};

const close = (actual: number, expected: number, rel = 1e-9, abs = 1e-12) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(abs + rel * Math.abs(expected));

describe('drift against a reference summary matches scipy / numpy', () => {
  it('names its source', () => expect(fx.source).toMatch(/scipy \d/));

  for (const c of fx.numeric)
    it(`numeric: ${c.name}`, () => {
      const ref = numericReference(Float64Array.from(c.reference))!;
      c.percentiles.forEach((p, i) => close(ref.percentiles[i]!, p, 1e-12));
      const cur = Float64Array.from(c.current);
      const ks = summaryKs(referenceCdf(ref), ref.count, sortedFinite(cur));
      close(ks.statistic, c.ks_statistic, 1e-9);
      close(ks.pValue, c.ks_pvalue, 1e-6, 1e-12);
      close(ks.wasserstein, c.wasserstein, 1e-7);
      // The summary stands in for the raw reference: within about one percentile step of it.
      expect(Math.abs(ks.statistic - c.raw_ks_statistic)).toBeLessThan(0.012);
      const row = numericDrift(c.name, ref, cur, defaultDriftThresholds(), c.reference.length);
      close(row.psi!.value, c.psi, 1e-9);
      close(row.ks!.statistic, c.ks_statistic, 1e-9);
      close(row.wasserstein!.standardized!, c.wasserstein / c.reference_std, 1e-7);
      expect(row.nReference).toBe(c.reference.length);
      expect(row.nCurrent).toBe(c.current.length);
    });

  for (const c of fx.categorical)
    it(`categorical: ${c.name}`, () => {
      const ref = categoricalReference(c.reference)!;
      const row = categoricalDrift(c.name, ref, c.current, defaultDriftThresholds());
      close(row.chiSquared!.statistic, c.chi2, 1e-9);
      close(row.chiSquared!.pValue, c.chi2_pvalue, 1e-6, 1e-15);
      expect(row.chiSquared!.dof).toBe(c.dof);
      close(row.chiSquared!.effect.value, c.cohen_w, 1e-9);
      close(row.jensenShannon!.value, c.js_distance, 1e-9);
      close(row.psi!.value, c.psi, 1e-9);
      expect(row.unseen).toEqual(c.unseen);
    });
});
