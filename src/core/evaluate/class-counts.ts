import { checkClassification } from './check-input.ts';
import { predictedClasses } from './predicted-classes.ts';
import type { ClassificationData } from './types.ts';

/** Per-class counts behind precision, recall, F1 and balanced accuracy. */
export interface ClassCounts {
  k: number;
  /** Rows of class c predicted as c. */
  tp: Float64Array;
  /** Rows whose true class is c (tp + fn). */
  support: Float64Array;
  /** Rows predicted as c (tp + fp). */
  predicted: Float64Array;
}

export function classCounts(data: ClassificationData): ClassCounts {
  checkClassification(data);
  const { yTrue, k } = data;
  const pred = predictedClasses(data);
  const tp = new Float64Array(k);
  const support = new Float64Array(k);
  const predicted = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as number;
    const p = pred[i] as number;
    support[t] = (support[t] as number) + 1;
    predicted[p] = (predicted[p] as number) + 1;
    if (t === p) tp[t] = (tp[t] as number) + 1;
  }
  return { k, tp, support, predicted };
}

/**
 * Macro average of a per-class score over the labels sklearn would use by default:
 * unique_labels(y_true, y_pred), i.e. classes seen in the truth or the predictions. A class
 * that is in neither is not averaged in, exactly as when sklearn is called without
 * `labels=`; that is why this is not simply a mean over all k.
 */
export function macroOverSeen(counts: ClassCounts, score: (c: number) => number): number {
  let sum = 0;
  let m = 0;
  for (let c = 0; c < counts.k; c++) {
    if ((counts.support[c] as number) === 0 && (counts.predicted[c] as number) === 0) continue;
    sum += score(c);
    m++;
  }
  return m === 0 ? NaN : sum / m;
}
