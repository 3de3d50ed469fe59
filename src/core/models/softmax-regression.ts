import { lbfgs } from './lbfgs.ts';

/**
 * Multinomial logistic regression in float64, fitted with L-BFGS: minimises
 *   sum_i -log softmax(x_i W + b)[y_i] + 1/(2C) ||W||^2
 * (intercept unpenalised), i.e. scikit-learn's LogisticRegression(C=C, multi_class='multinomial')
 * objective. Deterministic; meant for small problems such as a stacking meta-model.
 */
export interface SoftmaxFit {
  /** p*k weights (row-major: feature, class) then k intercepts. */
  W: Float64Array;
  b: Float64Array;
  predictProba(X: ArrayLike<number>, n: number): Float64Array;
}

export function softmaxRegression(X: ArrayLike<number>, y: Int32Array, n: number, p: number, k: number, C = 1): SoftmaxFit {
  const size = p * k + k;
  const z = new Float64Array(k);
  const fg = (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = w[p * k + c]!;
        for (let j = 0; j < p; j++) s += X[i * p + j]! * w[j * k + c]!;
        z[c] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let c = 0; c < k; c++) total += Math.exp(z[c]! - max);
      const lse = max + Math.log(total);
      loss += lse - z[y[i]!]!;
      for (let c = 0; c < k; c++) {
        const err = Math.exp(z[c]! - lse) - (c === y[i] ? 1 : 0);
        g[p * k + c]! += err;
        for (let j = 0; j < p; j++) g[j * k + c]! += err * X[i * p + j]!;
      }
    }
    for (let j = 0; j < p * k; j++) {
      loss += (0.5 / C) * w[j]! * w[j]!;
      g[j]! += w[j]! / C;
    }
    return loss;
  };
  const r = lbfgs(fg, new Float64Array(size), { maxIter: 1000, gtol: 1e-8 * Math.max(1, n) });
  const W = r.x.slice(0, p * k);
  const b = r.x.slice(p * k);
  return { W, b, predictProba: softmaxProba(W, b, p, k) };
}

/** Class probabilities of fitted weights W (p x k, row-major: feature, class) and intercepts b (k), in float64. */
export function softmaxProba(W: Float64Array, b: Float64Array, p: number, k: number): (X: ArrayLike<number>, n: number) => Float64Array {
  return (Xq, m) => {
    const out = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = b[c]!;
        for (let j = 0; j < p; j++) s += Xq[i * p + j]! * W[j * k + c]!;
        out[i * k + c] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let c = 0; c < k; c++) total += out[i * k + c] = Math.exp(out[i * k + c]! - max);
      for (let c = 0; c < k; c++) out[i * k + c]! /= total;
    }
    return out;
  };
}
