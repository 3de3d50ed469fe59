/**
 * exp and log1p for the binary log-loss, written out so they give the same bits everywhere:
 * Math.exp and Math.log1p are only specified to be close, so two browsers may differ in the
 * last bit, and a boosting fit would then grow different trees from the same seed. These are
 * fdlibm's algorithms (within one unit in the last place), as float64 operations in a fixed
 * order; wasm/gbdt-histogram.ts does the same operations two rows at a time, and a test checks
 * that the two agree bit for bit.
 */

const SHIFT = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer, ties to even
const INV_LN2 = 1.442695040888963387;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const SQRT2 = 1.4142135623730951;
/** Below this, exp(x) is not a normal double: expNonPositive gives 0. */
export const EXP_FLUSH = -708.3964185322641;

/** NEG_POW2[j] = 2^-j, exactly (halving a power of two is exact down to 2^-1022). */
const NEG_POW2 = new Float64Array(1023);
NEG_POW2[0] = 1;
for (let j = 1; j < NEG_POW2.length; j++) NEG_POW2[j] = NEG_POW2[j - 1]! / 2;

/** exp(x) for x <= 0 (NaN gives NaN); 0 below EXP_FLUSH, where the result would be subnormal. */
export function expNonPositive(x: number): number {
  if (x < EXP_FLUSH) return 0;
  const k = x * INV_LN2 + SHIFT - SHIFT;
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const rr = r * r;
  const c = r - rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // k is 0, -1, ... -1022 here (NaN for a NaN x, and then so is the result).
  return y * NEG_POW2[-k]!;
}

/** log(1 + e) for e in [0, 1]. */
export function log1pUnit(e: number): number {
  const u = 1 + e;
  const big = u > SQRT2;
  const f = big ? u * 0.5 - 1 : u - 1;
  const k = big ? 1 : 0;
  // The rounding error of 1 + e, relative to u.
  const c = (e - (u - 1)) / u;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * log(P) for a product P >= 1 of factors 1 + e (the binary loss pass multiplies LOG_EVERY of
 * them before one log): P = 2^k m with m in [1, 2), log(m) = log1pUnit(m - 1), m - 1 exact.
 * NaN and +Infinity pass through. Mirrors logOfProduct in wasm/gbdt-histogram.ts.
 */
export function logOfProduct(P: number): number {
  if (!(P < Infinity)) return P;
  bits[0] = P;
  // Typed arrays are little-endian on every engine that runs this: the exponent is in word 1.
  const hi = words[1]!;
  const k = (hi >>> 20) - 1023;
  words[1] = (hi & 0x000fffff) | 0x3ff00000;
  return k * LN2_HI + (k * LN2_LO + log1pUnit(bits[0]! - 1));
}
