import { binaryAuc } from './binary-auc.ts';
import { checkClassification } from './check-input.ts';
import type { ClassificationData, ClassificationMetric } from './types.ts';

/** Column c of the row-major proba matrix. */
function column(data: ClassificationData, c: number): Float64Array {
  const n = data.yTrue.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = data.proba[i * data.k + c] as number;
  return out;
}

/** One-vs-rest labels: 1 where the true class is c. */
function isClass(yTrue: Int32Array, c: number): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) out[i] = yTrue[i] === c ? 1 : 0;
  return out;
}

/**
 * roc_auc_score(y, P, multi_class='ovr', average='macro', labels=range(k)): the unweighted
 * mean over all k classes of the binary AUC of "class c vs the rest" scored by P[:, c].
 * NaN if any class is absent from y_true: its AUC is undefined (sklearn returns nan for that
 * class and the mean is nan; without `labels=` it raises instead).
 */
export function rocAucOvr(data: ClassificationData): number {
  checkClassification(data);
  let sum = 0;
  for (let c = 0; c < data.k; c++) sum += binaryAuc(isClass(data.yTrue, c), column(data, c));
  return sum / data.k;
}

/**
 * sklearn.metrics.roc_auc_score. With k = 2 it is the binary AUC with score = P(class 1)
 * (sklearn uses y_score[:, 1]); with k > 2 it is the one-vs-rest macro average (rocAucOvr).
 * NaN when y_true holds a single class. For k = 2 both routes agree whenever rows sum to 1,
 * because P(class 0) = 1 - P(class 1) ranks the rows in exactly the reverse order.
 */
export function rocAuc(data: ClassificationData): number {
  checkClassification(data);
  if (data.k === 2) return binaryAuc(data.yTrue, column(data, 1));
  return rocAucOvr(data);
}

export const rocAucMetric: ClassificationMetric = {
  name: 'roc_auc',
  task: 'classification',
  higherIsBetter: true,
  describe:
    'Area under the ROC curve: the chance that a random positive row scores above a random negative one (one-vs-rest macro average for more than two classes).',
  compute: rocAuc,
};
