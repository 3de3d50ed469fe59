import { checkRegression } from './check-input.ts';
import { stableSum } from './stable-sum.ts';
import type { RegressionData, RegressionMetric } from './types.ts';

/** sklearn.metrics.mean_absolute_error. NaN for no rows. */
export function mae(data: RegressionData): number {
  const n = checkRegression(data);
  if (n === 0) return NaN;
  const { yTrue, yPred } = data;
  return stableSum(n, (i) => Math.abs((yTrue[i] as number) - (yPred[i] as number))) / n;
}

export const maeMetric: RegressionMetric = {
  name: 'mae',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Mean absolute error, in target units; lower is better.',
  compute: mae,
};
