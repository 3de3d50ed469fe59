/** Helpers shared by the numeric shift statistics: finite values sorted, numpy-style quantiles. */

/** The finite values of `values` (NaN marks missing), sorted ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  const out = new Float64Array(n);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[at++] = v;
  }
  return out.sort();
}

/**
 * The q-quantile (0..1) of ascending `sorted`, interpolated linearly between order statistics
 * exactly as numpy.quantile(method='linear') computes it, so bin edges agree with numpy to the
 * last bit and values equal to an edge fall in the same bin.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = n * q + (1 + q * -1) - 1;
  const below = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  const gamma = virtual - Math.floor(virtual);
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

export function mean(sorted: Float64Array): number {
  let s = 0;
  for (const v of sorted) s += v;
  return s / sorted.length;
}

/** Population standard deviation (ddof = 0). */
export function std(values: Float64Array): number {
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / values.length);
}
