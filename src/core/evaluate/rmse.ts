import { mse } from './mse.ts';
import type { RegressionData, RegressionMetric } from './types.ts';

/** sklearn.metrics.root_mean_squared_error (sklearn >= 1.4): sqrt of the MSE. */
export function rmse(data: RegressionData): number {
  return Math.sqrt(mse(data));
}

export const rmseMetric: RegressionMetric = {
  name: 'rmse',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Root mean squared error, in target units; lower is better.',
  compute: rmse,
};
