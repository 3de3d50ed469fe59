import { averageVariants, prfMetric } from './precision-recall-fscore.ts';

/** sklearn.metrics.precision_score; see precisionRecallFscore for averaging and zero division. */
export const precisionMetric = prfMetric({
  name: 'precision',
  part: 'precision',
  describe: 'Of the rows predicted as a class, the share that truly are (averaged as the params say).',
  reference: 'sklearn.metrics.precision_score(y_true, y_pred, average=average, pos_label=pos_label, sample_weight=w)',
  beta: () => 1,
  variants: averageVariants,
});
