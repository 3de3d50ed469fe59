/** Fill value for a numeric column, learned from training rows only (NaN = missing). */
export function fitImpute(values: Float64Array, rows: Int32Array, strategy: 'median' | 'mean'): number {
  const seen: number[] = [];
  for (const r of rows) {
    const v = values[r]!;
    if (!Number.isNaN(v)) seen.push(v);
  }
  // A column with no observed value in training carries no information; 0 is as good as any.
  if (seen.length === 0) return 0;
  if (strategy === 'mean') return seen.reduce((a, b) => a + b, 0) / seen.length;
  seen.sort((a, b) => a - b);
  const mid = seen.length >> 1;
  return seen.length % 2 ? seen[mid]! : (seen[mid - 1]! + seen[mid]!) / 2;
}
