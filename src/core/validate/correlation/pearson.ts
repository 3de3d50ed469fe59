/**
 * Pearson's r over the rows where both values are present (NaN = missing), computed as scipy's
 * pearsonr does: centre, divide by the norms, dot, clip to [-1, 1]. Null when fewer than two
 * rows remain or either side is constant (scipy returns NaN there).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const [a, b] = complete(x, y);
  return pearsonComplete(a, b);
}

/** pearson for NaN-free arrays of equal length. */
export function pearsonComplete(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 2 || isConstant(x) || isConstant(y)) return null;
  // scipy's special case: with two points r is the product of the two slopes' signs.
  if (n === 2) return Math.sign((x[1] as number) - (x[0] as number)) * Math.sign((y[1] as number) - (y[0] as number));
  const zx = standardized(x);
  const zy = standardized(y);
  return zx && zy ? dotClipped(zx, zy) : null;
}

/** (x - mean) / ||x - mean||, or null when the spread is 0 or not finite. */
export function standardized(x: Float64Array): Float64Array | null {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i] as number;
  const mean = sum / n;
  const out = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - mean;
    out[i] = d;
    ss += d * d;
  }
  const norm = Math.sqrt(ss);
  if (!(norm > 0) || !Number.isFinite(norm)) return null;
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / norm;
  return out;
}

export function dotClipped(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return Math.max(-1, Math.min(1, s));
}

export function isConstant(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** The pairs where both sides are present, as two NaN-free arrays. */
export function complete(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  const n = Math.min(x.length, y.length);
  let m = 0;
  for (let i = 0; i < n; i++) if (x[i] === x[i] && y[i] === y[i]) m++;
  const a = new Float64Array(m);
  const b = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i] as number;
    const v = y[i] as number;
    if (u === u && v === v) {
      a[k] = u;
      b[k++] = v;
    }
  }
  return [a, b];
}
