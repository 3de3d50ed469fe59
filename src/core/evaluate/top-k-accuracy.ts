import { orNaN } from './metric-unavailable.ts';
import { numberParam } from './params.ts';
import { prepareClassification, weightedMean } from './prepare.ts';
import type { ClassificationReportMetric, MetricParams, PreparedClassification } from './types.ts';

/**
 * sklearn.metrics.top_k_accuracy_score(y_true, scores, k, labels=classes, sample_weight=w):
 * the weighted share of rows whose true class is among the k highest-scored.
 *  - k > 2 classes: sklearn ranks with a stable ascending argsort reversed, so among equal
 *    scores the *higher* class index ranks first (unlike argmax). The true class c is a hit
 *    when #{j : s_j > s_c} + #{j > c : s_j = s_c} < k.
 *  - 2 classes: sklearn reads proba[:, 1]; k = 1 predicts class 1 when it exceeds 0.5 (0 when
 *    the scores are not within [0, 1]); k >= 2 is always a hit.
 * k >= the class count scores 1 (sklearn warns that it is meaningless).
 */
export function topKAccuracy(input: PreparedClassification, topK: number): number {
  const { k } = input;
  const { yTrue, proba } = input.data;
  if (k === 2) {
    if (topK >= 2) return 1;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < input.n; i++) {
      const s = proba[i * 2 + 1] as number;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    const threshold = min >= 0 && max <= 1 ? 0.5 : 0;
    return weightedMean(input, (i) => (((proba[i * 2 + 1] as number) > threshold ? 1 : 0) === yTrue[i] ? 1 : 0));
  }
  return weightedMean(input, (i) => {
    const c = yTrue[i] as number;
    const sc = proba[i * k + c] as number;
    let ahead = 0;
    for (let j = 0; j < k; j++) {
      const sj = proba[i * k + j] as number;
      if (sj > sc || (sj === sc && j > c)) ahead++;
    }
    return ahead < topK ? 1 : 0;
  });
}

const kOf = (params: MetricParams) => numberParam(params, 'k', 2, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');

export const topKAccuracyMetric: ClassificationReportMetric = {
  name: 'top_k_accuracy',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Share of rows whose true class is among the k most probable ones.',
  reference: 'sklearn.metrics.top_k_accuracy_score(y_true, proba, k=k, labels=classes, sample_weight=w)',
  compute: (data) => orNaN(() => topKAccuracy(prepareClassification(data), 2)),
  // With two classes top-2 is always 1 and top-1 is accuracy: listed for three classes or more.
  applicable: (task, info) => task === 'multiclass' && info.k > 2,
  variants: (_task, info, options) => options.topK.filter((t) => t < info.k).map((t) => ({ k: t })),
  evaluate: (input, params) => topKAccuracy(input, kOf(params)),
};
