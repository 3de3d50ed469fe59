/** Category counts of two samples over one shared, ordered list of categories. */
export interface CategoryCounts {
  categories: string[];
  reference: number[];
  current: number[];
}

function tally(values: readonly (string | null)[], into: Map<string, number>): void {
  for (const v of values) if (v !== null) into.set(v, (into.get(v) ?? 0) + 1);
}

/**
 * Counts per category (missing dropped), categories ordered by reference count then name,
 * categories seen only in `current` last: a stable order for display and for tests.
 */
export function categoryCounts(reference: readonly (string | null)[], current: readonly (string | null)[]): CategoryCounts {
  const ref = new Map<string, number>();
  const cur = new Map<string, number>();
  tally(reference, ref);
  tally(current, cur);
  const byCount = (counts: Map<string, number>) => (x: string, y: string) =>
    counts.get(y)! - counts.get(x)! || (x < y ? -1 : x > y ? 1 : 0);
  const seen = [...ref.keys()].sort(byCount(ref));
  const unseen = [...cur.keys()].filter((k) => !ref.has(k)).sort(byCount(cur));
  const categories = [...seen, ...unseen];
  return {
    categories,
    reference: categories.map((c) => ref.get(c) ?? 0),
    current: categories.map((c) => cur.get(c) ?? 0),
  };
}
