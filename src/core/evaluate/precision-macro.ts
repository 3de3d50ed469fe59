import { classCounts, macroOverSeen } from './class-counts.ts';
import type { ClassificationData, ClassificationMetric } from './types.ts';

/**
 * sklearn.metrics.precision_score(y_true, y_pred, average='macro', zero_division=0):
 * unweighted mean over seen classes of tp / (tp + fp); a class never predicted scores 0.
 */
export function precisionMacro(data: ClassificationData): number {
  const counts = classCounts(data);
  return macroOverSeen(counts, (c) => {
    const predicted = counts.predicted[c] as number;
    return predicted === 0 ? 0 : (counts.tp[c] as number) / predicted;
  });
}

export const precisionMacroMetric: ClassificationMetric = {
  name: 'precision_macro',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Per-class precision (how often a prediction of the class is right), averaged over classes.',
  compute: precisionMacro,
};
