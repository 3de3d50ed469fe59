import { forClassification, noParams } from './applicability.ts';
import { orNaN } from './metric-unavailable.ts';
import { classParam } from './params.ts';
import { prepareClassification, weightedMean } from './prepare.ts';
import { requireProbabilities } from './probabilities.ts';
import type { ClassificationReportMetric, PreparedClassification } from './types.ts';

/**
 * Brier score, a squared error of the probabilities (lower is better). Two definitions:
 *  - k = 2: sklearn.metrics.brier_score_loss(y_true, proba[:, pos], pos_label=classes[pos],
 *    sample_weight=w) = weighted mean of (1[y = pos] - p_pos)², in [0, 1].
 *  - k > 2: scikit-learn 1.2.1 has no multiclass Brier; this is Brier's original form, the
 *    weighted mean over rows of sum_c (1[y = c] - p_c)², in [0, 2]. For k = 2 that sum is
 *    exactly twice the binary value, which is why binary tasks keep sklearn's form.
 * Unavailable when a probability is outside [0, 1] (sklearn raises).
 */
export function brierScore(input: PreparedClassification, posLabel: number): number {
  const { yTrue, proba, k } = input.data;
  if (!input.probabilities) requireProbabilities(proba, 'Brier score');
  if (k === 2) {
    return weightedMean(input, (i) => {
      const d = (yTrue[i] === posLabel ? 1 : 0) - (proba[i * 2 + posLabel] as number);
      return d * d;
    });
  }
  return weightedMean(input, (i) => {
    const t = yTrue[i] as number;
    let s = 0;
    for (let c = 0; c < k; c++) {
      const d = (c === t ? 1 : 0) - (proba[i * k + c] as number);
      s += d * d;
    }
    return s;
  });
}

export const brierScoreMetric: ClassificationReportMetric = {
  name: 'brier_score',
  task: 'classification',
  higherIsBetter: false,
  describe: 'Mean squared gap between the predicted probabilities and what happened (0 or 1); lower is better.',
  reference:
    'sklearn.metrics.brier_score_loss(y_true, proba[:, 1], pos_label=classes[1], sample_weight=w); k > 2: mean over rows of sum_c (1[y = c] - p_c)^2 (not in sklearn 1.2.1)',
  compute: (data) => orNaN(() => brierScore(prepareClassification(data), 1)),
  applicable: forClassification,
  variants: noParams,
  evaluate: (input, params) => brierScore(input, classParam(params, 'pos_label', 1, input.k)),
};
