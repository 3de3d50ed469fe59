import { classCounts, macroOverSeen } from './class-counts.ts';
import type { ClassificationData, ClassificationMetric } from './types.ts';

/**
 * sklearn.metrics.f1_score(y_true, y_pred, average='macro', zero_division=0). Per class
 * F1 = 2tp / (2tp + fp + fn), the form sklearn >= 1.3 uses; it equals 2PR/(P+R) whenever
 * that is defined, and is 0 when tp = 0 (where 2PR/(P+R) would hit zero_division=0). The
 * only 0/0 case, a class neither present nor predicted, is left out of the average.
 */
export function f1Macro(data: ClassificationData): number {
  const counts = classCounts(data);
  return macroOverSeen(counts, (c) => {
    const tp = counts.tp[c] as number;
    // 2tp + fp + fn = predicted + support.
    const denom = (counts.predicted[c] as number) + (counts.support[c] as number);
    return denom === 0 ? 0 : (2 * tp) / denom;
  });
}

export const f1MacroMetric: ClassificationMetric = {
  name: 'f1_macro',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Per-class F1 (harmonic mean of precision and recall), averaged over classes.',
  compute: f1Macro,
};
