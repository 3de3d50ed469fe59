import { argsortFloat64 } from '../profile/radix-sort.ts';

/**
 * 1-based ranks with ties given their average rank (scipy.stats.rankdata 'average'), for a
 * NaN-free array: one radix argsort, then one walk over each block of equal values.
 */
export function averageRanks(x: Float64Array): Float64Array {
  const n = x.length;
  const order = argsortFloat64(x);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    const v = x[order[i] as number] as number;
    let j = i + 1;
    while (j < n && x[order[j] as number] === v) j++;
    // Positions i..j-1 (0-based) share the mean of ranks i+1..j.
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) out[order[k] as number] = rank;
    i = j;
  }
  return out;
}
