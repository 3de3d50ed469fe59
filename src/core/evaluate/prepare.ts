import { binaryClfCurve, type ClfCurveCounts } from './binary-clf-curve.ts';
import { checkClassification, checkRegression } from './check-input.ts';
import { MetricUnavailable } from './metric-unavailable.ts';
import { predictedClasses } from './predicted-classes.ts';
import { stableSum } from './stable-sum.ts';
import type { ClassificationData, PreparedClassification, PreparedRegression, RegressionData } from './types.ts';

/**
 * Sample weights must be finite and >= 0. sklearn accepts negative weights silently, but a
 * negative weight makes "weighted mean" meaningless (supports can cancel out), so it is
 * refused as malformed input. All-zero weights leave nothing to average: every metric is
 * unavailable (sklearn raises ZeroDivisionError in np.average for most of them).
 */
function checkWeights(weights: ArrayLike<number> | undefined, n: number): { weights: Float64Array | undefined; total: number } {
  if (n === 0) throw new MetricUnavailable('there are no rows to score');
  if (weights === undefined) return { weights: undefined, total: n };
  if (weights.length !== n) throw new RangeError(`evaluate: ${weights.length} sample weights for ${n} rows.`);
  const w = Float64Array.from(weights);
  for (let i = 0; i < n; i++) {
    const v = w[i] as number;
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`evaluate: sample weight ${i} is ${v}; weights must be finite and >= 0.`);
  }
  const total = stableSum(n, (i) => w[i] as number);
  if (total === 0) throw new MetricUnavailable('the sample weights sum to zero');
  return { weights: w, total };
}

/**
 * What is already known of resampled rows (uncertainty/resample.ts): they come from data that
 * passed checkClassification, their predicted classes are the source rows', and whether every
 * probability of the source lies in [0, 1]. The results are the same as without it.
 */
export interface KnownRows {
  pred: Int32Array;
  probabilities: boolean;
}

/** Checks the data and weights once and derives what the classification metrics share. */
export function prepareClassification(data: ClassificationData, sampleWeight?: ArrayLike<number>, known?: KnownRows): PreparedClassification {
  const n = known ? data.yTrue.length : checkClassification(data);
  const { weights, total } = checkWeights(sampleWeight, n);
  const { yTrue, k } = data;
  const pred = known ? known.pred : predictedClasses(data);
  const cm = new Float64Array(k * k);
  const seen = new Uint8Array(k);
  const inTruth = new Uint8Array(k);
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const p = pred[i] as number;
    cm[t * k + p] = (cm[t * k + p] as number) + (weights ? (weights[i] as number) : 1);
    seen[t] = 1;
    seen[p] = 1;
    inTruth[t] = 1;
  }
  const curves = new Map<number, ClfCurveCounts>();
  const curve = (c: number): ClfCurveCounts => {
    let counts = curves.get(c);
    if (!counts) {
      const labels = new Uint8Array(n);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = yTrue[i] === c ? 1 : 0;
        scores[i] = data.proba[i * k + c] as number;
      }
      counts = binaryClfCurve(labels, scores, weights);
      curves.set(c, counts);
    }
    return counts;
  };
  return { data, n, k, weights, totalWeight: total, pred, cm, seen, inTruth, curve, ...(known?.probabilities ? { probabilities: true } : {}) };
}

export function prepareRegression(data: RegressionData, sampleWeight?: ArrayLike<number>): PreparedRegression {
  const n = checkRegression(data);
  const { weights, total } = checkWeights(sampleWeight, n);
  return { data, n, weights, totalWeight: total };
}

/** np.average(term, weights=w): sum(w * term) / sum(w), summed with compensation. */
export function weightedMean(input: { n: number; weights: Float64Array | undefined; totalWeight: number }, term: (i: number) => number): number {
  const { n, weights } = input;
  if (!weights) return stableSum(n, term) / n;
  return stableSum(n, (i) => (weights[i] as number) * term(i)) / input.totalWeight;
}
