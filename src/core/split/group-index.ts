/** Distinct groups in scikit-learn's order plus each row's group number. */
export interface GroupIndex {
  /** Distinct group labels, sorted as np.unique sorts strings (by code point); null (missing) last. */
  labels: (string | null)[];
  /** Group number per row, indexing `labels`. */
  ofRow: Int32Array;
  /** Rows per group. */
  sizes: Int32Array;
}

/** Display name for the missing group: all rows without a group form one group. */
export const MISSING_GROUP = '(missing)';

/**
 * np.unique(groups, return_inverse=True). Missing groups (null) form one group of their own,
 * kept apart from any real label (even one spelled "(missing)") and sorted after all labels.
 */
export function indexGroups(groups: readonly (string | null)[]): GroupIndex {
  const distinct = new Set(groups);
  const labels = [...distinct].sort(compareGroups);
  const number = new Map(labels.map((g, i) => [g, i]));
  const ofRow = Int32Array.from(groups, (g) => number.get(g)!);
  const sizes = new Int32Array(labels.length);
  for (const g of ofRow) sizes[g]!++;
  return { labels, ofRow, sizes };
}

/** numpy orders unicode strings by code point; JS `<` compares UTF-16 units, which differs past U+FFFF. */
export function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const ca = [...a], cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}
