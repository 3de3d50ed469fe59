/**
 * The distribution functions the comparison tests and intervals need, matched to scipy.stats
 * (t.sf, t.ppf, chi2.sf, binom.cdf) to 1e-10 relative in the tests.
 */
import { logBeta, regularizedBeta, regularizedBetaUpper, regularizedGammaQ } from './special-functions.ts';

function checkDf(df: number, fn: string): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`${fn}: degrees of freedom must be a positive finite number, got ${df}.`);
}

/**
 * scipy.stats.t.sf(t, df) = P(T > t). For t > 0 it is I_x(df/2, 1/2) / 2 with x = df/(df+t^2),
 * computed from t^2/(df+t^2) directly so small tails keep their relative accuracy.
 */
export function studentTSf(t: number, df: number): number {
  checkDf(df, 'studentTSf');
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  if (t === 0) return 0.5;
  const t2 = t * t;
  const x = df / (df + t2);
  const oneMinusX = t2 / (df + t2);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5, oneMinusX);
  return t > 0 ? tail : 1 - tail;
}

/** scipy.stats.t.cdf(t, df) = P(T <= t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

function studentTPdf(t: number, df: number): number {
  // ln[Gamma((df+1)/2) / (Gamma(df/2) sqrt(df pi))] = -ln B(df/2, 1/2) - ln(df)/2.
  const logC = -logBeta(df / 2, 0.5) - 0.5 * Math.log(df);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * scipy.stats.t.ppf(p, df): the t with P(T <= t) = p. Solved on the tail (sf(t) = 1 - p for
 * p > 0.5) by Newton steps kept inside a bracket, so quantiles near 0 or 1 stay accurate.
 */
export function studentTPpf(p: number, df: number): number {
  checkDf(df, 'studentTPpf');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTPpf: p must be in [0, 1], got ${p}.`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // By symmetry solve for the upper tail q = P(T > t) with t > 0.
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  let lo = 0;
  let hi = 1;
  while (studentTSf(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) break;
  }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = studentTSf(t, df) - q;
    if (f === 0) break;
    if (f > 0) lo = t;
    else hi = t;
    // Newton on sf: d sf / dt = -pdf.
    let next = t + f / studentTPdf(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t) || hi - lo <= 1e-15 * hi) {
      t = next;
      break;
    }
    t = next;
  }
  return upper ? t : -t;
}

/** scipy.stats.chi2.sf(x, df) = Q(df/2, x/2). */
export function chiSquaredSf(x: number, df: number): number {
  checkDf(df, 'chiSquaredSf');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/** scipy.stats.binom.cdf(k, n, p) = P(X <= k) for X ~ Binomial(n, p): I_{1-p}(n - k, k + 1). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialCdf: n must be an integer >= 0, got ${n}.`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialCdf: p must be in [0, 1], got ${p}.`);
  const kk = Math.floor(k);
  if (kk < 0) return 0;
  if (kk >= n) return 1;
  return regularizedBetaUpper(p, kk + 1, n - kk, 1 - p);
}
