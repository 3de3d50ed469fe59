import { accuracyMetric } from './accuracy.ts';
import { averagePrecisionMetric } from './average-precision.ts';
import { balancedAccuracyMetric } from './balanced-accuracy.ts';
import { brierScoreMetric } from './brier-score.ts';
import { cohenKappaMetric } from './cohen-kappa.ts';
import { expectedCalibrationErrorMetric } from './expected-calibration-error.ts';
import { explainedVarianceMetric } from './explained-variance.ts';
import { f1Metric } from './f1.ts';
import { f1MacroMetric } from './f1-macro.ts';
import { fbetaMetric } from './fbeta.ts';
import { logLossMetric } from './log-loss.ts';
import { maeMetric } from './mae.ts';
import { mapeMetric } from './mape.ts';
import { matthewsCorrcoefMetric } from './matthews-corrcoef.ts';
import { maxErrorMetric } from './max-error.ts';
import { medianAbsoluteErrorMetric } from './median-absolute-error.ts';
import { mseMetric } from './mse.ts';
import { pinballLossMetric } from './pinball-loss.ts';
import { precisionMetric } from './precision.ts';
import { precisionMacroMetric } from './precision-macro.ts';
import { r2Metric } from './r2.ts';
import { recallMetric } from './recall.ts';
import { recallMacroMetric } from './recall-macro.ts';
import { rmseMetric } from './rmse.ts';
import { rocAucMetric } from './roc-auc.ts';
import { topKAccuracyMetric } from './top-k-accuracy.ts';
import type {
  ClassificationData,
  ClassificationMetric,
  MetricDef,
  MetricTask,
  RegressionData,
  RegressionMetric,
  ReportMetric,
  Task,
} from './types.ts';

/*
 * The one place metrics are registered. Order matters: computeMetrics reports keys in this
 * order, so run records, tables and CSV exports list metrics the same way every time.
 * Keys are strings (never function or class names, which minification rewrites).
 *
 * Two lists per task:
 *  - the default set, what every training run records (computeMetrics). Golden tests and the
 *    UI read it: do not change its members or their order.
 *  - the report set (computeReport): every metric with its variants and sample weights. It
 *    shares the default metrics that have report support (the same objects), and replaces
 *    f1_macro / precision_macro / recall_macro by f1 / precision / recall with an `average`.
 */
const classification: readonly ClassificationMetric[] = [
  accuracyMetric,
  balancedAccuracyMetric,
  rocAucMetric,
  logLossMetric,
  f1MacroMetric,
  precisionMacroMetric,
  recallMacroMetric,
];

const regression: readonly RegressionMetric[] = [rmseMetric, maeMetric, r2Metric, mseMetric];

const report: readonly ReportMetric[] = [
  accuracyMetric,
  balancedAccuracyMetric,
  rocAucMetric,
  logLossMetric,
  f1Metric,
  precisionMetric,
  recallMetric,
  fbetaMetric,
  averagePrecisionMetric,
  brierScoreMetric,
  expectedCalibrationErrorMetric,
  matthewsCorrcoefMetric,
  cohenKappaMetric,
  topKAccuracyMetric,
  rmseMetric,
  maeMetric,
  r2Metric,
  mseMetric,
  explainedVarianceMetric,
  mapeMetric,
  medianAbsoluteErrorMetric,
  maxErrorMetric,
  pinballLossMetric,
];

export const CLASSIFICATION_METRICS = classification;
export const REGRESSION_METRICS = regression;
/** Every report metric, classification first, in report order. */
export const REPORT_METRICS = report;

const byName: ReadonlyMap<string, MetricDef> = new Map<string, MetricDef>(
  [...classification, ...regression, ...report].map((m) => [m.name, m]),
);
const reportByName: ReadonlyMap<string, ReportMetric> = new Map(report.map((m) => [m.name, m]));

/** The default-set metric names (what computeMetrics reports), in report order. */
export function metricNames(task?: MetricTask): string[] {
  const list: readonly MetricDef[] =
    task === 'classification' ? classification : task === 'regression' ? regression : [...classification, ...regression];
  return list.map((m) => m.name);
}

/** The report metric names (what computeReport may list), in report order. */
export function reportMetricNames(task?: MetricTask): string[] {
  return report.filter((m) => task === undefined || m.task === task).map((m) => m.name);
}

/** Every registered name: the default set, then the report-only metrics. */
function allNames(): string[] {
  return [...byName.keys()];
}

/**
 * Looks a metric up by its snake_case name (default set or report); undefined if there is
 * none. `compute` of a report metric uses its default params, unweighted.
 */
export function findMetric(name: string): MetricDef | undefined {
  return byName.get(name);
}

/** Looks a metric up by its snake_case name; throws, listing the known names, if there is none. */
export function getMetric(name: string): MetricDef {
  const m = byName.get(name);
  if (!m) throw new RangeError(`Unknown metric "${name}". Known metrics: ${allNames().join(', ')}.`);
  return m;
}

/** A report metric (with applicable / variants / evaluate) by name; throws if there is none. */
export function getReportMetric(name: string): ReportMetric {
  const m = reportByName.get(name);
  if (!m) throw new RangeError(`Unknown report metric "${name}". Report metrics: ${reportMetricNames().join(', ')}.`);
  return m;
}

/**
 * Every registered metric for a task, keyed by snake_case name in registry order:
 *   binary / multiclass: accuracy, balanced_accuracy, roc_auc, log_loss, f1_macro,
 *                        precision_macro, recall_macro
 *   regression:          rmse, mae, r2, mse
 * Undefined values (e.g. roc_auc with one class present) are NaN; malformed input throws.
 */
export function computeMetrics(task: 'binary' | 'multiclass', data: ClassificationData): Record<string, number>;
export function computeMetrics(task: 'regression', data: RegressionData): Record<string, number>;
export function computeMetrics(task: Task, data: ClassificationData | RegressionData): Record<string, number>;
export function computeMetrics(task: Task, data: ClassificationData | RegressionData): Record<string, number> {
  const out: Record<string, number> = {};
  if (task === 'regression') {
    if (!('yPred' in data)) throw new TypeError('computeMetrics: a regression task needs {yTrue, yPred}.');
    for (const m of regression) out[m.name] = m.compute(data);
    return out;
  }
  if (!('proba' in data)) throw new TypeError(`computeMetrics: a ${task} task needs {yTrue, proba, k}.`);
  // A binary task scored with k != 2 means the class list and the model disagree.
  if (task === 'binary' && data.k !== 2) throw new RangeError(`computeMetrics: task "binary" needs k = 2, got k = ${data.k}.`);
  for (const m of classification) out[m.name] = m.compute(data);
  return out;
}
