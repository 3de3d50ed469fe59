/**
 * Everything a decision threshold changes, for every threshold that changes anything: one row
 * per distinct score of the positive class (descending, "positive when score >= threshold"),
 * after a first row for "nothing positive" (threshold null: above every score). A UI slider
 * reads rows with thresholdRowAt and never recomputes; the table is plain JSON to save with
 * the model.
 *
 * Per row: the (weighted) confusion counts, precision = tp / (tp + fp) (0 when nothing is
 * predicted positive, sklearn's zero_division), recall = TPR = tp / P, FPR = fp / N, F1 and
 * F-beta ((1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp), 0 when that is 0/0), Youden's
 * J = TPR - FPR, and with a cost matrix the expected cost per row
 * (tp c_tp + fp c_fp + fn c_fn + tn c_tn) / total weight.
 */
import { binaryClfCurve } from '../binary-clf-curve.ts';
import { checkClassification } from '../check-input.ts';
import { checkCurveWeights } from '../curves/one-vs-rest.ts';
import type { ClassificationData } from '../types.ts';

/** Cost (or negative gain) of one row of each outcome. */
export interface CostMatrix {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface ThresholdTableOptions {
  /** The positive class index (binary). Default 1. */
  posLabel?: number;
  sampleWeight?: ArrayLike<number>;
  /** Beta of the `fbeta` column. Default 1. */
  beta?: number;
  /** Fills the `cost` column. */
  cost?: CostMatrix;
}

export interface ThresholdTable {
  posLabel: number;
  beta: number;
  cost: CostMatrix | null;
  /** Weight of the positive and negative rows (row counts when unweighted). */
  positives: number;
  negatives: number;
  /** null first (nothing positive), then the distinct scores, descending. */
  thresholds: (number | null)[];
  tp: number[];
  fp: number[];
  fn: number[];
  tn: number[];
  precision: number[];
  recall: number[];
  fpr: number[];
  f1: number[];
  fbeta: number[];
  youden: number[];
  /** Share of rows (by weight) predicted positive. */
  predictedPositiveRate: number[];
  /** Expected cost per row; null without a cost matrix. */
  costPerRow: number[] | null;
}

/** One row of the table as an object. */
export interface ThresholdMetrics {
  threshold: number | null;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  fpr: number;
  f1: number;
  fbeta: number;
  youden: number;
  predictedPositiveRate: number;
  cost: number | null;
}

export function checkCost(cost: CostMatrix): CostMatrix {
  for (const key of ['tp', 'fp', 'fn', 'tn'] as const) {
    if (typeof cost[key] !== 'number' || !Number.isFinite(cost[key])) throw new RangeError(`Cost matrix entry ${key} must be a finite number, got ${String(cost[key])}.`);
  }
  return { tp: cost.tp, fp: cost.fp, fn: cost.fn, tn: cost.tn };
}

function fScore(tp: number, fp: number, fn: number, beta: number): number {
  const b2 = beta * beta;
  const den = (1 + b2) * tp + b2 * fn + fp;
  return den === 0 ? 0 : ((1 + b2) * tp) / den;
}

export function thresholdTable(data: ClassificationData, options: ThresholdTableOptions = {}): ThresholdTable {
  checkClassification(data);
  const { yTrue, proba, k } = data;
  if (k !== 2) throw new RangeError(`A decision threshold needs a binary classifier; this one has ${k} classes.`);
  const posLabel = options.posLabel ?? 1;
  if (posLabel !== 0 && posLabel !== 1) throw new RangeError(`posLabel must be 0 or 1, got ${posLabel}.`);
  const beta = options.beta ?? 1;
  if (!(beta >= 0) || !Number.isFinite(beta)) throw new RangeError(`beta must be a finite number >= 0, got ${beta}.`);
  const cost = options.cost ? checkCost(options.cost) : null;
  const n = yTrue.length;
  const weights = checkCurveWeights(options.sampleWeight, n);
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = yTrue[i] === posLabel ? 1 : 0;
    scores[i] = proba[i * 2 + posLabel] as number;
  }
  const counts = binaryClfCurve(labels, scores, weights);
  const m = counts.thresholds.length;
  const P = m > 0 ? (counts.tps[m - 1] as number) : 0;
  const N = m > 0 ? (counts.fps[m - 1] as number) : 0;
  if (!(P > 0) || !(N > 0)) {
    throw new RangeError(`Choosing a threshold needs rows of both classes; these rows have ${P > 0 ? 'no negative' : 'no positive'} (class ${posLabel} is positive).`);
  }
  const table: ThresholdTable = {
    posLabel,
    beta,
    cost,
    positives: P,
    negatives: N,
    thresholds: [],
    tp: [],
    fp: [],
    fn: [],
    tn: [],
    precision: [],
    recall: [],
    fpr: [],
    f1: [],
    fbeta: [],
    youden: [],
    predictedPositiveRate: [],
    costPerRow: cost ? [] : null,
  };
  const push = (threshold: number | null, tp: number, fp: number): void => {
    const fn = P - tp;
    const tn = N - fp;
    table.thresholds.push(threshold);
    table.tp.push(tp);
    table.fp.push(fp);
    table.fn.push(fn);
    table.tn.push(tn);
    table.precision.push(tp + fp === 0 ? 0 : tp / (tp + fp));
    table.recall.push(tp / P);
    table.fpr.push(fp / N);
    table.f1.push(fScore(tp, fp, fn, 1));
    table.fbeta.push(fScore(tp, fp, fn, beta));
    table.youden.push(tp / P - fp / N);
    table.predictedPositiveRate.push((tp + fp) / (P + N));
    if (cost && table.costPerRow) table.costPerRow.push((tp * cost.tp + fp * cost.fp + fn * cost.fn + tn * cost.tn) / (P + N));
  };
  push(null, 0, 0);
  for (let i = 0; i < m; i++) push(counts.thresholds[i] as number, counts.tps[i] as number, counts.fps[i] as number);
  return table;
}

/** Row i of the table as an object. */
export function thresholdRow(table: ThresholdTable, i: number): ThresholdMetrics {
  if (!Number.isInteger(i) || i < 0 || i >= table.thresholds.length) throw new RangeError(`thresholdRow: no row ${i}.`);
  const at = <T>(a: readonly T[]): T => a[i] as T;
  return {
    threshold: at(table.thresholds),
    tp: at(table.tp),
    fp: at(table.fp),
    fn: at(table.fn),
    tn: at(table.tn),
    precision: at(table.precision),
    recall: at(table.recall),
    fpr: at(table.fpr),
    f1: at(table.f1),
    fbeta: at(table.fbeta),
    youden: at(table.youden),
    predictedPositiveRate: at(table.predictedPositiveRate),
    cost: table.costPerRow ? at(table.costPerRow) : null,
  };
}

/**
 * The row in effect when rows with score >= t are called positive: the lowest distinct score
 * that is still >= t (binary search), or the "nothing positive" row when t is above every score.
 */
export function thresholdRowAt(table: ThresholdTable, t: number): ThresholdMetrics {
  if (Number.isNaN(t)) throw new RangeError('thresholdRowAt: the threshold is NaN.');
  const th = table.thresholds;
  // th[1..] is strictly decreasing; find the last index whose threshold is >= t.
  let lo = 0;
  let hi = th.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((th[mid] as number) >= t) lo = mid;
    else hi = mid - 1;
  }
  return thresholdRow(table, lo);
}
