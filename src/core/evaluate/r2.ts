import { forRegression, noParams } from './applicability.ts';
import { checkRegression } from './check-input.ts';
import { constantWhereWeighted } from './constant-values.ts';
import { MetricUnavailable } from './metric-unavailable.ts';
import { stableSum } from './stable-sum.ts';
import type { PreparedRegression, RegressionData, RegressionReportMetric } from './types.ts';

/**
 * sklearn.metrics.r2_score with its default force_finite=True:
 * 1 - SS_res / SS_tot, except
 *  - SS_res = 0 (perfect predictions) -> 1.0, even when y_true is constant (sklearn: nan -> 1.0);
 *  - y_true constant and predictions imperfect -> 0.0 (sklearn: -inf -> 0.0);
 *  - fewer than two rows -> NaN (sklearn warns and returns nan).
 * "Constant" is tested by comparing values, not by SS_tot === 0: the mean of e.g. three
 * 0.1s is not exactly 0.1 in floating point, which would turn a constant target into a
 * huge negative score instead of the documented 0.0.
 */
export function r2(data: RegressionData): number {
  const n = checkRegression(data);
  if (n < 2) return NaN;
  const { yTrue, yPred } = data;
  const ssRes = stableSum(n, (i) => {
    const d = (yTrue[i] as number) - (yPred[i] as number);
    return d * d;
  });
  if (ssRes === 0) return 1;
  const first = yTrue[0] as number;
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = yTrue[i] === first;
  if (constant) return 0;
  const mean = stableSum(n, (i) => yTrue[i] as number) / n;
  const ssTot = stableSum(n, (i) => {
    const d = (yTrue[i] as number) - mean;
    return d * d;
  });
  return 1 - ssRes / ssTot;
}

/**
 * r2_score(y_true, y_pred, sample_weight=w): the same rules with weighted sums of squares
 * around the weighted mean; "constant" looks only at rows with a non-zero weight (the others
 * add nothing to either sum in sklearn). Fewer than two rows (counted regardless of
 * weight, as sklearn does) is unavailable.
 */
export function weightedR2(input: PreparedRegression): number {
  const { n, weights, totalWeight } = input;
  const { yTrue, yPred } = input.data;
  if (n < 2) throw new MetricUnavailable('R² needs at least two rows (sklearn warns and returns nan)');
  const w = (i: number) => (weights ? (weights[i] as number) : 1);
  const ssRes = stableSum(n, (i) => {
    const d = (yTrue[i] as number) - (yPred[i] as number);
    return w(i) * d * d;
  });
  if (ssRes === 0) return 1;
  if (constantWhereWeighted(n, weights, (i) => yTrue[i] as number)) return 0;
  const mean = stableSum(n, (i) => w(i) * (yTrue[i] as number)) / totalWeight;
  const ssTot = stableSum(n, (i) => {
    const d = (yTrue[i] as number) - mean;
    return w(i) * d * d;
  });
  return 1 - ssRes / ssTot;
}

export const r2Metric: RegressionReportMetric = {
  name: 'r2',
  task: 'regression',
  higherIsBetter: true,
  describe: 'Coefficient of determination: 1 is perfect, 0 is no better than predicting the mean, negative is worse.',
  reference: 'sklearn.metrics.r2_score(y_true, y_pred, sample_weight=w)',
  compute: r2,
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => weightedR2(input),
};
