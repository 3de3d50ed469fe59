/**
 * Checks run before training a network (Karpathy's "recipe for training neural networks"):
 * - initial-loss: the loss at initialisation is near the loss of predicting the training prior
 *   (its entropy for cross-entropy: ln k when balanced, ln 2 for balanced binary; ~1 for mse on
 *   the standardised target). Warn when off by more than 0.5 nats (classification) or 2x (regression).
 * - finite-gradients: the gradient at initialisation is finite. Fail otherwise.
 * - overfit-batch: the model can memorise one small batch (16 rows; d + 1 rows for a linear model,
 *   which any labelling of d + 1 points in general position lets it separate) in 150 Adam steps at
 *   10x the learning rate (at most 0.05, never below the rate itself), without regularisation.
 *   Warn unless the loss falls below 10% of its start or accuracy reaches 100%.
 * - inputs-matter: trained briefly (60 full-batch steps) on two thirds of up to 150 rows, the
 *   model beats a copy trained on the same rows with every feature zeroed, on the other third.
 *   Warn unless its held-out loss is at least 2% lower.
 * Each check trains its own copy of the network, built from the same seed as the real one, so
 * the real model's weights are never touched; every tensor is freed; results are deterministic.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { yieldToEventLoop } from '../jobs.ts';
import type { FitContext, FitData } from '../models/types.ts';
import { permutation } from '../random.ts';
import type { ModelSpec } from '../spec/types.ts';
import { buildNet, netSpecOf, type BuiltNet, type NetSpec } from './build-net.ts';
import type { SanityCheck, SanityReport } from './events.ts';
import { netSetup, targetTensor, weightTensor, type NetSetup } from './net-setup.ts';
import { NetOptimizer, globalNorm } from './optimizers.ts';
import { lossSum, trainStep, type Batch, type Objective } from './train-step.ts';

export type { SanityCheck, SanityReport } from './events.ts';

const SAMPLE_ROWS = 150;
const OVERFIT_ROWS = 16;
const OVERFIT_STEPS = 150;
const BRIEF_STEPS = 60;
/** Optimiser steps the checks take: the overfit run plus the two brief inputs-matter runs. */
export const SANITY_STEPS = OVERFIT_STEPS + 2 * BRIEF_STEPS;

/**
 * Whether to run the checks before a fit of `plannedSteps` optimiser steps. 'auto' waits for a
 * training at least ten times longer than the checks: before a short run they would cost more
 * than the run (on a dispatch-bound GPU backend, 270 steps are seconds), and a search's many
 * short trials would pay them every time.
 */
export function shouldRunSanity(mode: 'auto' | 'always' | 'off', plannedSteps: number): boolean {
  return mode === 'always' || (mode === 'auto' && plannedSteps >= 10 * SANITY_STEPS);
}

type Tf = typeof tfjs;

export async function runSanityChecks(net: NetSpec, data: FitData, ctx: FitContext): Promise<SanityReport> {
  const { tf, task } = ctx;
  const setup = netSetup(net, data, task);
  const rows = permutation(data.n, ctx.rng.fork('sanity')).subarray(0, Math.min(SAMPLE_ROWS, data.n));
  const plain: NetSpec = { ...net, dropout: 0, l2: 0 };
  const fresh = (): BuiltNet => buildNet(tf, plain, data.d, setup.outDim, ctx.rng.fork('net'), setup.outputBias);
  const lrCheck = net.learningRate >= 0.05 ? net.learningRate : Math.min(10 * net.learningRate, 0.05);
  const adam = (m: BuiltNet): NetOptimizer =>
    new NetOptimizer(tf, m.params, { optimizer: 'adam', learningRate: lrCheck, momentum: 0, weightDecay: 0, clipNorm: 0, l1: 0 });
  const plainObj: Objective = { task, loss: setup.loss, l2: 0 };

  const checks: SanityCheck[] = [];
  checks.push(...(await initialChecks(tf, fresh, setup, { task, loss: setup.loss, l2: net.l2 }, data, rows)));
  const small = rows.subarray(0, Math.min(net.hiddenLayers.length > 0 ? OVERFIT_ROWS : Math.max(2, data.d + 1), OVERFIT_ROWS, rows.length));
  checks.push(await overfitCheck(tf, fresh, adam, setup, plainObj, data, small, lrCheck));
  await yieldToEventLoop();
  checks.push(await inputsCheck(tf, fresh, adam, setup, plainObj, data, rows));
  return { checks };
}

/** runSanityChecks for a logistic or mlp spec; null for models that are not networks. */
export function sanityChecksFor(model: ModelSpec, data: FitData, ctx: FitContext): Promise<SanityReport> | null {
  return model.kind === 'mlp' || model.kind === 'logistic' ? runSanityChecks(netSpecOf(model), data, ctx) : null;
}

function batchOf(tf: Tf, setup: NetSetup, data: FitData, rows: Int32Array | Uint32Array, zeroInputs = false, weighted = false): Batch {
  const X = new Float32Array(rows.length * data.d);
  if (!zeroInputs) rows.forEach((r, i) => X.set(data.X.subarray(r * data.d, (r + 1) * data.d), i * data.d));
  const y = data.y instanceof Int32Array ? Int32Array.from(rows, (r) => data.y[r]!) : Float64Array.from(rows, (r) => data.y[r]!);
  const w = weighted ? weightTensor(tf, setup, y) : null;
  return { x: tf.tensor2d(X, [rows.length, data.d]), y: targetTensor(tf, setup, y, data.k), ...(w ? { w } : {}) };
}

function disposeBatch(b: Batch): void {
  for (const t of [b.x, b.y, b.w]) t?.dispose();
}

async function initialChecks(
  tf: Tf,
  fresh: () => BuiltNet,
  setup: NetSetup,
  obj: Objective,
  data: FitData,
  rows: Int32Array | Uint32Array,
): Promise<SanityCheck[]> {
  const model = fresh();
  const batch = batchOf(tf, setup, data, rows, false, true);
  const n = rows.length;
  const readout = tf.tidy(() => {
    const vars = model.params.map((p) => p.variable);
    const { value, grads } = tf.variableGrads(
      () => tf.div(lossSum(tf, obj, model.forward(batch.x, { training: true }), batch), n) as tfjs.Scalar,
      vars,
    );
    const prior = tf.mul(tf.ones([n, setup.outDim]), tf.tensor1d(setup.outputBias)) as tfjs.Tensor2D;
    const expected = tf.div(lossSum(tf, obj, prior, batch), n);
    return tf.stack([value, expected, globalNorm(tf, vars.map((v) => grads[v.name]!))]);
  });
  const [value, expected, norm] = Array.from(await readout.data());
  readout.dispose();
  disposeBatch(batch);
  model.dispose();
  const regression = setup.task === 'regression';
  const off = regression ? value! > 2 * expected! || value! < expected! / 2 : Math.abs(value! - expected!) > 0.5;
  const unit = regression ? '' : ' nats';
  return [
    {
      id: 'initial-loss',
      title: 'Loss at initialisation',
      status: !Number.isFinite(value!) || off ? 'warn' : 'pass',
      detail: `Initial loss ${fmt(value!)}${unit}; predicting the training ${regression ? 'mean' : 'class prior'} gives ${fmt(expected!)}${unit}.${
        off ? ' Far off: check the target encoding, the input scaling and the initialisation.' : ''
      }`,
      value: value!,
      expected: expected!,
    },
    {
      id: 'finite-gradients',
      title: 'Finite gradients at initialisation',
      status: Number.isFinite(norm!) && Number.isFinite(value!) ? 'pass' : 'fail',
      detail: Number.isFinite(norm!)
        ? `Gradient norm ${fmt(norm!)}.`
        : 'The gradient is not finite: look for NaN or infinite inputs, or extreme feature values.',
      value: norm!,
    },
  ];
}

async function overfitCheck(
  tf: Tf,
  fresh: () => BuiltNet,
  adam: (m: BuiltNet) => NetOptimizer,
  setup: NetSetup,
  obj: Objective,
  data: FitData,
  rows: Int32Array | Uint32Array,
  lr: number,
): Promise<SanityCheck> {
  const model = fresh();
  const opt = adam(model);
  const batch = batchOf(tf, setup, data, rows);
  let first: tfjs.Scalar | null = null;
  for (let s = 0; s < OVERFIT_STEPS; s++) {
    const v = tf.tidy(() => trainStep(tf, model, opt, obj, batch));
    if (first) v.dispose();
    else first = v;
  }
  const readout = tf.tidy(() => {
    const logits = model.forward(batch.x, { training: true });
    const final = tf.div(lossSum(tf, obj, logits, batch), rows.length);
    const acc =
      setup.task === 'regression'
        ? tf.scalar(Number.NaN)
        : setup.task === 'binary'
          ? tf.mean(tf.cast(tf.equal(tf.greater(logits, 0), tf.greater(batch.y, 0.5)), 'float32'))
          : tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(batch.y, 1)), 'float32'));
    return tf.stack([first!, final, acc]);
  });
  const [start, end, acc] = Array.from(await readout.data());
  readout.dispose();
  first?.dispose();
  disposeBatch(batch);
  opt.dispose();
  model.dispose();
  const ok = Number.isFinite(end!) && (end! < 0.1 * start! || acc === 1);
  const accText = Number.isNaN(acc!) ? '' : `, accuracy ${fmt(100 * acc!)}%`;
  return {
    id: 'overfit-batch',
    title: `Overfits one batch of ${rows.length} rows`,
    status: ok ? 'pass' : 'warn',
    detail: `${OVERFIT_STEPS} steps at learning rate ${lr}: loss ${fmt(start!)} -> ${fmt(end!)}${accText}.${
      ok ? '' : ' The model cannot memorise a handful of rows: the learning rate may be far too low, or the model too small or broken.'
    }`,
    value: end!,
    expected: 0.1 * start!,
  };
}

async function inputsCheck(
  tf: Tf,
  fresh: () => BuiltNet,
  adam: (m: BuiltNet) => NetOptimizer,
  setup: NetSetup,
  obj: Objective,
  data: FitData,
  rows: Int32Array | Uint32Array,
): Promise<SanityCheck> {
  const base = { id: 'inputs-matter' as const, title: 'The inputs matter' };
  const cut = Math.floor((rows.length * 2) / 3);
  if (cut < 8 || rows.length - cut < 4) return { ...base, status: 'pass', detail: 'Skipped: too few rows to compare.' };
  const heldOutLoss = async (zero: boolean): Promise<number> => {
    const model = fresh();
    const opt = adam(model);
    const train = batchOf(tf, setup, data, rows.subarray(0, cut), zero);
    const test = batchOf(tf, setup, data, rows.subarray(cut), zero);
    for (let s = 0; s < BRIEF_STEPS; s++) tf.tidy(() => trainStep(tf, model, opt, obj, train)).dispose();
    const loss = tf.tidy(() => tf.div(lossSum(tf, obj, model.forward(test.x, { training: true }), test), test.x.shape[0]));
    const v = (await loss.data())[0]!;
    loss.dispose();
    disposeBatch(train);
    disposeBatch(test);
    opt.dispose();
    model.dispose();
    return v;
  };
  const real = await heldOutLoss(false);
  await yieldToEventLoop();
  const zero = await heldOutLoss(true);
  const ok = real < 0.98 * zero;
  return {
    ...base,
    status: ok ? 'pass' : 'warn',
    detail: `Held-out loss after ${BRIEF_STEPS} steps: ${fmt(real)} with the real inputs, ${fmt(zero)} with every input zeroed.${
      ok ? '' : ' The features do not help: check that rows and labels are aligned and that the features carry signal.'
    }`,
    value: real,
    expected: zero,
  };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : String(v);
}
