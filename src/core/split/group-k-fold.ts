import { benchtopError } from '../errors.ts';
import { checkK, foldsFromAssignment, type Fold } from './fold.ts';
import { indexGroups } from './group-index.ts';
import { numpyArgsort } from './numpy-argsort.ts';

/**
 * scikit-learn 1.2's GroupKFold: groups (np.unique order; null = one "(missing)" group) are taken
 * largest first and each goes to the fold with the fewest rows so far (lowest fold on ties). The
 * largest-first order is numpy's argsort reversed, including its tie order, so folds match
 * sklearn exactly. No shuffle: sklearn 1.2 has none for GroupKFold.
 */
export function groupKFold(groups: readonly (string | null)[], k: number): Fold[] {
  checkK(k, groups.length);
  const { labels, ofRow, sizes } = indexGroups(groups);
  if (k > labels.length)
    throw benchtopError('spec_invalid', {
      field: 'split.k',
      reason: `${k} group folds need at least ${k} distinct groups, the data has ${labels.length}`,
    });
  const order = numpyArgsort(sizes).reverse();
  const foldRows = new Float64Array(k);
  const groupFold = new Int32Array(labels.length);
  for (const g of order) {
    let lightest = 0;
    for (let f = 1; f < k; f++) if (foldRows[f]! < foldRows[lightest]!) lightest = f;
    foldRows[lightest]! += sizes[g]!;
    groupFold[g] = lightest;
  }
  return foldsFromAssignment(Int32Array.from(ofRow, (g) => groupFold[g]!), k);
}
