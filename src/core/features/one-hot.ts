/** Label used for a missing categorical cell, so "missing" can be its own level. */
export const MISSING_LEVEL = '(missing)';

/**
 * Levels of a categorical column from the training rows: the `maxLevels` most frequent with
 * at least `minFrequency` occurrences, ties broken by label so the order is deterministic.
 * Levels not kept (and unseen ones at transform time) encode as all zeros, like
 * scikit-learn's handle_unknown='ignore'.
 */
export function fitOneHot(labels: (string | null)[], rows: Int32Array, minFrequency: number, maxLevels: number): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const l = labels[r] ?? MISSING_LEVEL;
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts.entries()]
    .filter(([, c]) => c >= minFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxLevels)
    .map(([l]) => l);
}
