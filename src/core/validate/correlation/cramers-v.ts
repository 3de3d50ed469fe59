/** Tables up to this many cells (or 4 per row used) are counted densely; bigger ones only by occupied cell. */
const DENSE_CELLS = 1 << 12;

/**
 * Cramér's V without bias correction (scipy.stats.contingency.association(method='cramer'),
 * i.e. chi-squared without Yates' correction) between two coded label columns (-1 = missing),
 * over the rows where both are present. Only levels that occur in those rows count. Null when
 * no rows remain or either side has a single level.
 */
export function cramersV(a: Int32Array, b: Int32Array): number | null {
  const n0 = Math.min(a.length, b.length);
  const ra = new Map<number, number>();
  const rb = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < n0; i++) {
    const u = a[i] as number;
    const v = b[i] as number;
    if (u < 0 || v < 0) continue;
    n++;
    if (!ra.has(u)) ra.set(u, ra.size);
    if (!rb.has(v)) rb.set(v, rb.size);
  }
  const r = ra.size;
  const c = rb.size;
  if (n === 0 || Math.min(r, c) < 2) return null;
  const rowSums = new Float64Array(r);
  const colSums = new Float64Array(c);
  const dense = r * c <= Math.max(DENSE_CELLS, 4 * n) ? new Float64Array(r * c) : null;
  const sparse = dense ? null : new Map<number, number>();
  for (let i = 0; i < n0; i++) {
    const u = a[i] as number;
    const v = b[i] as number;
    if (u < 0 || v < 0) continue;
    const x = ra.get(u) as number;
    const y = rb.get(v) as number;
    rowSums[x]!++;
    colSums[y]!++;
    if (dense) dense[x * c + y]!++;
    else sparse!.set(x * c + y, (sparse!.get(x * c + y) ?? 0) + 1);
  }
  let chi2 = 0;
  if (dense) {
    // scipy's form, sum of (O - E)² / E over every cell: exact 0 for independent tables.
    for (let x = 0; x < r; x++)
      for (let y = 0; y < c; y++) {
        const e = ((rowSums[x] as number) * (colSums[y] as number)) / n;
        const d = (dense[x * c + y] as number) - e;
        chi2 += (d * d) / e;
      }
  } else {
    // Only occupied cells: chi² = n (Σ O² / (R C) - 1).
    let s = 0;
    for (const [key, o] of sparse!) {
      const x = Math.floor(key / c);
      const y = key - x * c;
      s += (o * o) / ((rowSums[x] as number) * (colSums[y] as number));
    }
    chi2 = Math.max(0, n * (s - 1));
  }
  return Math.min(1, Math.sqrt(chi2 / n / (Math.min(r, c) - 1)));
}
