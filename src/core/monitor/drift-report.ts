/**
 * The drift report of a scored batch: each input column the model reads against the training
 * contract's reference, and each prediction column against the version's prediction reference.
 */
import type { Table } from 'apache-arrow';
import { labelValues, numericValues } from '../data/columns.ts';
import type { DataContract } from '../validate/contract/types.ts';
import { categoricalDrift, numericDrift, skippedDrift } from './column-drift.ts';
import type { PredictionColumn, PredictionReference } from './prediction-reference.ts';
import type { DriftReport, DriftThresholds, FeatureDrift } from './types.ts';
import { overallVerdict, verdictCounts } from './verdict.ts';

export interface DriftReference {
  /** The training data's contract: its columns' reference distributions. */
  contract: DataContract;
  /** The input columns to report (the model's raw features), in any order; reported in the contract's order. */
  columns: readonly string[];
  /** Rows the contract's references came from (the training data's row count), for the reference's missing share. */
  rows?: number;
  /** The version's prediction reference, when it keeps one. */
  predictions?: PredictionReference;
}

export interface DriftCurrent {
  /** The batch, read with the training columns' kinds. */
  table: Table;
  /** The batch's prediction columns (predictionColumns), when predictions were made. */
  predictions?: readonly PredictionColumn[];
}

export const DRIFT_METHOD_NOTES: readonly string[] = [
  'PSI: the batch binned at the reference deciles the contract keeps (ties merged), shares floored at 1e-4; exact, as if the raw reference were at hand.',
  'KS: sup |F_batch - F_ref| with F_ref piecewise linear through the 99 reference percentiles (tails continued one percentile step); within about 0.01 of the raw-sample statistic. p-value as scipy ks_2samp(method="asymp") with n = the reference count.',
  'Wasserstein-1: the area between F_batch and that piecewise-linear F_ref; standardized by the reference standard deviation.',
  'Chi-squared (no continuity correction) and Jensen-Shannon (base 2): reference counts = label share x count, batch labels the reference never saw as categories of their own.',
  'A test counts only when p < alpha and its effect size reaches the line; fewer than minSamples values on either side gives "insufficient".',
];

function missingOf(table: Table, name: string): { missing: number; n: number } {
  const j = table.schema.fields.findIndex((f) => f.name === name);
  const v = j < 0 ? null : table.getChildAt(j);
  if (!v || v.length === 0) return { missing: 0, n: 0 };
  return { missing: v.nullCount / v.length, n: v.length - v.nullCount };
}

function inputDrift(ref: DriftReference, table: Table, t: DriftThresholds): FeatureDrift[] {
  const wanted = new Set(ref.columns);
  const present = new Set(table.schema.fields.map((f) => f.name));
  const rows: FeatureDrift[] = [];
  for (const col of ref.contract.columns) {
    if (!wanted.has(col.name)) continue;
    if (!present.has(col.name)) {
      rows.push(skippedDrift(col.name, 'not in the batch', { missing: 1, n: 0 }));
      continue;
    }
    const r = col.reference;
    if (r?.kind === 'numeric' && (col.kind === 'numeric' || col.kind === 'datetime')) rows.push(numericDrift(col.name, r, numericValues(table, col.name), t, ref.rows));
    else if (r?.kind === 'categorical') rows.push(categoricalDrift(col.name, r, labelValues(table, col.name), t, ref.rows));
    else
      rows.push(
        skippedDrift(col.name, col.kind === 'text' ? 'free text has no distribution to compare' : 'the contract keeps no reference distribution for this column', missingOf(table, col.name)),
      );
  }
  return rows;
}

function predictionDrift(reference: PredictionReference, current: readonly PredictionColumn[], t: DriftThresholds): FeatureDrift[] {
  const byName = new Map(current.map((c) => [c.column, c]));
  return reference.columns.map(({ column, reference: r }) => {
    const cur = byName.get(column);
    if (!cur) return skippedDrift(column, 'the batch has no such prediction column (the classes differ)', { missing: 1, n: 0 });
    if (r.kind === 'numeric' && cur.kind === 'numeric') return numericDrift(column, r, cur.values, t, reference.rows);
    if (r.kind === 'categorical' && cur.kind === 'categorical') return categoricalDrift(column, r, cur.values, t, reference.rows);
    return skippedDrift(column, 'the reference and the batch disagree on the column kind', { missing: 0, n: cur.values.length });
  });
}

/** Drift of the batch against the reference under `thresholds` (resolveThresholds fills defaults). */
export function driftReport(reference: DriftReference, current: DriftCurrent, thresholds: DriftThresholds): DriftReport {
  const features = inputDrift(reference, current.table, thresholds);
  let predictions: FeatureDrift[] = [];
  let predictionsNote: string | undefined;
  if (!current.predictions) predictionsNote = 'no predictions were made';
  else if (!reference.predictions) predictionsNote = 'the model version keeps no reference distribution of its predictions (registered before it was recorded, or imported from a bundle without one)';
  else predictions = predictionDrift(reference.predictions, current.predictions, thresholds);
  return {
    features,
    predictions,
    ...(predictionsNote ? { predictionsNote } : {}),
    verdict: overallVerdict(features),
    counts: verdictCounts(features),
    thresholds,
    method: { reference: 'summary', notes: [...DRIFT_METHOD_NOTES] },
  };
}
