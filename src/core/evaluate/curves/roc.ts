/**
 * ROC curves per class with their AUC, as sklearn.metrics.roc_curve (1.2.1) draws them:
 * one point per distinct score (ties form one step), optionally thinned by drop_intermediate
 * (default on, as sklearn: a point is dropped when both fps and tps have zero second
 * difference there, i.e. it lies on a straight run), plus a leading (0, 0) point. Its
 * threshold is "above every score": sklearn 1.2.1 writes max + 1 and later versions +inf;
 * here it is null so the result stays valid JSON. With two classes the curve is the positive
 * class's; with more, each class against the rest (one-vs-rest), scored by its own column.
 * The AUC is the trapezoid area of the full curve (dropping collinear points does not change it).
 */
import { aucFromCounts } from '../binary-auc.ts';
import { binaryClfCurve, type ClfCurveCounts } from '../binary-clf-curve.ts';
import type { ClassificationData } from '../types.ts';
import { DEFAULT_DISPLAY_POINTS, lttbIndices, pick } from './downsample.ts';
import { checkCurveWeights, curveClasses, oneVsRest, type ClassCurve } from './one-vs-rest.ts';

export interface RocOptions {
  /** Binary only: the positive class index. Default 1. With k > 2: restrict to this class. */
  posLabel?: number;
  sampleWeight?: ArrayLike<number>;
  /** sklearn's drop_intermediate. Default true. */
  dropIntermediate?: boolean;
  /** Most points in `display`. Default 500. */
  maxDisplayPoints?: number;
}

export interface RocPoints {
  fpr: number[];
  tpr: number[];
  /** Score threshold of each point (positive when score >= threshold); null for the leading (0, 0) point. */
  thresholds: (number | null)[];
}

export interface RocClassCurve extends ClassCurve, RocPoints {
  /** Area under the full curve; null when unavailable. */
  auc: number | null;
  /** The curve thinned to at most maxDisplayPoints for drawing (see downsample.ts). */
  display: RocPoints;
}

export interface RocCurves {
  curves: RocClassCurve[];
  /** Unweighted mean of the per-class AUCs when k > 2 and all are available (sklearn's OvR macro AUC); the one AUC when binary. */
  macroAuc: number | null;
}

/** Indices sklearn keeps with drop_intermediate: the ends and every corner (np.diff(_, 2) != 0). */
function cornerIndices(fps: Float64Array, tps: Float64Array): number[] {
  const m = fps.length;
  if (m <= 2) return Array.from({ length: m }, (_, i) => i);
  const keep = [0];
  for (let i = 1; i < m - 1; i++) {
    // numpy's second difference: (x[i+1] - x[i]) - (x[i] - x[i-1]), in that operation order.
    const d2f = ((fps[i + 1] as number) - (fps[i] as number)) - ((fps[i] as number) - (fps[i - 1] as number));
    const d2t = ((tps[i + 1] as number) - (tps[i] as number)) - ((tps[i] as number) - (tps[i - 1] as number));
    if (d2f !== 0 || d2t !== 0) keep.push(i);
  }
  keep.push(m - 1);
  return keep;
}

/** ROC points from threshold counts; null when there is no positive or no negative (sklearn: all-NaN rates). */
export function rocFromCounts(counts: ClfCurveCounts, dropIntermediate = true): RocPoints | null {
  const { fps, tps, thresholds } = counts;
  const m = thresholds.length;
  const nNeg = m > 0 ? (fps[m - 1] as number) : 0;
  const nPos = m > 0 ? (tps[m - 1] as number) : 0;
  if (!(nNeg > 0) || !(nPos > 0)) return null;
  const idx = dropIntermediate ? cornerIndices(fps, tps) : Array.from({ length: m }, (_, i) => i);
  const out: RocPoints = { fpr: [0], tpr: [0], thresholds: [null] };
  for (const i of idx) {
    out.fpr.push((fps[i] as number) / nNeg);
    out.tpr.push((tps[i] as number) / nPos);
    out.thresholds.push(thresholds[i] as number);
  }
  return out;
}

function classCurve(data: ClassificationData, c: number, weights: Float64Array | undefined, options: RocOptions): RocClassCurve {
  const { labels, scores } = oneVsRest(data, c);
  const counts = binaryClfCurve(labels, scores, weights);
  const m = counts.thresholds.length;
  const positives = m > 0 ? (counts.tps[m - 1] as number) : 0;
  const negatives = m > 0 ? (counts.fps[m - 1] as number) : 0;
  const points = rocFromCounts(counts, options.dropIntermediate ?? true);
  if (points === null) {
    const empty = { fpr: [], tpr: [], thresholds: [] };
    return {
      classIndex: c,
      positives,
      negatives,
      available: false,
      reason: positives > 0 ? `no row outside class ${c}: the false positive rate is undefined` : `no row of class ${c}: the true positive rate is undefined`,
      ...empty,
      auc: null,
      display: empty,
    };
  }
  const keep = lttbIndices(points.fpr, points.tpr, options.maxDisplayPoints ?? DEFAULT_DISPLAY_POINTS);
  return {
    classIndex: c,
    positives,
    negatives,
    available: true,
    ...points,
    auc: aucFromCounts(counts),
    display: { fpr: pick(points.fpr, keep), tpr: pick(points.tpr, keep), thresholds: pick(points.thresholds, keep) },
  };
}

export function rocCurves(data: ClassificationData, options: RocOptions = {}): RocCurves {
  const classes = curveClasses(data, options.posLabel);
  const weights = checkCurveWeights(options.sampleWeight, data.yTrue.length);
  const curves = classes.map((c) => classCurve(data, c, weights, options));
  let macroAuc: number | null = null;
  if (curves.every((cv) => cv.auc !== null)) {
    macroAuc = curves.reduce((s, cv) => s + (cv.auc as number), 0) / curves.length;
  }
  return { curves, macroAuc };
}
