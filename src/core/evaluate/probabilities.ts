import { MetricUnavailable } from './metric-unavailable.ts';

/** Metrics that read proba as probabilities (Brier, ECE) need every value in [0, 1]; sklearn's brier_score_loss raises otherwise. */
export function requireProbabilities(proba: Float64Array, metric: string): void {
  for (let j = 0; j < proba.length; j++) {
    const p = proba[j] as number;
    if (p < 0 || p > 1) throw new MetricUnavailable(`${metric} needs probabilities in [0, 1]; value ${j} is ${p}`);
  }
}
