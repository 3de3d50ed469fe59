import { describe, expect, it } from 'vitest';
import { CancelSource } from '../../../src/core/jobs.ts';
import {
  computeMetrics,
  findMetric,
  getMetric,
  getReportMetric,
  metricNames,
  REPORT_METRICS,
  reportMetricNames,
} from '../../../src/core/evaluate/registry.ts';
import { computeReport, computeReportAsync, evaluateMetric, reportRecord } from '../../../src/core/evaluate/report.ts';
import type { ClassificationData, RegressionData, ReportEntry } from '../../../src/core/evaluate/types.ts';
import { fromRows, fromScores } from './helpers.ts';

const reg = (yTrue: number[], yPred: number[]): RegressionData => ({ yTrue: Float64Array.from(yTrue), yPred: Float64Array.from(yPred) });
const binary = fromScores([0, 1, 1, 0, 1, 0], [0.2, 0.9, 0.4, 0.6, 0.7, 0.1]);
const multi = fromRows([0, 1, 2, 2, 1, 0], [
  [0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3], [0.3, 0.4, 0.3], [0.5, 0.25, 0.25],
]);
const byKey = (entries: ReportEntry[], key: string) => entries.find((e) => e.key === key);
/** Keys of a precision-like metric on a binary task; `prefix` holds params listed before the average. */
const binaryAverages = (name: string, prefix = '') =>
  ['average=binary, pos_label=1', 'average=macro', 'average=micro', 'average=weighted'].map((a) => `${name}(${prefix}${a})`);

describe('default set (computeMetrics) is unchanged', () => {
  it('keeps its members and order', () => {
    expect(metricNames('classification')).toEqual([
      'accuracy', 'balanced_accuracy', 'roc_auc', 'log_loss', 'f1_macro', 'precision_macro', 'recall_macro',
    ]);
    expect(metricNames('regression')).toEqual(['rmse', 'mae', 'r2', 'mse']);
    expect(Object.keys(computeMetrics('multiclass', multi))).toEqual(metricNames('classification'));
  });

  it('shares the report metric objects where a default metric has report support', () => {
    for (const name of ['accuracy', 'balanced_accuracy', 'roc_auc', 'log_loss', 'rmse', 'mae', 'r2', 'mse']) {
      expect(getMetric(name)).toBe(getReportMetric(name));
    }
    expect(() => getReportMetric('f1_macro')).toThrow(/Report metrics: accuracy/);
  });
});

describe('registry lookups for the report metrics', () => {
  it('getMetric finds every report metric, and compute uses its default params, unweighted', () => {
    for (const m of REPORT_METRICS) {
      const def = getMetric(m.name);
      const data = m.task === 'regression' ? reg([3, -0.5, 2, 7], [2.5, 0, 2, 8]) : multi;
      const viaReport = evaluateMetric(m.name, data).value;
      const v = (def.compute as (d: typeof data) => number)(data);
      if (viaReport === null) expect(v, m.name).toBeNaN();
      else expect(Math.abs(v - viaReport), m.name).toBeLessThanOrEqual(1e-12);
    }
    expect(findMetric('matthews_corrcoef')?.higherIsBetter).toBe(true);
    expect(findMetric('pinball_loss')?.task).toBe('regression');
    expect(reportMetricNames('regression')).toEqual([
      'rmse', 'mae', 'r2', 'mse', 'explained_variance', 'mape', 'median_absolute_error', 'max_error', 'pinball_loss',
    ]);
  });
});

describe('computeReport lists every applicable metric and variant', () => {
  it('binary', () => {
    const keys = computeReport(binary, { task: 'binary' }).map((e) => e.key);
    expect(keys).toEqual([
      'accuracy', 'balanced_accuracy(adjusted=false)', 'balanced_accuracy(adjusted=true)', 'roc_auc', 'log_loss',
      ...binaryAverages('f1'), ...binaryAverages('precision'), ...binaryAverages('recall'),
      ...binaryAverages('fbeta', 'beta=0.5, '), ...binaryAverages('fbeta', 'beta=2, '),
      'average_precision(pos_label=1)', 'brier_score', 'expected_calibration_error(n_bins=10)', 'matthews_corrcoef',
      'cohen_kappa(weights=none)',
    ]);
  });

  it('multiclass: one-vs-rest averages, weighted kappas, top-k below the class count', () => {
    const keys = computeReport(multi, { task: 'multiclass' }).map((e) => e.key);
    expect(keys).toContain('roc_auc(average=macro)');
    expect(keys).toContain('roc_auc(average=weighted)');
    expect(keys).toContain('average_precision(average=macro)');
    expect(keys).toContain('cohen_kappa(weights=quadratic)');
    expect(keys.filter((k) => k.startsWith('top_k_accuracy'))).toEqual(['top_k_accuracy(k=2)']);
    expect(keys.some((k) => k.includes('average=binary'))).toBe(false);
    expect(keys).toHaveLength(1 + 2 + 2 + 1 + 3 * 3 + 6 + 1 + 1 + 1 + 1 + 3 + 1);
  });

  it('regression', () => {
    const keys = computeReport(reg([1, 2, 3], [1, 2, 4]), { task: 'regression' }).map((e) => e.key);
    expect(keys).toEqual([
      'rmse', 'mae', 'r2', 'mse', 'explained_variance', 'mape', 'median_absolute_error', 'max_error',
      'pinball_loss(alpha=0.1)', 'pinball_loss(alpha=0.5)', 'pinball_loss(alpha=0.9)',
    ]);
  });

  it('takes options: positive class by label, betas, quantiles, bins, top-k', () => {
    const r = computeReport(binary, { task: 'binary', classes: ['ham', 'spam'], options: { posLabel: 'ham', betas: [3], nBins: 4 } });
    const p0 = byKey(r, 'precision(average=binary, pos_label=0)');
    expect(p0?.value).toBe(evaluateMetric('precision', binary, { params: { average: 'binary', pos_label: 0 } }).value);
    expect(byKey(r, 'fbeta(beta=3, average=macro)')).toBeDefined();
    expect(byKey(r, 'expected_calibration_error(n_bins=4)')).toBeDefined();
    const q = computeReport(reg([1, 2], [2, 2]), { task: 'regression', options: { quantiles: [0.25] } });
    expect(q.filter((e) => e.name === 'pinball_loss').map((e) => e.key)).toEqual(['pinball_loss(alpha=0.25)']);
    const five = fromRows([0, 1, 2, 3, 4], Array.from({ length: 5 }, (_, i) => [0.1, 0.2, 0.3, 0.15, 0.25].map((v, j) => (j === i ? v + 1 : v) / 2)));
    expect(computeReport(five, { task: 'multiclass', options: { topK: [1, 4, 5] } }).filter((e) => e.name === 'top_k_accuracy').map((e) => e.key))
      .toEqual(['top_k_accuracy(k=1)', 'top_k_accuracy(k=4)']);
  });

  it('reportRecord keys the values, null where unavailable', () => {
    const rec = reportRecord(computeReport(fromScores([1, 1], [0.3, 0.8]), { task: 'binary' }));
    expect(rec.roc_auc).toBeNull();
    expect(rec.accuracy).toBe(0.5);
  });
});

describe('computeReport never throws on degenerate data', () => {
  const unavailable = (entries: ReportEntry[]) => entries.filter((e) => e.value === null);

  it('a single-class fold: roc_auc is unavailable with the reason, the rest is computed', () => {
    const r = computeReport(fromScores([1, 1, 1], [0.2, 0.6, 0.9]), { task: 'binary' });
    expect(byKey(r, 'roc_auc')).toMatchObject({ value: null, reason: expect.stringMatching(/single class/) });
    expect(byKey(r, 'accuracy')?.value).toBeCloseTo(2 / 3, 15);
    expect(byKey(r, 'matthews_corrcoef')?.value).toBe(0); // sklearn's documented 0.0
    expect(byKey(r, 'balanced_accuracy(adjusted=true)')).toMatchObject({ value: null, reason: expect.stringMatching(/two classes/) });
  });

  it('weights that sum to zero, or are negative, make every entry unavailable', () => {
    const zero = computeReport(binary, { task: 'binary', sampleWeight: new Float64Array(6) });
    expect(unavailable(zero)).toHaveLength(zero.length);
    expect(zero[0]?.reason).toMatch(/sum to zero/);
    const neg = computeReport(reg([1, 2], [1, 3]), { task: 'regression', sampleWeight: [1, -1] });
    expect(unavailable(neg)).toHaveLength(neg.length);
    expect(neg[0]?.reason).toMatch(/finite and >= 0/);
    const short = computeReport(reg([1, 2], [1, 3]), { task: 'regression', sampleWeight: [1] });
    expect(short[0]?.reason).toMatch(/1 sample weights for 2 rows/);
  });

  it('no rows', () => {
    const r = computeReport(reg([], []), { task: 'regression' });
    expect(r.every((e) => e.value === null && /no rows/.test(e.reason ?? ''))).toBe(true);
  });

  it('probabilities outside [0, 1] only affect the metrics that read them as probabilities', () => {
    const d = fromRows([0, 1], [[1.2, -0.2], [0.3, 0.7]]);
    const r = computeReport(d, { task: 'binary' });
    expect(byKey(r, 'accuracy')?.value).toBe(1);
    for (const k of ['log_loss', 'brier_score', 'expected_calibration_error(n_bins=10)']) {
      expect(byKey(r, k)?.value, k).toBeNull();
      expect(byKey(r, k)?.reason, k).toMatch(/\[0, 1\]/);
    }
  });

  it('multiclass roc_auc needs rows that sum to 1, as sklearn (the default set does not check)', () => {
    const d = fromRows([0, 1, 2], [[0.5, 0.2, 0.1], [0.1, 0.6, 0.1], [0.2, 0.2, 0.4]]);
    expect(byKey(computeReport(d, { task: 'multiclass' }), 'roc_auc(average=macro)')?.reason).toMatch(/row 0 sums to 0\.7999/);
    expect(computeMetrics('multiclass', d).roc_auc).toBe(1);
  });

  it('an r2 of one row, kappa with one class used, an absent class in one-vs-rest AUC', () => {
    expect(evaluateMetric('r2', reg([1], [2])).reason).toMatch(/two rows/);
    expect(evaluateMetric('explained_variance', reg([1], [2])).value).toBe(1); // sklearn: 1.0
    expect(evaluateMetric('cohen_kappa', fromScores([0, 0], [0.1, 0.2])).reason).toMatch(/single class/);
    expect(evaluateMetric('roc_auc', fromRows([0, 1], [[0.5, 0.3, 0.2], [0.2, 0.7, 0.1]]), { params: { average: 'macro' } }).reason)
      .toMatch(/class 2 is absent/);
  });

  it('throws only on calls that cannot make sense', () => {
    expect(() => computeReport(binary as unknown as RegressionData, { task: 'regression' })).toThrow(TypeError);
    expect(() => computeReport(multi, { task: 'binary' })).toThrow(/k = 2/);
    expect(() => computeReport(binary, { task: 'binary', classes: ['a', 'b'], options: { posLabel: 'c' } })).toThrow(/not one of the classes/);
    expect(() => computeReport(binary, { task: 'binary', options: { betas: [-1] } })).toThrow(/betas/);
  });
});

describe('documented definitions, by hand', () => {
  it('expected_calibration_error: equal-width bins on the top-class confidence', () => {
    // Rows: conf 0.9 right, conf 0.9 wrong (bin 9: acc 0.5, conf 0.9), conf 0.6 right (bin 6: acc 1, conf 0.6).
    const d = fromRows([0, 1, 0], [[0.9, 0.1], [0.9, 0.1], [0.6, 0.4]]);
    expect(evaluateMetric('expected_calibration_error', d).value).toBeCloseTo((2 / 3) * 0.4 + (1 / 3) * 0.4, 14);
    // A confidence of exactly 1 falls in the last bin, not an eleventh one.
    expect(evaluateMetric('expected_calibration_error', fromRows([0], [[1, 0]])).value).toBe(0);
  });

  it('brier_score: sklearn binary form for k = 2, summed over classes for k > 2', () => {
    expect(evaluateMetric('brier_score', fromScores([1, 0], [0.8, 0.4])).value).toBeCloseTo((0.04 + 0.16) / 2, 15);
    expect(evaluateMetric('brier_score', fromRows([2], [[0.2, 0.3, 0.5]])).value).toBeCloseTo(0.04 + 0.09 + 0.25, 15);
  });

  it('median_absolute_error: with weights the lower weighted median (sklearn), so all-ones weights differ on even n', () => {
    const d = reg([0, 0, 0, 0], [1, 2, 3, 4]);
    expect(evaluateMetric('median_absolute_error', d).value).toBe(2.5);
    expect(evaluateMetric('median_absolute_error', d, { sampleWeight: [1, 1, 1, 1] }).value).toBe(2);
  });

  it('mape divides by machine epsilon where y_true is 0, as sklearn', () => {
    expect(evaluateMetric('mape', reg([0], [0.5])).value).toBe(0.5 / Number.EPSILON);
  });

  it('top_k_accuracy ranks the higher class index first among tied scores (sklearn), unlike argmax', () => {
    const d = fromRows([0, 1], [[0.4, 0.4, 0.2], [0.4, 0.4, 0.2]]);
    expect(evaluateMetric('accuracy', d).value).toBe(0.5); // argmax: class 0 for both rows
    expect(evaluateMetric('top_k_accuracy', d, { params: { k: 1 } }).value).toBe(0.5); // top-1: class 1 for both rows
    expect(evaluateMetric('top_k_accuracy', fromRows([1], [[0.4, 0.4, 0.2]]), { params: { k: 1 } }).value).toBe(1);
  });
});

describe('cancellation and progress', () => {
  it('stops when cancelled and reports progress per metric', async () => {
    const src = new CancelSource();
    src.cancel();
    expect(() => computeReport(multi, { task: 'multiclass', cancel: src })).toThrow();
    const seen: number[] = [];
    const sync = computeReport(multi, { task: 'multiclass', onProgress: (p) => seen.push(p.fraction) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBe(new Set(sync.map((e) => e.name)).size);
    expect(await computeReportAsync(multi, { task: 'multiclass' })).toEqual(sync);
  });

  it('does not mutate its inputs', () => {
    const d: ClassificationData = { ...multi, proba: multi.proba.slice(), yTrue: multi.yTrue.slice() };
    const w = [1, 2, 0, 1, 1, 3];
    computeReport(d, { task: 'multiclass', sampleWeight: w });
    expect(Array.from(d.proba)).toEqual(Array.from(multi.proba));
    expect(w).toEqual([1, 2, 0, 1, 1, 3]);
  });
});
