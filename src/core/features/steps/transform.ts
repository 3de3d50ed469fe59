/**
 * transform: reshape a numeric column's distribution.
 *
 * - log1p: ln(1 + x). Training values must be >= 0 (spec error otherwise); at apply a negative
 *   value becomes NaN (missing) rather than failing the whole scoring batch: the model then sees
 *   what a later impute step (or its own missing handling) makes of it.
 * - yeo-johnson: scikit-learn's PowerTransformer(method='yeo-johnson', standardize=True): lambda
 *   by maximum likelihood with SciPy's Brent (bracket (-2, 2)) on the same objective, then a
 *   z-score of the transformed training values.
 * - quantile-normal: QuantileTransformer(output_distribution='normal', n_quantiles=min(q, n)):
 *   numpy 'linear' training quantiles made monotone, the two-sided interpolation, and outputs
 *   clipped to norm.ppf(1e-7 - eps) ~ -5.199 and its mirror (BOUNDS_THRESHOLD = 1e-7). Unlike
 *   scikit-learn we never subsample (it draws 10,000 rows at random when there are more).
 * Missing values are ignored when fitting and pass through as NaN.
 */
import type { TransformStep } from '../../spec/pipeline-types.ts';
import type { StepDef } from '../step.ts';
import { brent, normPpf } from './math.ts';
import { checkArity, invalid, mean, npSum, npVar, observed, percentileSorted, requireNumeric, sorted, variance } from './util.ts';

export interface TransformParams {
  method: NonNullable<TransformStep['method']>;
  quantiles: number;
}

export type TransformColumnState =
  | { name: string; method: 'log1p' }
  | { name: string; method: 'yeo-johnson'; lambda: number; mean: number; scale: number }
  | { name: string; method: 'quantile-normal'; quantiles: number[] };

export interface TransformState {
  columns: TransformColumnState[];
}

const SPACING1 = Number.EPSILON;

/** scikit-learn's _yeo_johnson_transform for one value. */
export function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < SPACING1 ? Math.log1p(x) : (Math.pow(x + 1, lambda) - 1) / lambda;
  return Math.abs(lambda - 2) > SPACING1 ? -(Math.pow(-x + 1, 2 - lambda) - 1) / (2 - lambda) : -Math.log1p(-x);
}

/** Maximum-likelihood Yeo-Johnson lambda, as PowerTransformer._yeo_johnson_optimize. */
export function yeoJohnsonLambda(xs: readonly number[]): number {
  if (xs.length === 0) return 1;
  // numpy's summation order throughout, so the flat objective rounds as scikit-learn's does and
  // Brent takes the same branches.
  const logTerm = npSum(xs.map((x) => Math.sign(x) * Math.log1p(Math.abs(x))));
  const t = new Float64Array(xs.length);
  const negLogLik = (lambda: number): number => {
    for (let i = 0; i < xs.length; i++) t[i] = yeoJohnson(xs[i]!, lambda);
    const v = npVar(t);
    if (!(v >= 2.2250738585072014e-308)) return Infinity;
    return -((-xs.length / 2) * Math.log(v) + (lambda - 1) * logTerm);
  };
  return brent(negLogLik, -2, 2);
}

const BOUNDS = 1e-7;
const CLIP_MIN = normPpf(BOUNDS - SPACING1);
const CLIP_MAX = normPpf(1 - (BOUNDS - SPACING1));

/** numpy.interp(x, xp, fp) for increasing xp (ties allowed: the rightmost match wins, as numpy). */
function interp(x: number, xp: readonly number[], fp: readonly number[]): number {
  const n = xp.length;
  if (x <= xp[0]!) return x === xp[0]! && n > 1 ? interpAt(x, xp, fp) : fp[0]!;
  if (x >= xp[n - 1]!) return fp[n - 1]!;
  return interpAt(x, xp, fp);
}

function interpAt(x: number, xp: readonly number[], fp: readonly number[]): number {
  // last j with xp[j] <= x
  let lo = 0;
  let hi = xp.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xp[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  const j = lo;
  if (j >= xp.length - 1) return fp[xp.length - 1]!;
  const slope = (fp[j + 1]! - fp[j]!) / (xp[j + 1]! - xp[j]!);
  return slope * (x - xp[j]!) + fp[j]!;
}

export function quantileNormal(x: number, q: readonly number[]): number {
  if (Number.isNaN(x)) return x;
  const n = q.length;
  if (n === 1) return x - BOUNDS < q[0]! ? CLIP_MIN : x + BOUNDS > q[0]! ? CLIP_MAX : 0;
  const refs = q.map((_, i) => i / (n - 1));
  let u: number;
  if (x - BOUNDS < q[0]!) u = 0;
  else if (x + BOUNDS > q[n - 1]!) u = 1;
  else {
    const negQ = q.map((_, i) => -q[n - 1 - i]!);
    const negR = refs.map((_, i) => -refs[n - 1 - i]!);
    u = 0.5 * (interp(x, q, refs) - interp(-x, negQ, negR));
  }
  return Math.min(CLIP_MAX, Math.max(CLIP_MIN, normPpf(u)));
}

/** numpy.linspace(0, 1, n) * 100, as QuantileTransformer's references_ * 100. */
function referencePercents(n: number): number[] {
  if (n === 1) return [0];
  const step = 1 / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : i * step) * 100);
}

function fitColumn(p: TransformParams, name: string, values: Float64Array): TransformColumnState {
  const xs = observed(values);
  if (p.method === 'log1p') {
    const neg = xs.find((v) => v < 0);
    if (neg !== undefined) throw invalid('steps.transform.method', `log1p needs values >= 0 but column "${name}" has ${neg} in the training rows; use yeo-johnson instead`);
    return { name, method: 'log1p' };
  }
  if (p.method === 'yeo-johnson') {
    const lambda = yeoJohnsonLambda(xs);
    const t = xs.map((x) => yeoJohnson(x, lambda));
    const m = t.length ? mean(t) : 0;
    const v = t.length ? variance(t) : 0;
    const n = t.length;
    const constant = v <= n * Number.EPSILON * v + (n * m * Number.EPSILON) ** 2;
    return { name, method: 'yeo-johnson', lambda: lambda + 0, mean: m + 0, scale: constant ? 1 : Math.sqrt(v) };
  }
  if (xs.length === 0) return { name, method: 'quantile-normal', quantiles: [0] };
  const s = sorted(xs);
  // n_quantiles is capped by the training row count, missing rows included (as scikit-learn).
  const k = Math.max(1, Math.min(p.quantiles, values.length));
  const quantiles = referencePercents(k).map((r) => percentileSorted(s, r));
  for (let i = 1; i < quantiles.length; i++) quantiles[i] = Math.max(quantiles[i]!, quantiles[i - 1]!);
  // + 0: -0 would come back from JSON as 0 (state must survive a round trip bit for bit)
  return { name, method: 'quantile-normal', quantiles: quantiles.map((q) => q + 0) };
}

export const transform: StepDef<TransformParams, TransformState> = {
  name: 'transform',
  describe: 'Reshapes skewed numeric columns: log1p, Yeo-Johnson (standardised) or a rank-based map to a normal.',
  defaultSelect: 'numeric',
  accepts: ['numeric'],
  defaults: (p) => ({ method: p.method ?? 'yeo-johnson', quantiles: p.quantiles ?? 1000 }),
  fit: (p, columns) => ({ columns: columns.map((c) => fitColumn(p, c.name, requireNumeric('transform', c).values)) }),
  apply: (_p, state, columns) => {
    checkArity('transform', state.columns.length, columns.length);
    return columns.map((c, j) => {
      const s = state.columns[j]!;
      const xs = requireNumeric('transform', c).values;
      let values: Float64Array;
      if (s.method === 'log1p') values = xs.map((x) => (x < 0 ? Number.NaN : Math.log1p(x)));
      else if (s.method === 'yeo-johnson') values = xs.map((x) => (Number.isNaN(x) ? x : (yeoJohnson(x, s.lambda) - s.mean) / s.scale));
      else values = xs.map((x) => quantileNormal(x, s.quantiles));
      return { name: c.name, type: 'numeric', source: 'derived', values };
    });
  },
  why: (p) =>
    p.method === 'log1p'
      ? 'log1p tames right-skewed counts and amounts so a few huge values stop dominating.'
      : p.method === 'quantile-normal'
        ? 'A rank-based map to a normal makes any continuous column well-behaved and outlier-proof, at the cost of its spacing.'
        : 'Yeo-Johnson makes skewed columns closer to normal (negatives allowed), which helps linear models and MLPs.',
};
