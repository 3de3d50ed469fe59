import { checkRegression } from './check-input.ts';
import { stableSum } from './stable-sum.ts';
import type { RegressionData, RegressionMetric } from './types.ts';

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

export const mseMetric: RegressionMetric = {
  name: 'mse',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Mean squared error, in squared target units; lower is better.',
  compute: mse,
};
