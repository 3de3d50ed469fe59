/**
 * Turning a NetSpec and FitData into what a training loop needs: defaults filled, target
 * scaling, target / weight tensors, and the output bias at initialisation (log class prior, so
 * the initial loss is the prior's entropy rather than ln k plus noise; Karpathy's "init well").
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { FitData } from '../models/types.ts';
import type { Task } from '../spec/types.ts';
import type { NetSpec } from './build-net.ts';
import { balancedClassWeights, resolveLoss, type LossOptions } from './losses.ts';
import type { OptimizerConfig } from './optimizers.ts';

export interface NetSetup {
  task: Task;
  outDim: number;
  yScale: { mean: number; sd: number };
  /** Per-class weights (balanced) or null. */
  classWeights: Float64Array | null;
  outputBias: Float32Array;
  loss: LossOptions;
  optimizer: OptimizerConfig;
}

export function netSetup(net: NetSpec, data: FitData, task: Task): NetSetup {
  const outDim = task === 'multiclass' ? data.k : 1;
  // Regression targets are standardised so one learning rate suits any unit; predictions are mapped back.
  const yScale = task === 'regression' ? targetScale(data.y as Float64Array) : { mean: 0, sd: 1 };
  const classWeights = task !== 'regression' && net.classWeight === 'balanced' ? balancedClassWeights(data.y, data.k) : null;
  const optimizer = net.optimizer ?? 'adam';
  return {
    task,
    outDim,
    yScale,
    classWeights,
    outputBias: outputBias(task, data, classWeights),
    loss: { kind: resolveLoss(net.loss, task), focalGamma: net.focalGamma ?? 2, huberDelta: net.huberDelta ?? 1 },
    optimizer: {
      optimizer,
      learningRate: net.learningRate,
      momentum: net.momentum ?? 0.9,
      weightDecay: net.weightDecay ?? (optimizer === 'adamw' ? 0.01 : 0),
      clipNorm: net.clipNorm ?? 0,
      l1: net.l1 ?? 0,
    },
  };
}

/** Log prior (multiclass) or prior log-odds (binary) of the (weighted) training classes, smoothed by one count. */
function outputBias(task: Task, data: FitData, classWeights: Float64Array | null): Float32Array {
  if (task === 'regression') return new Float32Array(1);
  const counts = new Float64Array(data.k).fill(1);
  for (const c of data.y) counts[c]! += classWeights ? classWeights[c]! : 1;
  const total = counts.reduce((a, b) => a + b, 0);
  const logp = Array.from(counts, (c) => Math.log(c / total));
  if (task === 'binary') return Float32Array.of(logp[1]! - logp[0]!);
  const mean = logp.reduce((a, b) => a + b, 0) / logp.length;
  return Float32Array.from(logp, (v) => v - mean);
}

export function targetScale(y: Float64Array): { mean: number; sd: number } {
  const n = Math.max(1, y.length);
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}

/** One-hot (multiclass), 0/1 column (binary) or standardised column (regression). */
export function targetTensor(tf: typeof tfjs, s: NetSetup, y: Int32Array | Float64Array, k: number): tfjs.Tensor2D {
  return tf.tidy(() => {
    if (s.task === 'multiclass') return tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), k).toFloat() as tfjs.Tensor2D;
    const v = Float32Array.from(y, (t) => (t - s.yScale.mean) / s.yScale.sd);
    return tf.tensor2d(v, [y.length, 1]);
  });
}

/** Per-sample class weights shaped like the per-sample loss, or null when unweighted. */
export function weightTensor(tf: typeof tfjs, s: NetSetup, y: Int32Array | Float64Array): tfjs.Tensor | null {
  if (!s.classWeights) return null;
  const w = Float32Array.from(y, (c) => s.classWeights![c]!);
  return s.task === 'multiclass' ? tf.tensor1d(w) : tf.tensor2d(w, [y.length, 1]);
}
