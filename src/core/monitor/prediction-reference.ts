/**
 * The distribution of a model's predictions when it was made, kept so that later batches can be
 * checked for prediction drift: the predicted label (classifiers) or value (regression) and each
 * class's probability, summarised exactly as a contract summarises an input column.
 */
import { predictedLabels } from '../export/score/predicted-labels.ts';
import type { Task } from '../spec/types.ts';
import { categoricalReference, numericReference } from '../validate/contract/reference.ts';
import type { CategoricalReference, NumericReference } from '../validate/contract/types.ts';

export interface PredictionReference {
  /** Which predictions: the held-out rows of the run the version came from. */
  source: 'held-out';
  /** Rows the predictions were made on. */
  rows: number;
  /** One per prediction column, named as the predictions file names them: "prediction", "p(<class>)". */
  columns: { column: string; reference: NumericReference | CategoricalReference }[];
}

/** One prediction column of a scored batch. */
export type PredictionColumn =
  | { column: string; kind: 'numeric'; values: Float64Array }
  | { column: string; kind: 'categorical'; values: string[] };


export const probabilityColumn = (label: string): string => `p(${label})`;

/**
 * The prediction columns of n rows of model output (n x k class probabilities, or n values):
 * the label under the decision rule, then every class's probability; regression: the value.
 */
export function predictionColumns(task: Task, output: Float64Array, classes: readonly string[], decision?: { threshold: number; posLabel: number }): PredictionColumn[] {
  if (task === 'regression') return [{ column: 'prediction', kind: 'numeric', values: output }];
  const k = classes.length;
  const n = k ? output.length / k : 0;
  const cols: PredictionColumn[] = [{ column: 'prediction', kind: 'categorical', values: predictedLabels(output, classes, decision) }];
  for (let c = 0; c < k; c++) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = output[i * k + c]!;
    cols.push({ column: probabilityColumn(classes[c]!), kind: 'numeric', values });
  }
  return cols;
}

/** The reference of those columns (undefined when no row has a finite prediction). */
export function predictionReference(columns: readonly PredictionColumn[], rows: number): PredictionReference | undefined {
  const out: PredictionReference['columns'] = [];
  for (const c of columns) {
    const reference = c.kind === 'numeric' ? numericReference(c.values) : categoricalReference(c.values);
    if (reference) out.push({ column: c.column, reference });
  }
  return out.length ? { source: 'held-out', rows, columns: out } : undefined;
}

/**
 * The prediction reference of a run's stored held-out predictions (RunArtifacts): the rows of
 * the locked final test set (fold -1) are left out unless they are all there is, as the
 * held-out metrics leave them out. Under cross-validation these are out-of-fold predictions of
 * the fold models, a stand-in for the registered model's own.
 */
export function heldOutPredictionReference(
  artifacts: { fold: Int32Array; values: Float64Array; width: number; classes?: string[] },
  task: Task,
  decision?: { threshold: number; posLabel: number },
): PredictionReference | undefined {
  const { fold, values, width } = artifacts;
  const n = fold.length;
  if (width <= 0 || values.length !== n * width) return undefined;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (fold[i]! >= 0) keep.push(i);
  const rows = keep.length ? keep : Array.from({ length: n }, (_, i) => i);
  const out = new Float64Array(rows.length * width);
  rows.forEach((r, i) => out.set(values.subarray(r * width, (r + 1) * width), i * width));
  const classes = artifacts.classes ?? [];
  if (task !== 'regression' && classes.length !== width) return undefined;
  return predictionReference(predictionColumns(task, out, classes, decision), rows.length);
}
