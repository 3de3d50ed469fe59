import { forRegression } from './applicability.ts';
import { orNaN } from './metric-unavailable.ts';
import { numberParam } from './params.ts';
import { prepareRegression, weightedMean } from './prepare.ts';
import type { MetricParams, PreparedRegression, RegressionReportMetric } from './types.ts';

/**
 * sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha, sample_weight=w): with
 * d = y_true - y_pred, each row costs alpha * d when d >= 0 and (alpha - 1) * d otherwise, so
 * a prediction meant as the alpha-quantile is charged alpha per unit it falls short and
 * 1 - alpha per unit it overshoots. alpha = 0.5 is half the MAE.
 */
export function pinballLoss(input: PreparedRegression, alpha: number): number {
  const { yTrue, yPred } = input.data;
  return weightedMean(input, (i) => {
    const d = (yTrue[i] as number) - (yPred[i] as number);
    return d >= 0 ? alpha * d : -(1 - alpha) * d;
  });
}

const alphaOf = (params: MetricParams) => numberParam(params, 'alpha', 0.5, (v) => v >= 0 && v <= 1, 'a quantile in [0, 1]');

export const pinballLossMetric: RegressionReportMetric = {
  name: 'pinball_loss',
  task: 'regression',
  higherIsBetter: false,
  describe: 'Quantile (pinball) loss at quantile alpha: how well the predictions work as that quantile; lower is better.',
  reference: 'sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha=alpha, sample_weight=w)',
  compute: (data) => orNaN(() => pinballLoss(prepareRegression(data), 0.5)),
  applicable: forRegression,
  variants: (_task, _info, options) => options.quantiles.map((alpha) => ({ alpha })),
  evaluate: (input, params) => pinballLoss(input, alphaOf(params)),
};
