/**
 * Every applicable metric of a finished experiment, computed from its held-out predictions
 * (the same rows `--predictions-out` writes, so anyone can recompute them), each with a seeded
 * percentile bootstrap interval. Under cross-validation the out-of-fold predictions are pooled,
 * one per row (the first repeat when folds are repeated); the locked final test set is reported
 * apart, never pooled with the folds.
 */
import type { CancelToken } from '../jobs.ts';
import type { Task } from '../spec/types.ts';
import type { Predictions } from '../train/run-experiment.ts';
import { computeReport } from './report.ts';
import type { ClassificationData, RegressionData, ReportEntry } from './types.ts';
import { bootstrapCiSync, type BootstrapInterval } from './uncertainty/bootstrap-ci.ts';

export interface HeldOutMetric {
  key: string;
  value: number | null;
  /** Why value is null (e.g. one class present). */
  reason?: string;
  /** Percentile bootstrap interval at `level`; null when the metric was undefined in every resample. */
  ci: [number, number] | null;
}

export interface HeldOutReport {
  rows: number;
  level: number;
  resamples: number;
  seed: number;
  metrics: HeldOutMetric[];
}

export interface HeldOutOptions {
  task: Task;
  classes?: readonly string[];
  /** Bootstrap resamples (default 1000) and seed (default: the experiment's). */
  resamples?: number;
  seed: number;
  level?: number;
  cancel?: CancelToken;
}

/** What of a run's predictions a held-out report reads (Predictions and stored RunArtifacts both fit). */
export interface PredictionRows {
  row: Int32Array;
  fold: Int32Array;
  yTrue: Int32Array | Float64Array;
  values: Float64Array;
  width: number;
}

/**
 * Positions of the rows a report uses: held-out rows (folds >= 0; under repeated CV the first
 * prediction of each table row) or the locked final test set (fold -1).
 */
export function pooledRows(p: PredictionRows, rows: 'held-out' | 'final-test'): number[] {
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

/** The rows `idx` as metric input; `values` defaults to the model's predictions (pass the baseline's to report it). */
export function evalDataAt(p: PredictionRows, idx: readonly number[], task: Task, values: Float64Array = p.values): ClassificationData | RegressionData {
  if (task === 'regression') {
    return { yTrue: Float64Array.from(idx, (i) => p.yTrue[i]!), yPred: Float64Array.from(idx, (i) => values[i]!) };
  }
  const k = p.width;
  const proba = new Float64Array(idx.length * k);
  idx.forEach((i, r) => proba.set(values.subarray(i * k, (i + 1) * k), r * k));
  return { yTrue: Int32Array.from(idx, (i) => p.yTrue[i]!), proba, k };
}

/** The metrics the bootstrap resamples: every entry with a value. */
export function definedMetrics(entries: readonly ReportEntry[]): { name: string; params: ReportEntry['params'] }[] {
  return entries.filter((e) => e.value !== null).map((e) => ({ name: e.name, params: e.params }));
}

/** Entries and their intervals as a HeldOutReport. */
export function assembleReport(
  entries: readonly ReportEntry[],
  intervals: readonly BootstrapInterval[],
  shape: { rows: number; level: number; resamples: number; seed: number },
): HeldOutReport {
  const byKey = new Map(intervals.map((c) => [c.key, c]));
  return {
    ...shape,
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

function report(p: Predictions, idx: readonly number[], opts: HeldOutOptions): HeldOutReport {
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const data = evalDataAt(p, idx, opts.task);
  const entries = computeReport(data, { task: opts.task, ...(opts.classes ? { classes: opts.classes } : {}) });
  const metrics = definedMetrics(entries);
  const intervals =
    metrics.length === 0
      ? []
      : bootstrapCiSync(data, metrics, { resamples, level, seed: opts.seed, stratify: opts.task !== 'regression', ...(opts.cancel ? { cancel: opts.cancel } : {}) })
          .intervals;
  return assembleReport(entries, intervals, { rows: idx.length, level, resamples, seed: opts.seed });
}

/** The held-out report, and the locked final test set's when the experiment has one. */
export function heldOutReports(p: Predictions, opts: HeldOutOptions): { heldOut: HeldOutReport; finalTest?: HeldOutReport } {
  const heldOut = report(p, pooledRows(p, 'held-out'), opts);
  const finalIdx = pooledRows(p, 'final-test');
  return finalIdx.length > 0 ? { heldOut, finalTest: report(p, finalIdx, opts) } : { heldOut };
}
