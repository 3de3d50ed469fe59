/** The standard normal distribution, as the Parzen estimators need it. */
import type { Rng } from '../random.ts';
import { regularizedGammaQ } from '../stats/special-functions.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Phi(z), through erfc(t) = Q(1/2, t^2). */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** log phi(z). */
export function logNormalPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/**
 * A draw from N(mu, sigma^2) restricted to [a, b]. Estimator components keep at least a third
 * of their mass inside the bounds, so rejection needs few tries; the cap keeps a pathological
 * component from looping, clamping its last draw instead.
 */
export function truncatedNormal(mu: number, sigma: number, a: number, b: number, rng: Rng): number {
  let x = mu;
  for (let i = 0; i < 64; i++) {
    x = mu + sigma * rng.normal();
    if (x >= a && x <= b) return x;
  }
  return Math.min(b, Math.max(a, x));
}

/** log(sum(exp(xs))) without overflow. */
export function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}
