/**
 * Precision-recall curves per class, as sklearn.metrics.precision_recall_curve (1.2.1): one
 * point per distinct score, in increasing threshold order (recall decreasing), then the point
 * (recall 0, precision 1) with no threshold; precision = tp / (tp + fp) and recall = tp / P at
 * "score >= threshold". The average precision is the step-wise area sklearn's
 * average_precision_score integrates. A class with no positive row has no curve here (sklearn
 * sets its recall to 1 everywhere, which draws nothing useful).
 */
import { binaryClfCurve, type ClfCurveCounts } from '../binary-clf-curve.ts';
import type { ClassificationData } from '../types.ts';
import { DEFAULT_DISPLAY_POINTS, lttbIndices, pick } from './downsample.ts';
import { checkCurveWeights, curveClasses, oneVsRest, type ClassCurve } from './one-vs-rest.ts';

export interface PrecisionRecallOptions {
  /** Binary only: the positive class index. Default 1. With k > 2: restrict to this class. */
  posLabel?: number;
  sampleWeight?: ArrayLike<number>;
  /** Most points in `display`. Default 500. */
  maxDisplayPoints?: number;
}

export interface PrecisionRecallPoints {
  /** One more value than thresholds: the last point is (recall 0, precision 1). */
  precision: number[];
  recall: number[];
  /** Increasing distinct scores; point i is "positive when score >= thresholds[i]". */
  thresholds: number[];
}

export interface PrecisionRecallClassCurve extends ClassCurve, PrecisionRecallPoints {
  /** sklearn's average_precision_score for this class; null when unavailable. */
  averagePrecision: number | null;
  /** Share of positives (by weight): the precision of a random ranking, the chart's baseline. */
  prevalence: number | null;
  /** Thinned for drawing; `thresholds` has one value per point, null for the closing (0, 1) point. */
  display: { precision: number[]; recall: number[]; thresholds: (number | null)[] };
}

export interface PrecisionRecallCurves {
  curves: PrecisionRecallClassCurve[];
}

/** sklearn's precision_recall_curve from threshold counts (positives > 0). */
export function precisionRecallFromCounts(counts: ClfCurveCounts): PrecisionRecallPoints & { averagePrecision: number } {
  const { tps, fps, thresholds } = counts;
  const m = thresholds.length;
  const positives = tps[m - 1] as number;
  const precision: number[] = [];
  const recall: number[] = [];
  const th: number[] = [];
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < m; i++) {
    const tp = tps[i] as number;
    const ps = tp + (fps[i] as number);
    const p = ps !== 0 ? tp / ps : 0;
    const r = tp / positives;
    ap += (r - prevRecall) * p;
    prevRecall = r;
    precision.push(p);
    recall.push(r);
    th.push(thresholds[i] as number);
  }
  precision.reverse().push(1);
  recall.reverse().push(0);
  th.reverse();
  return { precision, recall, thresholds: th, averagePrecision: ap };
}

function classCurve(data: ClassificationData, c: number, weights: Float64Array | undefined, maxPoints: number): PrecisionRecallClassCurve {
  const { labels, scores } = oneVsRest(data, c);
  const counts = binaryClfCurve(labels, scores, weights);
  const m = counts.thresholds.length;
  const positives = m > 0 ? (counts.tps[m - 1] as number) : 0;
  const negatives = m > 0 ? (counts.fps[m - 1] as number) : 0;
  if (!(positives > 0)) {
    return {
      classIndex: c,
      positives,
      negatives,
      available: false,
      reason: `no row of class ${c}: recall is undefined`,
      precision: [],
      recall: [],
      thresholds: [],
      averagePrecision: null,
      prevalence: m > 0 ? 0 : null,
      display: { precision: [], recall: [], thresholds: [] },
    };
  }
  const pr = precisionRecallFromCounts(counts);
  const keep = lttbIndices(pr.recall, pr.precision, maxPoints);
  const thresholdsPerPoint: (number | null)[] = [...pr.thresholds, null];
  return {
    classIndex: c,
    positives,
    negatives,
    available: true,
    ...pr,
    prevalence: positives / (positives + negatives),
    display: { precision: pick(pr.precision, keep), recall: pick(pr.recall, keep), thresholds: pick(thresholdsPerPoint, keep) },
  };
}

export function precisionRecallCurves(data: ClassificationData, options: PrecisionRecallOptions = {}): PrecisionRecallCurves {
  const classes = curveClasses(data, options.posLabel);
  const weights = checkCurveWeights(options.sampleWeight, data.yTrue.length);
  const maxPoints = options.maxDisplayPoints ?? DEFAULT_DISPLAY_POINTS;
  return { curves: classes.map((c) => classCurve(data, c, weights, maxPoints)) };
}
