/**
 * held-out-report.ts's report, computed the same way (computeReport, then one stratified
 * percentile bootstrap of every defined metric with the same options) but on any subset of a
 * run's prediction rows, for any set of predicted values (the model's or the baseline's), and
 * yielding to the event loop between resamples so a worker can cancel it and show progress.
 * The numbers equal heldOutReports' for the same rows (tests check it).
 */
import type { ProgressFn, CancelToken } from '../../jobs.ts';
import type { Task } from '../../spec/types.ts';
import type { HeldOutReport } from '../held-out-report.ts';
import { computeReport } from '../report.ts';
import type { ClassificationData, RegressionData } from '../types.ts';
import { bootstrapCi } from '../uncertainty/bootstrap-ci.ts';
import type { EvaluationRows } from './types.ts';

/** What of a run's predictions the evaluation reads (Predictions and RunArtifacts both fit). */
export interface PredictionRows {
  row: Int32Array;
  fold: Int32Array;
  yTrue: Int32Array | Float64Array;
  values: Float64Array;
  width: number;
}

/**
 * Positions of the rows an evaluation uses: held-out rows (folds >= 0; under repeated CV the
 * first prediction of each table row, as heldOutReports pools them) or the locked final test
 * set (fold -1).
 */
export function pooledRows(p: PredictionRows, rows: EvaluationRows): number[] {
  const keep = rows === 'final-test' ? (f: number) => f < 0 : (f: number) => f >= 0;
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < p.row.length; i++) {
    if (!keep(p.fold[i]!) || seen.has(p.row[i]!)) continue;
    seen.add(p.row[i]!);
    out.push(i);
  }
  return out;
}

/** The rows `idx` as metric input; `values` defaults to the model's predictions. */
export function evalDataAt(p: PredictionRows, idx: readonly number[], task: Task, values: Float64Array = p.values): ClassificationData | RegressionData {
  if (task === 'regression') {
    return { yTrue: Float64Array.from(idx, (i) => p.yTrue[i]!), yPred: Float64Array.from(idx, (i) => values[i]!) };
  }
  const k = p.width;
  const proba = new Float64Array(idx.length * k);
  idx.forEach((i, r) => proba.set(values.subarray(i * k, (i + 1) * k), r * k));
  return { yTrue: Int32Array.from(idx, (i) => p.yTrue[i]!), proba, k };
}

export interface HeldOutAsyncOptions {
  task: Task;
  classes?: readonly string[];
  seed: number;
  resamples?: number;
  level?: number;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

/** The report of already gathered data. */
export async function reportOf(data: ClassificationData | RegressionData, opts: HeldOutAsyncOptions): Promise<HeldOutReport> {
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const entries = computeReport(data, { task: opts.task, ...(opts.classes ? { classes: opts.classes } : {}) });
  const defined = entries.filter((e) => e.value !== null);
  const intervals =
    defined.length === 0
      ? []
      : (
          await bootstrapCi(
            data,
            defined.map((e) => ({ name: e.name, params: e.params })),
            {
              resamples,
              level,
              seed: opts.seed,
              stratify: opts.task !== 'regression',
              ...(opts.cancel ? { cancel: opts.cancel } : {}),
              ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
            },
          )
        ).intervals;
  const byKey = new Map(intervals.map((c) => [c.key, c]));
  return {
    rows: data.yTrue.length,
    level,
    resamples,
    seed: opts.seed,
    metrics: entries.map((e) => {
      const c = byKey.get(e.key);
      return {
        key: e.key,
        value: e.value,
        ...(e.reason ? { reason: e.reason } : {}),
        ci: c && c.low !== null && c.high !== null ? [c.low, c.high] : null,
      };
    }),
  };
}

/** The held-out report of rows `idx` (model values, or `values`). */
export function heldOutReportAsync(
  p: PredictionRows,
  idx: readonly number[],
  opts: HeldOutAsyncOptions & { values?: Float64Array },
): Promise<HeldOutReport> {
  return reportOf(evalDataAt(p, idx, opts.task, opts.values), opts);
}
