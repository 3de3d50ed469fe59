import { createRng, permutation } from '../random.ts';
import { checkK, foldsFromAssignment, type Fold, type ShuffleOptions } from './fold.ts';

/**
 * scikit-learn's KFold: rows in order (or permuted with createRng(seed) when shuffle is on) are cut
 * into k consecutive blocks; the first n % k blocks get one extra row. Test positions are sorted.
 */
export function kFold(n: number, k: number, opts: ShuffleOptions = {}): Fold[] {
  checkK(k, n);
  const order = opts.shuffle ? permutation(n, createRng(opts.seed ?? 0).fork('k-fold')) : null;
  const assignment = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let p = start; p < start + size; p++) assignment[order ? order[p]! : p] = f;
    start += size;
  }
  return foldsFromAssignment(assignment, k);
}
