import { effect, type Effect } from './effect.ts';
import { kolmogornSf } from './kolmogorov.ts';
import { sortedFinite } from './sample.ts';

export interface KsResult {
  /** sup |F_ref - F_cur| over all values. */
  statistic: number;
  /** Two-sided asymptotic p-value, as scipy.stats.ks_2samp(method='asymp') gives it. */
  pValue: number;
  nReference: number;
  nCurrent: number;
  effect: Effect;
}

/** Round half to even, as numpy.round does (Math.round rounds halves up). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Two-sample Kolmogorov-Smirnov test. Missing values (NaN) are dropped. The p-value is
 * P(D_N >= D) for the one-sample statistic with N = round(n m / (n + m)) (Smirnov's
 * asymptotic), matching scipy; it is conservative-ish for small samples and heavy ties.
 */
export function ksTwoSample(reference: ArrayLike<number>, current: ArrayLike<number>): KsResult {
  return ksTwoSampleSorted(sortedFinite(reference), sortedFinite(current));
}

/** ksTwoSample on samples already finite and sorted ascending (sortedFinite). */
export function ksTwoSampleSorted(a: Float64Array, b: Float64Array): KsResult {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: NaN, pValue: NaN, nReference: n, nCurrent: m, effect: effect('ks_statistic', NaN) };
  // Walk both sorted samples; after consuming every copy of a value x, i/n and j/m are the ECDFs at x.
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    const gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  // Once one sample is exhausted its ECDF is 1, and the other's only rises toward 1: no larger gap.
  const [big, small] = n >= m ? [n, m] : [m, n];
  const en = (big * small) / (big + small);
  const pValue = kolmogornSf(roundHalfEven(en), d);
  return { statistic: d, pValue, nReference: n, nCurrent: m, effect: effect('ks_statistic', d) };
}
