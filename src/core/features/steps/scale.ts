/**
 * scale: per-column affine rescaling learned from training rows, output = (x - center) / scale.
 *
 * - standard: StandardScaler (mean, population std; zero variance -> scale 1).
 * - min-max: MinMaxScaler to [0, 1] (constant column -> all 0, scale 1).
 * - robust: RobustScaler (median, IQR from numpy 'linear' percentiles; zero IQR -> scale 1).
 * - max-abs: MaxAbsScaler to [-1, 1] (all-zero column -> scale 1).
 * Missing values are ignored when fitting and pass through as NaN. A column with no observed
 * training value gets center 0, scale 1 (identity) where scikit-learn would produce NaN.
 */
import type { ScaleStep } from '../../spec/pipeline-types.ts';
import type { StepDef } from '../step.ts';
import { checkArity, mean, observed, percentileSorted, requireNumeric, sorted, variance } from './util.ts';

export interface ScaleParams {
  method: NonNullable<ScaleStep['method']>;
}

export interface ScaleState {
  columns: { name: string; center: number; scale: number }[];
}

/** scikit-learn's _handle_zeros_in_scale: a scale below 10 eps becomes 1. */
function nonZero(scale: number): number {
  return scale < 10 * Number.EPSILON || !Number.isFinite(scale) ? 1 : scale;
}

function fitColumn(method: ScaleParams['method'], xs: number[]): { center: number; scale: number } {
  if (xs.length === 0) return { center: 0, scale: 1 };
  switch (method) {
    case 'standard': {
      const m = mean(xs);
      const v = variance(xs);
      const n = xs.length;
      // scikit-learn's _is_constant_feature: variance within rounding error of 0 -> scale 1.
      const constant = v <= n * Number.EPSILON * v + (n * m * Number.EPSILON) ** 2;
      return { center: m, scale: constant ? 1 : Math.sqrt(v) };
    }
    case 'min-max': {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of xs) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      return { center: lo, scale: nonZero(hi - lo) };
    }
    case 'robust': {
      const s = sorted(xs);
      return { center: percentileSorted(s, 50), scale: nonZero(percentileSorted(s, 75) - percentileSorted(s, 25)) };
    }
    case 'max-abs': {
      let m = 0;
      for (const v of xs) m = Math.max(m, Math.abs(v));
      return { center: 0, scale: nonZero(m) };
    }
  }
}

export const scale: StepDef<ScaleParams, ScaleState> = {
  name: 'scale',
  describe: 'Rescales numeric columns (z-score, min-max, median/IQR or max-abs) using training statistics.',
  defaultSelect: 'numeric',
  accepts: ['numeric'],
  defaults: (p) => ({ method: p.method ?? 'standard' }),
  fit: (p, columns) => ({
    columns: columns.map((c) => {
      const { center, scale: s } = fitColumn(p.method, observed(requireNumeric('scale', c).values));
      return { name: c.name, center: center + 0, scale: s + 0 }; // + 0: no -0, which JSON cannot keep
    }),
  }),
  apply: (_p, state, columns) => {
    checkArity('scale', state.columns.length, columns.length);
    return columns.map((c, j) => {
      const { center, scale: s } = state.columns[j]!;
      const col = requireNumeric('scale', c);
      return { name: col.name, type: 'numeric', source: 'derived', values: col.values.map((v) => (v - center) / s) };
    });
  },
  why: (p) =>
    p.method === 'robust'
      ? 'Median/IQR scaling puts columns on one scale without letting outliers set it.'
      : p.method === 'min-max'
        ? 'Bounded [0, 1] inputs suit distance-based and neural models; beware outliers squeezing the rest.'
        : p.method === 'max-abs'
          ? 'Max-abs scaling keeps zeros at zero (sparsity) while bounding columns to [-1, 1].'
          : 'Gradient-based and penalised linear models train faster and penalise fairly when columns share a scale.',
};
