import { forClassification } from './applicability.ts';
import { orNaN } from './metric-unavailable.ts';
import { numberParam } from './params.ts';
import { prepareClassification } from './prepare.ts';
import { requireProbabilities } from './probabilities.ts';
import type { ClassificationReportMetric, MetricParams, PreparedClassification } from './types.ts';

/**
 * Expected calibration error (not in scikit-learn; Benchtop's definition, the common
 * "top-label" form of Guo et al. 2017). Per row: confidence = the largest probability, correct
 * = whether its class (argmax, lowest index on ties) is the true one. Rows go into nBins
 * equal-width bins on [0, 1] by bin = min(floor(confidence * nBins), nBins - 1), so each bin is
 * [lo, hi) and the last one [lo, 1]. ECE = sum over non-empty bins of (W_b / W) * |acc_b - conf_b|,
 * with W_b the (sample) weight in the bin and acc_b, conf_b its weighted mean correctness and
 * confidence. 0 is perfectly calibrated; the fixture's reference is the same formula in numpy.
 */
export function expectedCalibrationError(input: PreparedClassification, nBins: number): number {
  const { n, k, weights, totalWeight, pred } = input;
  const { yTrue, proba } = input.data;
  if (!input.probabilities) requireProbabilities(proba, 'expected calibration error');
  const binWeight = new Float64Array(nBins);
  const binCorrect = new Float64Array(nBins);
  const binConfidence = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] as number) : 1;
    const p = pred[i] as number;
    const conf = proba[i * k + p] as number;
    const b = Math.min(Math.floor(conf * nBins), nBins - 1);
    binWeight[b] = (binWeight[b] as number) + w;
    if (p === yTrue[i]) binCorrect[b] = (binCorrect[b] as number) + w;
    binConfidence[b] = (binConfidence[b] as number) + w * conf;
  }
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    const wb = binWeight[b] as number;
    if (wb === 0) continue;
    ece += (wb / totalWeight) * Math.abs((binCorrect[b] as number) / wb - (binConfidence[b] as number) / wb);
  }
  return ece;
}

const binsOf = (params: MetricParams) => numberParam(params, 'n_bins', 10, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');

export const expectedCalibrationErrorMetric: ClassificationReportMetric = {
  name: 'expected_calibration_error',
  task: 'classification',
  higherIsBetter: false,
  describe: 'How far predicted confidence is from observed accuracy, averaged over confidence bins; 0 is perfectly calibrated.',
  reference: 'not in scikit-learn: top-label ECE over n_bins equal-width confidence bins (see expected-calibration-error.ts)',
  compute: (data) => orNaN(() => expectedCalibrationError(prepareClassification(data), 10)),
  applicable: forClassification,
  variants: (_task, _info, options) => [{ n_bins: options.nBins }],
  evaluate: (input, params) => expectedCalibrationError(input, binsOf(params)),
};
