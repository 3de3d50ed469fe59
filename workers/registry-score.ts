/**
 * Scoring a data file with a registered model version, exactly as an exported bundle of it
 * scores: the same contract check (scoringContract), fitted pipeline, model data and decision
 * rule. An imported version holds the bundle's parts, so it predicts what the original did.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../src/core/data/types.ts';
import { csvCell } from '../src/core/export/csv-cell.ts';
import { versionDecision } from '../src/core/export/from-model-version.ts';
import { bundleMatrix, checkScoringData, loadBundleModel, predictedLabels } from '../src/core/export/score/score-with-bundle.ts';
import { throwIfCancelled, type CancelToken } from '../src/core/jobs.ts';
import type { ModelVersionRecord } from '../src/core/track/registry-types.ts';
import type { DataContract } from '../src/core/validate/contract/types.ts';
import type { ScoreResult } from './registry-api.ts';

const PREVIEW_ROWS = 20;

export interface ScoreVersionOptions {
  tf: typeof tfjs;
  cancel?: CancelToken;
  onProgress?: (phase: string, fraction: number) => void;
  backend: string;
}

/** Probabilities as text: every digit a float64 keeps, so two scorings compare exactly. */
const cellOf = (v: number): string => (Number.isFinite(v) ? String(v) : '');

/** `contract`: the version's (or, for a version recorded without one, one made from its stored training data). */
export async function scoreVersion(mv: ModelVersionRecord, contract: DataContract, ds: Pick<Dataset, 'name' | 'table' | 'columns'>, opts: ScoreVersionOptions): Promise<ScoreResult> {
  const parts = { contract, pipeline: mv.pipeline, artifact: mv.artifact };
  opts.onProgress?.('check', 0);
  const warnings = checkScoringData(parts, ds, opts.cancel);
  opts.onProgress?.('transform', 0);
  const X = bundleMatrix(parts, ds);
  throwIfCancelled(opts.cancel);
  const n = ds.table.numRows;
  opts.onProgress?.('predict', 0);
  const model = await loadBundleModel(parts, opts.tf);
  let output: Float64Array;
  try {
    output = await model.predict(X, n);
  } finally {
    model.dispose();
  }
  throwIfCancelled(opts.cancel);

  const task = mv.spec.task;
  const classes = mv.classes ?? [];
  const columns = task === 'regression' ? ['row', 'prediction'] : ['row', 'prediction', ...classes.map((c) => `p(${c})`)];
  const labels = task === 'regression' ? null : predictedLabels(output, classes, versionDecision(mv));
  const k = classes.length;
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    if (labels) {
      const cells = [String(i + 1), labels[i]!];
      for (let c = 0; c < k; c++) cells.push(cellOf(output[i * k + c]!));
      rows.push(cells);
    } else rows.push([String(i + 1), cellOf(output[i]!)]);
  }
  const csv = [columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
  return {
    name: ds.name,
    rows: n,
    task,
    columns,
    preview: rows.slice(0, PREVIEW_ROWS),
    csv,
    warnings: warnings.map((w) => w.message),
    backend: opts.backend,
  };
}
