import type { Task } from '../spec/types.ts';

export type { Task };

/**
 * Classifier output on n rows. `proba` is row-major n*k (row i = P(class 0..k-1 | x_i)),
 * the layout a softmax produces, so no copy is needed between model and metrics.
 */
export interface ClassificationData {
  /** True class index 0..k-1 per row (sklearn's sorted label order). */
  yTrue: Int32Array;
  /** n*k probabilities, row-major; rows sum to ~1. */
  proba: Float64Array;
  /** Number of classes (columns of `proba`), >= 2. */
  k: number;
}

/** Regressor output on n rows. */
export interface RegressionData {
  yTrue: Float64Array;
  yPred: Float64Array;
}

/** Which kind of data a metric reads. */
export type MetricTask = 'classification' | 'regression';

interface MetricBase {
  /** scikit-learn's name in snake_case (`roc_auc`, `f1_macro`); the registry key. */
  name: string;
  /** True for scores (accuracy), false for losses/errors (log_loss, rmse): tells search which way to optimise. */
  higherIsBetter: boolean;
  /** One sentence for tooltips and model cards. */
  describe: string;
}

export interface ClassificationMetric extends MetricBase {
  task: 'classification';
  compute(data: ClassificationData): number;
}

export interface RegressionMetric extends MetricBase {
  task: 'regression';
  compute(data: RegressionData): number;
}

/** A registry entry. Undefined values (e.g. AUC with one class present) are NaN, never a throw. */
export type MetricDef = ClassificationMetric | RegressionMetric;

/** sklearn.metrics.roc_curve output (drop_intermediate=False). thresholds[0] is +Infinity. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}
