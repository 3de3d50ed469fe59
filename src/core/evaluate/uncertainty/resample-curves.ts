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

/** One class's rows in descending score order: the scores, 1 for the class's rows, and each row's original index. */
interface SortedClass {
  order: Int32Array;
  score: Float64Array;
  positive: Uint8Array;
  /** Sample weights in that order (absent: all 1). */
  weight: Float64Array | undefined;
}

export function makeResampleCurves(source: ClassificationData, weights: Float64Array | undefined): ResampleCurves {
  const { yTrue, proba, k } = source;
  const n = yTrue.length;
  const sorted = new Map<number, SortedClass>();
  // The rows laid out once per class in curve order, so each resample's walk reads them in
  // sequence; only its multiplicities are looked up by row.
  const sortedFor = (c: number): SortedClass => {
    let sc = sorted.get(c);
    if (!sc) {
      const order = Int32Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => (proba[b * k + c] as number) - (proba[a * k + c] as number));
      sc = {
        order,
        score: Float64Array.from(order, (i) => proba[i * k + c] as number),
        positive: Uint8Array.from(order, (i) => (yTrue[i] === c ? 1 : 0)),
        weight: weights ? Float64Array.from(order, (i) => weights[i] as number) : undefined,
      };
      sorted.set(c, sc);
    }
    return sc;
  };
  const mult = new Int32Array(n);
  // Room for a curve of every row; each curve copies out the steps it has.
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thresholds = new Float64Array(n);

  const curveFor = (c: number): ClfCurveCounts => {
    const { order, score, positive, weight } = sortedFor(c);
    let steps = 0;
    let tp = 0;
    let fp = 0;
    let current = NaN;
    let started = false;
    for (let j = 0; j < n; j++) {
      const m = mult[order[j] as number] as number;
      if (m === 0) continue;
      const w = weight ? (weight[j] as number) * m : m;
      if (w === 0) continue;
      const s = score[j] as number;
      if (started && s !== current) {
        fps[steps] = fp;
        tps[steps] = tp;
        thresholds[steps++] = current;
      }
      current = s;
      started = true;
      if (positive[j] === 1) tp += w;
      else fp += w;
    }
    if (started) {
      fps[steps] = fp;
      tps[steps] = tp;
      thresholds[steps++] = current;
    }
    return { fps: fps.slice(0, steps), tps: tps.slice(0, steps), thresholds: thresholds.slice(0, steps) };
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
