/**
 * numpy.percentile(a, q) with its default method='linear', reproduced operation for operation
 * (q / 100, virtual index (n - 1) * q, numpy's two-sided lerp), so bin edges computed here land
 * on exactly the same doubles as numpy's: a value equal to an edge then falls in the same bin.
 * scipy.stats.bootstrap(method='percentile') and sklearn's calibration_curve(strategy='quantile')
 * both use this definition.
 */

/** numpy's _lerp: a + (b - a) * t, but b - (b - a) * (1 - t) for t >= 0.5 (monotone and exact at t = 1). */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Percentile q (0..100) of values already sorted ascending (no NaN). */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentileSorted: no values.');
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentileSorted: q must be in [0, 100], got ${q}.`);
  const virtual = (n - 1) * (q / 100);
  if (virtual >= n - 1) return sorted[n - 1] as number;
  const prev = Math.floor(virtual);
  return lerp(sorted[prev] as number, sorted[prev + 1] as number, virtual - prev);
}

/** Sorted copy (ascending) of finite values. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}

/** numpy.linspace(0, 1, m + 1): i * (1 / m), with the last value exactly 1. */
export function unitLinspace(m: number): number[] {
  const step = 1 / m;
  const out: number[] = [];
  for (let i = 0; i <= m; i++) out.push(i * step);
  out[m] = 1;
  return out;
}

/** numpy.percentile(values, numpy.linspace(0, 1, m + 1) * 100): m equal-frequency bins' edges. */
export function quantileEdges(sorted: ArrayLike<number>, m: number): number[] {
  return unitLinspace(m).map((q) => percentileSorted(sorted, q * 100));
}
