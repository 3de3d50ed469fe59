/**
 * bin: discretise numeric columns with edges learned from training rows, as scikit-learn's
 * KBinsDiscretizer: uniform = equal-width between the training min and max; quantile = numpy
 * 'linear' percentiles at 0, 100/bins, ..., 100, with edges closer than 1e-8 to the previous one
 * removed (fewer bins). A value's bin = number of inner edges <= it (searchsorted 'right'), so
 * values outside the training range land in the first / last bin.
 *
 * Output: `<col>.bin` (ordinal, bin index) or `<col>.bin=<k>` (one-hot). Deviations: scikit-learn
 * rejects NaN; here a missing value gives NaN (ordinal) or an all-zero row (one-hot). A column with
 * no spread (or no observed training value) gets a single bin, as scikit-learn does.
 */
import type { BinStep } from '../../spec/pipeline-types.ts';
import type { FrameColumn } from '../frame.ts';
import type { StepDef } from '../step.ts';
import { checkArity, numericColumn, observed, percentileSorted, requireNumeric, searchRight, sorted } from './util.ts';

export interface BinParams {
  strategy: NonNullable<BinStep['strategy']>;
  bins: number;
  encode: NonNullable<BinStep['encode']>;
}

export interface BinState {
  /** Inner edges per column (the outer ones are -inf / +inf): bins = inner.length + 1. */
  columns: { name: string; inner: number[] }[];
}

/** Inner bin edges of KBinsDiscretizer for one column's observed values. */
export function binEdges(xs: readonly number[], strategy: 'uniform' | 'quantile', bins: number): number[] {
  if (xs.length === 0) return [];
  const s = sorted(xs);
  const lo = s[0]!;
  const hi = s[s.length - 1]!;
  if (lo === hi) return [];
  let edges: number[];
  if (strategy === 'uniform') {
    // numpy.linspace(lo, hi, bins + 1)
    const step = (hi - lo) / bins;
    edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
  } else {
    const step = 100 / bins;
    edges = Array.from({ length: bins + 1 }, (_, i) => percentileSorted(s, i === bins ? 100 : i * step));
    edges = edges.filter((e, i) => i === 0 || e - edges[i - 1]! > 1e-8);
  }
  return edges.slice(1, -1).map((e) => e + 0); // + 0: no -0, which JSON cannot keep
}

export const bin: StepDef<BinParams, BinState> = {
  name: 'bin',
  describe: 'Cuts numeric columns into bins (equal-width or equal-count) learned on training rows.',
  defaultSelect: 'numeric',
  accepts: ['numeric'],
  defaults: (p) => ({ strategy: p.strategy ?? 'quantile', bins: p.bins ?? 5, encode: p.encode ?? 'ordinal' }),
  fit: (p, columns) => ({
    columns: columns.map((c) => ({ name: c.name, inner: binEdges(observed(requireNumeric('bin', c).values), p.strategy, p.bins) })),
  }),
  apply: (p, state, columns) => {
    checkArity('bin', state.columns.length, columns.length);
    const out: FrameColumn[] = [];
    columns.forEach((c, j) => {
      const xs = requireNumeric('bin', c).values;
      const { inner } = state.columns[j]!;
      const codes = xs.map((x) => (Number.isNaN(x) ? x : searchRight(inner, x)));
      if (p.encode === 'ordinal') {
        out.push(numericColumn(`${c.name}.bin`, codes));
        return;
      }
      for (let k = 0; k <= inner.length; k++) out.push(numericColumn(`${c.name}.bin=${k}`, codes.map((b) => (b === k ? 1 : 0))));
    });
    return out;
  },
  why: (p) =>
    p.strategy === 'quantile'
      ? 'Equal-count bins let linear models fit non-linear effects and make the column robust to outliers.'
      : 'Equal-width bins let linear models fit non-linear effects while keeping the original scale readable.',
};
