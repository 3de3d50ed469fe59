import { forClassification, noParams } from './applicability.ts';
import { orNaN } from './metric-unavailable.ts';
import { prepareClassification } from './prepare.ts';
import type { ClassificationReportMetric, PreparedClassification } from './types.ts';

/**
 * sklearn.metrics.matthews_corrcoef(y_true, y_pred, sample_weight=w), the multiclass R_K form
 * (it reduces to the binary phi coefficient for two classes), from the weighted confusion
 * matrix C with t = row sums, p = column sums, s = total, c = trace:
 *   (c s - t·p) / sqrt((s² - t·t)(s² - p·p)).
 * When either factor under the root is 0 (all rows in one true class, or all predicted as one)
 * sklearn returns 0.0, and so does this.
 */
export function matthewsCorrcoef(input: PreparedClassification): number {
  const { cm, k } = input;
  const t = new Float64Array(k);
  const p = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = cm[i * k + j] as number;
      t[i] = (t[i] as number) + v;
      p[j] = (p[j] as number) + v;
    }
    correct += cm[i * k + i] as number;
  }
  let s = 0;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let c = 0; c < k; c++) {
    const tc = t[c] as number;
    const pc = p[c] as number;
    s += pc;
    tp += tc * pc;
    pp += pc * pc;
    tt += tc * tc;
  }
  const covYtYp = correct * s - tp;
  const covYpYp = s * s - pp;
  const covYtYt = s * s - tt;
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}

export const matthewsCorrcoefMetric: ClassificationReportMetric = {
  name: 'matthews_corrcoef',
  task: 'classification',
  higherIsBetter: true,
  describe: 'Correlation between true and predicted classes, from -1 to 1 (0 is chance); fair under class imbalance.',
  reference: 'sklearn.metrics.matthews_corrcoef(y_true, y_pred, sample_weight=w)',
  compute: (data) => orNaN(() => matthewsCorrcoef(prepareClassification(data))),
  applicable: forClassification,
  variants: noParams,
  evaluate: (input) => matthewsCorrcoef(input),
};
