/**
 * held-out-report.ts's report, computed the same way (computeReport, then one stratified
 * percentile bootstrap of every defined metric with the same options) for any set of predicted
 * values (the model's or the baseline's), yielding to the event loop between resamples so a
 * worker can cancel it and show progress. The numbers equal heldOutReports' for the same rows
 * (tests check it).
 */
import type { ProgressFn, CancelToken } from '../../jobs.ts';
import type { Task } from '../../spec/types.ts';
import { assembleReport, definedMetrics, evalDataAt, type HeldOutReport, type PredictionRows } from '../held-out-report.ts';
import { computeReport } from '../report.ts';
import type { ClassificationData, RegressionData } from '../types.ts';
import { bootstrapCi } from '../uncertainty/bootstrap-ci.ts';

export { evalDataAt, pooledRows, type PredictionRows } from '../held-out-report.ts';

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
  const metrics = definedMetrics(entries);
  const intervals =
    metrics.length === 0
      ? []
      : (
          await bootstrapCi(data, metrics, {
            resamples,
            level,
            seed: opts.seed,
            stratify: opts.task !== 'regression',
            ...(opts.cancel ? { cancel: opts.cancel } : {}),
            ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
          })
        ).intervals;
  return assembleReport(entries, intervals, { rows: data.yTrue.length, level, resamples, seed: opts.seed });
}

/** The held-out report of rows `idx` (model values, or `values`). */
export function heldOutReportAsync(
  p: PredictionRows,
  idx: readonly number[],
  opts: HeldOutAsyncOptions & { values?: Float64Array },
): Promise<HeldOutReport> {
  return reportOf(evalDataAt(p, idx, opts.task, opts.values), opts);
}
