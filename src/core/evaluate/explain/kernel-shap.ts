/**
 * KernelSHAP (Lundberg & Lee 2017) for any model: SHAP values of the interventional game
 *   v(S) = mean over background rows b of f(x_S, b_rest)
 * (features in S taken from the explained row x, the others from a background row), found as
 * the weighted least-squares fit of v over coalitions with the Shapley kernel weights.
 * Exact (all coalitions) when few features vary; sampled otherwise (coalitions.ts).
 *
 * Additivity is enforced, not hoped for: the last varying feature's value is eliminated as
 * (f(x) - E[f]) - sum of the others, so expected + sum(phi) == f(x) to rounding. A feature
 * whose value in x equals its value in every background row cannot change v: it gets 0 and is
 * left out of the regression (fewer unknowns, often the difference between exact and sampled).
 */
import { benchtopError } from '../../errors.ts';
import { solveSymmetric } from '../../models/solve.ts';
import { createRng, permutation } from '../../random.ts';
import { checkMatrix, forEachPrediction, pacer, predictGenerated } from './batch.ts';
import { makeCoalitions, type Coalitions } from './coalitions.ts';
import type { ExplainModel, ExplainRunOptions, ShapValues } from './types.ts';

export interface KernelShapRequest extends ExplainRunOptions {
  model: ExplainModel;
  /** n x p rows to explain. */
  X: Float64Array;
  n: number;
  /** Background rows (typically training rows), nBackground x p: what "feature unknown" is averaged over. */
  background: Float64Array;
  nBackground: number;
  /** Most background rows used; more are subsampled (seeded). Default 100. */
  maxBackground?: number;
  /** Coalitions per explained row when sampling. Default 2 * p + 2048 (the SHAP package's 'auto'). */
  nSamples?: number;
  /** Enumerate every coalition when at most this many features vary. Default 10 (1,022 coalitions). */
  exactMaxFeatures?: number;
  seed?: number;
  /**
   * Space the values add up in: 'identity' explains the predictions (probabilities),
   * 'logit' their log-odds, logit(v(S)) (probabilities clipped to [1e-15, 1 - 1e-15]). Default identity.
   */
  link?: 'identity' | 'logit';
}

export interface KernelShapValues extends ShapValues {
  /** Background rows used (indices into the given background). */
  backgroundRows: Int32Array;
  /** Per explained row, whether every coalition was evaluated (exact Shapley values). */
  exact: Uint8Array;
}

const EPS = 1e-15;
const logit = (v: number): number => {
  const q = Math.min(Math.max(v, EPS), 1 - EPS);
  return Math.log(q / (1 - q));
};

/** Same value, treating two missing values as equal. */
const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

function positiveInt(field: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw benchtopError('explain_invalid', { field, reason: `must be an integer >= ${min}, got ${v}` });
  return v;
}

export async function kernelShap(req: KernelShapRequest): Promise<KernelShapValues> {
  const { model, X, n } = req;
  checkMatrix(model, X, n);
  checkMatrix(model, req.background, req.nBackground, 'background');
  const p = model.features.length;
  const k = model.outputs;
  const maxBg = positiveInt('maxBackground', req.maxBackground ?? 100, 1);
  const budget = positiveInt('nSamples', req.nSamples ?? 2 * p + 2048, 2 * p);
  const exactMax = positiveInt('exactMaxFeatures', req.exactMaxFeatures ?? 10, 0);
  if (exactMax > 20) throw benchtopError('explain_invalid', { field: 'exactMaxFeatures', reason: `at most 20 (2^20 coalitions per row), got ${exactMax}` });
  const seed = req.seed ?? 0;
  const rng = createRng(seed);
  const link = req.link === 'logit' ? logit : (v: number) => v;

  const bgRows =
    req.nBackground > maxBg ? permutation(req.nBackground, rng.fork('background')).slice(0, maxBg).sort() : Int32Array.from({ length: req.nBackground }, (_, i) => i);
  const nb = bgRows.length;
  const bg = new Float64Array(nb * p);
  bgRows.forEach((r, i) => bg.set(req.background.subarray(r * p, (r + 1) * p), i * p));

  const pace = pacer(req);
  const bgPred = await predictGenerated(model, nb, (start, count, buf) => buf.set(bg.subarray(start * p, (start + count) * p)), req, pace);
  const expected = new Float64Array(k);
  for (let o = 0; o < k; o++) {
    let s = 0;
    for (let b = 0; b < nb; b++) s += bgPred[b * k + o]!;
    expected[o] = link(s / nb);
  }
  const fx = await predictGenerated(model, n, (start, count, buf) => buf.set(X.subarray(start * p, (start + count) * p)), req, pace);
  const output = fx.map(link);

  const values = new Float64Array(n * k * p);
  const exact = new Uint8Array(n);
  const sampling = rng.fork('coalitions');
  for (let i = 0; i < n; i++) {
    if (i > 0) req.onProgress?.({ phase: 'explain', fraction: i / n, message: 'KernelSHAP' });
    const x = X.subarray(i * p, (i + 1) * p);
    const varying: number[] = [];
    for (let j = 0; j < p; j++) {
      for (let b = 0; b < nb; b++) {
        if (!same(bg[b * p + j]!, x[j]!)) {
          varying.push(j);
          break;
        }
      }
    }
    const M = varying.length;
    const phi = values.subarray(i * k * p, (i + 1) * k * p);
    const total = Float64Array.from({ length: k }, (_, o) => output[i * k + o]! - expected[o]!);
    if (M === 0) {
      exact[i] = 1;
      continue;
    }
    if (M === 1) {
      for (let o = 0; o < k; o++) phi[o * p + varying[0]!] = total[o]!;
      exact[i] = 1;
      continue;
    }
    const coal = makeCoalitions(M, budget, exactMax, sampling);
    exact[i] = coal.exact ? 1 : 0;
    const sums = new Float64Array(coal.count * k);
    // Input columns each coalition takes from x (the fill loop runs count x nb times: keep it lean).
    const members = Array.from({ length: coal.count }, (_, c) => Int32Array.from(varying.filter((_, m) => coal.masks[c * M + m] === 1)));
    await forEachPrediction(
      model,
      coal.count * nb,
      (start, count, buf) => {
        for (let t = 0; t < count; t++) {
          const c = Math.floor((start + t) / nb);
          const src = ((start + t) % nb) * p;
          const dst = t * p;
          for (let j = 0; j < p; j++) buf[dst + j] = bg[src + j]!;
          for (const j of members[c]!) buf[dst + j] = x[j]!;
        }
      },
      (start, count, pred) => {
        for (let t = 0; t < count; t++) {
          const c = Math.floor((start + t) / nb);
          for (let o = 0; o < k; o++) sums[c * k + o]! += pred[t * k + o]!;
        }
      },
      req,
      pace,
    );
    const v = sums.map((s) => link(s / nb));
    const solved = solveRow(coal, M, v, k, expected, total);
    for (let o = 0; o < k; o++) for (let m = 0; m < M; m++) phi[o * p + varying[m]!] = solved[o * M + m]!;
  }
  req.onProgress?.({ phase: 'explain', fraction: 1, message: 'KernelSHAP' });
  return { n, p, outputs: k, values, expected, output, names: model.features.map((f) => f.name), backgroundRows: bgRows, exact };
}

/**
 * Weighted least squares with the efficiency constraint eliminated: with d = M - 1 the last
 * varying feature, v(z) - E - z_d * total = sum_{m<d} phi_m (z_m - z_d); then
 * phi_d = total - sum_{m<d} phi_m. `v` holds the (linked) game value of each coalition and
 * output, count x k. Returns the k x M values.
 */
function solveRow(coal: Coalitions, M: number, v: Float64Array, k: number, expected: Float64Array, total: Float64Array): Float64Array {
  const { masks, weights, count } = coal;
  const d = M - 1;
  const A = new Float64Array(d * d);
  const a = new Float64Array(d);
  for (let c = 0; c < count; c++) {
    const w = weights[c]!;
    const zd = masks[c * M + d]!;
    for (let m = 0; m < d; m++) a[m] = masks[c * M + m]! - zd;
    for (let r = 0; r < d; r++) {
      if (a[r] === 0) continue;
      for (let s = r; s < d; s++) A[r * d + s]! += w * a[r]! * a[s]!;
    }
  }
  for (let r = 0; r < d; r++) for (let s = 0; s < r; s++) A[r * d + s] = A[s * d + r]!;
  const out = new Float64Array(k * M);
  for (let o = 0; o < k; o++) {
    const rhs = new Float64Array(d);
    for (let c = 0; c < count; c++) {
      const zd = masks[c * M + d]!;
      const wy = weights[c]! * (v[c * k + o]! - expected[o]! - zd * total[o]!);
      for (let m = 0; m < d; m++) rhs[m]! += wy * (masks[c * M + m]! - zd);
    }
    const phi = solveSymmetric(A, rhs, d);
    let rest = total[o]!;
    for (let m = 0; m < d; m++) {
      out[o * M + m] = phi[m]!;
      rest -= phi[m]!;
    }
    out[o * M + d] = rest;
  }
  return out;
}
