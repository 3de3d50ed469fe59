/**
 * Fold ids for bench/gbdt/quality.ts, made once and written into datasets.json so the Python
 * peers use the very same folds. Classification: stratified (each class's rows shuffled and
 * dealt round-robin, continuing where the previous class stopped, so folds differ in size by at
 * most one row and in each class's count by at most one). Regression: one shuffle, dealt
 * round-robin.
 */
import { createRng } from '../../src/core/random.ts';

function shuffled(idx: number[], rng: ReturnType<typeof createRng>): number[] {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

export function makeFolds(y: readonly number[], k: number, stratified: boolean, seed: number): number[] {
  const rng = createRng(seed);
  const fold = new Array<number>(y.length).fill(-1);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const key = stratified ? y[i]! : 0;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  let next = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b))
    for (const i of shuffled(groups.get(key)!, rng)) fold[i] = next++ % k;
  return fold;
}
