/**
 * Counts behind every threshold curve, as sklearn's private `_binary_clf_curve`: sort the
 * scores descending and, at each distinct score t (highest first), report how many
 * positives (tps) and negatives (fps) score >= t. Tied scores form one step, which is what
 * makes ROC AUC tie-correct (it equals the Mann–Whitney statistic with average ranks).
 * With sample weights the counts are weighted sums; a zero weight leaves a row out, as
 * sklearn (which drops zero-weighted rows first) does.
 */
export interface ClfCurveCounts {
  /** Negatives (their weight) with score >= thresholds[i]; non-decreasing, last = number of negatives. */
  fps: Float64Array;
  /** Positives (their weight) with score >= thresholds[i]; non-decreasing, last = number of positives. */
  tps: Float64Array;
  /** Distinct scores, strictly decreasing. */
  thresholds: Float64Array;
}

export function binaryClfCurve(
  yTrue01: ArrayLike<number>,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
): ClfCurveCounts {
  const all = yTrue01.length;
  if (scores.length !== all) throw new RangeError(`binaryClfCurve: ${all} labels but ${scores.length} scores.`);
  if (weights && weights.length !== all) throw new RangeError(`binaryClfCurve: ${all} labels but ${weights.length} weights.`);
  for (let i = 0; i < all; i++) {
    const y = yTrue01[i];
    if (y !== 0 && y !== 1) throw new RangeError(`binaryClfCurve: label ${i} is ${y}; expected 0 or 1.`);
    if (!Number.isFinite(scores[i] as number)) throw new RangeError(`binaryClfCurve: score ${i} is not finite.`);
  }
  // Zero-weighted rows are dropped before sorting: their scores must not become thresholds.
  let order = new Uint32Array(all);
  let n = 0;
  for (let i = 0; i < all; i++) if (!weights || (weights[i] as number) !== 0) order[n++] = i;
  if (n < all) order = order.slice(0, n);
  // Order among equal scores is irrelevant: ties are collapsed into one step below.
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number));

  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    const w = weights ? (weights[i] as number) : 1;
    if (yTrue01[i] === 1) tp += w;
    else fp += w;
    const s = scores[i] as number;
    const next = r + 1 < n ? (scores[order[r + 1] as number] as number) : NaN;
    if (next !== s) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(s);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}
