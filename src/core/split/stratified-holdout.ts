import type { Fold } from './fold.ts';
import { createRng, permutation, shuffleInPlace, type Rng } from '../random.ts';

/**
 * Split row positions 0..n-1 into train and test. With `strata` (class index per row),
 * every class keeps its proportion: each class contributes round(testSize * count) rows to
 * the test set, at least one when it has two or more rows, so no class vanishes from either
 * side. Output positions are sorted so downstream order never depends on the shuffle.
 */
export function holdoutSplit(n: number, testSize: number, seed: number | Rng, strata?: Int32Array): Fold {
  if (!(testSize > 0 && testSize < 1)) throw new RangeError(`testSize must be in (0, 1), got ${testSize}`);
  const rng = typeof seed === 'number' ? createRng(seed).fork('holdout') : seed;
  const isTest = new Uint8Array(n);
  if (strata) {
    for (const members of groupByStratum(strata)) {
      shuffleInPlace(members, rng);
      let take = Math.round(testSize * members.length);
      if (members.length >= 2) take = Math.min(Math.max(take, 1), members.length - 1);
      for (let i = 0; i < take; i++) isTest[members[i]!] = 1;
    }
  } else {
    const p = permutation(n, rng);
    const take = Math.min(Math.max(Math.round(testSize * n), 1), n - 1);
    for (let i = 0; i < take; i++) isTest[p[i]!] = 1;
  }
  return partition(isTest);
}

/** Row positions of each stratum, in ascending stratum order. */
export function groupByStratum(strata: Int32Array): number[][] {
  const groups = new Map<number, number[]>();
  strata.forEach((s, i) => {
    let g = groups.get(s);
    if (!g) groups.set(s, (g = []));
    g.push(i);
  });
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

export function partition(isTest: Uint8Array): Fold {
  let nt = 0;
  for (const v of isTest) nt += v;
  const train = new Int32Array(isTest.length - nt);
  const test = new Int32Array(nt);
  let a = 0, b = 0;
  isTest.forEach((v, i) => {
    if (v) test[b++] = i;
    else train[a++] = i;
  });
  return { train, test };
}
