/**
 * Parzen estimators, the densities TPE compares: l(x) over the good trials' values, g(x) over
 * the rest. Each is a mixture with one component per observation plus the prior, so it is
 * never zero where the prior is not, and with no observations it is the prior.
 *
 * Numbers (on the internal scale, see prior.ts): Gaussians truncated to the bounds, centred
 * on the observations; each one's width is the larger gap to its neighbours among the sorted
 * centres (bounds included), clipped to [range / min(100, n + 1), range], so clusters give
 * sharp peaks and lone points broad ones. The prior is a Gaussian over the middle with the
 * whole range as its width. Every component weighs the same.
 *
 * Categories: each choice's count plus an equal share of one prior pseudo-observation.
 */
import type { Rng } from '../random.ts';
import { logNormalPdf, logSumExp, normalCdf, truncatedNormal } from './normal.ts';

export interface NumericParzen {
  mus: Float64Array;
  sigmas: Float64Array;
  /** log of each component's mass inside [a, b]. */
  logMass: Float64Array;
  a: number;
  b: number;
}

export function numericParzen(observations: readonly number[], a: number, b: number): NumericParzen {
  const range = b - a;
  const obs = [...observations].sort((x, y) => x - y);
  const n = obs.length;
  const minSigma = range / Math.min(100, n + 1);
  const mus = new Float64Array(n + 1);
  const sigmas = new Float64Array(n + 1);
  obs.forEach((x, i) => {
    const left = x - (i > 0 ? obs[i - 1]! : a);
    const right = (i < n - 1 ? obs[i + 1]! : b) - x;
    mus[i] = x;
    sigmas[i] = Math.min(range, Math.max(minSigma, left, right));
  });
  mus[n] = (a + b) / 2;
  sigmas[n] = range;
  const logMass = mus.map((mu, i) => Math.log(Math.max(1e-300, normalCdf((b - mu) / sigmas[i]!) - normalCdf((a - mu) / sigmas[i]!))));
  return { mus, sigmas, logMass, a, b };
}

export function numericLogPdf(p: NumericParzen, x: number): number {
  const k = p.mus.length;
  const terms = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const s = p.sigmas[i]!;
    terms[i] = logNormalPdf((x - p.mus[i]!) / s) - Math.log(s) - p.logMass[i]!;
  }
  return logSumExp(terms) - Math.log(k);
}

export function numericSample(p: NumericParzen, rng: Rng): number {
  const i = rng.int(p.mus.length);
  return truncatedNormal(p.mus[i]!, p.sigmas[i]!, p.a, p.b, rng);
}

/** Probability of each choice index. */
export function categoricalParzen(observations: readonly number[], k: number): Float64Array {
  const w = new Float64Array(k).fill(1 / k);
  for (const c of observations) w[c]! += 1;
  const total = observations.length + 1;
  return w.map((v) => v / total);
}

export function categoricalSample(probs: Float64Array, rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i]!;
    if (u < 0) return i;
  }
  return probs.length - 1;
}
