import { classCounts, macroOverSeen } from './class-counts.ts';
import type { ClassificationData, ClassificationMetric } from './types.ts';

/**
 * sklearn.metrics.recall_score(y_true, y_pred, average='macro', zero_division=0): unweighted
 * mean over seen classes of tp / (tp + fn). Unlike balanced_accuracy, a class that is only
 * predicted (absent from y_true) is averaged in with recall 0.
 */
export function recallMacro(data: ClassificationData): number {
  const counts = classCounts(data);
  return macroOverSeen(counts, (c) => {
    const support = counts.support[c] as number;
    return support === 0 ? 0 : (counts.tp[c] as number) / support;
  });
}

export const recallMacroMetric: ClassificationMetric = {
  name: 'recall_macro',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Per-class recall (share of the class that is found), averaged over classes.',
  compute: recallMacro,
};
