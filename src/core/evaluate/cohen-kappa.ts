import { forClassification } from './applicability.ts';
import { MetricUnavailable, orNaN } from './metric-unavailable.ts';
import { choice } from './params.ts';
import { prepareClassification } from './prepare.ts';
import type { ClassificationReportMetric, MetricParams, PreparedClassification } from './types.ts';

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * sklearn.metrics.cohen_kappa_score(y_true, y_pred, weights, sample_weight=w): agreement
 * beyond chance, 1 - sum(W * C) / sum(W * E), where C is the weighted confusion matrix, E the
 * one expected from its margins (outer(column sums, row sums) / total) and W the disagreement
 * weights: 1 off the diagonal ('none'), |i - j| ('linear') or (i - j)² ('quadratic').
 *
 * As sklearn without `labels=`, C covers only the classes that occur in y_true or y_pred
 * (whatever their weight), and i, j are positions in that list: with classes 0..3 and class 2
 * never seen, classes 1 and 3 are 1 apart, not 2. With one class seen (or all weight on one),
 * E has no disagreement and kappa is 0/0 (sklearn returns nan): unavailable.
 */
export function cohenKappa(input: PreparedClassification, weighting: KappaWeights): number {
  const { cm, k, seen } = input;
  const labels: number[] = [];
  for (let c = 0; c < k; c++) if (seen[c]) labels.push(c);
  const m = labels.length;
  const rowSum = new Float64Array(m);
  const colSum = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      const v = cm[(labels[a] as number) * k + (labels[b] as number)] as number;
      rowSum[a] = (rowSum[a] as number) + v;
      colSum[b] = (colSum[b] as number) + v;
    }
  }
  let total = 0;
  for (const v of colSum) total += v;
  let observed = 0;
  let expected = 0;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      const d = Math.abs(a - b);
      const w = weighting === 'none' ? (d === 0 ? 0 : 1) : weighting === 'linear' ? d : d * d;
      if (w === 0) continue;
      observed += w * (cm[(labels[a] as number) * k + (labels[b] as number)] as number);
      expected += (w * (colSum[a] as number) * (rowSum[b] as number)) / total;
    }
  }
  if (expected === 0) {
    throw new MetricUnavailable('kappa is undefined when the expected disagreement is zero: a single class is used (sklearn returns nan)');
  }
  return 1 - observed / expected;
}

const weightsOf = (params: MetricParams) => choice(params, 'weights', ['none', 'linear', 'quadratic'] as const, 'none');

export const cohenKappaMetric: ClassificationReportMetric = {
  name: 'cohen_kappa',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Agreement between predicted and true classes beyond chance (1 perfect, 0 chance); linear/quadratic treat classes as ordered.',
  reference: "sklearn.metrics.cohen_kappa_score(y_true, y_pred, weights=None | 'linear' | 'quadratic', sample_weight=w)",
  compute: (data) => orNaN(() => cohenKappa(prepareClassification(data), 'none')),
  applicable: forClassification,
  // Linear and quadratic weights equal the unweighted kappa with two classes: listed only for more.
  variants: (_task, info) => (info.k > 2 ? [{ weights: 'none' }, { weights: 'linear' }, { weights: 'quadratic' }] : [{ weights: 'none' }]),
  evaluate: (input, params) => cohenKappa(input, weightsOf(params)),
};
