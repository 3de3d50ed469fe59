/**
 * ROC, precision-recall, reliability and gain/lift curves against scikit-learn 1.2.1 / numpy
 * (eval-v3.json), and the display downsampling.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/random.ts';
import { calibrationCurves, histogramBin } from '../../../src/core/evaluate/curves/calibration-curve.ts';
import { lttbIndices } from '../../../src/core/evaluate/curves/downsample.ts';
import { gainLiftCurves } from '../../../src/core/evaluate/curves/gain-lift.ts';
import { precisionRecallCurves } from '../../../src/core/evaluate/curves/precision-recall.ts';
import { rocCurves } from '../../../src/core/evaluate/curves/roc.ts';
import { evaluateMetric } from '../../../src/core/evaluate/report.ts';
import { unitLinspace } from '../../../src/core/evaluate/uncertainty/percentile.ts';
import { dataOf, expectArrayClose, fx, weightsOf } from './eval-v3-fixture.ts';
import { fromRows } from './helpers.ts';
import { expectJsonSafe } from './json-safe.ts';

const TOL = 1e-9;

describe('curves vs scikit-learn', () => {
  it('has cases for binary (weighted and not) and every class of a multiclass set', () => {
    expect(fx.curves.length).toBe(10);
  });

  for (const c of fx.curves) {
    const what = `${c.dataset} class ${c.classIndex} [sw=${c.sampleWeight}]`;
    const data = dataOf(c.dataset);
    const sw = weightsOf(c.dataset, c.sampleWeight);
    const opts = { ...(sw ? { sampleWeight: sw } : {}), ...(data.k > 2 ? { posLabel: c.classIndex } : {}) };

    it(`ROC (drop_intermediate on and off) and AUC: ${what}`, () => {
      for (const [drop, ref] of [
        [true, c.roc_drop],
        [false, c.roc_full],
      ] as const) {
        const [cv] = rocCurves(data, { ...opts, dropIntermediate: drop }).curves;
        expect(cv?.available).toBe(true);
        expectArrayClose(cv?.fpr ?? [], ref.fpr, TOL, `${what} fpr`);
        expectArrayClose(cv?.tpr ?? [], ref.tpr, TOL, `${what} tpr`);
        expectArrayClose(cv?.thresholds ?? [], ref.thresholds, TOL, `${what} thresholds`);
        expect(Math.abs((cv?.auc as number) - c.auc)).toBeLessThanOrEqual(TOL);
      }
    });

    it(`precision-recall curve and average precision: ${what}`, () => {
      const [cv] = precisionRecallCurves(data, opts).curves;
      expectArrayClose(cv?.precision ?? [], c.pr.precision, TOL, `${what} precision`);
      expectArrayClose(cv?.recall ?? [], c.pr.recall, TOL, `${what} recall`);
      expectArrayClose(cv?.thresholds ?? [], c.pr.thresholds, TOL, `${what} thresholds`);
      expect(Math.abs((cv?.averagePrecision as number) - c.ap)).toBeLessThanOrEqual(TOL);
    });

    if (c.calibration && c.histogram) {
      const cal = c.calibration;
      const hist = c.histogram;
      it(`calibration_curve (uniform, quantile; 5 and 10 bins) and the score histogram: ${what}`, () => {
        for (const [key, ref] of Object.entries(cal)) {
          const [strategy, bins] = key.split('_') as ['uniform' | 'quantile', string];
          const [cv] = calibrationCurves(data, { strategy, nBins: Number(bins), ...(data.k > 2 ? { posLabel: c.classIndex } : {}) }).curves;
          expectArrayClose(cv?.probTrue ?? [], ref.probTrue, TOL, `${what} ${key} prob_true`);
          expectArrayClose(cv?.probPred ?? [], ref.probPred, TOL, `${what} ${key} prob_pred`);
          const h = hist[bins];
          if (h) {
            expect(cv?.histogram.counts).toEqual(h.counts);
            expect(cv?.histogram.positives).toEqual(h.positives);
            expectArrayClose(cv?.histogram.edges ?? [], h.edges, 0, `${what} edges`);
          }
          expect(cv?.counts.reduce((s, v) => s + v, 0)).toBe(data.yTrue.length);
        }
      });
    }

    it(`gain and lift (numpy reference): ${what}`, () => {
      const [cv] = gainLiftCurves(data, opts).curves;
      const g = c.gainLift;
      expectArrayClose(cv?.full.fraction ?? [], g.fraction, 1e-12, `${what} fraction`);
      expectArrayClose(cv?.full.gain ?? [], g.gain, 1e-12, `${what} gain`);
      expectArrayClose(cv?.full.thresholds ?? [], g.thresholds, 0, `${what} thresholds`);
      const groups = cv?.groups ?? [];
      expectArrayClose(groups.map((r) => r.fraction), g.deciles.fraction, 0, `${what} decile fraction`);
      expectArrayClose(groups.map((r) => r.gain), g.deciles.gain, 1e-12, `${what} decile gain`);
      expectArrayClose(groups.map((r) => r.lift), g.deciles.lift, 1e-12, `${what} decile lift`);
      expectArrayClose(groups.map((r) => r.responseRate), g.deciles.responseRate, 1e-12, `${what} response rate`);
    });
  }
});

describe('curve properties', () => {
  it('multiclass ROC has one curve per class; the macro AUC is the report’s roc_auc', () => {
    const data = dataOf('multi_random');
    const r = rocCurves(data);
    expect(r.curves.map((c) => c.classIndex)).toEqual([0, 1, 2]);
    expect(Math.abs((r.macroAuc as number) - (evaluateMetric('roc_auc', data, { params: { average: 'macro' } }).value as number))).toBeLessThanOrEqual(1e-12);
    expectJsonSafe(r);
    expectJsonSafe(precisionRecallCurves(data));
    expectJsonSafe(calibrationCurves(data, { strategy: 'quantile' }));
    expectJsonSafe(gainLiftCurves(data));
  });

  it('a class without rows has no curve, with a reason, and stays JSON-safe', () => {
    const data = fromRows([0, 0, 1, 1], [[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.8, 0.1]]);
    const roc = rocCurves(data).curves[2];
    expect(roc?.available).toBe(false);
    expect(roc?.reason).toMatch(/no row of class 2/);
    expect(rocCurves(data).macroAuc).toBeNull();
    expect(precisionRecallCurves(data).curves[2]?.available).toBe(false);
    expect(gainLiftCurves(data).curves[2]?.available).toBe(false);
    expectJsonSafe(rocCurves(data));
  });

  it('reliability curve refuses scores outside [0, 1] and histogram bins follow numpy', () => {
    const data = fromRows([0, 1], [[1.2, -0.2], [0.3, 0.7]]);
    expect(calibrationCurves(data).curves[0]?.available).toBe(false);
    // numpy's edges are 0.30000000000000004 and 0.7000000000000001, so 0.3 and 0.7 fall below them:
    // np.histogram([0, 0.1, 0.3, 0.7, 0.99999, 1], 10, (0, 1)) counts bins 0, 1, 2, 6, 9, 9.
    const edges = unitLinspace(10);
    expect([0, 0.1, 0.3, 0.7, 0.99999, 1].map((v) => histogramBin(v, edges))).toEqual([0, 1, 2, 6, 9, 9]);
  });

  it('gain reaches 1 at the whole population and random scores have lift ~1', () => {
    const rng = createRng(3);
    const n = 5000;
    const yTrue = Int32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const proba = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const s = rng.next();
      proba[2 * i] = 1 - s;
      proba[2 * i + 1] = s;
    }
    const [cv] = gainLiftCurves({ yTrue, proba, k: 2 }).curves;
    const last = cv?.groups[9];
    expect(last?.gain).toBe(1);
    expect(last?.lift).toBe(1);
    for (const g of cv?.groups ?? []) expect(Math.abs(g.lift - 1)).toBeLessThan(0.15);
    expect(cv?.display.fraction.length).toBeLessThanOrEqual(500);
  });
});

describe('display downsampling', () => {
  it('keeps at most 500 points, the ends, increasing indices, and the shape (area within 2e-3)', () => {
    const rng = createRng(7);
    const n = 20000;
    const yTrue = Int32Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    const proba = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const s = Math.min(1, Math.max(0, 0.3 * (yTrue[i] as number) + 0.7 * rng.next()));
      proba[2 * i] = 1 - s;
      proba[2 * i + 1] = s;
    }
    const [cv] = rocCurves({ yTrue, proba, k: 2 }, { dropIntermediate: false }).curves;
    const full = cv?.fpr.length ?? 0;
    expect(full).toBeGreaterThan(5000);
    const d = cv?.display;
    expect(d?.fpr.length).toBe(500);
    expect(d?.fpr[0]).toBe(0);
    expect(d?.fpr[499]).toBe(1);
    expect(d?.thresholds[0]).toBeNull();
    let area = 0;
    for (let i = 1; i < 500; i++) area += ((d?.fpr[i] as number) - (d?.fpr[i - 1] as number)) * (((d?.tpr[i] as number) + (d?.tpr[i - 1] as number)) / 2);
    expect(Math.abs(area - (cv?.auc as number))).toBeLessThan(2e-3);
    const idx = lttbIndices(cv?.fpr ?? [], cv?.tpr ?? [], 500);
    for (let i = 1; i < idx.length; i++) expect(idx[i] as number).toBeGreaterThan(idx[i - 1] as number);
  });

  it('returns every index of a short curve and refuses a tiny budget', () => {
    expect(lttbIndices([0, 1, 2], [0, 1, 0], 500)).toEqual([0, 1, 2]);
    expect(() => lttbIndices([0, 1, 2, 3], [0, 1, 0, 1], 2)).toThrow(RangeError);
  });
});
