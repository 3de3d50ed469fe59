import { averageVariants, prfMetric } from './precision-recall-fscore.ts';

/** sklearn.metrics.recall_score; see precisionRecallFscore for averaging and zero division. */
export const recallMetric = prfMetric({
  name: 'recall',
  part: 'recall',
  describe: 'Of the rows of a class, the share predicted as it (averaged as the params say).',
  reference: 'sklearn.metrics.recall_score(y_true, y_pred, average=average, pos_label=pos_label, sample_weight=w)',
  beta: () => 1,
  variants: averageVariants,
});
