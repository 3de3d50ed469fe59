/**
 * A confusion matrix a UI can drill into: (weighted) counts, the three normalisations of
 * sklearn.metrics.confusion_matrix(normalize=...) (1.2.1) and, per cell, the indices of its
 * rows. cells[t][p] holds the rows of true class t predicted as p.
 *   'true': each row divided by its sum (recall on the diagonal);
 *   'pred': each column divided by its sum (precision on the diagonal);
 *   'all':  everything divided by the total.
 * A zero row or column sum gives 0 there (sklearn's nan_to_num).
 *
 * Predictions are the argmax of proba (lowest index on ties), or with a binary `threshold`:
 * class posLabel when its probability is >= threshold, the other class otherwise.
 */
import { checkClassification } from '../check-input.ts';
import { checkCurveWeights } from '../curves/one-vs-rest.ts';
import { predictedClasses } from '../predicted-classes.ts';
import type { ClassificationData } from '../types.ts';

export interface ConfusionCellsOptions {
  sampleWeight?: ArrayLike<number>;
  /** Binary only: predict posLabel when proba[:, posLabel] >= threshold. Default: argmax. */
  threshold?: number;
  /** Binary only, with `threshold`. Default 1. */
  posLabel?: number;
}

export interface ConfusionCells {
  k: number;
  /** The threshold used, or null for argmax. */
  threshold: number | null;
  /** counts[t][p]: weight (rows when unweighted) of true class t predicted as p. */
  counts: number[][];
  normalized: { true: number[][]; pred: number[][]; all: number[][] };
  /** rows[t][p]: indices of those rows, increasing. */
  rows: number[][][];
}

/** Predicted class per row by a binary threshold on proba[:, posLabel]. */
export function predictAtThreshold(data: ClassificationData, threshold: number, posLabel = 1): Int32Array {
  if (data.k !== 2) throw new RangeError(`A threshold applies to binary classifiers; this one has ${data.k} classes.`);
  if (posLabel !== 0 && posLabel !== 1) throw new RangeError(`posLabel must be 0 or 1, got ${posLabel}.`);
  if (Number.isNaN(threshold)) throw new RangeError('The threshold is NaN.');
  const n = data.yTrue.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = (data.proba[i * 2 + posLabel] as number) >= threshold ? posLabel : 1 - posLabel;
  return out;
}

function divide(counts: number[][], by: (t: number, p: number) => number): number[][] {
  return counts.map((row, t) =>
    row.map((v, p) => {
      const d = by(t, p);
      return d === 0 ? 0 : v / d;
    }),
  );
}

export function confusionCells(data: ClassificationData, options: ConfusionCellsOptions = {}): ConfusionCells {
  const n = checkClassification(data);
  const { k, yTrue } = data;
  const weights = checkCurveWeights(options.sampleWeight, n);
  const threshold = options.threshold ?? null;
  const pred = threshold === null ? predictedClasses(data) : predictAtThreshold(data, threshold, options.posLabel ?? 1);
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rows: number[][][] = Array.from({ length: k }, () => Array.from({ length: k }, () => [] as number[]));
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const p = pred[i] as number;
    const row = counts[t] as number[];
    row[p] = (row[p] as number) + (weights ? (weights[i] as number) : 1);
    ((rows[t] as number[][])[p] as number[]).push(i);
  }
  const rowSum = counts.map((r) => r.reduce((s, v) => s + v, 0));
  const colSum = Array.from({ length: k }, (_, p) => counts.reduce((s, r) => s + (r[p] as number), 0));
  const total = rowSum.reduce((s, v) => s + v, 0);
  return {
    k,
    threshold,
    counts,
    normalized: {
      true: divide(counts, (t) => rowSum[t] as number),
      pred: divide(counts, (_t, p) => colSum[p] as number),
      all: divide(counts, () => total),
    },
    rows,
  };
}
