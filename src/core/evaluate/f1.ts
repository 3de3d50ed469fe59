import { averageVariants, prfMetric } from './precision-recall-fscore.ts';

/** sklearn.metrics.f1_score: F-beta with beta = 1; see precisionRecallFscore. */
export const f1Metric = prfMetric({
  name: 'f1',
  part: 'fscore',
  describe: 'Harmonic mean of precision and recall (averaged as the params say).',
  reference: 'sklearn.metrics.f1_score(y_true, y_pred, average=average, pos_label=pos_label, sample_weight=w)',
  beta: () => 1,
  variants: averageVariants,
});
