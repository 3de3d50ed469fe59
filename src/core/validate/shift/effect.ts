/**
 * How big a difference is, in words. The cut-offs are rules of thumb, not tests: a tiny effect
 * on a million rows is "significant" and still harmless; a large one on 30 rows may be noise
 * (the p-values say which).
 */
export type EffectReading = 'negligible' | 'small' | 'moderate' | 'large';

export interface Effect {
  measure: EffectMeasure;
  value: number;
  reading: EffectReading;
}

export type EffectMeasure = 'psi' | 'ks_statistic' | 'wasserstein_sd' | 'cohen_w' | 'js_distance';

/** [small, moderate, large] lower bounds per measure. */
const CUTS: Record<EffectMeasure, readonly [number, number, number]> = {
  // The credit-scoring convention: < 0.1 stable, 0.1-0.25 some shift, >= 0.25 a major one.
  psi: [0.05, 0.1, 0.25],
  // Cohen's d of 0.2 / 0.5 / 0.8 between two normals moves the CDFs apart by about 0.08 / 0.2 / 0.31.
  ks_statistic: [0.08, 0.2, 0.31],
  // For a pure location shift, W1 in reference standard deviations is Cohen's d.
  wasserstein_sd: [0.2, 0.5, 0.8],
  // Cohen's w = sqrt(chi2 / N): 0.1 / 0.3 / 0.5.
  cohen_w: [0.1, 0.3, 0.5],
  // With equal sample sizes JS distance (base 2) ~ w / sqrt(2 ln 2): Cohen's cut-offs carried over.
  js_distance: [0.085, 0.25, 0.42],
};

const ORDER: readonly EffectReading[] = ['negligible', 'small', 'moderate', 'large'];

/** NaN (nothing to compare) reads as negligible; Infinity (a constant reference that moved) as large. */
export function effect(measure: EffectMeasure, value: number): Effect {
  const cuts = CUTS[measure];
  let level = 0;
  for (const c of cuts) if (value >= c) level++;
  return { measure, value, reading: Number.isNaN(value) ? 'negligible' : ORDER[level]! };
}

/** The larger of several readings (a column shifted by any measure's account is shifted). */
export function strongest(effects: readonly Effect[]): Effect {
  let best = effects[0]!;
  for (const e of effects) if (ORDER.indexOf(e.reading) > ORDER.indexOf(best.reading)) best = e;
  return best;
}
