import { createRng, permutation, shuffleInPlace } from '../random.ts';
import { groupByStratum, partition, type TrainTest } from './stratified-holdout.ts';

/**
 * Assign each of n rows to one of k folds. Stratified: each class is shuffled and dealt
 * round-robin, continuing where the previous class stopped, so fold sizes differ by at most
 * one and class shares per fold differ by at most one row.
 * Returns fold index per row.
 */
export function kfoldAssignment(n: number, k: number, seed: number, strata?: Int32Array): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer >= 2, got ${k}`);
  if (k > n) throw new RangeError(`k (${k}) cannot exceed the number of rows (${n})`);
  const rng = createRng(seed).fork('kfold');
  const fold = new Int32Array(n);
  if (strata) {
    let next = 0;
    for (const members of groupByStratum(strata)) {
      shuffleInPlace(members, rng);
      for (const i of members) {
        fold[i] = next;
        next = (next + 1) % k;
      }
    }
  } else {
    const p = permutation(n, rng);
    p.forEach((row, pos) => (fold[row] = pos % k));
  }
  return fold;
}

/** Train/test row positions of fold f. */
export function foldRows(assignment: Int32Array, f: number): TrainTest {
  return partition(Uint8Array.from(assignment, (a) => (a === f ? 1 : 0)));
}
