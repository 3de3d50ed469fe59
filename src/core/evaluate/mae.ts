import { forRegression, noParams } from './applicability.ts';
import { checkRegression } from './check-input.ts';
import { weightedMean } from './prepare.ts';
import { stableSum } from './stable-sum.ts';
import type { PreparedRegression, RegressionData, RegressionReportMetric } from './types.ts';

/** sklearn.metrics.mean_absolute_error. NaN for no rows. */
export function mae(data: RegressionData): number {
  const n = checkRegression(data);
  if (n === 0) return NaN;
  const { yTrue, yPred } = data;
  return stableSum(n, (i) => Math.abs((yTrue[i] as number) - (yPred[i] as number))) / n;
}

/** mean_absolute_error(y_true, y_pred, sample_weight=w). */
export function weightedMae(input: PreparedRegression): number {
  const { yTrue, yPred } = input.data;
  return weightedMean(input, (i) => Math.abs((yTrue[i] as number) - (yPred[i] as number)));
}

export const maeMetric: RegressionReportMetric = {
  name: 'mae',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Mean absolute error, in target units; lower is better.',
  reference: 'sklearn.metrics.mean_absolute_error(y_true, y_pred, sample_weight=w)',
  compute: mae,
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => weightedMae(input),
};
