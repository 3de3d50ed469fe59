import { forRegression, noParams } from './applicability.ts';
import { checkRegression } from './check-input.ts';
import { weightedMean } from './prepare.ts';
import { stableSum } from './stable-sum.ts';
import type { PreparedRegression, RegressionData, RegressionReportMetric } from './types.ts';

/** sklearn.metrics.mean_squared_error. NaN for no rows. */
export function mse(data: RegressionData): number {
  const n = checkRegression(data);
  if (n === 0) return NaN;
  const { yTrue, yPred } = data;
  return (
    stableSum(n, (i) => {
      const d = (yTrue[i] as number) - (yPred[i] as number);
      return d * d;
    }) / n
  );
}

/** mean_squared_error(y_true, y_pred, sample_weight=w). */
export function weightedMse(input: PreparedRegression): number {
  const { yTrue, yPred } = input.data;
  return weightedMean(input, (i) => {
    const d = (yTrue[i] as number) - (yPred[i] as number);
    return d * d;
  });
}

export const mseMetric: RegressionReportMetric = {
  name: 'mse',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Mean squared error, in squared target units; lower is better.',
  reference: 'sklearn.metrics.mean_squared_error(y_true, y_pred, sample_weight=w)',
  compute: mse,
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => weightedMse(input),
};
