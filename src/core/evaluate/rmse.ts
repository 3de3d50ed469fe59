import { forRegression, noParams } from './applicability.ts';
import { mse, weightedMse } from './mse.ts';
import type { RegressionData, RegressionReportMetric } from './types.ts';

/** sklearn.metrics.root_mean_squared_error (sklearn >= 1.4): sqrt of the MSE. */
export function rmse(data: RegressionData): number {
  return Math.sqrt(mse(data));
}

export const rmseMetric: RegressionReportMetric = {
  name: 'rmse',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Root mean squared error, in target units; lower is better.',
  reference: 'sklearn.metrics.mean_squared_error(y_true, y_pred, sample_weight=w, squared=False) (1.2.1 spelling)',
  compute: rmse,
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => Math.sqrt(weightedMse(input)),
};
