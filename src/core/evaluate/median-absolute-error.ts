import { forRegression, noParams } from './applicability.ts';
import { orNaN } from './metric-unavailable.ts';
import { prepareRegression } from './prepare.ts';
import type { PreparedRegression, RegressionReportMetric } from './types.ts';

/**
 * sklearn.metrics.median_absolute_error(y_true, y_pred, sample_weight=w), which uses two
 * different medians:
 *  - no weights: np.median, the mean of the two middle values when n is even;
 *  - with weights: sklearn's _weighted_percentile(50), the *lower* weighted median: sort the
 *    errors, accumulate their weights, take the first error whose cumulative weight reaches
 *    half the total. So all-ones weights can differ from no weights on an even n; that is
 *    sklearn's behaviour and kept here.
 */
export function medianAbsoluteError(input: PreparedRegression): number {
  const { n, weights } = input;
  const { yTrue, yPred } = input.data;
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) err[i] = Math.abs((yPred[i] as number) - (yTrue[i] as number));
  if (!weights) {
    const sorted = err.slice().sort();
    const mid = n >> 1;
    return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (err[a] as number) - (err[b] as number));
  // A plain running sum, as numpy's cumsum: the threshold test below compares against it exactly.
  const cdf = new Float64Array(n);
  let run = 0;
  for (let r = 0; r < n; r++) {
    run += weights[order[r] as number] as number;
    cdf[r] = run;
  }
  const target = 0.5 * (cdf[n - 1] as number);
  let idx = 0;
  while (idx < n - 1 && (cdf[idx] as number) < target) idx++;
  return err[order[idx] as number] as number;
}

export const medianAbsoluteErrorMetric: RegressionReportMetric = {
  name: 'median_absolute_error',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Median of the absolute errors, in target units: robust to a few wild predictions.',
  reference: 'sklearn.metrics.median_absolute_error(y_true, y_pred, sample_weight=w)',
  compute: (data) => orNaN(() => medianAbsoluteError(prepareRegression(data))),
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => medianAbsoluteError(input),
};
