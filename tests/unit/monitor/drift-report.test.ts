import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { categoricalDrift, numericDrift } from '../../../src/core/monitor/column-drift.ts';
import { driftReport } from '../../../src/core/monitor/drift-report.ts';
import { predictionColumns, predictionReference } from '../../../src/core/monitor/prediction-reference.ts';
import { referenceCdf, summaryKs } from '../../../src/core/monitor/summary-stats.ts';
import { defaultDriftThresholds, resolveThresholds } from '../../../src/core/monitor/thresholds.ts';
import { createRng } from '../../../src/core/random.ts';
import { categoricalReference, numericReference } from '../../../src/core/validate/contract/reference.ts';
import type { DataContract } from '../../../src/core/validate/contract/types.ts';
import { ksTwoSample } from '../../../src/core/validate/shift/ks.ts';

const rng = createRng(42);
const normals = (n: number, mean = 0, sd = 1) => Float64Array.from({ length: n }, () => mean + sd * rng.normal());
const t = defaultDriftThresholds();

describe('thresholds', () => {
  it('defaults, partial overrides and refusals that name the field', () => {
    expect(t).toEqual({ psi: { warn: 0.1, drift: 0.25 }, alpha: 0.01, ks: { warn: 0.1, drift: 0.2 }, cohenW: { warn: 0.1, drift: 0.3 }, missingRise: { warn: 0.05, drift: 0.2 }, minSamples: 50 });
    expect(resolveThresholds({ psi: { warn: 0.2 } as never, minSamples: 10 })).toMatchObject({ psi: { warn: 0.2, drift: 0.25 }, minSamples: 10, alpha: 0.01 });
    expect(() => resolveThresholds({ psi: { warn: 0.3, drift: 0.2 } })).toThrow(/thresholds\.psi is invalid: warn \(0\.3\) is above drift/);
    expect(() => resolveThresholds({ alpha: 1.5 })).toThrow(/thresholds\.alpha/);
    expect(() => resolveThresholds({ minSamples: 2.5 })).toThrow(/thresholds\.minSamples/);
    expect(() => resolveThresholds({ ks: { warn: -1, drift: 0.2 } })).toThrow(/thresholds\.ks\.warn/);
  });
});

describe('verdicts', () => {
  const ref = numericReference(normals(2000))!;

  it('the same distribution is ok; a location shift is drift, with reasons', () => {
    expect(numericDrift('x', ref, normals(1000), t).verdict).toBe('ok');
    const moved = numericDrift('x', ref, normals(1000, 0.8), t);
    expect(moved.verdict).toBe('drift');
    expect(moved.reasons.join(' ')).toMatch(/PSI .* ≥ 0\.25/);
    expect(moved.reasons.join(' ')).toMatch(/KS statistic .* ≥ 0\.2 with p < 0\.0001 < 0\.01 \(n = 1000 vs 2000\)/);
    expect(moved.mean!.current).toBeGreaterThan(0.6);
  });

  it('a huge batch does not flag a trivial shift: significance alone is not enough', () => {
    const big = numericReference(normals(200_000))!;
    const row = numericDrift('x', big, normals(200_000, 0.03), t);
    expect(row.ks!.significant).toBe(true);
    expect(row.ks!.statistic).toBeLessThan(t.ks.warn);
    expect(row.verdict).toBe('ok');
  });

  it('too few values is insufficient, unless the column went missing', () => {
    const few = numericDrift('x', ref, normals(20, 3), t);
    expect(few.verdict).toBe('insufficient');
    expect(few.reasons[0]).toMatch(/20 values on one side; at least 50/);
    const values = Float64Array.from({ length: 100 }, (_, i) => (i < 70 ? NaN : rng.normal()));
    const gone = numericDrift('x', ref, values, t, 2000);
    expect(gone.missingReference).toBe(0);
    expect(gone.missingCurrent).toBeCloseTo(0.7, 12);
    expect(gone.verdict).toBe('drift');
    expect(gone.reasons[0]).toMatch(/missing cells 70% vs 0% in the reference/);
  });

  it('categorical: a new label and moved shares drift; the same shares do not', () => {
    const labels = (n: number, p: number[], extra?: string) =>
      Array.from({ length: n }, () => {
        const u = rng.next();
        let acc = 0;
        for (let i = 0; i < p.length; i++) if (u < (acc += p[i]!)) return ['a', 'b', 'c'][i]!;
        return extra ?? 'c';
      });
    const r = categoricalReference(labels(1000, [0.5, 0.3, 0.2]))!;
    expect(categoricalDrift('c', r, labels(800, [0.5, 0.3, 0.2]), t).verdict).toBe('ok');
    const moved = categoricalDrift('c', r, labels(800, [0.2, 0.3, 0.3], 'z'), t);
    expect(moved.unseen).toEqual(['z']);
    expect(moved.verdict).toBe('drift');
    expect(moved.chiSquared!.significant).toBe(true);
    expect(moved.bins!.map((b) => b.label)).toEqual(['a', 'b', 'c', 'z']);
  });
});

describe('KS from the summary stands in for the raw reference', () => {
  it('stays within about one percentile step of the raw two-sample statistic', () => {
    for (const shift of [0, 0.1, 0.5]) {
      const raw = normals(5000);
      const cur = normals(3000, shift);
      const summary = summaryKs(referenceCdf(numericReference(raw)!), raw.length, Float64Array.from(cur).sort());
      expect(Math.abs(summary.statistic - ksTwoSample(raw, cur).statistic)).toBeLessThan(0.012);
    }
  });

  it('a constant reference: the CDF is one jump', () => {
    const cdf = referenceCdf(numericReference(new Float64Array(100).fill(7))!);
    expect(cdf).toEqual({ x: [7], left: [0], right: [1] });
    expect(summaryKs(cdf, 100, Float64Array.of(7, 7, 8, 9)).statistic).toBe(0.5);
  });
});

describe('driftReport', () => {
  const train = { x: normals(400), colour: Array.from({ length: 400 }, (_, i) => ['red', 'green'][i % 2]!), note: Array.from({ length: 400 }, (_, i) => `n${i}`), y: Float64Array.from({ length: 400 }, (_, i) => i % 2) };
  const contract: DataContract = {
    format: 'benchtop.contract',
    version: 1,
    createdFrom: { datasetName: 't', fingerprint: 'f' },
    rowCount: { min: 0, max: 1000 },
    columns: [
      { name: 'x', kind: 'numeric', type: 'float', required: true, nullable: false, maxMissingShare: 0, reference: numericReference(train.x)! },
      { name: 'colour', kind: 'categorical', type: 'categorical', required: true, nullable: false, maxMissingShare: 0, reference: categoricalReference(train.colour)! },
      { name: 'note', kind: 'text', type: 'text', required: true, nullable: false, maxMissingShare: 0 },
      { name: 'y', kind: 'numeric', type: 'integer', required: true, nullable: false, maxMissingShare: 0, reference: numericReference(train.y)! },
    ],
  };

  it('reports the model\'s inputs in contract order, skips free text, judges predictions, counts verdicts', () => {
    const current = tableFromArrays({ colour: Array.from({ length: 300 }, () => 'red'), x: normals(300), note: Array.from({ length: 300 }, (_, i) => `m${i}`) });
    // Held out: 100 rows, half called "yes" at 0.8, half "no" at 0.2; the batch: every row "yes" at 0.9.
    const heldOut = Float64Array.from({ length: 200 }, (_, i) => (Math.floor(i / 2) % 2 ? [0.2, 0.8] : [0.8, 0.2])[i % 2]!);
    const batch = Float64Array.from({ length: 600 }, (_, i) => (i % 2 ? 0.9 : 0.1));
    const reference = predictionReference(predictionColumns('binary', heldOut, ['no', 'yes']), 100)!;
    expect(reference.columns[0]!.reference).toEqual({ kind: 'categorical', count: 100, frequencies: [{ value: 'no', share: 0.5 }, { value: 'yes', share: 0.5 }] });
    const report = driftReport(
      { contract, columns: ['note', 'colour', 'x'], rows: 400, predictions: reference },
      { table: current, predictions: predictionColumns('binary', batch, ['no', 'yes']) },
      t,
    );
    expect(report.features.map((f) => [f.column, f.kind, f.verdict])).toEqual([
      ['x', 'numeric', 'ok'],
      ['colour', 'categorical', 'drift'],
      ['note', 'skipped', 'skipped'],
    ]);
    expect(report.counts).toEqual({ ok: 1, warn: 0, drift: 1, insufficient: 0, skipped: 1 });
    expect(report.verdict).toBe('drift');
    expect(report.predictions.map((p) => p.column)).toEqual(['prediction', 'p(no)', 'p(yes)']);
    expect(report.predictions.every((p) => p.verdict === 'drift')).toBe(true);
    expect(report.method.notes.some((n) => /piecewise linear through the 99 reference percentiles/.test(n))).toBe(true);
  });

  it('says why there is no prediction drift when the version keeps no reference; a missing column is skipped', () => {
    const current = tableFromArrays({ x: normals(100) });
    const report = driftReport({ contract, columns: ['x', 'colour'] }, { table: current, predictions: [] }, t);
    expect(report.predictions).toEqual([]);
    expect(report.predictionsNote).toMatch(/keeps no reference distribution of its predictions/);
    expect(report.features.find((f) => f.column === 'colour')).toMatchObject({ kind: 'skipped', reasons: ['not in the batch'] });
    expect(report.features[0]!.missingReference).toBeNull();
  });
});
