/**
 * Grid of one feature for partial dependence, as scikit-learn 1.2.1's `_grid_from_X`: the
 * sorted unique values when the feature is categorical or has fewer than `resolution` of
 * them; otherwise `resolution` evenly spaced points between two empirical percentiles
 * (scipy's mquantiles with its default plotting positions alphap = betap = 0.4).
 * Missing values (NaN) are never grid points.
 */
import { benchtopError } from '../../errors.ts';

export interface GridOptions {
  /** Points on a numeric feature's grid. Default 20 (sklearn's grid_resolution is 100). */
  resolution?: number;
  /** Percentile range of a numeric grid, in [0, 1]. Default [0.05, 0.95]. */
  percentiles?: readonly [number, number];
  /** Use the unique values whatever their count (categorical features). */
  categorical?: boolean;
}

/** scipy.stats.mstats.mquantiles(x, prob, alphap=0.4, betap=0.4) of sorted, NaN-free values. */
export function mquantile(sorted: Float64Array, prob: number, alphap = 0.4, betap = 0.4): number {
  const n = sorted.length;
  if (n === 1) return sorted[0]!;
  const m = alphap + prob * (1 - alphap - betap);
  const aleph = n * prob + m;
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * sorted[k - 1]! + gamma * sorted[k]!;
}

/** numpy.linspace(start, stop, num): start + i * step, the last point exactly `stop`. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  out[num - 1] = stop;
  return out;
}

/** numpy.allclose(a, b) for two scalars (rtol 1e-5, atol 1e-8). */
const allClose = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);

/** Grid values of column j of the n x p matrix X. */
export function featureGrid(X: Float64Array, n: number, p: number, j: number, opts: GridOptions = {}): Float64Array {
  const resolution = opts.resolution ?? 20;
  const [lo, hi] = opts.percentiles ?? [0.05, 0.95];
  if (!Number.isInteger(resolution) || resolution < 2) throw benchtopError('explain_invalid', { field: 'resolution', reason: `must be an integer >= 2, got ${resolution}` });
  if (!(lo >= 0 && hi <= 1 && lo < hi)) throw benchtopError('explain_invalid', { field: 'percentiles', reason: `need 0 <= low < high <= 1, got [${lo}, ${hi}]` });
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = X[i * p + j]!;
    if (!Number.isNaN(v)) values.push(v);
  }
  if (values.length === 0) throw benchtopError('explain_invalid', { field: `features[${j}]`, reason: 'the column has only missing values' });
  const sorted = Float64Array.from(values).sort();
  const uniques: number[] = [];
  for (const v of sorted) if (uniques.length === 0 || uniques[uniques.length - 1] !== v) uniques.push(v);
  if (opts.categorical || uniques.length < resolution) return Float64Array.from(uniques);
  const a = mquantile(sorted, lo);
  const b = mquantile(sorted, hi);
  if (allClose(a, b))
    throw benchtopError('explain_invalid', { field: 'percentiles', reason: `the ${lo} and ${hi} percentiles of column ${j} are equal (${a}); widen the percentiles` });
  return linspace(a, b, resolution);
}
