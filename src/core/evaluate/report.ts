/**
 * The full metric report: every metric that applies to a task, in each variant worth showing,
 * optionally sample-weighted, each checked against scikit-learn 1.2.1
 * (tests/fixtures/sklearn/metrics-v2.json). Training runs keep recording the default set
 * (computeMetrics); this is the on-demand, wider view.
 *
 * A report never fails because one metric is undefined for the data (one class in a fold,
 * zero weights...): that entry gets `value: null` and a `reason`. It throws only on a call
 * that cannot make sense (data of the wrong kind for the task, invalid options) and on
 * cancellation.
 *
 * Undefined cases, per metric (details in each module), following scikit-learn 1.2.1:
 *   zero_division -> 0 (precision / recall / F / fbeta, as zero_division='warn');
 *   matthews_corrcoef with one true or one predicted class -> 0 (sklearn's 0.0);
 *   average_precision with no positive -> 0 (sklearn sets recall to 1);
 *   r2 / explained_variance with a constant y_true -> 0, or 1 when the predictions are exact
 *   (explained_variance: when the residuals are constant) (force_finite=True);
 *   mape with y_true = 0 divides by machine epsilon.
 * Unavailable (null + reason): roc_auc with one class in y_true, or a class absent (sklearn
 * raises) or all of one class weighing zero (nan); multiclass roc_auc on rows not summing to 1
 * (raises); cohen_kappa with a single class
 * used (nan); adjusted balanced_accuracy with one class (-inf / nan); r2 on one row (nan);
 * log_loss / brier_score / expected_calibration_error with a probability outside [0, 1];
 * no rows, or sample weights summing to zero (np.average raises).
 */
import { throwIfCancelled, yieldToEventLoop, type CancelToken, type ProgressFn } from '../jobs.ts';
import { MetricUnavailable } from './metric-unavailable.ts';
import { prepareClassification, prepareRegression } from './prepare.ts';
import { getReportMetric, REPORT_METRICS } from './registry.ts';
import type {
  ClassificationData,
  MetricParams,
  PreparedClassification,
  PreparedRegression,
  RegressionData,
  ReportEntry,
  ReportInfo,
  ReportMetric,
  ReportOptions,
  ResolvedReportOptions,
  Task,
} from './types.ts';

export interface ReportRequest {
  task: Task;
  /** Class labels in index order (lets options.posLabel name a class). */
  classes?: readonly string[];
  /** One weight per row, finite and >= 0 (sklearn's sample_weight). */
  sampleWeight?: ArrayLike<number>;
  options?: ReportOptions;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

/** `name` alone, or `name(k=v, ...)` in param order: unique within a report. */
export function entryKey(name: string, params: MetricParams): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? name : `${name}(${parts.join(', ')})`;
}

function reasonOf(e: unknown): string {
  if (e instanceof MetricUnavailable) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

function checkList(name: string, values: readonly number[], ok: (v: number) => boolean, rule: string): readonly number[] {
  for (const v of values) if (!ok(v)) throw new RangeError(`computeReport: options.${name} must hold ${rule}; got ${v}.`);
  return values;
}

/** Fills option defaults and resolves posLabel (index or class label) to a class index. */
export function resolveReportOptions(info: ReportInfo, options: ReportOptions = {}): ResolvedReportOptions {
  let posLabel = 1;
  if (typeof options.posLabel === 'string') {
    posLabel = info.classes?.indexOf(options.posLabel) ?? -1;
    if (posLabel < 0) throw new RangeError(`computeReport: posLabel "${options.posLabel}" is not one of the classes (${(info.classes ?? []).join(', ')}).`);
  } else if (options.posLabel !== undefined) {
    posLabel = options.posLabel;
    if (!Number.isInteger(posLabel) || posLabel < 0 || (info.k > 0 && posLabel >= info.k)) {
      throw new RangeError(`computeReport: posLabel ${posLabel} is not a class index in 0..${info.k - 1}.`);
    }
  }
  const nBins = options.nBins ?? 10;
  if (!Number.isInteger(nBins) || nBins < 1) throw new RangeError(`computeReport: options.nBins must be an integer >= 1; got ${nBins}.`);
  return {
    posLabel,
    betas: checkList('betas', options.betas ?? [0.5, 2], (v) => Number.isFinite(v) && v >= 0, 'finite numbers >= 0'),
    topK: checkList('topK', options.topK ?? [2, 3, 5], (v) => Number.isInteger(v) && v >= 1, 'integers >= 1'),
    quantiles: checkList('quantiles', options.quantiles ?? [0.1, 0.5, 0.9], (v) => v >= 0 && v <= 1, 'quantiles in [0, 1]'),
    nBins,
  };
}

type Prepared = { kind: 'classification'; input: PreparedClassification } | { kind: 'regression'; input: PreparedRegression };

function infoFor(task: Task, data: ClassificationData | RegressionData, classes?: readonly string[]): ReportInfo {
  if (task === 'regression') {
    if (!('yPred' in data)) throw new TypeError('computeReport: a regression task needs {yTrue, yPred}.');
    return { k: 0 };
  }
  if (!('proba' in data)) throw new TypeError(`computeReport: a ${task} task needs {yTrue, proba, k}.`);
  if (task === 'binary' && data.k !== 2) throw new RangeError(`computeReport: task "binary" needs k = 2, got k = ${data.k}.`);
  if (classes && classes.length !== data.k) throw new RangeError(`computeReport: ${classes.length} class labels for k = ${data.k}.`);
  return classes ? { k: data.k, classes } : { k: data.k };
}

/** Prepares once; a failure (malformed data, zero weights) becomes every entry's reason. */
function prepare(data: ClassificationData | RegressionData, sampleWeight?: ArrayLike<number>): Prepared | { failed: string } {
  try {
    return 'proba' in data
      ? { kind: 'classification', input: prepareClassification(data, sampleWeight) }
      : { kind: 'regression', input: prepareRegression(data, sampleWeight) };
  } catch (e) {
    return { failed: reasonOf(e) };
  }
}

function entry(metric: ReportMetric, params: MetricParams, prepared: Prepared | { failed: string }): ReportEntry {
  const base = { name: metric.name, key: entryKey(metric.name, params), params, higherIsBetter: metric.higherIsBetter };
  if ('failed' in prepared) return { ...base, value: null, reason: prepared.failed };
  try {
    let value: number;
    if (metric.task === 'classification' && prepared.kind === 'classification') value = metric.evaluate(prepared.input, params);
    else if (metric.task === 'regression' && prepared.kind === 'regression') value = metric.evaluate(prepared.input, params);
    else return { ...base, value: null, reason: `${metric.name} is a ${metric.task} metric` };
    if (!Number.isFinite(value)) return { ...base, value: null, reason: `the value is not finite (${value})` };
    return { ...base, value };
  } catch (e) {
    return { ...base, value: null, reason: reasonOf(e) };
  }
}

/** The report as steps: one yield per metric, so a sync and an async runner share it. */
function* reportSteps(data: ClassificationData | RegressionData, req: ReportRequest, out: ReportEntry[]): Generator<void> {
  const info = infoFor(req.task, data, req.classes);
  const options = resolveReportOptions(info, req.options);
  const metrics = REPORT_METRICS.filter((m) => m.applicable(req.task, info));
  const prepared = prepare(data, req.sampleWeight);
  for (let i = 0; i < metrics.length; i++) {
    throwIfCancelled(req.cancel);
    const m = metrics[i] as ReportMetric;
    for (const params of m.variants(req.task, info, options)) out.push(entry(m, params, prepared));
    req.onProgress?.({ phase: 'evaluate', fraction: (i + 1) / metrics.length, message: m.name });
    yield;
  }
}

/**
 * Every applicable metric and variant, in registry order. Classification data is
 * {yTrue, proba, k} (argmax gives the predicted class), regression {yTrue, yPred}.
 */
export function computeReport(data: ClassificationData | RegressionData, req: ReportRequest): ReportEntry[] {
  const out: ReportEntry[] = [];
  const steps = reportSteps(data, req, out);
  while (!steps.next().done) {
    // each step appends one metric's entries to `out`
  }
  return out;
}

/** computeReport that lets the event loop in between metrics, so a cancel request can land on big tables. */
export async function computeReportAsync(data: ClassificationData | RegressionData, req: ReportRequest): Promise<ReportEntry[]> {
  const out: ReportEntry[] = [];
  const steps = reportSteps(data, req, out);
  while (!steps.next().done) await yieldToEventLoop();
  throwIfCancelled(req.cancel);
  return out;
}

/**
 * One metric in one variant, the way the report computes it (never throws for undefined
 * values: the entry says why). Ignores applicability, so e.g. top_k_accuracy can be asked
 * of a binary task.
 */
export function evaluateMetric(
  name: string,
  data: ClassificationData | RegressionData,
  opts: { params?: MetricParams; sampleWeight?: ArrayLike<number> } = {},
): ReportEntry {
  return entry(getReportMetric(name), opts.params ?? {}, prepare(data, opts.sampleWeight));
}

/** entries -> { key: value } for tables and exports (null where unavailable). */
export function reportRecord(entries: readonly ReportEntry[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const e of entries) out[e.key] = e.value;
  return out;
}
