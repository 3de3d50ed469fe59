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
import type { ClassificationData, RegressionData } from './types.ts';
import { bootstrapCiSync } from './uncertainty/bootstrap-ci.ts';

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

/** Rows where `keep(fold)` holds, first occurrence of each table row only. */
function select(p: Predictions, keep: (fold: number) => boolean): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < p.row.length; i++) {
    if (!keep(p.fold[i]!) || seen.has(p.row[i]!)) continue;
    seen.add(p.row[i]!);
    out.push(i);
  }
  return out;
}

function evalData(p: Predictions, idx: readonly number[], task: Task): ClassificationData | RegressionData {
  if (task === 'regression') {
    return { yTrue: Float64Array.from(idx, (i) => p.yTrue[i]!), yPred: Float64Array.from(idx, (i) => p.values[i]!) };
  }
  const k = p.width;
  const proba = new Float64Array(idx.length * k);
  idx.forEach((i, r) => proba.set(p.values.subarray(i * k, (i + 1) * k), r * k));
  return { yTrue: Int32Array.from(idx, (i) => p.yTrue[i]!), proba, k };
}

function report(p: Predictions, idx: readonly number[], opts: HeldOutOptions): HeldOutReport {
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const data = evalData(p, idx, opts.task);
  const entries = computeReport(data, { task: opts.task, ...(opts.classes ? { classes: opts.classes } : {}) });
  const defined = entries.filter((e) => e.value !== null);
  const intervals =
    defined.length === 0
      ? []
      : bootstrapCiSync(
          data,
          defined.map((e) => ({ name: e.name, params: e.params })),
          { resamples, level, seed: opts.seed, stratify: opts.task !== 'regression', ...(opts.cancel ? { cancel: opts.cancel } : {}) },
        ).intervals;
  const byKey = new Map(intervals.map((c) => [c.key, c]));
  return {
    rows: idx.length,
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

/** The held-out report, and the locked final test set's when the experiment has one. */
export function heldOutReports(p: Predictions, opts: HeldOutOptions): { heldOut: HeldOutReport; finalTest?: HeldOutReport } {
  const heldOut = report(p, select(p, (f) => f >= 0), opts);
  const finalIdx = select(p, (f) => f < 0);
  return finalIdx.length > 0 ? { heldOut, finalTest: report(p, finalIdx, opts) } : { heldOut };
}
