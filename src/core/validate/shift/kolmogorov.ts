/**
 * Distributions of the Kolmogorov-Smirnov statistic.
 *
 * - kolmogorovSf(z): the limiting distribution of sqrt(n) D_n (scipy.special.kolmogorov,
 *   scipy.stats.kstwobign.sf), by Kolmogorov's alternating series, or the Jacobi-theta form
 *   of the CDF where that series would cancel.
 * - smirnovSf(n, d): the exact one-sided P(D+_n >= d) by the Birnbaum-Tingey sum
 *   (scipy.special.smirnov).
 * - kolmogornSf(n, d): P(D_n >= d) for finite n (scipy.stats.kstwo.sf), choosing per region
 *   as Simard & L'Ecuyer (2011, J. Stat. Softw. 39(11)) recommend: closed forms at the
 *   extremes, the Durbin matrix (Marsaglia, Tsang & Wang 2003) for small n d^2, 2 * smirnov
 *   for the upper tail, and the Pelz-Good (1976) expansion for large n. Where scipy uses
 *   Pomeranz's recursion (n <= 140, 0.75 < n d^2 <= 4) the Durbin matrix serves: both are exact. scipy.stats.ks_2samp
 *   with method='asymp' reads its two-sided p-value from this distribution at n = round(m n / (m + n)).
 */
import { logGamma } from '../../stats/special-functions.ts';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI * Math.PI;

const clip01 = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

/** P(K > z) for Kolmogorov's limiting distribution K. */
export function kolmogorovSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z <= 0) return 1;
  // Below ~0.8 the alternating series needs many terms and loses digits to cancellation;
  // the theta-function form of the CDF converges there in a handful of terms.
  if (z < 0.8) {
    const w = -PI2 / (8 * z * z);
    let sum = 0;
    for (let k = 1; k < 64; k++) {
      const m = 2 * k - 1;
      const t = Math.exp(w * m * m);
      sum += t;
      if (t < 1e-17 * sum) break;
    }
    return clip01(1 - (SQRT_2PI / z) * sum);
  }
  let sum = 0;
  let sign = 1;
  for (let k = 1; k < 64; k++) {
    const t = Math.exp(-2 * k * k * z * z);
    sum += sign * t;
    if (t < 1e-17 * Math.abs(sum)) break;
    sign = -sign;
  }
  return clip01(2 * sum);
}

/** log C(n, v) from log Γ. */
const logChoose = (n: number, v: number): number => logGamma(n + 1) - logGamma(v + 1) - logGamma(n - v + 1);

/** P(D+_n >= d): d * sum_{v=0}^{floor(n(1-d))} C(n,v) (d + v/n)^(v-1) (1 - d - v/n)^(n-v); every term is positive. */
export function smirnovSf(n: number, d: number): number {
  if (!(n > 0) || Number.isNaN(d)) return NaN;
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const last = Math.floor(n * (1 - d));
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const p = d + v / n;
    const q = 1 - p;
    if (q <= 0) {
      // (1 - d - v/n)^(n-v) is 0 unless the exponent is 0 too (v = n, d = 0), which d > 0 rules out.
      if (v === n) sum += Math.exp((v - 1) * Math.log(p));
      continue;
    }
    sum += Math.exp(logChoose(n, v) + (v - 1) * Math.log(p) + (n - v) * Math.log(q));
  }
  return clip01(d * sum);
}

/** log(n! / n^n) by Stirling's series (no cancellation between log n! and n log n). */
function logFactorialOverPower(n: number): number {
  const inv = 1 / n;
  const inv2 = inv * inv;
  // B_{2j} / (2j (2j-1)) for j = 1..5 suffice for n > 140.
  const series = inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 / 1188))));
  return 0.5 * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + series;
}

const SCALE = 2 ** 128;
const UNSCALE = 2 ** -128;

/** a * b for square matrices stored row-major in Float64Arrays of side m. */
function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let k = 0; k < m; k++) {
      const aik = a[row + k]!;
      if (aik === 0) continue;
      const bRow = k * m;
      for (let j = 0; j < m; j++) out[row + j]! += aik * b[bRow + j]!;
    }
  }
  return out;
}

/**
 * P(D_n < d) by Durbin's matrix formula: with n d = k - h (k integer, 0 <= h < 1) and the
 * (2k-1) x (2k-1) matrix H, P = n!/n^n (H^n)[k-1][k-1]. Powers are rescaled by 2^128 as they
 * grow, with the scale kept apart as a power of two (Marsaglia, Tsang & Wang).
 */
function durbinCdf(n: number, d: number): number {
  const nd = n * d;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const H = new Float64Array(m * m);
  // H[i][j] = 1/(i-j+1)! on and below the first superdiagonal; the first column and the last
  // row subtract the part of the band the boundary h cuts off.
  const invFactorial = [1];
  for (let i = 1; i <= m; i++) invFactorial.push(invFactorial[i - 1]! / i);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) if (i - j + 1 >= 0) H[i * m + j] = invFactorial[i - j + 1]!;
  for (let i = 0; i < m; i++) {
    H[i * m]! -= h ** (i + 1) * invFactorial[i + 1]!;
    H[(m - 1) * m + i]! -= h ** (m - i) * invFactorial[m - i]!;
  }
  H[(m - 1) * m]! += (2 * h - 1 > 0 ? (2 * h - 1) ** m : 0) * invFactorial[m]!;

  let power: Float64Array<ArrayBuffer> | null = null;
  let base: Float64Array<ArrayBuffer> = H;
  let exponent = 0;
  let baseExponent = 0;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      power = power ? multiply(power, base, m) : base;
      exponent += baseExponent;
      if (Math.abs(power[(k - 1) * m + (k - 1)]!) > SCALE) {
        for (let i = 0; i < power.length; i++) power[i]! *= UNSCALE;
        exponent += 128;
      }
    }
    if (e > 1) {
      base = multiply(base, base, m);
      baseExponent *= 2;
      if (Math.abs(base[(k - 1) * m + (k - 1)]!) > SCALE) {
        for (let i = 0; i < base.length; i++) base[i]! *= UNSCALE;
        baseExponent += 128;
      }
    }
  }
  let p = power![(k - 1) * m + (k - 1)]!;
  // times n!/n^n, one factor i/n at a time, rescaling upward before p underflows
  for (let i = 1; i <= n; i++) {
    p = (p * i) / n;
    if (Math.abs(p) < UNSCALE) {
      p *= SCALE;
      exponent -= 128;
    }
  }
  return clip01(p * 2 ** exponent);
}

/** P(D_n <= x) by the Pelz-Good asymptotic expansion in powers of 1/sqrt(n) (z = x sqrt(n)). */
function pelzGoodCdf(n: number, x: number): number {
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const logQ = -PI2 / (8 * z2);
  if (logQ < -708) return 0;
  const PI4 = PI2 * PI2;
  const PI6 = PI4 * PI2;
  // Sums over odd m = 2k-1 of c_i(m) exp(-pi^2 m^2 / (8 z^2)).
  const terms = Math.ceil((16 * z) / Math.PI);
  const s = [0, 0, 0, 0];
  for (let k = 1; k <= terms; k++) {
    const m2 = (2 * k - 1) ** 2;
    const w = Math.exp(logQ * m2);
    if (w === 0) break;
    s[0]! += w;
    s[1]! += ((PI2 * m2) / 4 - z2) * w;
    s[2]! += (6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * PI2 * m2) / 4 + (PI4 * (1 - 2 * z2) * m2 * m2) / 16) * w;
    s[3]! +=
      (-30 * z6 - 90 * z6 * z2 + (PI2 * (135 * z4 - 96 * z6) * m2) / 4 + (PI4 * (-60 * z2 + 212 * z4) * m2 * m2) / 16 +
        (PI6 * (5 - 30 * z2) * m2 * m2 * m2) / 64) *
      w;
  }
  // The K2 and K3 corrections also sum over all integers k of exp(-pi^2 k^2 / (2 z^2)).
  let extra2 = 0;
  let extra3 = 0;
  for (let k = 1; k <= terms; k++) {
    const w = Math.exp((-PI2 * k * k) / (2 * z2));
    if (w === 0) break;
    extra2 += k * k * w;
    extra3 += (3 * z2 - PI2 * k * k) * k * k * w;
  }
  const K0 = (SQRT_2PI / z) * s[0]!;
  const K1 = (SQRT_2PI / (6 * z4)) * s[1]!;
  const K2 = (SQRT_2PI / (72 * z6 * z)) * s[2]! - ((PI2 * SQRT_2PI) / (36 * z2 * z)) * extra2;
  const K3 = (SQRT_2PI / (6480 * z4 * z6)) * s[3]! + ((PI2 * SQRT_2PI) / (216 * z6)) * extra3;
  const rootN = Math.sqrt(n);
  return K0 + K1 / rootN + K2 / n + K3 / (n * rootN);
}

/** P(D_n >= d) for the two-sided one-sample statistic D_n with n observations (scipy.stats.kstwo.sf). */
export function kolmogornSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(d)) return NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    // Ruben & Gambino: for 1/(2n) <= d <= 1/n, P(D_n <= d) = n!/n^n (2t - 1)^n.
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    } else cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip01(1 - cdf);
  }
  if (t >= n - 1) return clip01(2 * (1 - d) ** n);
  // For d >= 1/2 the events D+ >= d and D- >= d are disjoint.
  if (d >= 0.5) return clip01(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 4) return clip01(1 - durbinCdf(n, d));
    return clip01(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip01(2 * smirnovSf(n, d));
  const cdf = n <= 100_000 && n * d ** 1.5 <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d);
  return clip01(1 - cdf);
}
