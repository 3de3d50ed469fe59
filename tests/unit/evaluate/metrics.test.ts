import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/core/evaluate/accuracy.ts';
import { balancedAccuracy } from '../../../src/core/evaluate/balanced-accuracy.ts';
import { binaryAuc } from '../../../src/core/evaluate/binary-auc.ts';
import { confusionMatrix } from '../../../src/core/evaluate/confusion-matrix.ts';
import { f1Macro } from '../../../src/core/evaluate/f1-macro.ts';
import { LOG_LOSS_EPS, logLoss } from '../../../src/core/evaluate/log-loss.ts';
import { predictedClasses } from '../../../src/core/evaluate/predicted-classes.ts';
import { r2 } from '../../../src/core/evaluate/r2.ts';
import {
  computeMetrics,
  findMetric,
  getMetric,
  metricNames,
} from '../../../src/core/evaluate/registry.ts';
import { rocAuc, rocAucOvr } from '../../../src/core/evaluate/roc-auc.ts';
import { rocCurve } from '../../../src/core/evaluate/roc-curve.ts';
import { expectClose, fromLabels, fromRows, fromScores } from './helpers.ts';

const reg = (yTrue: number[], yPred: number[]) => ({ yTrue: Float64Array.from(yTrue), yPred: Float64Array.from(yPred) });

describe('predictedClasses', () => {
  it('breaks ties toward the lowest class index, like numpy argmax', () => {
    const d = fromRows([0, 0, 0], [[0.5, 0.5, 0], [0.2, 0.4, 0.4], [1 / 3, 1 / 3, 1 / 3]]);
    expect(Array.from(predictedClasses(d))).toEqual([0, 1, 0]);
  });
});

describe('classification edge cases', () => {
  it('balanced_accuracy drops classes only predicted (sklearn warns "y_pred contains classes not in y_true")', () => {
    // sklearn: C = [[2, 1], [0, 0]] -> per-class recall [2/3, nan] -> nan dropped -> 2/3.
    expectClose(balancedAccuracy(fromLabels([0, 0, 0], [0, 0, 1], 2)), 2 / 3);
  });

  it('f1_macro averages over classes seen in y_true or y_pred only, not over all k', () => {
    // Class 2 of k = 3 is in neither: sklearn (no labels=) averages over [0, 1] only.
    expectClose(f1Macro(fromLabels([0, 1, 0, 1], [0, 1, 1, 1], 3)), (2 / 3 + 0.8) / 2);
  });

  it('roc_auc is NaN when y_true holds a single class', () => {
    expect(rocAuc(fromScores([1, 1, 1], [0.2, 0.5, 0.9]))).toBeNaN();
    expect(binaryAuc([0, 0], [0.1, 0.2])).toBeNaN();
  });

  it('multiclass roc_auc is NaN when a class is absent from y_true', () => {
    expect(rocAuc(fromRows([0, 1, 0], [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.2, 0.3]]))).toBeNaN();
  });

  it('roc_auc gives tied scores half credit (Mann–Whitney with average ranks)', () => {
    // Pairs (pos, neg): (0.5, 0.5) tie = 1/2, (0.5, 0.1) = 1, (0.9, 0.5) = 1, (0.9, 0.1) = 1 -> 3.5 / 4.
    expectClose(binaryAuc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1]), 0.875);
  });

  it('roc_curve keeps every distinct threshold (drop_intermediate=False) and starts at +Infinity', () => {
    // With drop_intermediate=True sklearn would drop the collinear middle point (threshold 0.7).
    const c = rocCurve(Int32Array.from([0, 0, 0, 0, 1, 1]), Float64Array.from([0.0, 0.2, 0.5, 0.6, 0.7, 1.0]));
    expect(c.thresholds).toEqual([Infinity, 1.0, 0.7, 0.6, 0.5, 0.2, 0.0]);
    expect(c.tpr).toEqual([0, 0.5, 1, 1, 1, 1, 1]);
    expect(c.fpr).toEqual([0, 0, 0, 0.25, 0.5, 0.75, 1]);
  });

  it('roc_curve fpr is NaN when there are no negatives, as in sklearn', () => {
    const c = rocCurve(Uint8Array.from([1, 1]), Float64Array.from([0.3, 0.6]));
    expect(c.fpr.every(Number.isNaN)).toBe(true);
    expect(c.tpr).toEqual([0, 0.5, 1]);
  });

  it('log_loss clips to [eps, 1 - eps] with eps = float64 machine epsilon and does not renormalise', () => {
    expect(LOG_LOSS_EPS).toBe(Number.EPSILON);
    // A zero on the true class costs -ln(eps), not Infinity.
    expectClose(logLoss(fromRows([0, 1], [[0, 1], [0, 1]])), -Math.log(Number.EPSILON) / 2);
    // Rows that do not sum to one are used as given (sklearn >= 1.5 only warns).
    expectClose(logLoss(fromRows([0], [[0.2, 0.2]])), -Math.log(0.2));
  });

  it('log_loss rejects probabilities outside [0, 1] like current sklearn', () => {
    expect(() => logLoss(fromRows([0], [[1.5, -0.5]]))).toThrow(/outside \[0, 1\]/);
  });

  it('throws on malformed input instead of returning a silent NaN', () => {
    expect(() => accuracy({ yTrue: Int32Array.from([0, 1]), proba: new Float64Array(3), k: 2 })).toThrow(/n\*k/);
    expect(() => accuracy(fromLabels([0, 2], [0, 1], 2))).toThrow(/class index/);
    expect(() => accuracy({ yTrue: Int32Array.from([0]), proba: Float64Array.from([NaN, 1]), k: 2 })).toThrow(/finite/);
    expect(() => confusionMatrix([0, 1], [0, 3], 2)).toThrow(/0\.\.1/);
  });

  it('confusionMatrix keeps rows and columns for classes that never occur', () => {
    expect(confusionMatrix(Int32Array.from([0, 0]), Int32Array.from([0, 2]), 3)).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('rocAuc for k = 2 equals the one-vs-rest route', () => {
    const d = fromScores([0, 1, 1, 0, 1], [0.1, 0.8, 0.4, 0.4, 0.35]);
    expectClose(rocAucOvr(d), rocAuc(d));
  });
});

describe('regression edge cases', () => {
  it('r2 is NaN below two samples (sklearn warns and returns nan)', () => {
    expect(r2(reg([1], [1]))).toBeNaN();
  });

  it('r2 treats a constant y_true by value, not by a floating-point SS_tot', () => {
    // mean(0.1, 0.1, 0.1) is not exactly 0.1; sklearn's documented answer for a constant target is 0.0.
    expect(r2(reg([0.1, 0.1, 0.1], [0.1, 0.1, 0.2]))).toBe(0);
    expect(r2(reg([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]))).toBe(1);
  });
});

describe('registry and computeMetrics', () => {
  it('looks metrics up by snake_case name', () => {
    expect(getMetric('roc_auc').higherIsBetter).toBe(true);
    expect(getMetric('log_loss').higherIsBetter).toBe(false);
    expect(getMetric('r2').task).toBe('regression');
    expect(findMetric('rocAuc')).toBeUndefined();
    expect(() => getMetric('auc')).toThrow(/Known metrics: accuracy/);
    for (const name of metricNames()) expect(name).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
  });

  it('reports classification metrics in a fixed key order', () => {
    const m = computeMetrics('binary', fromScores([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.6]));
    expect(Object.keys(m)).toEqual([
      'accuracy', 'balanced_accuracy', 'roc_auc', 'log_loss', 'f1_macro', 'precision_macro', 'recall_macro',
    ]);
    expect(Object.keys(m)).toEqual(metricNames('classification'));
    expectClose(m.roc_auc as number, 0.75);
  });

  it('reports regression metrics in a fixed key order', () => {
    const m = computeMetrics('regression', reg([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]));
    expect(Object.keys(m)).toEqual(['rmse', 'mae', 'r2', 'mse']);
    expectClose(m.mse as number, 0.375);
    expectClose(m.rmse as number, Math.sqrt(0.375));
  });

  it('refuses a binary task with k != 2 and data of the wrong shape', () => {
    expect(() => computeMetrics('binary', fromLabels([0, 1, 2], [0, 1, 2], 3))).toThrow(/k = 2/);
    expect(() => computeMetrics('regression', fromLabels([0, 1], [0, 1], 2) as never)).toThrow(/yPred/);
  });

  it('does not mutate its inputs', () => {
    const d = fromRows([0, 1, 2], [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]]);
    const before = [Array.from(d.yTrue), Array.from(d.proba)];
    computeMetrics('multiclass', d);
    expect([Array.from(d.yTrue), Array.from(d.proba)]).toEqual(before);
  });
});
