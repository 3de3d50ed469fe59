import { checkClassification } from '../check-input.ts';
import type { ClassificationData } from '../types.ts';

/**
 * Which classes a per-class curve is drawn for: with two classes only the positive one
 * (`posLabel`, default 1: the other curve is its mirror image), with more each class against
 * the rest, scored by its own probability column (sklearn's one-vs-rest).
 */
export function curveClasses(data: ClassificationData, posLabel: number | undefined): number[] {
  checkClassification(data);
  const { k } = data;
  if (posLabel !== undefined && (!Number.isInteger(posLabel) || posLabel < 0 || posLabel >= k)) {
    throw new RangeError(`posLabel ${posLabel} is not a class index in 0..${k - 1}.`);
  }
  if (k === 2) return [posLabel ?? 1];
  return posLabel !== undefined ? [posLabel] : Array.from({ length: k }, (_, c) => c);
}

/** 1 where the true class is c, and proba[:, c]. */
export function oneVsRest(data: ClassificationData, c: number): { labels: Uint8Array; scores: Float64Array } {
  const { yTrue, proba, k } = data;
  const n = yTrue.length;
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = yTrue[i] === c ? 1 : 0;
    scores[i] = proba[i * k + c] as number;
  }
  return { labels, scores };
}

/** Checks sample weights (length, finite, >= 0) for curve functions. */
export function checkCurveWeights(weights: ArrayLike<number> | undefined, n: number): Float64Array | undefined {
  if (weights === undefined) return undefined;
  if (weights.length !== n) throw new RangeError(`${weights.length} sample weights for ${n} rows.`);
  const w = Float64Array.from(weights);
  for (let i = 0; i < n; i++) {
    const v = w[i] as number;
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`Sample weight ${i} is ${v}; weights must be finite and >= 0.`);
  }
  return w;
}

/** Fields every per-class curve carries. */
export interface ClassCurve {
  /** The class drawn (positive) against the rest. */
  classIndex: number;
  /** Weight (row count when unweighted) of the class's rows and of the other rows. */
  positives: number;
  negatives: number;
  /** false when the curve is undefined (no positive or no negative row); its arrays are then empty. */
  available: boolean;
  reason?: string;
}
