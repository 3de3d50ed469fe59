/**
 * Partial dependence and ICE, as sklearn.inspection.partial_dependence(method='brute'): for
 * each grid value (or pair of values), set the feature(s) to it in every row, predict, and
 * average. ICE keeps the per-row curves of a seeded sample of rows. Model-agnostic, so the
 * curves show what the model does, including interactions that average out in the PD line.
 *
 * Unlike sklearn, a binary classifier's curves are returned for every output (both class
 * probabilities); take output 1 for sklearn's single curve.
 */
import { benchtopError } from '../../errors.ts';
import { createRng, permutation } from '../../random.ts';
import { checkMatrix, forEachPrediction } from './batch.ts';
import { featureGrid, type GridOptions } from './pdp-grid.ts';
import type { ExplainModel, ExplainRunOptions } from './types.ts';

export interface IceOptions {
  /** Rows drawn (seeded, without replacement) for ICE curves. Default 50; all rows when there are fewer. */
  rows?: number;
  seed?: number;
  /** Subtract each curve's value at the first grid point, so curves start at 0 and differences in shape stand out. Default false. */
  centered?: boolean;
}

export interface PartialDependenceRequest extends ExplainRunOptions {
  model: ExplainModel;
  /** n x p rows to average over (the data the model is explained on). */
  X: Float64Array;
  n: number;
  /** One feature, or two for a 2-D grid. */
  features: readonly [number] | readonly [number, number];
  /** Numeric grid: points and percentile range (see pdp-grid.ts). Categorical features (with `categories`) use every code seen. */
  resolution?: number;
  percentiles?: readonly [number, number];
  /** Explicit grid per feature instead of the computed one. */
  grid?: readonly Float64Array[];
  /** ICE curves (one feature only). */
  ice?: IceOptions;
}

export interface PartialDependence {
  features: number[];
  names: string[];
  /** Grid values per feature. */
  grid: Float64Array[];
  outputs: number;
  /**
   * Mean prediction, outputs x G with G = product of the grid lengths, grid points in
   * sklearn's cartesian order (the first feature's value changes slowest):
   * average[o * G + a * g2 + b] is output o at (grid[0][a], grid[1][b]).
   */
  average: Float64Array;
  /** Per-row curves of the sampled rows: values[(r * outputs + o) * G + g]. */
  ice?: { rows: Int32Array; values: Float64Array; centered: boolean };
}

function iceRows(n: number, opts: IceOptions): Int32Array {
  const want = opts.rows ?? 50;
  if (!Number.isInteger(want) || want < 1) throw benchtopError('explain_invalid', { field: 'ice.rows', reason: `must be an integer >= 1, got ${want}` });
  if (want >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return permutation(n, createRng(opts.seed ?? 0)).slice(0, want).sort();
}

export async function partialDependence(req: PartialDependenceRequest): Promise<PartialDependence> {
  const { model, X, n } = req;
  checkMatrix(model, X, n);
  const p = model.features.length;
  const k = model.outputs;
  const features = [...req.features];
  if (features.length < 1 || features.length > 2) throw benchtopError('explain_invalid', { field: 'features', reason: 'give one feature, or two for a 2-D grid' });
  features.forEach((j, i) => {
    if (!Number.isInteger(j) || j < 0 || j >= p) throw benchtopError('explain_invalid', { field: `features[${i}]`, reason: `must be a column index in 0..${p - 1}, got ${j}` });
  });
  if (req.ice && features.length !== 1) throw benchtopError('explain_invalid', { field: 'ice', reason: 'ICE curves are drawn for one feature at a time' });
  const grid = features.map((j, i) => {
    const given = req.grid?.[i];
    if (given) {
      if (given.length < 1) throw benchtopError('explain_invalid', { field: `grid[${i}]`, reason: 'is empty' });
      return Float64Array.from(given);
    }
    const opts: GridOptions = { categorical: model.features[j]!.categories !== undefined };
    if (req.resolution !== undefined) opts.resolution = req.resolution;
    if (req.percentiles !== undefined) opts.percentiles = req.percentiles;
    return featureGrid(X, n, p, j, opts);
  });
  const g2 = grid[1]?.length ?? 1;
  const G = grid[0]!.length * g2;
  const [f1, f2] = features as [number, number | undefined];
  const sums = new Float64Array(k * G);
  const sampled = req.ice ? iceRows(n, req.ice) : undefined;
  // Position of each row in the ICE sample, -1 when not sampled.
  const slot = new Int32Array(n).fill(-1);
  sampled?.forEach((row, r) => (slot[row] = r));
  const ice = sampled ? new Float64Array(sampled.length * k * G) : undefined;

  let done = 0;
  await forEachPrediction(
    model,
    G * n,
    (start, count, buf) => {
      for (let t = 0; t < count; t++) {
        const g = Math.floor((start + t) / n);
        const i = (start + t) % n;
        for (let j = 0; j < p; j++) buf[t * p + j] = X[i * p + j]!;
        buf[t * p + f1] = grid[0]![Math.floor(g / g2)]!;
        if (f2 !== undefined) buf[t * p + f2] = grid[1]![g % g2]!;
      }
    },
    (start, count, pred) => {
      for (let t = 0; t < count; t++) {
        const g = Math.floor((start + t) / n);
        const r = ice ? slot[(start + t) % n]! : -1;
        for (let o = 0; o < k; o++) {
          const v = pred[t * k + o]!;
          sums[o * G + g]! += v;
          if (r >= 0) ice![(r * k + o) * G + g] = v;
        }
      }
      done += count;
      req.onProgress?.({ phase: 'explain', fraction: done / (G * n), message: 'partial dependence' });
    },
    req,
  );
  const average = sums.map((s) => s / n);
  const centered = req.ice?.centered ?? false;
  if (ice && centered) for (let c = 0; c < ice.length; c += G) for (let g = G - 1; g >= 0; g--) ice[c + g]! -= ice[c]!;
  return {
    features,
    names: features.map((j) => model.features[j]!.name),
    grid,
    outputs: k,
    average,
    ...(ice && sampled ? { ice: { rows: sampled, values: ice, centered } } : {}),
  };
}
