import { MetricUnavailable } from './metric-unavailable.ts';

/** Index of the first value outside [0, 1], or -1 when every value is a probability. */
export function firstNonProbability(proba: Float64Array): number {
  for (let j = 0; j < proba.length; j++) {
    const p = proba[j] as number;
    if (p < 0 || p > 1) return j;
  }
  return -1;
}

/** Metrics that read proba as probabilities (Brier, ECE) need every value in [0, 1]; sklearn's brier_score_loss raises otherwise. */
export function requireProbabilities(proba: Float64Array, metric: string): void {
  const j = firstNonProbability(proba);
  if (j >= 0) throw new MetricUnavailable(`${metric} needs probabilities in [0, 1]; value ${j} is ${proba[j]}`);
}
