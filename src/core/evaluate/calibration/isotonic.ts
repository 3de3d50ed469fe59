/**
 * Isotonic regression as sklearn.isotonic.IsotonicRegression(out_of_bounds='clip') (1.2.1)
 * fits and predicts it, the way CalibratedClassifierCV(method='isotonic') uses it:
 *  1. rows with weight 0 are dropped; rows are sorted by x, then y;
 *  2. ties in x are merged (sklearn's _make_unique: a new group starts when x exceeds the
 *     group's first x by at least 1e-15) into one point: the weighted mean of y, the summed weight;
 *  3. pool adjacent violators (weighted) gives the non-decreasing fit;
 *  4. points whose y equals both neighbours' are dropped (they change no prediction);
 *  5. prediction clips x to [min x, max x] and interpolates linearly (scipy interp1d).
 * The fit is two plain arrays, so it serialises as JSON.
 */

export interface IsotonicFit {
  /** Increasing x of the kept points (sklearn's X_thresholds_). */
  x: number[];
  /** Non-decreasing fitted y at those x (y_thresholds_). */
  y: number[];
}

/** sklearn's _make_unique tolerance: np.finfo(float64).resolution. */
const X_RESOLUTION = 1e-15;

/** Weighted pool-adjacent-violators on points already in x order; returns the fitted value of each point. */
export function poolAdjacentViolators(y: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const n = y.length;
  // Blocks as a stack: weighted sum, weight and how many points each holds.
  const sumWy = new Float64Array(n);
  const sumW = new Float64Array(n);
  const size = new Int32Array(n);
  let top = -1;
  for (let i = 0; i < n; i++) {
    top++;
    sumWy[top] = (w[i] as number) * (y[i] as number);
    sumW[top] = w[i] as number;
    size[top] = 1;
    // Merge while the block before has a larger mean than the new last block.
    while (top > 0 && (sumWy[top - 1] as number) / (sumW[top - 1] as number) >= (sumWy[top] as number) / (sumW[top] as number)) {
      sumWy[top - 1] = (sumWy[top - 1] as number) + (sumWy[top] as number);
      sumW[top - 1] = (sumW[top - 1] as number) + (sumW[top] as number);
      size[top - 1] = (size[top - 1] as number) + (size[top] as number);
      top--;
    }
  }
  const out = new Float64Array(n);
  let at = 0;
  for (let b = 0; b <= top; b++) {
    const v = (sumWy[b] as number) / (sumW[b] as number);
    for (let j = 0; j < (size[b] as number); j++) out[at++] = v;
  }
  return out;
}

export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): IsotonicFit {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`fitIsotonic: ${n} x values but ${y.length} y values.`);
  if (weights && weights.length !== n) throw new RangeError(`fitIsotonic: ${n} rows but ${weights.length} weights.`);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i] as number) || !Number.isFinite(y[i] as number)) throw new RangeError(`fitIsotonic: row ${i} is not finite.`);
    const wi = weights ? (weights[i] as number) : 1;
    if (!Number.isFinite(wi) || wi < 0) throw new RangeError(`fitIsotonic: weight ${i} is ${wi}; weights must be finite and >= 0.`);
    if (wi > 0) rows.push(i);
  }
  if (rows.length === 0) throw new RangeError('fitIsotonic: no row with a positive weight to fit on.');
  rows.sort((a, b) => (x[a] as number) - (x[b] as number) || (y[a] as number) - (y[b] as number) || a - b);

  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  let groupX = NaN;
  let sWy = 0;
  let sW = 0;
  const flush = (): void => {
    ux.push(groupX);
    uy.push(sWy / sW);
    uw.push(sW);
  };
  for (const i of rows) {
    const xi = x[i] as number;
    const wi = weights ? (weights[i] as number) : 1;
    if (Number.isNaN(groupX) || xi - groupX >= X_RESOLUTION) {
      if (!Number.isNaN(groupX)) flush();
      groupX = xi;
      sWy = 0;
      sW = 0;
    }
    sWy += wi * (y[i] as number);
    sW += wi;
  }
  flush();

  const fitted = poolAdjacentViolators(uy, uw);
  const m = fitted.length;
  const fx: number[] = [];
  const fy: number[] = [];
  for (let j = 0; j < m; j++) {
    const v = fitted[j] as number;
    const keep = j === 0 || j === m - 1 || v !== fitted[j - 1] || v !== fitted[j + 1];
    if (keep) {
      fx.push(ux[j] as number);
      fy.push(v);
    }
  }
  return { x: fx, y: fy };
}

/** The fitted function at v: clipped to the fitted x range, linear in between (scipy interp1d). */
export function predictIsotonic(fit: IsotonicFit, v: number): number {
  const { x, y } = fit;
  const m = x.length;
  if (m === 1) return y[0] as number;
  const t = Math.min(Math.max(v, x[0] as number), x[m - 1] as number);
  // searchsorted(x, t, side='left') clipped to [1, m - 1]; the segment is [idx - 1, idx].
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  const idx = Math.min(Math.max(lo, 1), m - 1);
  const x0 = x[idx - 1] as number;
  const x1 = x[idx] as number;
  const y0 = y[idx - 1] as number;
  const y1 = y[idx] as number;
  return ((y1 - y0) / (x1 - x0)) * (t - x0) + y0;
}
