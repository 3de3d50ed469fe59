import { forClassification } from './applicability.ts';
import { binaryClfCurve, type ClfCurveCounts } from './binary-clf-curve.ts';
import { orNaN } from './metric-unavailable.ts';
import { choice, classParam } from './params.ts';
import { prepareClassification } from './prepare.ts';
import type { ClassificationReportMetric, PreparedClassification } from './types.ts';

/**
 * Binary average precision as sklearn's average_precision_score: the step-wise area under the
 * precision-recall curve, AP = sum over distinct thresholds of (R_i - R_{i-1}) * P_i with
 * P_i = tp_i / (tp_i + fp_i) and R_i = tp_i / positives (no interpolation). Tied scores form
 * one step. With no positive (by weight) sklearn 1.2.1 sets recall to 1 everywhere, which
 * makes AP 0: so it is here.
 */
export function binaryAveragePrecision(yTrue01: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): number {
  return averagePrecisionFromCounts(binaryClfCurve(yTrue01, scores, weights));
}

function averagePrecisionFromCounts({ tps, fps }: ClfCurveCounts): number {
  const m = tps.length;
  const positives = m > 0 ? (tps[m - 1] as number) : 0;
  if (positives === 0) return 0;
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < m; i++) {
    const tp = tps[i] as number;
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / (tp + (fps[i] as number)));
    prevRecall = recall;
  }
  return ap;
}

/**
 * average_precision_score with sample weights:
 *  - k = 2: the binary AP of pos_label (a class index, default 1) scored by proba[:, pos_label]
 *    (sklearn: average_precision_score(y_true, proba[:, pos], pos_label=classes[pos])).
 *  - k > 2 (average='macro'): the mean over all k classes of the one-vs-rest binary AP of
 *    proba[:, c]; sklearn 1.2.1 has no multiclass route, so the reference is its multilabel
 *    route on label_binarize(y_true, classes), which is what later versions do. A class absent
 *    from y_true scores 0 there (see binaryAveragePrecision) and is averaged in.
 */
export function averagePrecision(input: PreparedClassification, posLabel: number): number {
  const { k } = input;
  if (k === 2) return averagePrecisionFromCounts(input.curve(posLabel));
  let sum = 0;
  for (let c = 0; c < k; c++) sum += averagePrecisionFromCounts(input.curve(c));
  return sum / k;
}

export const averagePrecisionMetric: ClassificationReportMetric = {
  name: 'average_precision',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Area under the precision-recall curve (step-wise); one-vs-rest macro average for more than two classes.',
  reference:
    "sklearn.metrics.average_precision_score(y_true, proba[:, pos], pos_label=classes[pos], sample_weight=w); k > 2: average_precision_score(label_binarize(y_true, classes=classes), proba, average='macro', sample_weight=w)",
  compute: (data) => orNaN(() => averagePrecision(prepareClassification(data), 1)),
  applicable: forClassification,
  variants: (_task, info, options) => (info.k === 2 ? [{ pos_label: options.posLabel }] : [{ average: 'macro' }]),
  evaluate: (input, params) => {
    if (input.k > 2) choice(params, 'average', ['macro'] as const, 'macro');
    return averagePrecision(input, classParam(params, 'pos_label', 1, input.k));
  },
};
