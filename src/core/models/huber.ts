import { lbfgs } from './lbfgs.ts';

/**
 * scikit-learn 1.2's HuberRegressor: minimise over (w, b, sigma > 0)
 *   sum_i [ sigma + H_eps((y_i - x_i w - b) / sigma) * sigma ] + alpha ||w||^2
 * with H_eps(z) = z^2 if |z| <= eps else 2 eps |z| - eps^2 (its `_huber_loss_and_gradient`),
 * starting from w = 0, b = 0, sigma = 1. scikit-learn stops L-BFGS-B at a projected gradient of
 * 1e-5 or 100 iterations; this runs L-BFGS (float64) much further, so the two agree to the
 * accuracy sklearn's own stopping rule leaves (the objective is jointly convex).
 */
export interface HuberFit {
  coef: Float64Array;
  intercept: number;
  scale: number;
  iterations: number;
  converged: boolean;
}

export function huberRegressor(
  X: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  d: number,
  opts: { epsilon: number; alpha: number; maxIter?: number },
): HuberFit {
  const { epsilon, alpha } = opts;
  const Xd = Float64Array.from({ length: n * d }, (_, i) => X[i]!);
  const yd = Float64Array.from({ length: n }, (_, i) => y[i]!);
  const fg = (p: Float64Array, g: Float64Array): number => {
    const b = p[d]!;
    const sigma = p[d + 1]!;
    g.fill(0);
    let loss = n * sigma;
    let gb = 0;
    let gSigma = n;
    for (let i = 0; i < n; i++) {
      let r = yd[i]! - b;
      for (let j = 0; j < d; j++) r -= p[j]! * Xd[i * d + j]!;
      const a = Math.abs(r);
      if (a > epsilon * sigma) {
        loss += 2 * epsilon * a - sigma * epsilon * epsilon;
        gSigma -= epsilon * epsilon;
        const s = r < 0 ? -1 : 1;
        for (let j = 0; j < d; j++) g[j]! -= 2 * epsilon * s * Xd[i * d + j]!;
        gb -= 2 * epsilon * s;
      } else {
        loss += (r * r) / sigma;
        gSigma -= (r * r) / (sigma * sigma);
        for (let j = 0; j < d; j++) g[j]! -= (2 / sigma) * r * Xd[i * d + j]!;
        gb -= (2 / sigma) * r;
      }
    }
    for (let j = 0; j < d; j++) {
      loss += alpha * p[j]! * p[j]!;
      g[j]! += 2 * alpha * p[j]!;
    }
    g[d] = gb;
    g[d + 1] = gSigma;
    return loss;
  };
  const x0 = new Float64Array(d + 2);
  x0[d + 1] = 1;
  const lower = new Float64Array(d + 2).fill(-Infinity);
  lower[d + 1] = 2.220446049250313e-16 * 10; // scikit-learn's bound on sigma
  const scaleTol = Math.max(1, yd.reduce((s, v) => s + Math.abs(v), 0) / Math.max(1, n));
  const r = lbfgs(fg, x0, { maxIter: opts.maxIter ?? 2000, gtol: 1e-9 * scaleTol * n, lower });
  return { coef: r.x.slice(0, d), intercept: r.x[d]!, scale: r.x[d + 1]!, iterations: r.iterations, converged: r.converged };
}
