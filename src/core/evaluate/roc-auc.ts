import { forClassification } from './applicability.ts';
import { aucFromCounts, binaryAuc } from './binary-auc.ts';
import { checkClassification } from './check-input.ts';
import { MetricUnavailable } from './metric-unavailable.ts';
import { choice } from './params.ts';
import type { ClassificationData, ClassificationReportMetric, PreparedClassification } from './types.ts';

/** Column c of the row-major proba matrix. */
function probaColumn(data: ClassificationData, c: number): Float64Array {
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
  for (let c = 0; c < data.k; c++) sum += binaryAuc(isClass(data.yTrue, c), probaColumn(data, c));
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
  if (data.k === 2) return binaryAuc(data.yTrue, probaColumn(data, 1));
  return rocAucOvr(data);
}

const ONE_CLASS = 'y_true holds a single class, so no positive can be ranked against a negative (sklearn raises ValueError)';

/**
 * roc_auc_score as scikit-learn 1.2.1 computes it for a report, with sample weights:
 *  - k = 2: roc_auc_score(y_true, proba[:, 1], sample_weight=w). Unavailable when y_true has
 *    one class (sklearn raises), or when every row of one class weighs zero (sklearn: nan).
 *  - k > 2: roc_auc_score(y_true, proba, multi_class='ovr', average, labels=classes,
 *    sample_weight=w). Unavailable when rows do not sum to 1 (np.allclose; sklearn raises),
 *    when a class is absent from y_true (its AUC is undefined; sklearn raises), or when a
 *    macro average meets a class whose rows, or all other rows, weigh zero (sklearn: nan).
 *    'weighted' weighs each class's AUC by its weighted support; a class with zero weight
 *    counts 0 there, as in sklearn.
 */
export function weightedRocAuc(input: PreparedClassification, average: 'macro' | 'weighted'): number {
  const { data, k, inTruth, cm } = input;
  if (k === 2) {
    if (!inTruth[0] || !inTruth[1]) throw new MetricUnavailable(ONE_CLASS);
    // Class 1 vs the rest scored by proba[:, 1] is exactly sklearn's binary call.
    const auc = aucFromCounts(input.curve(1));
    if (Number.isNaN(auc)) throw new MetricUnavailable('every row of one class has weight zero');
    return auc;
  }
  const { proba } = data;
  for (let i = 0; i < input.n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += proba[i * k + c] as number;
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new MetricUnavailable(`multiclass ROC AUC needs probabilities: row ${i} sums to ${s}, not 1 (sklearn raises ValueError)`);
    }
  }
  for (let c = 0; c < k; c++) {
    if (!inTruth[c]) throw new MetricUnavailable(`class ${c} is absent from y_true, so its one-vs-rest AUC is undefined (sklearn raises ValueError)`);
  }
  const support = new Float64Array(k);
  for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) support[t] = (support[t] as number) + (cm[t * k + p] as number);
  let total = 0;
  for (const s of support) total += s;
  // sklearn: `if np.isclose(average_weight.sum(), 0.0): return 0`.
  if (average === 'weighted' && Math.abs(total) <= 1e-8) return 0;
  let num = 0;
  let den = 0;
  for (let c = 0; c < k; c++) {
    const w = average === 'weighted' ? (support[c] as number) : 1;
    let auc = aucFromCounts(input.curve(c));
    if (w === 0) auc = 0;
    if (Number.isNaN(auc)) throw new MetricUnavailable(`class ${c}'s one-vs-rest AUC is undefined: all its rows or all other rows weigh zero`);
    num += w * auc;
    den += w;
  }
  return num / den;
}

export const rocAucMetric: ClassificationReportMetric = {
  name: 'roc_auc',
  task: 'classification',
  higherIsBetter: true,
  describe:
    'Area under the ROC curve: the chance that a random positive row scores above a random negative one (one-vs-rest macro average for more than two classes).',
  reference:
    "sklearn.metrics.roc_auc_score(y_true, proba[:, 1], sample_weight=w); k > 2: roc_auc_score(y_true, proba, multi_class='ovr', average=average, labels=classes, sample_weight=w)",
  compute: rocAuc,
  applicable: forClassification,
  variants: (_task, info) => (info.k === 2 ? [{}] : [{ average: 'macro' }, { average: 'weighted' }]),
  evaluate: (input, params) => weightedRocAuc(input, choice(params, 'average', ['macro', 'weighted'] as const, 'macro')),
};
