/**
 * What the SHAP plots draw, computed in the core so the UI only renders: the global ranking
 * (mean |SHAP|), the beeswarm (one point per row and feature, coloured by the feature's value)
 * and the waterfall of one prediction (base value -> contributions -> output).
 */
import { benchtopError } from '../../errors.ts';
import type { ExplainFeature, ShapValues } from './types.ts';

export interface ShapRank {
  feature: number;
  name: string;
  /** Mean absolute SHAP value over the rows. */
  meanAbs: number;
}

function checkOutput(shap: ShapValues, output: number): void {
  if (!(Number.isInteger(output) && output >= 0 && output < shap.outputs))
    throw benchtopError('explain_invalid', { field: 'output', reason: `must be an output index in 0..${shap.outputs - 1}, got ${output}` });
}

const at = (shap: ShapValues, row: number, output: number, j: number): number => shap.values[(row * shap.outputs + output) * shap.p + j]!;

/** Features by mean |SHAP| of one output, largest first (ties keep feature order). */
export function shapRanking(shap: ShapValues, output = 0): ShapRank[] {
  checkOutput(shap, output);
  const ranks = shap.names.map((name, feature) => {
    let s = 0;
    for (let i = 0; i < shap.n; i++) s += Math.abs(at(shap, i, output, feature));
    return { feature, name, meanAbs: s / shap.n };
  });
  return ranks.sort((a, b) => b.meanAbs - a.meanAbs || a.feature - b.feature);
}

/** numpy.percentile (linear interpolation) of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface BeeswarmFeature extends ShapRank {
  /** SHAP value of each row. */
  shap: Float64Array;
  /** The feature's value in each row (NaN = missing). */
  value: Float64Array;
  /**
   * value scaled to [0, 1] for the colour: between the 5th and 95th percentile of the
   * non-missing values, clipped (as the SHAP package, so one outlier does not wash the colours
   * out); NaN where the value is missing; 0.5 for a constant column.
   */
  color: Float64Array;
  /** Labels of a categorical feature (value is the code). */
  categories?: readonly string[];
}

/**
 * Beeswarm data for one output: the `maxFeatures` highest-ranked features (default all),
 * in ranking order. X is the explained rows (n x p), the same rows the SHAP values are of.
 */
export function beeswarm(
  shap: ShapValues,
  X: Float64Array,
  opts: { output?: number; maxFeatures?: number; features?: readonly ExplainFeature[] } = {},
): BeeswarmFeature[] {
  const output = opts.output ?? 0;
  const { n, p } = shap;
  if (X.length !== n * p) throw benchtopError('explain_invalid', { field: 'X', reason: `holds ${X.length} values for ${n} rows x ${p} features` });
  return shapRanking(shap, output)
    .slice(0, opts.maxFeatures ?? p)
    .map((rank) => {
      const j = rank.feature;
      const value = Float64Array.from({ length: n }, (_, i) => X[i * p + j]!);
      const present = value.filter((v) => !Number.isNaN(v)).sort();
      let lo = present.length ? percentile(present, 5) : 0;
      let hi = present.length ? percentile(present, 95) : 0;
      if (lo === hi && present.length) {
        lo = present[0]!;
        hi = present[present.length - 1]!;
      }
      const color = value.map((v) => (Number.isNaN(v) ? NaN : hi === lo ? 0.5 : Math.min(1, Math.max(0, (v - lo) / (hi - lo)))));
      const categories = opts.features?.[j]?.categories;
      return {
        ...rank,
        shap: Float64Array.from({ length: n }, (_, i) => at(shap, i, output, j)),
        value,
        color,
        ...(categories ? { categories } : {}),
      };
    });
}

export interface WaterfallBar {
  /** Feature index, or -1 for the bar gathering the remaining features. */
  feature: number;
  name: string;
  /** The feature's value in the row (NaN for the gathered bar). */
  value: number;
  shap: number;
  /** Where the bar starts and ends on the output axis. */
  from: number;
  to: number;
}

export interface Waterfall {
  /** Expected output (the plot's bottom). */
  base: number;
  /** The row's output (the plot's top): base + the sum of every bar. */
  output: number;
  /** Largest |SHAP| first; the last bar may gather "n other features". */
  bars: WaterfallBar[];
}

/**
 * The waterfall of one row and output, as the SHAP package draws it: bars sorted by |SHAP|,
 * the `maxDisplay - 1` largest shown alone and the rest summed in one bar; drawn bottom-up
 * from the base value, smallest first, so the largest bar ends at the output.
 */
export function waterfall(shap: ShapValues, X: Float64Array, row: number, opts: { output?: number; maxDisplay?: number } = {}): Waterfall {
  const output = opts.output ?? 0;
  checkOutput(shap, output);
  const { p } = shap;
  if (!(Number.isInteger(row) && row >= 0 && row < shap.n))
    throw benchtopError('explain_invalid', { field: 'row', reason: `must be a row index in 0..${shap.n - 1}, got ${row}` });
  const maxDisplay = opts.maxDisplay ?? 10;
  if (!(Number.isInteger(maxDisplay) && maxDisplay >= 1)) throw benchtopError('explain_invalid', { field: 'maxDisplay', reason: `must be an integer >= 1, got ${maxDisplay}` });
  const order = Array.from({ length: p }, (_, j) => j).sort((a, b) => Math.abs(at(shap, row, output, b)) - Math.abs(at(shap, row, output, a)) || a - b);
  const shown = p <= maxDisplay ? order : order.slice(0, maxDisplay - 1);
  const bars: Omit<WaterfallBar, 'from' | 'to'>[] = shown.map((j) => ({ feature: j, name: shap.names[j]!, value: X[row * p + j]!, shap: at(shap, row, output, j) }));
  if (shown.length < p) {
    const rest = order.slice(shown.length);
    bars.push({ feature: -1, name: `${rest.length} other features`, value: NaN, shap: rest.reduce((s, j) => s + at(shap, row, output, j), 0) });
  }
  const base = shap.expected[output]!;
  let level = base;
  const placed = new Array<WaterfallBar>(bars.length);
  for (let b = bars.length - 1; b >= 0; b--) {
    const bar = bars[b]!;
    placed[b] = { ...bar, from: level, to: level + bar.shap };
    level += bar.shap;
  }
  return { base, output: shap.output[row * shap.outputs + output]!, bars: placed };
}
