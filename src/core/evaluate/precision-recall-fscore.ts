import { forClassification } from './applicability.ts';
import { MetricUnavailable, orNaN } from './metric-unavailable.ts';
import { choice, classParam } from './params.ts';
import { prepareClassification } from './prepare.ts';
import type {
  ClassificationData,
  ClassificationReportMetric,
  MetricParams,
  PreparedClassification,
  ReportInfo,
  ResolvedReportOptions,
  Task,
} from './types.ts';

export type Average = 'binary' | 'macro' | 'micro' | 'weighted';
const AVERAGES: readonly Average[] = ['binary', 'macro', 'micro', 'weighted'];

export interface PrfOptions {
  average: Average;
  /** F-beta's beta (>= 0); 1 is F1. */
  beta: number;
  /** Class index counted as positive when average = 'binary'. */
  posLabel: number;
}

/**
 * sklearn.metrics.precision_recall_fscore_support(y_true, y_pred, beta, average, pos_label,
 * sample_weight, zero_division='warn') as scikit-learn 1.2.1 computes it:
 *  - per label: precision = tp / (tp + fp), recall = tp / (tp + fn), each 0 when its
 *    denominator is 0 (zero_division='warn' acts as 0); F = (1 + b²) P R / (b² P + R), 0
 *    when b² P + R = 0. Counts are weighted sums.
 *  - labels: 'binary' uses [pos_label] only (k must be 2); the others use the classes that
 *    occur in y_true or y_pred whatever their weight (sklearn's unique_labels), so a class
 *    whose rows all weigh zero still counts in a macro average, with a 0.
 *  - 'micro' pools tp / predicted / true over those labels first; 'macro' is the plain mean;
 *    'weighted' weights each label by its (weighted) support.
 */
export function precisionRecallFscore(input: PreparedClassification, opts: PrfOptions): { precision: number; recall: number; fscore: number } {
  const { cm, k, seen } = input;
  const { average, beta } = opts;
  if (!Number.isFinite(beta) || beta < 0) throw new RangeError(`evaluate: beta must be a finite number >= 0; got ${beta}.`);
  let labels: number[];
  if (average === 'binary') {
    if (k !== 2) throw new RangeError(`evaluate: average='binary' needs a two-class task; this one has ${k} classes.`);
    labels = [opts.posLabel];
  } else {
    labels = [];
    for (let c = 0; c < k; c++) if (seen[c]) labels.push(c);
  }
  const tp: number[] = [];
  const predicted: number[] = [];
  const actual: number[] = [];
  for (const c of labels) {
    let colSum = 0;
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      colSum += cm[j * k + c] as number;
      rowSum += cm[c * k + j] as number;
    }
    tp.push(cm[c * k + c] as number);
    predicted.push(colSum);
    actual.push(rowSum);
  }
  if (average === 'micro') {
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    return scores([sum(tp)], [sum(predicted)], [sum(actual)], beta, undefined);
  }
  if (average === 'weighted') {
    // sklearn: with no weighted support at all every score is zero_division (0). That needs
    // total weight 0, which prepare already refuses; kept for callers of this function.
    if (actual.reduce((s, v) => s + v, 0) === 0) return { precision: 0, recall: 0, fscore: 0 };
    return scores(tp, predicted, actual, beta, actual);
  }
  return scores(tp, predicted, actual, beta, undefined);
}

function scores(tp: number[], predicted: number[], actual: number[], beta: number, weights: number[] | undefined) {
  const b2 = beta * beta;
  const p = tp.map((t, i) => (predicted[i] === 0 ? 0 : t / (predicted[i] as number)));
  const r = tp.map((t, i) => (actual[i] === 0 ? 0 : t / (actual[i] as number)));
  const f = p.map((pi, i) => {
    const ri = r[i] as number;
    const denom = b2 * pi + ri;
    return denom === 0 ? 0 : ((1 + b2) * pi * ri) / denom;
  });
  const avg = (v: number[]) => {
    if (v.length === 0) throw new MetricUnavailable('no class occurs in y_true or the predictions');
    if (!weights) return v.reduce((s, x) => s + x, 0) / v.length;
    let num = 0;
    let den = 0;
    v.forEach((x, i) => {
      num += x * (weights[i] as number);
      den += weights[i] as number;
    });
    return num / den;
  };
  return { precision: avg(p), recall: avg(r), fscore: avg(f) };
}

/** The averages a report lists: 'binary' (for the positive class) first on a two-class task. */
export function averageVariants(task: Task, info: ReportInfo, options: ResolvedReportOptions): MetricParams[] {
  const rest: MetricParams[] = [{ average: 'macro' }, { average: 'micro' }, { average: 'weighted' }];
  return task === 'binary' && info.k === 2 ? [{ average: 'binary', pos_label: options.posLabel }, ...rest] : rest;
}

/** Params -> options; the default average is 'binary' on two classes and 'macro' otherwise. */
export function prfOptions(params: MetricParams, k: number, beta: number): PrfOptions {
  return {
    average: choice(params, 'average', AVERAGES, k === 2 ? 'binary' : 'macro'),
    beta,
    posLabel: classParam(params, 'pos_label', 1, k),
  };
}

type Part = 'precision' | 'recall' | 'fscore';

/** The report metric for one of precision / recall / F-beta, sharing everything above. */
export function prfMetric(spec: {
  name: string;
  part: Part;
  describe: string;
  reference: string;
  beta: (params: MetricParams) => number;
  variants: ClassificationReportMetric['variants'];
}): ClassificationReportMetric {
  const evaluate = (input: PreparedClassification, params: MetricParams): number =>
    precisionRecallFscore(input, prfOptions(params, input.k, spec.beta(params)))[spec.part];
  return {
    name: spec.name,
    task: 'classification',
    higherIsBetter: true,
    describe: spec.describe,
    reference: spec.reference,
    compute: (data: ClassificationData) => orNaN(() => evaluate(prepareClassification(data), {})),
    applicable: forClassification,
    variants: spec.variants,
    evaluate,
  };
}
