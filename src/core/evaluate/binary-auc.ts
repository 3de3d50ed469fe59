import { binaryClfCurve, type ClfCurveCounts } from './binary-clf-curve.ts';

/**
 * Area under the ROC curve of binary labels (1 = positive) against scores: the trapezoid
 * rule over the distinct-threshold curve, exactly what sklearn's roc_auc_score integrates.
 * Summing in integer counts (twice the area, in units of 1/(P*N)) and dividing once keeps
 * the result exact up to the final rounding for n below ~9e7 rows, so it equals the
 * Mann–Whitney U / (P*N) with average ranks.
 *
 * NaN when only one class is present: current sklearn warns (UndefinedMetricWarning,
 * "Only one class is present in y_true") and returns nan; older versions raised ValueError.
 * With sample weights the counts are weighted (sklearn's sample_weight), and NaN also when
 * every row of one class weighs zero.
 */
export function binaryAuc(yTrue01: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): number {
  return aucFromCounts(binaryClfCurve(yTrue01, scores, weights));
}

/** The same area from counts already made (a report reuses one curve per class). */
export function aucFromCounts({ fps, tps }: ClfCurveCounts): number {
  const m = fps.length;
  const nNeg = m > 0 ? (fps[m - 1] as number) : 0;
  const nPos = m > 0 ? (tps[m - 1] as number) : 0;
  if (nNeg === 0 || nPos === 0) return NaN;
  let twiceArea = 0;
  let prevFp = 0;
  let prevTp = 0;
  for (let i = 0; i < m; i++) {
    const fp = fps[i] as number;
    const tp = tps[i] as number;
    twiceArea += (fp - prevFp) * (prevTp + tp);
    prevFp = fp;
    prevTp = tp;
  }
  return twiceArea / (2 * nPos * nNeg);
}
