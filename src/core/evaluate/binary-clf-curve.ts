/**
 * Counts behind every threshold curve, as sklearn's private `_binary_clf_curve`: sort the
 * scores descending and, at each distinct score t (highest first), report how many
 * positives (tps) and negatives (fps) score >= t. Tied scores form one step, which is what
 * makes ROC AUC tie-correct (it equals the Mann–Whitney statistic with average ranks).
 */
export interface ClfCurveCounts {
  /** Negatives with score >= thresholds[i]; non-decreasing, last = number of negatives. */
  fps: Float64Array;
  /** Positives with score >= thresholds[i]; non-decreasing, last = number of positives. */
  tps: Float64Array;
  /** Distinct scores, strictly decreasing. */
  thresholds: Float64Array;
}

export function binaryClfCurve(yTrue01: ArrayLike<number>, scores: ArrayLike<number>): ClfCurveCounts {
  const n = yTrue01.length;
  if (scores.length !== n) throw new RangeError(`binaryClfCurve: ${n} labels but ${scores.length} scores.`);
  for (let i = 0; i < n; i++) {
    const y = yTrue01[i];
    if (y !== 0 && y !== 1) throw new RangeError(`binaryClfCurve: label ${i} is ${y}; expected 0 or 1.`);
    if (!Number.isFinite(scores[i] as number)) throw new RangeError(`binaryClfCurve: score ${i} is not finite.`);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Order among equal scores is irrelevant: ties are collapsed into one step below.
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number));

  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    if (yTrue01[i] === 1) tp++;
    else fp++;
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
