import type { Fold } from './fold.ts';

export interface NestedFold {
  outer: Fold;
  /** Inner folds over the outer train rows, in original row positions. */
  inner: Fold[];
}

/**
 * Nested cross-validation: for each outer fold, `makeInner` gets the outer train positions
 * (to pick their labels/groups) and returns folds over local positions 0..m-1 of that subset;
 * they are mapped back to original positions so inner folds never see an outer test row.
 */
export function nestedFolds(outer: Fold[], makeInner: (trainPositions: Int32Array) => Fold[]): NestedFold[] {
  return outer.map((o) => {
    const pos = o.train;
    const toOriginal = (local: Int32Array): Int32Array =>
      Int32Array.from(local, (p) => {
        if (!(p >= 0 && p < pos.length)) throw new RangeError(`inner fold position ${p} is outside 0..${pos.length - 1}`);
        return pos[p]!;
      });
    return { outer: o, inner: makeInner(pos).map((f) => ({ train: toOriginal(f.train), test: toOriginal(f.test) })) };
  });
}
