import { describe, expect, it } from 'vitest';
import type { FitContext, FitData } from '../../../src/core/models/types.ts';
import { CancelSource, neverCancelled } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { trainNet, type NetSpec } from '../../../src/core/train/train-net.ts';
import type { TrainEvent } from '../../../src/core/train/events.ts';
import { cpuTf } from '../../helpers/tf.ts';

const net: NetSpec = { hiddenLayers: [8], activation: 'relu', learningRate: 0.01, epochs: 30, batchSize: 16, l2: 0, dropout: 0 };

/** Two noisy blobs; the validation half is drawn from the same distribution. */
function blobs(n: number, seed: number, noise = 1): FitData {
  const rng = createRng(seed);
  const make = (m: number) => {
    const X = new Float32Array(m * 2);
    const y = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      y[i] = i % 2;
      X[i * 2] = (y[i] ? 1 : -1) + noise * rng.normal();
      X[i * 2 + 1] = rng.normal();
    }
    return { X, y };
  };
  const t = make(n), v = make(n);
  return { X: t.X, y: t.y, n, d: 2, k: 2, val: { X: v.X, y: v.y, n } };
}

async function ctx(extra: Partial<FitContext> = {}): Promise<FitContext> {
  return {
    tf: await cpuTf(),
    task: 'binary',
    rng: createRng(42),
    cancel: neverCancelled,
    training: { validationFraction: 0.1, earlyStopping: { enabled: true, monitor: 'loss', patience: 5, minDelta: 0 }, sanityChecks: 'off' },
    ...extra,
  };
}

function logLoss(p: Float64Array, y: Int32Array | Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(p[i * 2 + y[i]!]!, 1e-12));
  return s / y.length;
}

describe('trainNet', () => {
  it('learns separable blobs', async () => {
    const data = blobs(200, 1, 0.3);
    const m = await trainNet(net, data, await ctx());
    const p = await m.predict(data.val!.X, data.val!.n);
    let correct = 0;
    for (let i = 0; i < data.val!.n; i++) if ((p[i * 2 + 1]! > 0.5 ? 1 : 0) === data.val!.y[i]) correct++;
    expect(correct / data.val!.n).toBeGreaterThan(0.95);
    m.dispose();
  });

  it('gives identical weights for the same seed and different ones for another seed', async () => {
    const data = blobs(64, 2);
    const probe = Float32Array.from([0.5, -0.5, -1, 2]);
    const run = async (seed: number) => {
      const m = await trainNet({ ...net, epochs: 5 }, data, await ctx({ rng: createRng(seed) }));
      const p = await m.predict(probe, 2);
      m.dispose();
      return [...p];
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
  });

  it('restores the weights of the best validation epoch', async () => {
    // A big network on few noisy rows overfits: validation loss turns up and early stopping fires.
    const data = blobs(40, 3, 2.5);
    const events: TrainEvent[] = [];
    const m = await trainNet(
      { ...net, hiddenLayers: [64, 64], learningRate: 0.03, epochs: 200, batchSize: 8 },
      data,
      await ctx({ onEvent: (e) => events.push(e) }),
    );
    expect(m.bestEpoch).toBeDefined();
    expect(m.history.length).toBeLessThan(200);
    expect(m.history.length).toBe(m.bestEpoch! + 5);
    expect(events.some((e) => e.type === 'early-stop')).toBe(true);
    const best = m.history[m.bestEpoch! - 1]!.valLoss!;
    const last = m.history.at(-1)!.valLoss!;
    expect(last).toBeGreaterThan(best);
    const now = logLoss(await m.predict(data.val!.X, data.val!.n), data.val!.y);
    expect(now).toBeCloseTo(best, 4);
    m.dispose();
  });

  it('reports one epoch event per epoch with finite losses', async () => {
    const events: TrainEvent[] = [];
    const m = await trainNet({ ...net, epochs: 4 }, blobs(50, 4), await ctx({ onEvent: (e) => events.push(e), training: { validationFraction: 0.1, earlyStopping: { enabled: false, monitor: 'loss', patience: 1, minDelta: 0 }, sanityChecks: 'off' } }));
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.type === 'epoch' && e.record.epoch)).toEqual([1, 2, 3, 4]);
    for (const e of epochs) if (e.type === 'epoch') expect(Number.isFinite(e.record.trainLoss) && Number.isFinite(e.record.valLoss!)).toBe(true);
    m.dispose();
  });

  it('stops within one batch when cancelled and frees every tensor', async () => {
    const tf = await cpuTf();
    const before = tf.memory().numTensors;
    const cancel = new CancelSource();
    let epochs = 0;
    const p = trainNet({ ...net, epochs: 1000 }, blobs(400, 5), await ctx({
      cancel,
      onEvent: (e) => {
        if (e.type === 'epoch' && ++epochs === 1) cancel.cancel();
      },
    }));
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(epochs).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fits a regression target in its own units', async () => {
    const rng = createRng(6);
    const n = 200;
    const X = new Float32Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = rng.normal();
      y[i] = 1000 + 250 * X[i]!;
    }
    const m = await trainNet({ ...net, hiddenLayers: [], learningRate: 0.05, epochs: 150, batchSize: 32 }, { X, y, n, d: 1, k: 1 }, await ctx({ task: 'regression' }));
    const p = await m.predict(Float32Array.from([0, 1]), 2);
    expect(p[0]).toBeCloseTo(1000, -1);
    expect(p[1]! - p[0]!).toBeCloseTo(250, -1);
    m.dispose();
  });

  it('reports divergence with a coded error', async () => {
    const data = blobs(50, 7);
    data.X[0] = Number.NaN;
    await expect(trainNet({ ...net, epochs: 3 }, data, await ctx())).rejects.toMatchObject({ code: 'training_diverged' });
  });
});

describe('trainNet memory', () => {
  it('holds no tensors after a finished model is disposed', async () => {
    const tf = await cpuTf();
    const before = tf.memory().numTensors;
    const m = await trainNet({ ...net, epochs: 3, dropout: 0.2 }, blobs(60, 9), await ctx());
    await m.predict(Float32Array.from([0, 0]), 1);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
