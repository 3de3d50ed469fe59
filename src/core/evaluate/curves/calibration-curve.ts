/**
 * Reliability (calibration) curves per class, as sklearn.calibration.calibration_curve (1.2.1):
 * bin edges are n_bins equal-width bins on [0, 1] ('uniform') or numpy percentiles of the
 * scores ('quantile'); a score goes to bin searchsorted(inner edges, score) (a score equal to an
 * edge goes to the lower bin); empty bins are left out; per bin, the fraction of rows of the
 * class (probTrue) against the mean predicted probability (probPred). Unweighted, as sklearn.
 *
 * Alongside, the histogram of the scores: n_bins equal-width bins on [0, 1] with numpy.histogram's
 * rule (each bin [lo, hi), the last [lo, 1]), with how many of each bin's rows are of the class,
 * so a chart can show where the predictions are and how many rows each curve point rests on.
 */
import type { ClassificationData } from '../types.ts';
import { quantileEdges, sortedCopy, unitLinspace } from '../uncertainty/percentile.ts';
import { curveClasses, oneVsRest, type ClassCurve } from './one-vs-rest.ts';

export type CalibrationStrategy = 'uniform' | 'quantile';

export interface CalibrationCurveOptions {
  /** Number of bins. Default 10 (sklearn's default is 5). */
  nBins?: number;
  /** Default 'uniform'. */
  strategy?: CalibrationStrategy;
  /** Binary only: the positive class index. Default 1. With k > 2: restrict to this class. */
  posLabel?: number;
}

export interface ScoreHistogram {
  /** nBins + 1 equal-width edges on [0, 1]. */
  edges: number[];
  /** Rows per bin. */
  counts: number[];
  /** Rows of the class per bin. */
  positives: number[];
}

export interface CalibrationClassCurve extends ClassCurve {
  /** Fraction of rows of the class, per non-empty bin (sklearn's prob_true). */
  probTrue: number[];
  /** Mean score per non-empty bin (sklearn's prob_pred). */
  probPred: number[];
  /** Rows per non-empty bin. */
  counts: number[];
  /** Index of each non-empty bin among the nBins bins. */
  bins: number[];
  /** The nBins + 1 bin edges used (quantile edges may repeat). */
  edges: number[];
  histogram: ScoreHistogram;
}

export interface CalibrationCurves {
  strategy: CalibrationStrategy;
  nBins: number;
  curves: CalibrationClassCurve[];
}

/** numpy.searchsorted(edges, v, side='left'): how many edges are < v. */
function searchLeft(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy.histogram's bin of v for equal-width edges on [0, 1] (v in [0, 1]). */
export function histogramBin(v: number, edges: readonly number[]): number {
  const m = edges.length - 1;
  let i = Math.trunc(v * m);
  if (i === m) i--;
  // numpy corrects the floating-point estimate against the edges themselves.
  if (v < (edges[i] as number)) i--;
  else if (i !== m - 1 && v >= (edges[i + 1] as number)) i++;
  return i;
}

function scoreHistogram(labels: Uint8Array, scores: Float64Array, nBins: number): ScoreHistogram {
  const edges = unitLinspace(nBins);
  const counts = new Array<number>(nBins).fill(0);
  const positives = new Array<number>(nBins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = histogramBin(scores[i] as number, edges);
    counts[b] = (counts[b] as number) + 1;
    if (labels[i] === 1) positives[b] = (positives[b] as number) + 1;
  }
  return { edges, counts, positives };
}

function classCurve(data: ClassificationData, c: number, nBins: number, strategy: CalibrationStrategy): CalibrationClassCurve {
  const { labels, scores } = oneVsRest(data, c);
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] as number;
  const base = { classIndex: c, positives, negatives: n - positives };
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s < 0 || s > 1) {
      const empty = { probTrue: [], probPred: [], counts: [], bins: [], edges: [], histogram: { edges: [], counts: [], positives: [] } };
      return { ...base, available: false, reason: `row ${i}'s score ${s} is outside [0, 1]: a reliability curve needs probabilities`, ...empty };
    }
  }
  if (n === 0) {
    const empty = { probTrue: [], probPred: [], counts: [], bins: [], edges: [], histogram: { edges: [], counts: [], positives: [] } };
    return { ...base, available: false, reason: 'there are no rows', ...empty };
  }
  const edges = strategy === 'quantile' ? quantileEdges(sortedCopy(scores), nBins) : unitLinspace(nBins);
  const inner = edges.slice(1, -1);
  const sum = new Float64Array(nBins);
  const pos = new Float64Array(nBins);
  const total = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const b = searchLeft(inner, scores[i] as number);
    sum[b] = (sum[b] as number) + (scores[i] as number);
    pos[b] = (pos[b] as number) + (labels[i] as number);
    total[b] = (total[b] as number) + 1;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  const bins: number[] = [];
  for (let b = 0; b < nBins; b++) {
    const t = total[b] as number;
    if (t === 0) continue;
    probTrue.push((pos[b] as number) / t);
    probPred.push((sum[b] as number) / t);
    counts.push(t);
    bins.push(b);
  }
  return { ...base, available: true, probTrue, probPred, counts, bins, edges, histogram: scoreHistogram(labels, scores, nBins) };
}

export function calibrationCurves(data: ClassificationData, options: CalibrationCurveOptions = {}): CalibrationCurves {
  const nBins = options.nBins ?? 10;
  const strategy = options.strategy ?? 'uniform';
  if (!Number.isInteger(nBins) || nBins < 1) throw new RangeError(`calibrationCurves: nBins must be an integer >= 1, got ${nBins}.`);
  if (strategy !== 'uniform' && strategy !== 'quantile') throw new RangeError(`calibrationCurves: strategy must be 'uniform' or 'quantile', got ${String(strategy)}.`);
  const classes = curveClasses(data, options.posLabel);
  return { strategy, nBins, curves: classes.map((c) => classCurve(data, c, nBins, strategy)) };
}
