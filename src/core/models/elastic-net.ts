/**
 * Elastic net by cyclic coordinate descent, a line-for-line port of scikit-learn 1.2's
 * `enet_coordinate_descent` (dense, no precompute, no positivity), so that
 * `elasticNet(X, y, {l1, l2})` reproduces `ElasticNet(alpha=l1+l2, l1_ratio=l1/(l1+l2))`
 * and `Lasso(alpha=l1)` (l2 = 0). Objective:
 *   1/(2n) ||y - Xw - b||^2 + l1 ||w||_1 + l2/2 ||w||^2,
 * intercept unpenalised, fitted by centering X and y. Stops when the largest coefficient change
 * relative to the largest coefficient drops below tol and the duality gap is below tol * ||y||^2,
 * or after maxIter sweeps. Everything runs in float64.
 */
export interface ElasticNetOptions {
  l1: number;
  l2: number;
  /** Default 1e-4 (scikit-learn's). */
  tol?: number;
  /** Default 1000 (scikit-learn's). */
  maxIter?: number;
}

export interface ElasticNetFit {
  coef: Float64Array;
  intercept: number;
  /** Sweeps run (scikit-learn's n_iter_). */
  iterations: number;
  dualGap: number;
  converged: boolean;
}

export function elasticNet(X: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, opts: ElasticNetOptions): ElasticNetFit {
  const tol0 = opts.tol ?? 1e-4;
  const maxIter = opts.maxIter ?? 1000;
  // column-major, centred copy of X (scikit-learn's _preprocess_data with fit_intercept=True)
  const xMean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xMean[j]! += X[i * d + j]!;
  for (let j = 0; j < d; j++) xMean[j]! /= n;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i]!;
  yMean /= n;
  const Xc = new Float64Array(n * d);
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) Xc[j * n + i] = X[i * d + j]! - xMean[j]!;
  const yc = Float64Array.from({ length: n }, (_, i) => y[i]! - yMean);

  const alpha = opts.l1 * n;
  const beta = opts.l2 * n;
  const w = new Float64Array(d);
  const R = Float64Array.from(yc); // w = 0
  const normCols = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Xc[j * n + i]! ** 2;
    normCols[j] = s;
  }
  const dwTol = tol0;
  const tol = tol0 * dotN(yc, 0, yc, 0, n);
  let gap = tol + 1;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let wMax = 0;
    let dwMax = 0;
    for (let j = 0; j < d; j++) {
      if (normCols[j] === 0) continue;
      const wj = w[j]!;
      if (wj !== 0) for (let i = 0; i < n; i++) R[i]! += wj * Xc[j * n + i]!;
      const tmp = dotN(Xc, j * n, R, 0, n);
      const shrunk = Math.max(Math.abs(tmp) - alpha, 0);
      w[j] = shrunk === 0 ? 0 : (Math.sign(tmp) * shrunk) / (normCols[j]! + beta);
      if (w[j] !== 0) for (let i = 0; i < n; i++) R[i]! -= w[j]! * Xc[j * n + i]!;
      dwMax = Math.max(dwMax, Math.abs(w[j]! - wj));
      wMax = Math.max(wMax, Math.abs(w[j]!));
    }
    if (wMax === 0 || dwMax / wMax < dwTol || iter === maxIter - 1) {
      gap = dualityGap(Xc, R, yc, w, n, d, alpha, beta);
      if (gap < tol) {
        iter++;
        return { coef: w, intercept: yMean - dotN(xMean, 0, w, 0, d), iterations: iter, dualGap: gap, converged: true };
      }
    }
  }
  return { coef: w, intercept: yMean - dotN(xMean, 0, w, 0, d), iterations: iter, dualGap: gap, converged: false };
}

function dualityGap(Xc: Float64Array, R: Float64Array, yc: Float64Array, w: Float64Array, n: number, d: number, alpha: number, beta: number): number {
  let dualNorm = 0;
  for (let j = 0; j < d; j++) dualNorm = Math.max(dualNorm, Math.abs(dotN(Xc, j * n, R, 0, n) - beta * w[j]!));
  const rNorm2 = dotN(R, 0, R, 0, n);
  const wNorm2 = dotN(w, 0, w, 0, d);
  let gap: number;
  let c: number;
  if (dualNorm > alpha) {
    c = alpha / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * c * c);
  } else {
    c = 1;
    gap = rNorm2;
  }
  let l1 = 0;
  for (let j = 0; j < d; j++) l1 += Math.abs(w[j]!);
  return gap + alpha * l1 - c * dotN(R, 0, yc, 0, n) + 0.5 * beta * (1 + c * c) * wNorm2;
}

function dotN(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[ao + i]! * b[bo + i]!;
  return s;
}
