import { forRegression, noParams } from './applicability.ts';
import { orNaN } from './metric-unavailable.ts';
import { prepareRegression } from './prepare.ts';
import type { PreparedRegression, RegressionReportMetric } from './types.ts';

/**
 * sklearn.metrics.max_error(y_true, y_pred): the largest absolute error. sklearn takes no
 * sample_weight; with weights this is the max over rows whose weight is non-zero (a zero
 * weight removes a row, a positive one cannot change a maximum).
 */
export function maxError(input: PreparedRegression): number {
  const { n, weights } = input;
  const { yTrue, yPred } = input.data;
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (weights && weights[i] === 0) continue;
    const e = Math.abs((yTrue[i] as number) - (yPred[i] as number));
    if (e > max) max = e;
  }
  return max;
}

export const maxErrorMetric: RegressionReportMetric = {
  name: 'max_error',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Largest absolute error over the rows, in target units: the worst case.',
  reference: 'sklearn.metrics.max_error(y_true, y_pred); with weights, over the rows whose weight is not 0',
  compute: (data) => orNaN(() => maxError(prepareRegression(data))),
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => maxError(input),
};
