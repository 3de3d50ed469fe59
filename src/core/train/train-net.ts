/**
 * Trains a fully connected network (no hidden layer = logistic regression) with Adam on the
 * active tfjs backend. We own the pieces tfjs gets wrong for us: seeded initialisers (some
 * tfjs initialisers ignore their seed), restoring the best weights on early stopping (not
 * implemented in tfjs), a constant batch shape (the WebGPU buffer pool is keyed by exact
 * size, so a ragged last batch would grow GPU memory: we wrap around the permutation
 * instead), and reading losses once per epoch rather than per batch.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { benchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import { permutation } from '../random.ts';
import type { Activation } from '../spec/types.ts';
import type { FitContext, FitData, TrainedModel } from '../models/types.ts';
import type { EpochRecord } from './events.ts';
import { EarlyStopper } from './early-stopping.ts';
import { initialWeights } from './init.ts';

export interface NetSpec {
  hiddenLayers: number[];
  activation: Activation;
  learningRate: number;
  epochs: number;
  batchSize: number;
  l2: number;
  dropout: number;
}

type Tf = typeof tfjs;
type Tensor2D = tfjs.Tensor2D;

const EVAL_CHUNK = 8192;

export async function trainNet(net: NetSpec, data: FitData, ctx: FitContext): Promise<TrainedModel> {
  const { tf, task, cancel } = ctx;
  const rng = ctx.rng.fork('net');
  const outDim = task === 'multiclass' ? data.k : 1;
  // Regression targets are standardised so one learning rate suits any unit; predictions are mapped back.
  const yScale = task === 'regression' ? targetScale(data.y as Float64Array) : { mean: 0, sd: 1 };

  const sizes = [data.d, ...net.hiddenLayers, outDim];
  const vars: tfjs.Variable[] = [];
  const weights: tfjs.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!, fanOut = sizes[l + 1]!;
    const isOutput = l + 2 === sizes.length;
    const init = initialWeights(fanIn, fanOut, isOutput ? 'glorot' : initFor(net.activation), rng.fork(`layer${l}`));
    // tidy frees the initial-value tensors; variables survive it.
    const W = tf.tidy(() => tf.variable(tf.tensor2d(init, [fanIn, fanOut]), true));
    const b = tf.tidy(() => tf.variable(tf.zeros([fanOut]), true));
    vars.push(W, b);
    weights.push(W);
  }

  const forward = (x: Tensor2D, dropoutSeed?: number): Tensor2D => {
    let h = x;
    for (let l = 0; l < weights.length; l++) {
      h = tf.add(tf.matMul(h, vars[2 * l]! as Tensor2D), vars[2 * l + 1]!);
      if (l + 1 < weights.length) {
        h = activate(tf, h, net.activation);
        if (dropoutSeed !== undefined && net.dropout > 0) h = tf.dropout(h, net.dropout, undefined, dropoutSeed + l) as Tensor2D;
      }
    }
    return h;
  };

  const lossSum = (logits: Tensor2D, y: Tensor2D, reduction: tfjs.Reduction): tfjs.Scalar => {
    if (task === 'multiclass') return tf.losses.softmaxCrossEntropy(y, logits, undefined, 0, reduction);
    if (task === 'binary') return tf.losses.sigmoidCrossEntropy(y, logits, undefined, 0, reduction);
    return tf.losses.meanSquaredError(y, logits, undefined, reduction);
  };

  const toTargets = (y: Int32Array | Float64Array, n: number): Tensor2D =>
    tf.tidy(() => {
      if (task === 'multiclass') return tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), data.k).toFloat() as Tensor2D;
      const v = Float32Array.from(y, (t) => (t - yScale.mean) / yScale.sd);
      return tf.tensor2d(v, [n, 1]);
    });

  const Xt = tf.tensor2d(data.X, [data.n, data.d]);
  const Yt = toTargets(data.y, data.n);
  const Xv = data.val && data.val.n > 0 ? tf.tensor2d(data.val.X, [data.val.n, data.d]) : null;
  const Yv = data.val && data.val.n > 0 ? toTargets(data.val.y, data.val.n) : null;
  const optimizer = tf.train.adam(net.learningRate);
  const bs = Math.max(1, Math.min(net.batchSize, data.n));
  const steps = Math.ceil(data.n / bs);
  const stopper = new EarlyStopper(ctx.training.earlyStopping);
  const history: EpochRecord[] = [];
  const t0 = performance.now();

  const meanLoss = async (X: Tensor2D, Y: Tensor2D): Promise<number> => {
    const n = X.shape[0];
    let total = tf.scalar(0);
    for (let s = 0; s < n; s += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, n - s);
      const next = tf.tidy(
        () => tf.add(total, lossSum(forward(tf.slice(X, [s, 0], [size, -1])), tf.slice(Y, [s, 0], [size, -1]), tf.Reduction.SUM)) as tfjs.Scalar,
      );
      total.dispose();
      total = next;
    }
    const v = (await total.data())[0]!;
    total.dispose();
    return v / n;
  };

  try {
    for (let epoch = 1; epoch <= net.epochs; epoch++) {
      const order = permutation(data.n, rng);
      const wrapped = new Int32Array(steps * bs);
      for (let i = 0; i < wrapped.length; i++) wrapped[i] = order[i % data.n]!;
      const orderT = tf.tensor1d(wrapped, 'int32');
      let epochLoss: tfjs.Scalar = tf.scalar(0);
      for (let s = 0; s < steps; s++) {
        const dropoutSeed = net.dropout > 0 ? rng.int(2 ** 31) : undefined;
        const next = tf.tidy(() => {
          const idx = tf.slice(orderT, s * bs, bs);
          const xb = tf.gather(Xt, idx);
          const yb = tf.gather(Yt, idx);
          const loss = optimizer.minimize(() => {
            let l = lossSum(forward(xb, dropoutSeed), yb, tf.Reduction.MEAN);
            if (net.l2 > 0) for (const W of weights) l = tf.add(l, tf.mul(net.l2, tf.sum(tf.square(W))));
            return l as tfjs.Scalar;
          }, true, vars)!;
          return tf.add(epochLoss, loss) as tfjs.Scalar;
        });
        epochLoss.dispose();
        epochLoss = next;
        // One macrotask per batch lets a cancel request in: Cancel stops within one batch.
        await yieldToEventLoop();
        if (cancel.cancelled) break;
      }
      orderT.dispose();
      const trainLoss = (await epochLoss.data())[0]! / steps;
      epochLoss.dispose();
      throwIfCancelled(cancel);
      const valLoss = Xv && Yv ? await meanLoss(Xv, Yv) : undefined;
      if (!Number.isFinite(trainLoss) || (valLoss !== undefined && !Number.isFinite(valLoss)))
        throw benchtopError('training_diverged', { epoch, loss: String(trainLoss) });
      const record: EpochRecord = { epoch, trainLoss, elapsedMs: Math.round(performance.now() - t0) };
      if (valLoss !== undefined) record.valLoss = valLoss;
      history.push(record);
      ctx.onEvent?.({ type: 'epoch', fold: ctx.fold, record, totalEpochs: net.epochs });
      const verdict = stopper.observe(epoch, valLoss ?? trainLoss);
      if (verdict === 'improved') stopper.snapshot(tf, vars);
      if (verdict === 'stop') {
        ctx.onEvent?.({ type: 'early-stop', fold: ctx.fold, bestEpoch: stopper.bestEpoch });
        break;
      }
    }
    stopper.restore(vars);
  } catch (e) {
    for (const v of vars) v.dispose();
    throw e;
  } finally {
    stopper.dispose();
    optimizer.dispose();
    for (const t of [Xt, Yt, Xv, Yv]) t?.dispose();
  }

  let disposed = false;
  return {
    history,
    bestEpoch: stopper.enabled ? stopper.bestEpoch : undefined,
    async predict(X, n) {
      const out = new Float64Array(n * (task === 'regression' ? 1 : data.k));
      for (let s = 0; s < n; s += EVAL_CHUNK) {
        const size = Math.min(EVAL_CHUNK, n - s);
        const t = tf.tidy(() => {
          const logits = forward(tf.tensor2d(X.subarray(s * data.d, (s + size) * data.d), [size, data.d]));
          return task === 'multiclass' ? tf.softmax(logits) : task === 'binary' ? tf.sigmoid(logits) : logits;
        });
        const v = await t.data();
        t.dispose();
        for (let i = 0; i < size; i++) {
          if (task === 'binary') {
            out[(s + i) * 2] = 1 - v[i]!;
            out[(s + i) * 2 + 1] = v[i]!;
          } else if (task === 'regression') {
            out[s + i] = v[i]! * yScale.sd + yScale.mean;
          } else {
            for (let c = 0; c < data.k; c++) out[(s + i) * data.k + c] = v[i * data.k + c]!;
          }
        }
      }
      return out;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of vars) v.dispose();
    },
  };
}

function initFor(a: Activation): 'he' | 'glorot' {
  return a === 'relu' || a === 'elu' || a === 'gelu' ? 'he' : 'glorot';
}

function activate(tf: Tf, h: Tensor2D, a: Activation): Tensor2D {
  switch (a) {
    case 'relu':
      return tf.relu(h);
    case 'tanh':
      return tf.tanh(h);
    case 'sigmoid':
      return tf.sigmoid(h);
    case 'elu':
      return tf.elu(h);
    case 'gelu': {
      // tanh approximation (Hendrycks & Gimpel); tfjs has no gelu op.
      const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(h, tf.mul(0.044715, tf.pow(h, 3))));
      return tf.mul(tf.mul(0.5, h), tf.add(1, tf.tanh(inner)));
    }
  }
}

function targetScale(y: Float64Array): { mean: number; sd: number } {
  const n = Math.max(1, y.length);
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}
