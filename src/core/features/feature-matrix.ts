/**
 * The transformed feature matrix of a whole dataset under a spec's pipeline, fitted on every
 * row that has a target. Used to inspect what a model sees and for the replay test: the CLI
 * (`--features-out`) and the studio's worker must produce byte-identical CSV for the same
 * spec and data, because they run this same code.
 */
import { TREE_MODELS } from './auto-pipeline.ts';
import type { Dataset } from '../data/types.ts';
import { csvCell } from '../export/csv-cell.ts';
import { createRng } from '../random.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import { encodeTarget } from '../train/encode-target.ts';
import { frameFromTable, frameToMatrix } from './frame.ts';
import { fitPipeline, type FittedPipeline } from './run-pipeline.ts';

export interface FeatureMatrix {
  names: string[];
  /** Table row index of each matrix row. */
  rows: Int32Array;
  X: Float32Array;
  fitted: FittedPipeline;
}

/**
 * Everything the matrix depends on, as a string: two specs with the same key give the same
 * matrix on the same data. Model hyperparameters, the split and the backend are not in it,
 * so a caller can reuse the matrix while only those change.
 */
export function featureMatrixKey(dataset: Dataset, spec: NormalizedSpec): string {
  return JSON.stringify([dataset.fingerprint, spec.target, spec.task, spec.features, spec.pipeline, spec.seed]);
}

export function featureMatrix(dataset: Dataset, spec: NormalizedSpec): FeatureMatrix {
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  const { fitted, frame } = fitPipeline(spec.pipeline, frameFromTable(dataset.table, dataset.columns, spec.features, target.rows), {
    rng: createRng(spec.seed).fork('features'),
    task: spec.task,
    k: target.classes?.length ?? 1,
    y: target.y,
    allowMissing: TREE_MODELS.has(spec.model.kind),
  });
  return { names: fitted.outputNames, rows: target.rows, X: frameToMatrix(frame), fitted };
}

/** `row,<feature names…>` then one line per row; float32 values printed exactly (shortest round-trip form). */
export function featureMatrixCsv(m: FeatureMatrix): string {
  const d = m.names.length;
  const lines = [['row', ...m.names].map(csvCell).join(',')];
  for (let i = 0; i < m.rows.length; i++) {
    const cells = [String(m.rows[i])];
    for (let j = 0; j < d; j++) cells.push(String(m.X[i * d + j]));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
