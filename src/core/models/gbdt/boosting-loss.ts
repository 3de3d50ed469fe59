/**
 * Boosting objectives: base score, per-row gradients and hessians (times the row weights),
 * and the weighted mean loss reported per round. As scikit-learn's HistGradientBoosting:
 * binary log-loss (base score: log-odds of the weighted prior), multiclass cross-entropy
 * (one tree per class per round; base score log priors; hessian p(1 - p)), squared error
 * (base: weighted mean), absolute error (base: weighted median; leaves re-fitted to the median
 * residual). Huber as GradientBoostingRegressor: delta is the `alpha` quantile of the
 * absolute residuals, re-estimated every round; its reported loss uses the delta of the
 * initial residuals, so rounds stay comparable for early stopping.
 */
import { benchtopError } from '../../errors.ts';
import type { TreeLink } from '../../evaluate/explain/tree-format.ts';
import type { Task } from '../../spec/types.ts';
import type { GbdtLoss } from './params.ts';
import { binaryLossKernel, HESS_FLOOR, LOSS_BLOCK, meanOfBlocks, type BinaryLossFn, type MarginStep } from './binary-loss-pass.ts';

export interface BoostingLoss {
  name: Exclude<GbdtLoss, 'auto'>;
  /** Margins per row (trees per round). */
  outputs: number;
  link: TreeLink;
  baseScore(y: ArrayLike<number>, w: Float64Array, n: number): Float64Array;
  /** Fills grad[c][i], hess[c][i] for every row from margins F (n x outputs). */
  gradients(F: Float64Array, y: ArrayLike<number>, w: Float64Array, n: number, grad: Float32Array[], hess: Float32Array[]): void;
  /** Weighted mean loss of margins F. */
  loss(F: Float64Array, y: ArrayLike<number>, w: Float64Array, n: number): number;
  /**
   * loss() and gradients() of the same margins in one pass, where they share work (the binary
   * loss: one exp per row instead of two). The results equal the two calls' bit for bit. With
   * step, F is first updated by the round's tree (MarginStep), as part of the same pass.
   */
  lossAndGradients?(F: Float64Array, y: ArrayLike<number>, w: Float64Array, n: number, grad: Float32Array[], hess: Float32Array[], step?: MarginStep): number;
  /** Absolute error: leaf values are the weighted median residual, not -G/H. */
  medianLeaves: boolean;
}

/** Weighted quantile (lower) of v (copied) with weights w. */
export function weightedQuantile(v: Float64Array, w: Float64Array, q: number): number {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]! || a - b);
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  let acc = 0;
  for (const i of order) {
    acc += w[i]!;
    if (acc >= q * total) return v[i]!;
  }
  return v[order[order.length - 1]!] ?? 0;
}

function weightedMean(y: ArrayLike<number>, w: Float64Array, n: number): number {
  let s = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    s += w[i]! * y[i]!;
    t += w[i]!;
  }
  return t > 0 ? s / t : 0;
}

function meanOf(n: number, w: Float64Array, term: (i: number) => number): number {
  let s = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    s += w[i]! * term(i);
    t += w[i]!;
  }
  return t > 0 ? s / t : 0;
}

export function boostingLoss(name: GbdtLoss, task: Task, k: number, huberAlpha = 0.9): BoostingLoss {
  const classification = task !== 'regression';
  const resolved = name === 'auto' ? (classification ? 'log-loss' : 'squared') : name;
  if (classification !== (resolved === 'log-loss'))
    throw benchtopError('spec_invalid', { field: 'model.loss', reason: `loss "${resolved}" does not fit a ${task} task` });
  if (resolved === 'log-loss' && k > 2) return softmaxLoss(k);
  if (resolved === 'log-loss') return binaryLoss();
  return regressionLoss(resolved, huberAlpha);
}

function binaryLoss(): BoostingLoss {
  // Made on first use and kept with this loss (one per fit), one per target array: the
  // WebAssembly pass keeps a copy of its targets and weights, so the training rows and the
  // validation rows, read in turn every round, each keep theirs.
  const kernels = new Map<ArrayLike<number>, BinaryLossFn>();
  const pass = (y: ArrayLike<number>): BinaryLossFn => {
    let k = kernels.get(y);
    if (!k) kernels.set(y, (k = binaryLossKernel()));
    return k;
  };
  return {
    name: 'log-loss',
    outputs: 1,
    link: 'logit',
    medianLeaves: false,
    baseScore(y, w, n) {
      const p = Math.min(1 - 1e-15, Math.max(1e-15, weightedMean(y, w, n)));
      return Float64Array.of(Math.log(p / (1 - p)));
    },
    gradients(F, y, w, n, grad, hess) {
      pass(y)(F, y, w, 0, n, grad[0]!, hess[0]!, new Float64Array(2 * Math.ceil(n / LOSS_BLOCK)));
    },
    loss(F, y, w, n) {
      const sums = new Float64Array(2 * Math.ceil(n / LOSS_BLOCK));
      pass(y)(F, y, w, 0, n, null, null, sums);
      return meanOfBlocks(sums);
    },
    lossAndGradients(F, y, w, n, grad, hess, step) {
      const sums = new Float64Array(2 * Math.ceil(n / LOSS_BLOCK));
      pass(y)(F, y, w, 0, n, grad[0]!, hess[0]!, sums, step);
      return meanOfBlocks(sums);
    },
  };
}

function softmaxLoss(k: number): BoostingLoss {
  const p = new Float64Array(k);
  const softmax = (F: Float64Array, i: number): number => {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, F[i * k + c]!);
    let total = 0;
    for (let c = 0; c < k; c++) total += p[c] = Math.exp(F[i * k + c]! - max);
    for (let c = 0; c < k; c++) p[c]! /= total;
    return max + Math.log(total);
  };
  return {
    name: 'log-loss',
    outputs: k,
    link: 'softmax',
    medianLeaves: false,
    baseScore(y, w, n) {
      const prior = new Float64Array(k);
      let t = 0;
      for (let i = 0; i < n; i++) {
        prior[y[i]!]! += w[i]!;
        t += w[i]!;
      }
      return prior.map((v) => Math.log(Math.max(v / t, 1e-15)));
    },
    gradients(F, y, w, n, grad, hess) {
      for (let i = 0; i < n; i++) {
        softmax(F, i);
        const yi = y[i]!;
        const wi = w[i]!;
        for (let c = 0; c < k; c++) {
          const pc = p[c]!;
          grad[c]![i] = wi * (pc - (c === yi ? 1 : 0));
          hess[c]![i] = wi * Math.max(pc * (1 - pc), HESS_FLOOR);
        }
      }
    },
    loss: (F, y, w, n) => meanOf(n, w, (i) => softmax(F, i) - F[i * k + y[i]!]!),
  };
}

function regressionLoss(name: 'squared' | 'absolute' | 'huber', huberAlpha: number): BoostingLoss {
  let reportDelta = -1;
  return {
    name,
    outputs: 1,
    link: 'identity',
    medianLeaves: name === 'absolute',
    baseScore(y, w, n) {
      const yy = Float64Array.from({ length: n }, (_, i) => y[i]!);
      const base = name === 'squared' ? weightedMean(y, w, n) : weightedQuantile(yy, w, 0.5);
      if (name === 'huber') reportDelta = huberDelta(yy.map((v) => Math.abs(v - base)), huberAlpha);
      return Float64Array.of(base);
    },
    gradients(F, y, w, n, grad, hess) {
      const g = grad[0]!;
      const h = hess[0]!;
      const delta = name === 'huber' ? huberDelta(Float64Array.from({ length: n }, (_, i) => Math.abs(y[i]! - F[i]!)), huberAlpha) : 0;
      for (let i = 0; i < n; i++) {
        const r = F[i]! - y[i]!;
        g[i] = w[i]! * (name === 'squared' ? r : name === 'absolute' ? Math.sign(r) : Math.max(-delta, Math.min(delta, r)));
        h[i] = w[i]!;
      }
    },
    loss(F, y, w, n) {
      if (name === 'squared') return meanOf(n, w, (i) => (y[i]! - F[i]!) ** 2);
      if (name === 'absolute') return meanOf(n, w, (i) => Math.abs(y[i]! - F[i]!));
      const d = reportDelta;
      return meanOf(n, w, (i) => {
        const a = Math.abs(y[i]! - F[i]!);
        return a <= d ? 0.5 * a * a : d * (a - 0.5 * d);
      });
    },
  };
}

/** The alpha quantile of absolute residuals (at least a tiny positive number). */
function huberDelta(absResiduals: Float64Array, alpha: number): number {
  const s = absResiduals.sort();
  if (s.length === 0) return 1;
  const at = Math.min(s.length - 1, Math.max(0, Math.ceil(alpha * s.length) - 1));
  return Math.max(s[at]!, 1e-12);
}
