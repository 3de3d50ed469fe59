/**
 * KS and Wasserstein against a reference kept only as a summary (a contract's 99 percentiles),
 * not as raw values.
 *
 * The reference CDF is taken as piecewise linear through the points (p_k, k/100), k = 1..99,
 * with the tails continued at the slope of the neighbouring segment: it reaches 0 at
 * p1 - (p2 - p1) and 1 at p99 + (p99 - p98). Repeated percentiles (ties) make a jump: at such
 * a value the CDF's left limit is the smallest k/100 there and its value the largest. Against
 * the true reference ECDF this is off by at most about 0.01 (one percentile step) in the
 * middle and in the tails, so the KS statistic is within ~0.01 of what the raw reference gives.
 *
 * With that CDF F_ref and the batch's ECDF F_cur:
 * - KS statistic D = sup |F_cur - F_ref|: F_cur is constant between its jumps and F_ref is
 *   linear between knots, so the sup is attained at a knot or a batch value, from the left or
 *   the right; every such point is visited once.
 * - p-value: as scipy.stats.ks_2samp(method='asymp') reads it, P(D_N >= D) with
 *   N = round(n m / (n + m)), n = the reference's count, m = the batch's.
 * - Wasserstein-1 = the integral of |F_cur - F_ref| dx, exact for the linear pieces.
 */
import type { NumericReference } from '../validate/contract/types.ts';
import { kolmogornSf } from '../validate/shift/kolmogorov.ts';

/** Knots of the reference CDF: strictly increasing x with left limit and value at each. */
export interface ReferenceCdf {
  x: number[];
  left: number[];
  right: number[];
}

export function referenceCdf(reference: Pick<NumericReference, 'percentiles'>): ReferenceCdf {
  const p = reference.percentiles;
  const k = p.length;
  if (k === 0) return { x: [], left: [], right: [] };
  const points: [number, number][] = [];
  const lowStep = k > 1 ? p[1]! - p[0]! : 0;
  const highStep = k > 1 ? p[k - 1]! - p[k - 2]! : 0;
  points.push([p[0]! - lowStep, 0]);
  for (let i = 0; i < k; i++) points.push([p[i]!, (i + 1) / (k + 1)]);
  points.push([p[k - 1]! + highStep, 1]);
  const cdf: ReferenceCdf = { x: [], left: [], right: [] };
  for (const [x, f] of points) {
    const last = cdf.x.length - 1;
    if (last >= 0 && cdf.x[last] === x) cdf.right[last] = Math.max(cdf.right[last]!, f);
    else {
      cdf.x.push(x);
      cdf.left.push(f);
      cdf.right.push(f);
    }
  }
  // The first knot's left limit is 0 (nothing below); a tail collapsed onto p1 keeps the jump.
  cdf.left[0] = 0;
  cdf.right[cdf.x.length - 1] = 1;
  return cdf;
}

export interface SummaryKsResult {
  statistic: number;
  pValue: number;
  /** Wasserstein-1 distance, in the column's units. */
  wasserstein: number;
}

/** Round half to even, as numpy.round does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** ∫₀¹ |u + (v - u) t| dt for the gap u at the start and v at the end of a linear piece. */
function meanAbsLinear(u: number, v: number): number {
  if ((u >= 0 && v >= 0) || (u <= 0 && v <= 0)) return Math.abs(u + v) / 2;
  return (u * u + v * v) / (2 * (Math.abs(u) + Math.abs(v)));
}

/**
 * KS statistic, its p-value and Wasserstein-1 of a batch (finite values sorted ascending) against
 * the reference summary. `referenceCount` is the number of values the summary came from.
 */
export function summaryKs(cdf: ReferenceCdf, referenceCount: number, sorted: Float64Array): SummaryKsResult {
  const m = sorted.length;
  const kn = cdf.x.length;
  if (m === 0 || kn === 0) return { statistic: NaN, pValue: NaN, wasserstein: NaN };
  let i = 0; // next batch value
  let j = 0; // next knot
  let curBelow = 0; // F_cur just right of the last visited point
  let d = 0;
  let w = 0;
  let prevX = NaN;
  let prevCur = 0;
  let prevRef = 0;
  // F_ref at x strictly between knot j-1 and knot j (linear from right[j-1] to left[j]).
  const refBetween = (x: number): number => {
    if (j === 0) return 0;
    if (j >= kn) return 1;
    const x0 = cdf.x[j - 1]!;
    const x1 = cdf.x[j]!;
    return cdf.right[j - 1]! + ((cdf.left[j]! - cdf.right[j - 1]!) * (x - x0)) / (x1 - x0);
  };
  while (i < m || j < kn) {
    const x = Math.min(i < m ? sorted[i]! : Infinity, j < kn ? cdf.x[j]! : Infinity);
    const isKnot = j < kn && cdf.x[j] === x;
    const refLeft = isKnot ? cdf.left[j]! : refBetween(x);
    const curLeft = curBelow;
    while (i < m && sorted[i] === x) i++;
    const curRight = i / m;
    const refRight = isKnot ? cdf.right[j]! : refLeft;
    if (isKnot) j++;
    d = Math.max(d, Math.abs(curLeft - refLeft), Math.abs(curRight - refRight));
    if (!Number.isNaN(prevX)) w += (x - prevX) * meanAbsLinear(prevCur - prevRef, curLeft - refLeft);
    prevX = x;
    prevCur = curRight;
    prevRef = refRight;
    curBelow = curRight;
  }
  const en = (referenceCount * m) / (referenceCount + m);
  return { statistic: d, pValue: kolmogornSf(Math.max(1, roundHalfEven(en)), d), wasserstein: w };
}
