import { checkClassification } from './check-input.ts';
import { predictedClasses } from './predicted-classes.ts';
import type { ClassificationData, ClassificationMetric } from './types.ts';

/** sklearn.metrics.accuracy_score(y_true, argmax(proba)). NaN for no rows. */
export function accuracy(data: ClassificationData): number {
  const n = checkClassification(data);
  if (n === 0) return NaN;
  const pred = predictedClasses(data);
  let hits = 0;
  for (let i = 0; i < n; i++) if (pred[i] === data.yTrue[i]) hits++;
  return hits / n;
}

export const accuracyMetric: ClassificationMetric = {
  name: 'accuracy',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Share of rows whose most probable class is the true class.',
  compute: accuracy,
};
