/** Binary searches and order statistics on an ascending Float64Array without NaN. */

/** First index whose value is >= x (values.length when none). */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x (values.length when none). */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * numpy's lerp: from the upper end when t >= 0.5, which keeps the result monotone in t and
 * exact at t = 1; matching it keeps our quantiles bit-close to numpy's.
 */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Quantile q in [0, 1] of sorted values, numpy's default 'linear' method; NaN when empty. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  // numpy's 'linear' virtual index, spelled as numpy computes it.
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1] as number;
  if (lo < 0) return sorted[0] as number;
  return lerp(sorted[lo] as number, sorted[lo + 1] as number, h - lo);
}

/**
 * Median of |x - m| over sorted values, in O(n) without a second sort: the deviations left of
 * m and right of m are each already ordered, so merging the two runs finds the middle one(s).
 */
export function medianAbsDeviation(sorted: Float64Array, m: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const k = (n - 1) >> 1;
  const wantTwo = n % 2 === 0;
  let left = lowerBound(sorted, m) - 1;
  let right = left + 1;
  let taken = 0;
  let first = NaN;
  for (;;) {
    const dl = left >= 0 ? m - (sorted[left] as number) : Infinity;
    const dr = right < n ? (sorted[right] as number) - m : Infinity;
    let d: number;
    if (dl <= dr) {
      d = dl;
      left--;
    } else {
      d = dr;
      right++;
    }
    if (taken === k) {
      if (!wantTwo) return d;
      first = d;
    } else if (taken === k + 1) return (first + d) / 2;
    taken++;
  }
}
