/** The reference distributions a contract keeps, built from one column's values. */
import { binShares, quantileEdges } from '../shift/psi.ts';
import { mean, quantileSorted, sortedFinite, std } from '../shift/sample.ts';
import type { CategoricalReference, NumericReference } from './types.ts';

/** -0 would come back from JSON as 0 and break the round trip. */
export const noNegativeZero = (v: number): number => (v === 0 ? 0 : v);

export function numericReference(values: ArrayLike<number>): NumericReference | undefined {
  const sorted = sortedFinite(values);
  if (sorted.length === 0) return undefined;
  const q = (p: number) => noNegativeZero(quantileSorted(sorted, p));
  const edges = quantileEdges(sorted, 10);
  return {
    kind: 'numeric',
    count: sorted.length,
    percentiles: Array.from({ length: 99 }, (_, i) => q((i + 1) / 100)),
    mean: noNegativeZero(mean(sorted)),
    std: std(sorted),
    median: q(0.5),
    iqr: noNegativeZero(q(0.75) - q(0.25)),
    bins: { edges: edges.map(noNegativeZero), shares: binShares(sorted, edges) },
  };
}

export function categoricalReference(labels: readonly (string | null)[]): CategoricalReference | undefined {
  const counts = new Map<string, number>();
  let count = 0;
  for (const v of labels)
    if (v !== null) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
      count++;
    }
  if (count === 0) return undefined;
  const frequencies = [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, n]) => ({ value, share: n / count }));
  return { kind: 'categorical', count, frequencies };
}
