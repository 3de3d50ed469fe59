import { accuracyMetric } from './accuracy.ts';
import { balancedAccuracyMetric } from './balanced-accuracy.ts';
import { f1MacroMetric } from './f1-macro.ts';
import { logLossMetric } from './log-loss.ts';
import { maeMetric } from './mae.ts';
import { mseMetric } from './mse.ts';
import { precisionMacroMetric } from './precision-macro.ts';
import { r2Metric } from './r2.ts';
import { recallMacroMetric } from './recall-macro.ts';
import { rmseMetric } from './rmse.ts';
import { rocAucMetric } from './roc-auc.ts';
import type {
  ClassificationData,
  ClassificationMetric,
  MetricDef,
  MetricTask,
  RegressionData,
  RegressionMetric,
  Task,
} from './types.ts';

/*
 * The one place metrics are registered. Order matters: computeMetrics reports keys in this
 * order, so run records, tables and CSV exports list metrics the same way every time.
 * Keys are strings (never function or class names, which minification rewrites).
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

export const CLASSIFICATION_METRICS = classification;
export const REGRESSION_METRICS = regression;

const byName: ReadonlyMap<string, MetricDef> = new Map<string, MetricDef>(
  [...classification, ...regression].map((m) => [m.name, m]),
);

/** Every registered metric name, in report order. */
export function metricNames(task?: MetricTask): string[] {
  const list: readonly MetricDef[] =
    task === 'classification' ? classification : task === 'regression' ? regression : [...classification, ...regression];
  return list.map((m) => m.name);
}

/** Looks a metric up by its snake_case name; undefined if there is none. */
export function findMetric(name: string): MetricDef | undefined {
  return byName.get(name);
}

/** Looks a metric up by its snake_case name; throws, listing the known names, if there is none. */
export function getMetric(name: string): MetricDef {
  const m = byName.get(name);
  if (!m) throw new RangeError(`Unknown metric "${name}". Known metrics: ${metricNames().join(', ')}.`);
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
