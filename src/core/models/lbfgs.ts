/**
 * A small deterministic L-BFGS in float64 for the convex, smooth (C1) objectives fitted on the
 * CPU: HuberRegressor's joint (w, b, sigma) loss and the stacking meta-model's multinomial
 * log loss. Backtracking (Armijo) line search; a curvature pair is kept only when s'y > 0, so
 * the inverse-Hessian estimate stays positive definite. `lower` bounds are kept by never
 * stepping past them (enough for HuberRegressor's scale bound, which is never active at an optimum).
 */
export interface LbfgsOptions {
  maxIter?: number;
  /** Stop when max |gradient| <= gtol. Default 1e-9. */
  gtol?: number;
  /** History size. Default 10. */
  memory?: number;
  /** Per-variable lower bounds (-Infinity = none). */
  lower?: Float64Array;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/** `fg` writes the gradient at x into g and returns f(x). */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export function lbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const p = x0.length;
  const maxIter = opts.maxIter ?? 1000;
  const gtol = opts.gtol ?? 1e-9;
  const m = opts.memory ?? 10;
  const lower = opts.lower;
  const x = Float64Array.from(x0);
  const g = new Float64Array(p);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(p);
  const xNew = new Float64Array(p);
  const gNew = new Float64Array(p);
  const alpha = new Float64Array(m);
  const maxAbs = (v: Float64Array): number => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    if (!Number.isFinite(f)) break;
    if (maxAbs(g) <= gtol) return { x, f, iterations: iter, converged: true };
    // two-loop recursion: dir = -H g
    for (let i = 0; i < p; i++) dir[i] = -g[i]!;
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(S[j]!, dir);
      axpy(-alpha[j]!, Y[j]!, dir);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < p; i++) dir[i]! *= gamma;
    }
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j]! * dot(Y[j]!, dir);
      axpy(alpha[j]! - beta, S[j]!, dir);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < p; i++) dir[i] = -g[i]!;
      slope = dot(g, dir);
    }
    let step = S.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    if (lower) {
      for (let i = 0; i < p; i++) {
        if (dir[i]! < 0 && Number.isFinite(lower[i]!)) step = Math.min(step, (0.99 * (x[i]! - lower[i]!)) / -dir[i]!);
      }
    }
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < p; i++) xNew[i] = x[i]! + step * dir[i]!;
      fNew = fg(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break; // no decrease possible at float64 precision: we are at the optimum
    const s = new Float64Array(p);
    const y = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-16 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x.set(xNew);
    g.set(gNew);
    const fOld = f;
    f = fNew;
    if (fOld - f <= 1e-16 * Math.max(1, Math.abs(f)) && maxAbs(g) <= Math.sqrt(gtol)) {
      return { x, f, iterations: iter + 1, converged: true };
    }
  }
  return { x, f, iterations: iter, converged: maxAbs(g) <= gtol };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}
