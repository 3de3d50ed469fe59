import type { Task } from '../spec/types.ts';
import type { ClfCurveCounts } from './binary-clf-curve.ts';

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

/*
 * The full report (computeReport): every metric that applies to a task, in each variant worth
 * showing (averages, betas, quantiles...), optionally sample-weighted. A report metric is also a
 * MetricDef: its `compute` is the metric with default params, unweighted, NaN when undefined.
 */

/** Params of one variant, e.g. {average: 'macro'} or {alpha: 0.9}. Class params are indices. */
export type MetricParams = Readonly<Record<string, string | number | boolean>>;

/** What decides which metrics and variants a report lists. */
export interface ReportInfo {
  /** Number of classes (0 for regression). */
  k: number;
  /** Class labels in index order, when the caller knows them. */
  classes?: readonly string[];
}

/** Caller choices for the report; every field has a default. */
export interface ReportOptions {
  /** Positive class of a binary task (a class index, or a label found in `classes`). Default: index 1. */
  posLabel?: number | string;
  /** Betas reported for fbeta. Default [0.5, 2] (beta = 1 is `f1`). */
  betas?: readonly number[];
  /** k values for top_k_accuracy (multiclass only; values >= the class count are skipped). Default [2, 3, 5]. */
  topK?: readonly number[];
  /** Quantiles reported for pinball_loss. Default [0.1, 0.5, 0.9]. */
  quantiles?: readonly number[];
  /** Equal-width bins of expected_calibration_error. Default 10. */
  nBins?: number;
}

export interface ResolvedReportOptions {
  posLabel: number;
  betas: readonly number[];
  topK: readonly number[];
  quantiles: readonly number[];
  nBins: number;
}

/**
 * Classification data checked once for a report, with what several metrics share: the argmax
 * predictions, the weighted confusion matrix and which classes occur at all.
 */
export interface PreparedClassification {
  data: ClassificationData;
  n: number;
  k: number;
  /** Validated sample weights (finite, >= 0), or undefined for all-ones. */
  weights: Float64Array | undefined;
  /** Sum of the weights (n when unweighted); > 0. */
  totalWeight: number;
  /** argmax of each proba row (lowest index on ties). */
  pred: Int32Array;
  /** k*k weighted confusion matrix, row-major: cm[t*k + p]. */
  cm: Float64Array;
  /** 1 where the class occurs in y_true or the predictions, whatever its weight: sklearn's unique_labels(y_true, y_pred). */
  seen: Uint8Array;
  /** 1 where the class occurs in y_true, whatever its weight (what sklearn's "only one class" checks look at). */
  inTruth: Uint8Array;
  /** Weighted threshold counts of "class c vs the rest" scored by proba[:, c]; made once per class (ROC AUC and AP share them). */
  curve(c: number): ClfCurveCounts;
  /** true: every proba value is known to lie in [0, 1] (rows resampled from data checked once), so Brier and ECE need not check again. */
  probabilities?: boolean;
}

export interface PreparedRegression {
  data: RegressionData;
  n: number;
  weights: Float64Array | undefined;
  totalWeight: number;
}

interface ReportFields {
  /** The scikit-learn call this reproduces, or how it is defined where sklearn has none. */
  reference: string;
  /** Whether the report lists this metric for the task at all. */
  applicable(task: Task, info: ReportInfo): boolean;
  /** The param sets the report lists, in order (one empty object for a metric without params). */
  variants(task: Task, info: ReportInfo, options: ResolvedReportOptions): MetricParams[];
}

/** `evaluate` returns a finite number or throws: MetricUnavailable (undefined here, with the reason) or RangeError (bad input). */
export interface ClassificationReportMetric extends ClassificationMetric, ReportFields {
  evaluate(input: PreparedClassification, params: MetricParams): number;
}

export interface RegressionReportMetric extends RegressionMetric, ReportFields {
  evaluate(input: PreparedRegression, params: MetricParams): number;
}

export type ReportMetric = ClassificationReportMetric | RegressionReportMetric;

/** One line of a report. */
export interface ReportEntry {
  /** Registry name (`precision`). */
  name: string;
  /** Unique within a report: the name plus its params, e.g. `precision(average=macro)`. */
  key: string;
  params: MetricParams;
  /** null when the metric is undefined for this data; `reason` says why. */
  value: number | null;
  reason?: string;
  higherIsBetter: boolean;
}

/** sklearn.metrics.roc_curve output (drop_intermediate=False). thresholds[0] is +Infinity. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}
