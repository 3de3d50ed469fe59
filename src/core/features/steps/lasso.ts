/**
 * L1-penalised linear models for select-features on standardised columns: Lasso by coordinate
 * descent (regression) and L1 logistic / softmax regression by proximal gradient (ISTA, step
 * 1/L with L from power iteration). Deterministic: no random starts, fixed iteration caps.
 */
import type { Task } from '../../spec/types.ts';
import { mean, observed, variance } from './util.ts';
import { maxOf } from '../../stats/extent.ts';

/** Columns standardised on their observed values; missing -> 0 (the mean); constant -> all 0. */
function standardise(columns: Float64Array[]): Float64Array[] {
  return columns.map((xs) => {
    const o = observed(xs);
    const m = o.length ? mean(o) : 0;
    const sd = o.length ? Math.sqrt(variance(o)) : 0;
    return xs.map((x) => (Number.isNaN(x) || !(sd > 1e-12) ? 0 : (x - m) / sd));
  });
}

const soft = (z: number, t: number): number => (z > t ? z - t : z < -t ? z + t : 0);

function lasso(X: Float64Array[], y: Float64Array, alpha: number): number[] {
  const n = y.length;
  const d = X.length;
  const w = new Array<number>(d).fill(0);
  const norms = X.map((x) => x.reduce((s, v) => s + v * v, 0) / n);
  const r = Float64Array.from(y);
  for (let sweep = 0; sweep < 1000; sweep++) {
    let maxDelta = 0;
    for (let j = 0; j < d; j++) {
      const x = X[j]!;
      if (norms[j]! === 0) continue;
      let rho = 0;
      for (let i = 0; i < n; i++) rho += x[i]! * r[i]!;
      rho = rho / n + norms[j]! * w[j]!;
      const next = soft(rho, alpha) / norms[j]!;
      const delta = next - w[j]!;
      if (delta !== 0) {
        for (let i = 0; i < n; i++) r[i] = r[i]! - delta * x[i]!;
        w[j] = next;
        maxDelta = Math.max(maxDelta, Math.abs(delta));
      }
    }
    if (maxDelta < 1e-7) break;
  }
  return w;
}

/** Largest eigenvalue of [X 1]^T [X 1] / n by power iteration from a fixed start. */
function lipschitz(X: Float64Array[], n: number): number {
  const d = X.length + 1;
  let v = new Array<number>(d).fill(1 / Math.sqrt(d));
  let lambda = 1;
  for (let it = 0; it < 50; it++) {
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = v[d - 1]!;
      for (let j = 0; j < d - 1; j++) s += X[j]![i]! * v[j]!;
      u[i] = s;
    }
    const next = new Array<number>(d).fill(0);
    for (let j = 0; j < d - 1; j++) next[j] = X[j]!.reduce((s, x, i) => s + x * u[i]!, 0) / n;
    next[d - 1] = u.reduce((s, x) => s + x, 0) / n;
    const norm = Math.sqrt(next.reduce((s, x) => s + x * x, 0));
    if (!(norm > 0)) break;
    lambda = norm;
    v = next.map((x) => x / norm);
  }
  return lambda;
}

/** Softmax (k >= 3) or logistic (k = 2, one output) regression with an L1 penalty on the weights. */
function logistic(X: Float64Array[], y: ArrayLike<number>, outputs: number, alpha: number, rows: Uint8Array): number[][] {
  const n = y.length;
  const d = X.length;
  const W = Array.from({ length: d }, () => new Array<number>(outputs).fill(0));
  const b = new Array<number>(outputs).fill(0);
  const step = 1 / ((outputs === 1 ? 0.25 : 0.5) * lipschitz(X, n) + 1e-12);
  const used = rows.reduce((s, v) => s + v, 0) || 1;
  for (let it = 0; it < 1000; it++) {
    const G = Array.from({ length: d }, () => new Array<number>(outputs).fill(0));
    const gb = new Array<number>(outputs).fill(0);
    for (let i = 0; i < n; i++) {
      if (!rows[i]) continue;
      const z = b.slice();
      for (let j = 0; j < d; j++) {
        const x = X[j]![i]!;
        if (x !== 0) for (let c = 0; c < outputs; c++) z[c]! += x * W[j]![c]!;
      }
      let err: number[];
      if (outputs === 1) err = [1 / (1 + Math.exp(-z[0]!)) - (y[i] === 1 ? 1 : 0)];
      else {
        const m = maxOf(z);
        const e = z.map((v) => Math.exp(v - m));
        const s = e.reduce((a, v) => a + v, 0);
        err = e.map((v, c) => v / s - (y[i] === c ? 1 : 0));
      }
      for (let c = 0; c < outputs; c++) gb[c]! += err[c]!;
      for (let j = 0; j < d; j++) {
        const x = X[j]![i]!;
        if (x !== 0) for (let c = 0; c < outputs; c++) G[j]![c]! += x * err[c]!;
      }
    }
    let maxDelta = 0;
    for (let c = 0; c < outputs; c++) b[c]! -= (step * gb[c]!) / used;
    for (let j = 0; j < d; j++) {
      for (let c = 0; c < outputs; c++) {
        const next = soft(W[j]![c]! - (step * G[j]![c]!) / used, step * alpha);
        maxDelta = Math.max(maxDelta, Math.abs(next - W[j]![c]!));
        W[j]![c] = next;
      }
    }
    if (maxDelta < 1e-7) break;
  }
  return W;
}

/** Per column, its weights (one per output) in an L1-penalised linear model of y on the standardised columns. */
export function l1Weights(columns: Float64Array[], y: Int32Array | Float64Array, task: Task, k: number, alpha: number): number[][] {
  const rows = Uint8Array.from(y, (v) => (Number.isNaN(v) ? 0 : 1));
  const X = standardise(columns);
  if (task === 'regression') {
    const o = observed(Float64Array.from(y));
    const m = o.length ? mean(o) : 0;
    const sd = o.length ? Math.sqrt(variance(o)) : 1;
    const ys = Float64Array.from(y, (v) => (Number.isNaN(v) ? 0 : (v - m) / (sd > 0 ? sd : 1)));
    // rows with a missing target contribute a zero residual and zero columns
    const Xr = X.map((x) => x.map((v, i) => (rows[i] ? v : 0)));
    return lasso(Xr, ys, alpha).map((w) => [w]);
  }
  return logistic(X, y, task === 'binary' ? 1 : Math.max(k, 2), alpha, rows);
}
