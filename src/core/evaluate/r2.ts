import { checkRegression } from './check-input.ts';
import { stableSum } from './stable-sum.ts';
import type { RegressionData, RegressionMetric } from './types.ts';

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

export const r2Metric: RegressionMetric = {
  name: 'r2',
  task: 'regression',
  higherIsBetter: true,
  describe: 'Coefficient of determination: 1 is perfect, 0 is no better than predicting the mean, negative is worse.',
  compute: r2,
};
