import { forClassification, noParams } from './applicability.ts';
import { checkClassification } from './check-input.ts';
import { weightedMean } from './prepare.ts';
import { predictedClasses } from './predicted-classes.ts';
import type { ClassificationData, ClassificationReportMetric, PreparedClassification } from './types.ts';

/** sklearn.metrics.accuracy_score(y_true, argmax(proba)). NaN for no rows. */
export function accuracy(data: ClassificationData): number {
  const n = checkClassification(data);
  if (n === 0) return NaN;
  const pred = predictedClasses(data);
  let hits = 0;
  for (let i = 0; i < n; i++) if (pred[i] === data.yTrue[i]) hits++;
  return hits / n;
}

/** accuracy_score(y_true, y_pred, sample_weight=w): the weighted share of rows predicted right. */
export function weightedAccuracy(input: PreparedClassification): number {
  const { pred } = input;
  const { yTrue } = input.data;
  return weightedMean(input, (i) => (pred[i] === yTrue[i] ? 1 : 0));
}

export const accuracyMetric: ClassificationReportMetric = {
  name: 'accuracy',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Share of rows whose most probable class is the true class.',
  reference: 'sklearn.metrics.accuracy_score(y_true, y_pred, sample_weight=w)',
  compute: accuracy,
  applicable: forClassification,
  variants: noParams,
  evaluate: (input) => weightedAccuracy(input),
};

