import type { ClassificationData, RegressionData } from './types.ts';

/*
 * Shape and value checks shared by every metric. A malformed input is a programming error
 * upstream (the trainer built the arrays), so these throw instead of returning NaN: a NaN
 * metric would be stored in a run record and silently compared against other runs.
 */

/** Returns n. Throws on k < 2, length mismatch, class index out of range or non-finite proba. */
export function checkClassification(data: ClassificationData): number {
  const { yTrue, proba, k } = data;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`evaluate: k must be an integer >= 2, got ${k}.`);
  const n = yTrue.length;
  if (proba.length !== n * k) {
    throw new RangeError(`evaluate: proba has ${proba.length} values; expected n*k = ${n}*${k} = ${n * k}.`);
  }
  for (let i = 0; i < n; i++) {
    const y = yTrue[i] as number;
    if (y < 0 || y >= k) throw new RangeError(`evaluate: yTrue[${i}] = ${y} is not a class index in 0..${k - 1}.`);
  }
  // sklearn's check_array rejects NaN/inf in y_score / y_prob; so do we.
  for (let j = 0; j < proba.length; j++) {
    if (!Number.isFinite(proba[j] as number)) {
      throw new RangeError(`evaluate: proba[${j}] (row ${Math.floor(j / k)}) is not finite.`);
    }
  }
  return n;
}

/** Returns n. Throws on length mismatch or non-finite values (sklearn raises ValueError too). */
export function checkRegression(data: RegressionData): number {
  const { yTrue, yPred } = data;
  const n = yTrue.length;
  if (yPred.length !== n) throw new RangeError(`evaluate: yTrue has ${n} values, yPred has ${yPred.length}.`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(yTrue[i] as number)) throw new RangeError(`evaluate: yTrue[${i}] is not finite.`);
    if (!Number.isFinite(yPred[i] as number)) throw new RangeError(`evaluate: yPred[${i}] is not finite.`);
  }
  return n;
}
