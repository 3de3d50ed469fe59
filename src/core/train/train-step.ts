/**
 * One optimisation step and the loss sums the trainer and the sanity checks share. A step is one
 * tidy: forward, backward (tf.variableGrads), clip, update, batch-norm running statistics.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Task } from '../spec/types.ts';
import type { BuiltNet } from './build-net.ts';
import { perSampleLoss, type LossOptions } from './losses.ts';
import type { NetOptimizer } from './optimizers.ts';

export interface Objective {
  task: Task;
  loss: LossOptions;
  /** l2/2 * ||W||^2 over weight matrices, added to the mean loss. */
  l2: number;
}

export interface Batch {
  x: tfjs.Tensor2D;
  y: tfjs.Tensor2D;
  /** Per-sample weights shaped like the per-sample loss ([b] multiclass, [b, 1] otherwise). */
  w?: tfjs.Tensor;
}

/** Sum over rows of the (weighted) per-sample loss, no penalty. */
export function lossSum(tf: typeof tfjs, obj: Objective, logits: tfjs.Tensor2D, batch: Batch): tfjs.Scalar {
  const l = perSampleLoss(tf, obj.task, obj.loss, logits, batch.y);
  return tf.sum(batch.w ? tf.mul(l, batch.w) : l);
}

/** Runs one step; call inside tf.tidy. Returns the batch objective (mean loss + L2 penalty) before the update. */
export function trainStep(
  tf: typeof tfjs,
  net: BuiltNet,
  opt: NetOptimizer,
  obj: Objective,
  batch: Batch,
  dropoutSeed?: number,
): tfjs.Scalar {
  const moments: tfjs.Tensor[] = [];
  const vars = net.params.map((p) => p.variable);
  const { value, grads } = tf.variableGrads(() => {
    const logits = net.forward(batch.x, { training: true, dropoutSeed, moments });
    let total: tfjs.Scalar = tf.div(lossSum(tf, obj, logits, batch), batch.x.shape[0]);
    if (obj.l2 > 0) {
      const sq = net.weights.map((W) => tf.sum(tf.square(W)));
      total = tf.add(total, tf.mul(obj.l2 / 2, sq.length === 1 ? sq[0]! : tf.addN(sq)));
    }
    return total;
  }, vars);
  opt.step(vars.map((v) => grads[v.name]!));
  if (moments.length > 0) net.updateRunningStats(moments);
  return value;
}
