import { forRegression, noParams } from './applicability.ts';
import { constantWhereWeighted } from './constant-values.ts';
import { orNaN } from './metric-unavailable.ts';
import { prepareRegression, weightedMean } from './prepare.ts';
import type { PreparedRegression, RegressionReportMetric } from './types.ts';

/**
 * sklearn.metrics.explained_variance_score(y_true, y_pred, sample_weight=w) with
 * force_finite=True: 1 - Var_w(y_true - y_pred) / Var_w(y_true). Unlike r2 a constant offset
 * in the predictions costs nothing. As sklearn: residuals constant (numerator 0) -> 1.0, even
 * when y_true is constant; y_true constant and residuals not -> 0.0. Both "constant" tests
 * compare values on rows with a non-zero weight (see constantWhereWeighted). One row is
 * fine here (sklearn returns 1.0), unlike r2.
 */
export function explainedVariance(input: PreparedRegression): number {
  const { n, weights } = input;
  const { yTrue, yPred } = input.data;
  const resid = (i: number) => (yTrue[i] as number) - (yPred[i] as number);
  if (constantWhereWeighted(n, weights, resid)) return 1;
  if (constantWhereWeighted(n, weights, (i) => yTrue[i] as number)) return 0;
  const residMean = weightedMean(input, resid);
  const numerator = weightedMean(input, (i) => (resid(i) - residMean) ** 2);
  const yMean = weightedMean(input, (i) => yTrue[i] as number);
  const denominator = weightedMean(input, (i) => ((yTrue[i] as number) - yMean) ** 2);
  return 1 - numerator / denominator;
}

export const explainedVarianceMetric: RegressionReportMetric = {
  name: 'explained_variance',
  task: 'regression',
  higherIsBetter: true,
  describe: 'Share of the target variance the predictions explain, ignoring a constant offset; 1 is best.',
  reference: 'sklearn.metrics.explained_variance_score(y_true, y_pred, sample_weight=w)',
  compute: (data) => orNaN(() => explainedVariance(prepareRegression(data))),
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => explainedVariance(input),
};
