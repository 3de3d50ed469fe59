import type { ClassificationData } from './types.ts';

/**
 * Predicted class per row = argmax of the proba row. Ties go to the lowest index, as with
 * numpy's argmax (what sklearn's `predict` does via classes_[argmax]); the strict `>` below
 * is what makes that so. Inputs are checked finite upstream, so NaN needs no special case.
 */
export function predictedClasses(data: ClassificationData): Int32Array {
  const { proba, k } = data;
  const n = data.yTrue.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let best = 0;
    let bestP = proba[row] as number;
    for (let c = 1; c < k; c++) {
      const p = proba[row + c] as number;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
