import { forClassification, noParams } from './applicability.ts';
import { checkClassification } from './check-input.ts';
import { weightedMean } from './prepare.ts';
import type { ClassificationData, ClassificationReportMetric, PreparedClassification } from './types.ts';

/**
 * float64 machine epsilon, np.finfo(np.float64).eps: the clip bound sklearn uses for
 * float64 y_pred since eps='auto' became the only behaviour.
 */
export const LOG_LOSS_EPS = 2.220446049250313e-16;

/**
 * sklearn.metrics.log_loss(y_true, proba, labels=range(k)), following scikit-learn >= 1.5
 * (log_loss in sklearn/metrics/_classification.py; the stable docs say "y_pred values are
 * clipped to [eps, 1-eps] where eps is the machine precision for y_pred's dtype"): each
 * probability is clipped to [eps, 1 - eps] with eps = float64 machine epsilon and rows are
 * NOT renormalised. (sklearn <= 1.4 renormalised rows after clipping, and before 1.2 used
 * eps = 1e-15; 1.5 removed the `eps` argument and the renormalisation, and only warns
 * "The y_prob values do not sum to one".) Result: mean over rows of -ln(clip(P[i, y_i])).
 *
 * Throws if a probability is outside [0, 1], as current sklearn raises ValueError.
 * NaN for no rows.
 */
export function logLoss(data: ClassificationData): number {
  const n = checkClassification(data);
  if (n === 0) return NaN;
  const { yTrue, proba, k } = data;
  for (let j = 0; j < proba.length; j++) {
    const p = proba[j] as number;
    if (p < 0 || p > 1) throw new RangeError(`logLoss: proba[${j}] = ${p} is outside [0, 1].`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = proba[i * k + (yTrue[i] as number)] as number;
    sum -= Math.log(Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
  }
  return sum / n;
}

/**
 * log_loss(y_true, proba, labels=classes, sample_weight=w): the weighted mean of the same
 * per-row loss. scikit-learn 1.2.1 renormalises each clipped row; for rows that sum to 1 that
 * moves the result by ~1e-16 relative (the fixtures check 1e-9), so the definition above stands.
 */
export function weightedLogLoss(input: PreparedClassification): number {
  const { yTrue, proba, k } = input.data;
  for (let j = 0; j < proba.length; j++) {
    const p = proba[j] as number;
    if (p < 0 || p > 1) throw new RangeError(`logLoss: proba[${j}] = ${p} is outside [0, 1].`);
  }
  return weightedMean(input, (i) => {
    const p = proba[i * k + (yTrue[i] as number)] as number;
    return -Math.log(Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
  });
}

export const logLossMetric: ClassificationReportMetric = {
  name: 'log_loss',
  task: 'classification',
  higherIsBetter: false,
  describe: 'Mean negative log of the probability given to the true class (cross-entropy); lower is better.',
  reference: 'sklearn.metrics.log_loss(y_true, proba, labels=classes, sample_weight=w)',
  compute: logLoss,
  applicable: forClassification,
  variants: noParams,
  evaluate: (input) => weightedLogLoss(input),
};
