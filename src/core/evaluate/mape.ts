import { forRegression, noParams } from './applicability.ts';
import { orNaN } from './metric-unavailable.ts';
import { prepareRegression, weightedMean } from './prepare.ts';
import type { PreparedRegression, RegressionReportMetric } from './types.ts';

/**
 * sklearn.metrics.mean_absolute_percentage_error(y_true, y_pred, sample_weight=w): weighted
 * mean of |y_pred - y_true| / max(|y_true|, eps) with eps = float64 machine epsilon. As a
 * fraction (0.1 = 10 %), not a percentage. A zero in y_true divides by eps, so one such row
 * with any error makes the value enormous (~4.5e15 per unit of error): that is sklearn's
 * documented behaviour, kept so the numbers agree, and the reason MAPE suits targets far from 0.
 */
export function mape(input: PreparedRegression): number {
  const { yTrue, yPred } = input.data;
  return weightedMean(input, (i) => {
    const t = yTrue[i] as number;
    return Math.abs((yPred[i] as number) - t) / Math.max(Math.abs(t), Number.EPSILON);
  });
}

export const mapeMetric: RegressionReportMetric = {
  name: 'mape',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Mean absolute percentage error, as a fraction of |y_true|; explodes when y_true is near 0.',
  reference: 'sklearn.metrics.mean_absolute_percentage_error(y_true, y_pred, sample_weight=w)',
  compute: (data) => orNaN(() => mape(prepareRegression(data))),
  applicable: forRegression,
  variants: noParams,
  evaluate: (input) => mape(input),
};
