/** The lines drift verdicts are drawn at: defaults, and a check of a person's edits. */
import { benchtopError } from '../errors.ts';
import type { DriftThresholds, WarnDrift } from './types.ts';

/**
 * PSI 0.1 / 0.25 is the credit-scoring convention. alpha is 0.01 rather than 0.05 because a
 * batch tests every column at once: at 0.05, one column in twenty would be "significant" by
 * chance. The effect lines are Cohen's small / medium (KS 0.1 ~ a small shift of two normals).
 * 50 values is about where ten PSI bins stop being mostly noise.
 */
export function defaultDriftThresholds(): DriftThresholds {
  return {
    psi: { warn: 0.1, drift: 0.25 },
    alpha: 0.01,
    ks: { warn: 0.1, drift: 0.2 },
    cohenW: { warn: 0.1, drift: 0.3 },
    missingRise: { warn: 0.05, drift: 0.2 },
    minSamples: 50,
  };
}

const invalid = (field: string, reason: string) => benchtopError('monitor_input_invalid', { field: `thresholds.${field}`, reason });

function pair(value: unknown, fallback: WarnDrift, field: string, max: number): WarnDrift {
  if (value === undefined) return { ...fallback };
  if (typeof value !== 'object' || value === null) throw invalid(field, 'it must be {warn, drift}');
  const v = value as Partial<WarnDrift>;
  const warn = v.warn ?? fallback.warn;
  const drift = v.drift ?? fallback.drift;
  for (const [k, x] of [['warn', warn], ['drift', drift]] as const)
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > max) throw invalid(`${field}.${k}`, `it must be a number from 0 to ${max}`);
  if (warn > drift) throw invalid(field, `warn (${warn}) is above drift (${drift}); the warning line must come first`);
  return { warn, drift };
}

/** Fields left out take the defaults; anything out of range is refused (monitor_input_invalid names it). */
export function resolveThresholds(partial: Partial<DriftThresholds> = {}): DriftThresholds {
  const d = defaultDriftThresholds();
  const alpha = partial.alpha ?? d.alpha;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw invalid('alpha', 'it must be a number between 0 and 1 (exclusive)');
  const minSamples = partial.minSamples ?? d.minSamples;
  if (!Number.isInteger(minSamples) || minSamples < 1 || minSamples > 1e9) throw invalid('minSamples', 'it must be a whole number of at least 1');
  return {
    psi: pair(partial.psi, d.psi, 'psi', 100),
    alpha,
    ks: pair(partial.ks, d.ks, 'ks', 1),
    cohenW: pair(partial.cohenW, d.cohenW, 'cohenW', 100),
    missingRise: pair(partial.missingRise, d.missingRise, 'missingRise', 1),
    minSamples,
  };
}
