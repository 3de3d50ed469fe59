/**
 * Curves for display: at most `maxPoints` points (default 500) chosen by Largest-Triangle-
 * Three-Buckets (Steinarsson, 2013). The first and last points are always kept; the points in
 * between are cut into equal-count buckets and from each bucket the point that spans the
 * largest triangle with the point kept before it and the mean of the next bucket is kept. That
 * keeps corners and steep steps (the shape a reader sees) and drops points on straight runs.
 * Only for drawing: areas (AUC, AP) and thresholds are always computed on the full curve.
 */

export const DEFAULT_DISPLAY_POINTS = 500;

/** Indices (increasing) of the points to keep; all indices when the curve is short enough. */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints = DEFAULT_DISPLAY_POINTS): number[] {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`lttbIndices: ${n} x values but ${y.length} y values.`);
  if (!Number.isInteger(maxPoints) || maxPoints < 3) throw new RangeError(`lttbIndices: maxPoints must be an integer >= 3, got ${maxPoints}.`);
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const out = [0];
  const buckets = maxPoints - 2;
  const size = (n - 2) / buckets;
  let kept = 0;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size) + 1;
    const end = Math.floor((b + 1) * size) + 1;
    // Mean of the next bucket (the last point for the last bucket).
    const nextStart = end;
    const nextEnd = b + 1 < buckets ? Math.floor((b + 2) * size) + 1 : n;
    let mx = 0;
    let my = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      mx += x[i] as number;
      my += y[i] as number;
    }
    const m = nextEnd - nextStart;
    mx /= m;
    my /= m;
    const ax = x[kept] as number;
    const ay = y[kept] as number;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - mx) * ((y[i] as number) - ay) - (ax - (x[i] as number)) * (my - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.push(best);
    kept = best;
  }
  out.push(n - 1);
  return out;
}

/** The same indices picked from each array. */
export function pick<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i] as T);
}
