/**
 * sklearn.metrics.confusion_matrix(y_true, y_pred, labels=range(k)): C[i][j] = number of
 * rows whose true class is i and predicted class is j. Passing all k labels (rather than
 * sklearn's default of the labels seen) keeps the matrix k*k even when a class is absent,
 * so the UI can always label rows and columns by class.
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  if (yTrue.length !== yPred.length) {
    throw new RangeError(`confusionMatrix: yTrue has ${yTrue.length} values, yPred has ${yPred.length}.`);
  }
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`confusionMatrix: k must be a positive integer, got ${k}.`);
  const cm: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    if (!Number.isInteger(t) || t < 0 || t >= k || !Number.isInteger(p) || p < 0 || p >= k) {
      throw new RangeError(`confusionMatrix: row ${i} has (true, pred) = (${t}, ${p}); both must be in 0..${k - 1}.`);
    }
    const row = cm[t] as number[];
    row[p] = (row[p] as number) + 1;
  }
  return cm;
}
