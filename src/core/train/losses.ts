/**
 * Per-sample training losses on logits. Shapes: multiclass -> [b]; binary and regression -> [b, 1]
 * (the shape of the per-sample weights to multiply by). Regression losses work in standardised
 * target units (the trainer standardises y), so huberDelta is in standard deviations.
 *
 * - cross-entropy: softmax (multiclass) / sigmoid (binary) cross-entropy;
 * - focal: -(1 - p_t)^gamma * log p_t (Lin et al. 2017); gamma = 0 is exactly cross-entropy;
 * - mse / mae / huber: on the standardised target (regression) or, for classification, on the
 *   predicted probabilities against the one-hot target, summed over classes (mse = Brier score).
 * Cross-entropy and focal on a regression task fall back to mse.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { MlpModel, Task } from '../spec/types.ts';

export type LossKind = 'cross-entropy' | 'focal' | 'mse' | 'mae' | 'huber';

export interface LossOptions {
  kind: LossKind;
  focalGamma: number;
  huberDelta: number;
}

/** 'auto' (or unset) -> cross-entropy for classification, mse for regression. */
export function resolveLoss(loss: MlpModel['loss'] | undefined, task: Task): LossKind {
  if (loss === undefined || loss === 'auto') return task === 'regression' ? 'mse' : 'cross-entropy';
  if (task === 'regression' && (loss === 'cross-entropy' || loss === 'focal')) return 'mse';
  return loss;
}

export function perSampleLoss(tf: typeof tfjs, task: Task, opts: LossOptions, logits: tfjs.Tensor2D, y: tfjs.Tensor2D): tfjs.Tensor {
  const NONE = tf.Reduction.NONE;
  const kind = opts.kind;
  if (task === 'regression') {
    if (kind === 'mae') return tf.abs(tf.sub(logits, y));
    if (kind === 'huber') return tf.losses.huberLoss(y, logits, undefined, opts.huberDelta, NONE);
    return tf.squaredDifference(logits, y);
  }
  if (kind === 'cross-entropy' || (kind === 'focal' && opts.focalGamma === 0)) {
    return task === 'multiclass'
      ? tf.losses.softmaxCrossEntropy(y, logits, undefined, 0, NONE)
      : tf.losses.sigmoidCrossEntropy(y, logits, undefined, 0, NONE);
  }
  if (kind === 'focal') return focalLoss(tf, task, logits, y, opts.focalGamma);
  const p = task === 'multiclass' ? tf.softmax(logits) : tf.sigmoid(logits);
  const e =
    kind === 'mae'
      ? tf.abs(tf.sub(p, y))
      : kind === 'huber'
        ? tf.losses.huberLoss(y, p, undefined, opts.huberDelta, NONE)
        : tf.squaredDifference(p, y);
  return task === 'multiclass' ? tf.sum(e, -1) : e;
}

/** Focal loss per sample, -(1 - p_t)^gamma * log p_t; shapes as perSampleLoss. */
export function focalLoss(tf: typeof tfjs, task: 'binary' | 'multiclass' | Task, logits: tfjs.Tensor2D, y: tfjs.Tensor2D, gamma: number): tfjs.Tensor {
  const logPt =
    task === 'multiclass'
      ? tf.sum(tf.mul(y, tf.logSoftmax(logits)), -1)
      : tf.neg(tf.losses.sigmoidCrossEntropy(y, logits, undefined, 0, tf.Reduction.NONE));
  // Clamp 1 - p_t away from 0: pow's gradient at 0 is infinite for gamma < 1.
  const focus = tf.pow(tf.maximum(tf.sub(1, tf.exp(logPt)), 1e-7), gamma);
  return tf.neg(tf.mul(focus, logPt));
}

/** scikit-learn's 'balanced' class weights: n / (k * count_c); 0 for an absent class. */
export function balancedClassWeights(y: Int32Array | Float64Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (const c of y) counts[c]!++;
  return counts.map((c) => (c > 0 ? y.length / (k * c) : 0));
}
