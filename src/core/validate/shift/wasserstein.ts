import { effect, type Effect } from './effect.ts';
import { sortedFinite, std } from './sample.ts';

export interface WassersteinResult {
  /** Earth mover's distance between the two empirical distributions, in the column's units. */
  distance: number;
  /** distance / the reference's standard deviation (NaN when that is 0): comparable across columns. */
  standardized: number;
  nReference: number;
  nCurrent: number;
  effect: Effect;
}

/**
 * Wasserstein-1 distance: the area between the two empirical CDFs, sum over consecutive
 * pooled values of |F_ref - F_cur| times the gap (scipy.stats.wasserstein_distance, unweighted).
 * Missing values (NaN) are dropped.
 */
export function wasserstein(reference: ArrayLike<number>, current: ArrayLike<number>): WassersteinResult {
  return wassersteinSorted(sortedFinite(reference), sortedFinite(current));
}

/** wasserstein on samples already finite and sorted ascending (sortedFinite). */
export function wassersteinSorted(a: Float64Array, b: Float64Array): WassersteinResult {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0)
    return { distance: NaN, standardized: NaN, nReference: n, nCurrent: m, effect: effect('wasserstein_sd', NaN) };
  let i = 0;
  let j = 0;
  let distance = 0;
  let x = Math.min(a[0]!, b[0]!);
  while (i < n || j < m) {
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    if (i === n && j === m) break;
    const next = Math.min(i < n ? a[i]! : Infinity, j < m ? b[j]! : Infinity);
    distance += Math.abs(i / n - j / m) * (next - x);
    x = next;
  }
  const sd = std(a);
  const standardized = sd > 0 ? distance / sd : NaN;
  return { distance, standardized, nReference: n, nCurrent: m, effect: effect('wasserstein_sd', sd > 0 ? standardized : distance > 0 ? Infinity : 0) };
}
