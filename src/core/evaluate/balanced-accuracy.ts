import { classCounts } from './class-counts.ts';
import type { ClassificationData, ClassificationMetric } from './types.ts';

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

export const balancedAccuracyMetric: ClassificationMetric = {
  name: 'balanced_accuracy',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Mean of per-class recall: accuracy that gives every class present the same weight.',
  compute: balancedAccuracy,
};
