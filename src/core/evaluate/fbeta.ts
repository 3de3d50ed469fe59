import { numberParam } from './params.ts';
import { averageVariants, prfMetric } from './precision-recall-fscore.ts';

/**
 * sklearn.metrics.fbeta_score: recall counts beta times as much as precision. sklearn has no
 * default beta; here it is 1 (so `compute` equals f1), and the report lists options.betas.
 */
export const fbetaMetric = prfMetric({
  name: 'fbeta',
  part: 'fscore',
  describe: 'Weighted harmonic mean of precision and recall; beta > 1 favours recall, beta < 1 precision.',
  reference: 'sklearn.metrics.fbeta_score(y_true, y_pred, beta=beta, average=average, pos_label=pos_label, sample_weight=w)',
  beta: (params) => numberParam(params, 'beta', 1, (v) => Number.isFinite(v) && v >= 0, 'a finite number >= 0'),
  variants: (task, info, options) =>
    options.betas.flatMap((beta) => averageVariants(task, info, options).map((p) => ({ beta, ...p }))),
});
