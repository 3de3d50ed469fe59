import { binaryClfCurve } from './binary-clf-curve.ts';
import type { RocCurve } from './types.ts';

/**
 * sklearn.metrics.roc_curve(y_true, scores, drop_intermediate=False) for scikit-learn >= 1.3:
 * one point per distinct score plus a leading (0, 0) point whose threshold is +Infinity
 * (before 1.3 sklearn used max(score) + 1 there). We keep every point (drop_intermediate
 * off) so the curve can be hovered threshold by threshold.
 *
 * As in sklearn, fpr is all NaN when there are no negatives and tpr all NaN when there are
 * no positives (sklearn also warns). Note +Infinity does not survive JSON.stringify.
 */
export function rocCurve(yTrue01: Uint8Array | Int32Array, scores: Float64Array): RocCurve {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue01, scores);
  const m = thresholds.length;
  const nNeg = m > 0 ? (fps[m - 1] as number) : 0;
  const nPos = m > 0 ? (tps[m - 1] as number) : 0;
  const fpr = [0 / nNeg];
  const tpr = [0 / nPos];
  const th = [Infinity];
  for (let i = 0; i < m; i++) {
    fpr.push((fps[i] as number) / nNeg);
    tpr.push((tps[i] as number) / nPos);
    th.push(thresholds[i] as number);
  }
  return { fpr, tpr, thresholds: th };
}
