/**
 * The rows a reviewer should look at first. Per-row loss: the log loss of the true class
 * (-ln p, p clipped to [1e-15, 1] as sklearn's log_loss) for classifiers, the squared error for
 * regressors. Order: for classifiers the mistakes come first, most confident first (the
 * probability given to the wrongly predicted class; ties by loss, then row), then the rest by
 * loss; for regressors every row by loss. Ties always end with the lower table row first.
 */
import type { Dataset } from '../../data/types.ts';
import type { ClassificationData, RegressionData } from '../types.ts';
import { rowTexts } from './cell-text.ts';
import type { ErrorRow } from './types.ts';

const EPS = 1e-15;

export interface ErrorAnalysisInput {
  data: ClassificationData | RegressionData;
  /** Classifiers: the predicted class of each row (argmax, or the binary threshold's). */
  predicted?: Int32Array;
  classes?: readonly string[];
  /** Table row and fold of each evaluated row. */
  rowIds: ArrayLike<number>;
  folds: ArrayLike<number>;
  source: Pick<Dataset, 'table' | 'columns'>;
  features: readonly string[];
  notes: Readonly<Record<number, string>>;
  /** Most rows returned. Default 100. */
  limit?: number;
}

/** Per-row loss, in evaluated-row order. */
export function rowLosses(data: ClassificationData | RegressionData): Float64Array {
  const n = data.yTrue.length;
  const out = new Float64Array(n);
  if ('proba' in data) {
    for (let i = 0; i < n; i++) out[i] = -Math.log(Math.min(1, Math.max(EPS, data.proba[i * data.k + data.yTrue[i]!]!)));
  } else {
    for (let i = 0; i < n; i++) out[i] = (data.yTrue[i]! - data.yPred[i]!) ** 2;
  }
  return out;
}

/** Evaluated-row positions in review order (see the module comment). */
export function errorOrder(data: ClassificationData | RegressionData, predicted?: Int32Array): number[] {
  const loss = rowLosses(data);
  const n = loss.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const row = (i: number) => i;
  if (!('proba' in data) || !predicted) return idx.sort((a, b) => loss[b]! - loss[a]! || row(a) - row(b));
  const k = data.k;
  const wrong = (i: number) => predicted[i] !== data.yTrue[i];
  const conf = (i: number) => data.proba[i * k + predicted[i]!]!;
  return idx.sort((a, b) => {
    const wa = wrong(a);
    const wb = wrong(b);
    if (wa !== wb) return wa ? -1 : 1;
    if (wa) return conf(b) - conf(a) || loss[b]! - loss[a]! || a - b;
    return loss[b]! - loss[a]! || a - b;
  });
}

export function errorAnalysis(input: ErrorAnalysisInput): ErrorRow[] {
  const { data, predicted, classes } = input;
  const order = errorOrder(data, predicted).slice(0, input.limit ?? 100);
  const loss = rowLosses(data);
  const texts = rowTexts(input.source, input.features, Int32Array.from(order, (i) => input.rowIds[i]!));
  return order.map((i, r): ErrorRow => {
    const tableRow = input.rowIds[i]!;
    const note = input.notes[tableRow];
    let actual: string | number;
    let pred: string | number;
    let confidence: number;
    if ('proba' in data) {
      const p = predicted ? predicted[i]! : argmax(data.proba, i, data.k);
      const t = data.yTrue[i]!;
      actual = classes?.[t] ?? t;
      pred = classes?.[p] ?? p;
      confidence = data.proba[i * data.k + p]!;
    } else {
      actual = data.yTrue[i]!;
      pred = data.yPred[i]!;
      confidence = Math.abs(data.yTrue[i]! - data.yPred[i]!);
    }
    return {
      row: tableRow, fold: input.folds[i]!, actual, predicted: pred, confidence, loss: loss[i]!, values: texts[r]!,
      ...(note !== undefined ? { note } : {}),
    };
  });
}

function argmax(proba: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
  return best;
}
