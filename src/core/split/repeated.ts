import { createRng } from '../random.ts';
import type { Fold } from './fold.ts';

/**
 * Repeated cross-validation (sklearn's RepeatedKFold idea for any splitter): `make` runs once per
 * repeat with a seed forked from one rng, so repeat r's folds depend only on (seed, r) and adding
 * repeats never changes earlier ones. Folds are concatenated: repeat r owns folds [r*k, (r+1)*k).
 */
export function repeatedFolds(make: (seed: number) => Fold[], repeats: number, seed: number): Fold[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a whole number >= 1, got ${repeats}`);
  const rng = createRng(seed);
  const out: Fold[] = [];
  for (let r = 0; r < repeats; r++) out.push(...make(rng.fork(`repeat:${r}`).int(2 ** 32)));
  return out;
}
