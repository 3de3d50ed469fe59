/**
 * Trains a fully connected network (no hidden layer = logistic regression) on the active tfjs
 * backend. We own the pieces tfjs gets wrong for us or lacks: seeded initialisers (some tfjs
 * initialisers ignore their seed), the optimisers (per-epoch learning rate, AdamW, global-norm
 * clipping, proximal L1: optimizers.ts), batch norm with running statistics (build-net.ts),
 * restoring the best weights on early stopping (not implemented in tfjs), a constant batch
 * shape (the WebGPU buffer pool is keyed by exact size, so a ragged last batch would grow GPU
 * memory: we wrap around the permutation instead), and reading losses once per epoch rather
 * than per batch.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { benchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import { permutation, type Rng } from '../random.ts';
import type { FitContext, FitData, TrainedModel } from '../models/types.ts';
import { buildNet, type BuiltNet, type NetSpec } from './build-net.ts';
import type { EpochRecord } from './events.ts';
import { EarlyStopper } from './early-stopping.ts';
import { FusedEngine, fusedBlocker } from './fused-engine.ts';
import { monitoredMetric, resolveMonitor } from './net-metrics.ts';
import { netSetup, targetTensor, weightTensor, type NetSetup } from './net-setup.ts';
import { NetOptimizer } from './optimizers.ts';
import { LearningRateSchedule } from './schedules.ts';
import { lossSum, trainStep, type Objective } from './train-step.ts';

export type { NetSpec } from './build-net.ts';

type Tensor2D = tfjs.Tensor2D;

const EVAL_CHUNK = 8192;

/**
 * A trained network: a TrainedModel that can also show its variables (tests, model cards).
 * save() is added by the model kind that trained it (models/net-artifact.ts: logistic or mlp).
 */
export interface TrainedNet extends Omit<TrainedModel, 'save'> {
  /** Every variable by name ('layer0/W', 'layer0/b', 'layer0/gamma', 'layer0/runMean', ...), row-major. */
  getWeights(): Promise<{ name: string; shape: number[]; values: Float32Array }[]>;
}

/**
 * Where a training stopped, to train more epochs later (ASHA promotions): the network, the
 * optimiser's moments, the early stopper (best weights), the schedule and the generator
 * mid-stream, and the last epoch's weights when the best ones were restored for predicting.
 * Continuing it draws the same batches a longer training from scratch would, so 10 epochs
 * then 20 more equal 30 epochs, except under a cosine schedule, whose curve depends on the
 * total: a resumed cosine run follows the longer run's curve from the epoch it resumes at.
 */
interface NetCheckpoint {
  kind: 'net-checkpoint';
  key: string;
  model: BuiltNet;
  optimizer: NetOptimizer;
  stopper: EarlyStopper;
  schedule: LearningRateSchedule;
  rng: Rng;
  history: EpochRecord[];
  epochs: number;
  stopped: boolean;
  /** The last epoch's weights, when the model holds the restored best ones. */
  last: tfjs.Tensor[] | null;
}

function disposeCheckpoint(c: NetCheckpoint): void {
  c.model.dispose();
  c.optimizer.dispose();
  c.stopper.dispose();
  c.last?.forEach((t) => t.dispose());
  c.last = null;
}

function checkpointKey(net: NetSpec, data: FitData, ctx: FitContext): string {
  return JSON.stringify({ net: { ...net, epochs: 0 }, d: data.d, n: data.n, k: data.k, task: ctx.task, es: ctx.training.earlyStopping });
}

/** A fresh checkpoint, or the warm slot's one when it continues this very configuration. */
function startOrResume(net: NetSpec, data: FitData, ctx: FitContext, setup: NetSetup, higherIsBetter: boolean): NetCheckpoint {
  const key = checkpointKey(net, data, ctx);
  const taken = ctx.warm?.take() as NetCheckpoint | undefined;
  if (taken && taken.kind === 'net-checkpoint' && taken.key === key && taken.epochs <= net.epochs) {
    if (taken.last) {
      taken.model.state.forEach((v, i) => v.assign(taken.last![i]!));
      taken.last.forEach((t) => t.dispose());
      taken.last = null;
    }
    if (net.schedule?.kind === 'cosine') taken.schedule = new LearningRateSchedule(net.schedule, net.learningRate, net.epochs, higherIsBetter);
    return taken;
  }
  if (taken?.kind === 'net-checkpoint') disposeCheckpoint(taken);
  const rng = ctx.rng.fork('net');
  const model = buildNet(ctx.tf, net, data.d, setup.outDim, rng, setup.outputBias);
  return {
    kind: 'net-checkpoint', key, model, rng,
    optimizer: new NetOptimizer(ctx.tf, model.params, setup.optimizer),
    schedule: new LearningRateSchedule(net.schedule ?? { kind: 'constant' }, net.learningRate, net.epochs, higherIsBetter),
    stopper: new EarlyStopper(ctx.training.earlyStopping, higherIsBetter),
    history: [], epochs: 0, stopped: false, last: null,
  };
}

export async function trainNet(net: NetSpec, data: FitData, ctx: FitContext): Promise<TrainedNet> {
  const { tf, task, cancel } = ctx;
  const setup = netSetup(net, data, task);
  const hasVal = data.val !== undefined && data.val.n > 0;
  const monitor = resolveMonitor(hasVal ? ctx.training.earlyStopping.monitor : 'loss', task);
  const c = startOrResume(net, data, ctx, setup, monitor.higherIsBetter);
  const { model, optimizer, schedule, stopper, rng, history } = c;
  const obj: Objective = { task, loss: setup.loss, l2: net.l2 };

  const Xt = tf.tensor2d(data.X, [data.n, data.d]);
  const Yt = targetTensor(tf, setup, data.y, data.k);
  const Wt = weightTensor(tf, setup, data.y);
  const val = hasVal ? data.val! : null;
  const Xv = val ? tf.tensor2d(val.X, [val.n, data.d]) : null;
  const Yv = val ? targetTensor(tf, setup, val.y, data.k) : null;
  const Wv = val ? weightTensor(tf, setup, val.y) : null;
  const bs = Math.max(1, Math.min(net.batchSize, data.n));
  const steps = Math.ceil(data.n / bs);
  const t0 = performance.now() - (history[history.length - 1]?.elapsedMs ?? 0);
  let kept = false;
  /** One epoch of tfjs steps in `order`: the mean batch objective, or NaN when cancelled mid-epoch. */
  const tfjsEpoch = async (order: Int32Array): Promise<number> => {
    const wrapped = new Int32Array(steps * bs);
    for (let i = 0; i < wrapped.length; i++) wrapped[i] = order[i % data.n]!;
    const orderT = tf.tensor1d(wrapped, 'int32');
    let epochLoss: tfjs.Scalar = tf.scalar(0);
    for (let s = 0; s < steps; s++) {
      const dropoutSeed = net.dropout > 0 ? rng.int(2 ** 31) : undefined;
      const next = tf.tidy(() => {
        const idx = tf.slice(orderT, s * bs, bs);
        const batch = { x: tf.gather(Xt, idx), y: tf.gather(Yt, idx), ...(Wt ? { w: tf.gather(Wt, idx) } : {}) };
        return tf.add(epochLoss, trainStep(tf, model, optimizer, obj, batch, dropoutSeed)) as tfjs.Scalar;
      });
      epochLoss.dispose();
      epochLoss = next;
      // One macrotask per batch lets a cancel request in: Cancel stops within one batch.
      await yieldToEventLoop();
      if (cancel.cancelled) break;
    }
    orderT.dispose();
    const loss = (await epochLoss.data())[0]! / steps;
    epochLoss.dispose();
    return loss;
  };
  // Plain dense nets on webgpu train through the fused WGSL engine (fused-engine.ts); tfjs does everything else.
  let fused: FusedEngine | null = null;

  try {
    if (fusedBlocker(tf, net, setup, { weighted: Wt !== null, warm: ctx.warm !== undefined }) === null) fused = await FusedEngine.create(tf, model, net, setup, data);
    for (let epoch = c.epochs + 1; epoch <= net.epochs && !c.stopped; epoch++) {
      const learningRate = schedule.rate(epoch);
      optimizer.learningRate = learningRate;
      const order = permutation(data.n, rng);
      const trainLoss = fused ? await fused.epoch(model, order, learningRate, () => cancel.cancelled) : await tfjsEpoch(order);
      throwIfCancelled(cancel);
      const v = Xv && Yv && val ? await evaluate(tf, model, obj, setup, Xv, Yv, Wv, !monitor.isLoss) : null;
      const valLoss = v?.loss;
      if (!Number.isFinite(trainLoss) || (valLoss !== undefined && !Number.isFinite(valLoss)))
        throw benchtopError('training_diverged', { epoch, loss: String(trainLoss) });
      const record: EpochRecord = { epoch, trainLoss, elapsedMs: Math.round(performance.now() - t0), learningRate };
      if (valLoss !== undefined) record.valLoss = valLoss;
      let watched = valLoss ?? trainLoss;
      if (v?.outputs && val) {
        watched = monitoredMetric(monitor, task, v.outputs, val.y, data.k, setup.yScale);
        record.metric = watched;
      }
      history.push(record);
      c.epochs = epoch;
      ctx.onEvent?.({ type: 'epoch', fold: ctx.fold, record, totalEpochs: net.epochs });
      schedule.observe(watched);
      const verdict = stopper.observe(epoch, watched);
      if (verdict === 'improved') stopper.snapshot(tf, model.state);
      if (verdict === 'stop') {
        ctx.onEvent?.({ type: 'early-stop', fold: ctx.fold, bestEpoch: stopper.bestEpoch });
        c.stopped = true;
      }
    }
    // A warm slot keeps the last weights to continue from; the model predicts with the best ones.
    if (ctx.warm && stopper.enabled && !c.stopped) c.last = tf.tidy(() => model.state.map((v) => v.clone()));
    stopper.restore(model.state);
    kept = ctx.warm?.put(c, checkpointBytes(c), () => disposeCheckpoint(c)) ?? false;
    if (!kept) c.last?.forEach((t) => t.dispose());
  } catch (e) {
    model.dispose();
    c.last?.forEach((t) => t.dispose());
    throw e;
  } finally {
    if (!kept) {
      stopper.dispose();
      optimizer.dispose();
    }
    for (const t of [Xt, Yt, Wt, Xv, Yv, Wv]) t?.dispose();
    fused?.dispose();
  }

  let disposed = false;
  return {
    history: history.slice(),
    bestEpoch: stopper.enabled ? stopper.bestEpoch : undefined,
    predict: (X, n) => predictNet(tf, model, setup, data.d, data.k, X, n),
    async getWeights() {
      return Promise.all(
        model.state.map(async (v, i) => ({ name: model.names[i]!, shape: [...v.shape], values: (await v.data()) as Float32Array })),
      );
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // A kept checkpoint owns the network (the warm store frees it).
      if (!kept) model.dispose();
    },
  };
}

/** Rough memory of a checkpoint: the weights, Adam's two moments, the best and the last copies. */
function checkpointBytes(c: NetCheckpoint): number {
  return c.model.state.reduce((a, v) => a + v.size, 0) * 4 * 5;
}

/** Mean (weighted) loss over the rows and, if asked, the outputs (probabilities / standardised predictions). */
async function evaluate(
  tf: typeof tfjs,
  model: BuiltNet,
  obj: Objective,
  setup: NetSetup,
  X: Tensor2D,
  Y: Tensor2D,
  W: tfjs.Tensor | null,
  wantOutputs: boolean,
): Promise<{ loss: number; outputs?: Float32Array }> {
  const n = X.shape[0];
  let total = tf.scalar(0);
  const outs: tfjs.Tensor[] = [];
  for (let s = 0; s < n; s += EVAL_CHUNK) {
    const size = Math.min(EVAL_CHUNK, n - s);
    const next = tf.tidy(() => {
      const logits = model.forward(tf.slice(X, [s, 0], [size, -1]), { training: false });
      const w = W ? (setup.task === 'multiclass' ? tf.slice(W, [s], [size]) : tf.slice(W, [s, 0], [size, -1])) : undefined;
      const sum = lossSum(tf, obj, logits, { x: logits, y: tf.slice(Y, [s, 0], [size, -1]), ...(w ? { w } : {}) });
      if (wantOutputs) outs.push(tf.keep(outputsOf(tf, setup, logits)));
      return tf.add(total, sum) as tfjs.Scalar;
    });
    total.dispose();
    total = next;
  }
  const loss = (await total.data())[0]! / n;
  total.dispose();
  if (!wantOutputs) return { loss };
  const joined = outs.length === 1 ? outs[0]! : tf.concat(outs);
  const outputs = (await joined.data()) as Float32Array;
  for (const t of new Set([joined, ...outs])) t.dispose();
  return { loss, outputs };
}

function outputsOf(tf: typeof tfjs, setup: Pick<NetSetup, 'task'>, logits: Tensor2D): tfjs.Tensor {
  return setup.task === 'multiclass' ? tf.softmax(logits) : setup.task === 'binary' ? tf.sigmoid(logits) : logits;
}

/** A built net's predictions: forward pass in chunks, output activation, then probabilities or (unscaled) values. Shared by trained and loaded nets so both predict the same bits. */
export async function predictNet(
  tf: typeof tfjs,
  model: BuiltNet,
  setup: Pick<NetSetup, 'task' | 'yScale'>,
  d: number,
  k: number,
  X: Float32Array,
  n: number,
): Promise<Float64Array> {
  const task = setup.task;
  const out = new Float64Array(n * (task === 'regression' ? 1 : k));
  for (let s = 0; s < n; s += EVAL_CHUNK) {
    const size = Math.min(EVAL_CHUNK, n - s);
    const t = tf.tidy(() => outputsOf(tf, setup, model.forward(tf.tensor2d(X.subarray(s * d, (s + size) * d), [size, d]), { training: false })));
    const v = await t.data();
    t.dispose();
    for (let i = 0; i < size; i++) {
      if (task === 'binary') {
        out[(s + i) * 2] = 1 - v[i]!;
        out[(s + i) * 2 + 1] = v[i]!;
      } else if (task === 'regression') {
        out[s + i] = v[i]! * setup.yScale.sd + setup.yScale.mean;
      } else {
        for (let c = 0; c < k; c++) out[(s + i) * k + c] = v[i * k + c]!;
      }
    }
  }
  return out;
}
