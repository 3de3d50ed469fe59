import { forClassification } from './applicability.ts';
import { classCounts } from './class-counts.ts';
import { MetricUnavailable } from './metric-unavailable.ts';
import { flag } from './params.ts';
import type { ClassificationData, ClassificationReportMetric, PreparedClassification } from './types.ts';

/**
 * sklearn.metrics.balanced_accuracy_score(y_true, y_pred) with the default adjusted=False:
 * the mean recall over classes present in y_true. Classes that are only predicted have an
 * undefined recall (0/0); sklearn warns "y_pred contains classes not in y_true" and drops
 * them, and so do we (without the warning). NaN for no rows.
 */
export function balancedAccuracy(data: ClassificationData): number {
  const counts = classCounts(data);
  let sum = 0;
  let m = 0;
  for (let c = 0; c < counts.k; c++) {
    const support = counts.support[c] as number;
    if (support === 0) continue;
    sum += (counts.tp[c] as number) / support;
    m++;
  }
  return m === 0 ? NaN : sum / m;
}

/**
 * balanced_accuracy_score(y_true, y_pred, sample_weight=w, adjusted): mean recall over the
 * classes whose weighted support is > 0 (a class whose rows all weigh zero is dropped like
 * an absent one). adjusted=True rescales so chance level is 0: (score - 1/m) / (1 - 1/m)
 * with m the classes kept. With a single class kept that divides by zero (sklearn returns
 * -inf or nan): unavailable.
 */
export function weightedBalancedAccuracy(input: PreparedClassification, adjusted: boolean): number {
  const { cm, k } = input;
  let sum = 0;
  let m = 0;
  for (let t = 0; t < k; t++) {
    let support = 0;
    for (let p = 0; p < k; p++) support += cm[t * k + p] as number;
    if (support === 0) continue;
    sum += (cm[t * k + t] as number) / support;
    m++;
  }
  let score = sum / m;
  if (!adjusted) return score;
  if (m < 2) throw new MetricUnavailable('adjusted balanced accuracy needs two classes in y_true: with one, chance level is 1');
  const chance = 1 / m;
  score -= chance;
  return score / (1 - chance);
}

export const balancedAccuracyMetric: ClassificationReportMetric = {
  name: 'balanced_accuracy',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Mean of per-class recall: accuracy that gives every class present the same weight.',
  reference: 'sklearn.metrics.balanced_accuracy_score(y_true, y_pred, sample_weight=w, adjusted=adjusted)',
  compute: balancedAccuracy,
  applicable: forClassification,
  variants: () => [{ adjusted: false }, { adjusted: true }],
  evaluate: (input, params) => weightedBalancedAccuracy(input, flag(params, 'adjusted', false)),
};
