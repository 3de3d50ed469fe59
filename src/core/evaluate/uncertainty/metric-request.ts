import { MetricUnavailable } from '../metric-unavailable.ts';
import { prepareClassification, prepareRegression, type KnownRows } from '../prepare.ts';
import { getReportMetric } from '../registry.ts';
import { entryKey } from '../report.ts';
import type { ClassificationData, MetricParams, PreparedClassification, PreparedRegression, RegressionData, ReportMetric } from '../types.ts';

/** A report metric by name (default params) or with params, e.g. {name: 'f1', params: {average: 'macro'}}. */
export type MetricRequest = string | { name: string; params?: MetricParams };

export interface ResolvedMetric {
  name: string;
  /** The report key (`f1(average=macro)`), unique per name + params. */
  key: string;
  params: MetricParams;
  higherIsBetter: boolean;
  metric: ReportMetric;
}

export type EvalData = ClassificationData | RegressionData;

export function isClassification(data: EvalData): data is ClassificationData {
  return 'proba' in data;
}

/**
 * Resolves names to report metrics and checks they fit the data's kind up front: asking a
 * regression metric of classifier output is a programming error, not an undefined value.
 */
export function resolveMetrics(requests: MetricRequest | readonly MetricRequest[], data: EvalData): ResolvedMetric[] {
  const list = typeof requests === 'string' || !Array.isArray(requests) ? [requests as MetricRequest] : (requests as readonly MetricRequest[]);
  if (list.length === 0) throw new RangeError('No metric requested: name at least one report metric.');
  const task = isClassification(data) ? 'classification' : 'regression';
  const seen = new Set<string>();
  return list.map((r) => {
    const name = typeof r === 'string' ? r : r.name;
    const params = typeof r === 'string' ? {} : (r.params ?? {});
    const metric = getReportMetric(name);
    if (metric.task !== task) throw new RangeError(`${name} is a ${metric.task} metric; the data is ${task} output.`);
    const key = entryKey(name, params);
    if (seen.has(key)) throw new RangeError(`Metric ${key} is requested twice.`);
    seen.add(key);
    return { name, key, params, higherIsBetter: metric.higherIsBetter, metric };
  });
}

export type Prepared = PreparedClassification | PreparedRegression;

/** Prepares once for several metrics; null when the data itself leaves every metric undefined (no rows, zero weights). */
export function tryPrepare(data: EvalData, weights?: ArrayLike<number>, known?: KnownRows): Prepared | null {
  try {
    return isClassification(data) ? prepareClassification(data, weights, known) : prepareRegression(data, weights);
  } catch (e) {
    if (e instanceof MetricUnavailable) return null;
    throw e;
  }
}

/** The metric on prepared data, as the report computes it; NaN where the report would say null. */
export function evaluatePrepared(m: ResolvedMetric, prepared: Prepared | null): number {
  if (prepared === null) return NaN;
  try {
    const v =
      m.metric.task === 'classification'
        ? m.metric.evaluate(prepared as PreparedClassification, m.params)
        : m.metric.evaluate(prepared as PreparedRegression, m.params);
    return Number.isFinite(v) ? v : NaN;
  } catch (e) {
    if (e instanceof MetricUnavailable) return NaN;
    throw e;
  }
}
