/**
 * select-features: keep a subset of numeric columns, chosen on training rows only; the others are
 * dropped. The state lists the kept names (and each column's score, for the report).
 *
 * - variance: VarianceThreshold: keep population variance (NaN ignored) > threshold; with
 *   threshold 0 the variance is min(var, max - min) as scikit-learn does against rounding.
 * - mutual-info: top-k by a plug-in (histogram) estimate of I(X; y) in nats. Each column is cut
 *   into at most 10 equal-count bins (the `bin` step's quantile edges; missing is its own bin);
 *   a classification target uses its classes, a regression target 10 equal-count bins.
 *   Deterministic (scikit-learn's mutual_info_* use a randomised k-NN estimator). Ties keep the
 *   earlier column.
 * - l1: on columns standardised with training mean/std (missing -> the mean, i.e. 0), fit an
 *   L1-penalised linear model and keep columns with a non-zero weight: regression = Lasso
 *   (coordinate descent, objective 1/(2n)|y - Xw - b|^2 + alpha |w|_1, with y standardised so alpha
 *   does not depend on the target's unit); classification = L1 logistic (binary) / softmax
 *   (multiclass; a column is kept when any class weight is non-zero) by proximal gradient with
 *   step 1/L, intercepts unpenalised.
 * Selecting no column at all is a spec error (as scikit-learn raises): lower the threshold/alpha.
 */
import type { SelectStep } from '../../spec/pipeline-types.ts';
import type { StepContext, StepDef } from '../step.ts';
import { binEdges } from './bin.ts';
import { checkArity, invalid, observed, requireNumeric, searchRight, toJson, variance } from './util.ts';
import { l1Weights } from './lasso.ts';
import { maxOf } from '../../stats/extent.ts';

export interface SelectParams {
  method: NonNullable<SelectStep['method']>;
  threshold: number;
  k: number;
  alpha: number;
}

export interface SelectState {
  /** Input positions kept, ascending. */
  keep: number[];
  kept: string[];
  /** Per input column: variance, mutual information or max |weight| (null when undefined). */
  scores: (number | null)[];
}

function varianceScore(xs: Float64Array, threshold: number): number {
  const o = observed(xs);
  if (o.length === 0) return Number.NaN;
  const v = variance(o);
  if (threshold !== 0) return v;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of o) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return Math.min(v, hi - lo);
}

function codes(xs: ArrayLike<number>, bins: number): Int32Array {
  const inner = binEdges(observed(Float64Array.from(xs)), 'quantile', bins);
  return Int32Array.from(xs, (x) => (Number.isNaN(x) ? inner.length + 1 : searchRight(inner, x)));
}

/** Plug-in mutual information (nats) between two discrete codings over the rows where `use` holds. */
export function discreteMi(a: Int32Array, b: Int32Array, use: Uint8Array): number {
  const joint = new Map<number, number>();
  const ca = new Map<number, number>();
  const cb = new Map<number, number>();
  let n = 0;
  const stride = 1 << 16;
  for (let i = 0; i < a.length; i++) {
    if (!use[i]) continue;
    n++;
    const key = a[i]! * stride + b[i]!;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    ca.set(a[i]!, (ca.get(a[i]!) ?? 0) + 1);
    cb.set(b[i]!, (cb.get(b[i]!) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, nxy] of joint) {
    const x = Math.floor(key / stride);
    const y = key - x * stride;
    mi += (nxy / n) * Math.log((n * nxy) / (ca.get(x)! * cb.get(y)!));
  }
  return Math.max(0, mi);
}

function needY(ctx: StepContext, n: number): Int32Array | Float64Array {
  if (!ctx.y) throw invalid('steps.select-features.method', 'this method needs the training target, and none was given');
  if (ctx.y.length !== n) throw invalid('steps.select-features', `target has ${ctx.y.length} rows but the columns have ${n}`);
  return ctx.y;
}

export const selectFeatures: StepDef<SelectParams, SelectState> = {
  name: 'select-features',
  describe: 'Keeps the numeric columns that pass a variance, mutual-information or L1 test on training rows.',
  defaultSelect: 'numeric',
  accepts: ['numeric'],
  defaults: (p) => ({ method: p.method ?? 'variance', threshold: p.threshold ?? 0, k: p.k ?? 20, alpha: p.alpha ?? 0.01 }),
  fit: (p, columns, ctx) => {
    const cols = columns.map((c) => requireNumeric('select-features', c));
    const n = cols[0]?.values.length ?? 0;
    let scores: number[];
    let keep: number[];
    if (p.method === 'variance') {
      scores = cols.map((c) => varianceScore(c.values, p.threshold));
      keep = scores.flatMap((s, j) => (s > p.threshold ? [j] : []));
    } else if (p.method === 'mutual-info') {
      const y = needY(ctx, n);
      const use = Uint8Array.from(y, (v) => (Number.isNaN(v) ? 0 : 1));
      const yc = ctx.task === 'regression' ? codes(y, 10) : Int32Array.from(y);
      scores = cols.map((c) => discreteMi(codes(c.values, 10), yc, use));
      const order = scores.map((s, j) => [s, j] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      keep = order.slice(0, p.k).map(([, j]) => j).sort((a, b) => a - b);
    } else {
      const y = needY(ctx, n);
      const w = l1Weights(cols.map((c) => c.values), y, ctx.task, ctx.k, p.alpha);
      scores = w.map((ws) => Math.max(0, maxOf(ws.map(Math.abs))));
      keep = scores.flatMap((s, j) => (s > 0 ? [j] : []));
    }
    if (keep.length === 0 && cols.length > 0) {
      throw invalid(`steps.select-features.${p.method === 'variance' ? 'threshold' : 'alpha'}`, `${p.method} selection kept none of the ${cols.length} columns; lower the ${p.method === 'variance' ? 'threshold' : 'alpha'}`);
    }
    return { keep, kept: keep.map((j) => cols[j]!.name), scores: scores.map(toJson) };
  },
  apply: (_p, state, columns) => {
    checkArity('select-features', state.scores.length, columns.length);
    return state.keep.map((j) => requireNumeric('select-features', columns[j]!));
  },
  why: (p) =>
    p.method === 'variance'
      ? 'Constant or near-constant columns carry no signal and only slow training down.'
      : p.method === 'mutual-info'
        ? `Keeping the ${p.k} columns most informative about the target cuts noise and training time.`
        : 'An L1 penalty zeroes out columns a linear model can do without, leaving a smaller, sturdier feature set.',
};
