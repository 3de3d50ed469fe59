/**
 * Math.max / Math.min over any number of values. `Math.max(...values)` passes every value as
 * an argument, and a worker's stack in Chromium overflows at roughly 100k of them ("Maximum
 * call stack size exceeded" on a 110k-row dataset): data-sized arrays must go through these.
 * Same results as Math.max/min: -Infinity / Infinity when empty, NaN when any value is NaN.
 */
export function maxOf(values: Iterable<number>): number {
  let m = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  return m;
}

export function minOf(values: Iterable<number>): number {
  let m = Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v < m) m = v;
  }
  return m;
}
