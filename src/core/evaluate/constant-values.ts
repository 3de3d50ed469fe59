/**
 * Whether value(i) is the same for every row that carries weight (all rows when unweighted).
 * r2 and explained_variance test "y_true constant" / "residuals constant" by value rather
 * than by a floating-point sum of squares reaching exactly 0: the mean of three 0.1s is not
 * exactly 0.1, which would turn a constant target into a huge negative score instead of
 * sklearn's documented finite answer (force_finite=True).
 */
export function constantWhereWeighted(n: number, weights: Float64Array | undefined, value: (i: number) => number): boolean {
  let first: number | undefined;
  for (let i = 0; i < n; i++) {
    if (weights && weights[i] === 0) continue;
    const v = value(i);
    if (first === undefined) first = v;
    else if (v !== first) return false;
  }
  return true;
}
