import { benchtopError } from '../errors.ts';

/** One cross-validation split: sorted row positions on each side. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Options shared by the shuffling k-fold splitters. */
export interface ShuffleOptions {
  /** Permute before assigning folds. Default false (scikit-learn's deterministic layout). */
  shuffle?: boolean;
  /** Seed for createRng when shuffling; ignored otherwise. Default 0. */
  seed?: number;
}

/** Fold per row (-1 = in no test fold) -> k folds with sorted positions. */
export function foldsFromAssignment(assignment: Int32Array, k: number): Fold[] {
  const testSizes = new Int32Array(k);
  for (const f of assignment) if (f >= 0) testSizes[f]!++;
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test = new Int32Array(testSizes[f]!);
    const train = new Int32Array(assignment.length - testSizes[f]!);
    let a = 0, b = 0;
    assignment.forEach((g, i) => {
      if (g === f) test[b++] = i;
      else train[a++] = i;
    });
    folds.push({ train, test });
  }
  return folds;
}

/** k must be a whole number >= 2 and at most the number of rows (scikit-learn's _BaseKFold checks). */
export function checkK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 2)
    throw benchtopError('spec_invalid', { field: 'split.k', reason: `k-fold needs a whole number of folds >= 2, got ${k}` });
  if (k > n)
    throw benchtopError('spec_invalid', {
      field: 'split.k',
      reason: `${k} folds cannot be made from ${n} rows; lower k to at most ${n}`,
    });
}

/** A fraction strictly between 0 and 1. */
export function checkFraction(value: number, field: string): void {
  if (!(value > 0 && value < 1))
    throw benchtopError('spec_invalid', { field, reason: `must be a fraction between 0 and 1 (exclusive), got ${value}` });
}
