/**
 * Threshold curves of bootstrap resamples without sorting each resample. A resample is the
 * original rows, each drawn m_i times (m_i = 0 for rows not drawn), so its curve for class c is
 * the original rows in descending proba[:, c] order, each counted with weight m_i (times its
 * sample weight): the same fps / tps / thresholds that binaryClfCurve computes on the gathered
 * rows (zero-weight rows left out, tied scores one step), up to the order of floating-point
 * additions. Sorting once per class instead of once per resample is what makes ROC AUC and
 * average precision affordable inside a 1000-resample loop (five classes x 10k rows: ~10x).
 */
import type { ClfCurveCounts } from '../binary-clf-curve.ts';
import type { ClassificationData, PreparedClassification } from '../types.ts';

export interface ResampleCurves {
  /** The prepared resample with `curve` answered from the multiplicities of `rows` (drawn original row indices). */
  attach(prepared: PreparedClassification, rows: Int32Array): PreparedClassification;
}

export function makeResampleCurves(source: ClassificationData, weights: Float64Array | undefined): ResampleCurves {
  const { yTrue, proba, k } = source;
  const n = yTrue.length;
  const orders = new Map<number, Int32Array>();
  const orderOf = (c: number): Int32Array => {
    let order = orders.get(c);
    if (!order) {
      order = Int32Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => (proba[b * k + c] as number) - (proba[a * k + c] as number));
      orders.set(c, order);
    }
    return order;
  };
  const mult = new Int32Array(n);

  const curveFor = (c: number): ClfCurveCounts => {
    const order = orderOf(c);
    const fps: number[] = [];
    const tps: number[] = [];
    const thresholds: number[] = [];
    let tp = 0;
    let fp = 0;
    let current = NaN;
    let started = false;
    for (let j = 0; j < n; j++) {
      const i = order[j] as number;
      const m = mult[i] as number;
      if (m === 0) continue;
      const w = weights ? (weights[i] as number) * m : m;
      if (w === 0) continue;
      const s = proba[i * k + c] as number;
      if (started && s !== current) {
        fps.push(fp);
        tps.push(tp);
        thresholds.push(current);
      }
      current = s;
      started = true;
      if (yTrue[i] === c) tp += w;
      else fp += w;
    }
    if (started) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(current);
    }
    return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
  };

  return {
    attach(prepared, rows) {
      mult.fill(0);
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r] as number;
        mult[i] = (mult[i] as number) + 1;
      }
      // Curves are computed on demand (only metrics that read them pay) and once per class.
      const cache = new Map<number, ClfCurveCounts>();
      return {
        ...prepared,
        curve: (c: number) => {
          let counts = cache.get(c);
          if (!counts) {
            counts = curveFor(c);
            cache.set(c, counts);
          }
          return counts;
        },
      };
    },
  };
}
