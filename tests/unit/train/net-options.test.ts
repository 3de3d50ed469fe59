import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/random.ts';
import type { OptimizerName, Schedule } from '../../../src/core/spec/types.ts';
import type { TrainEvent } from '../../../src/core/train/events.ts';
import { focalLoss, perSampleLoss } from '../../../src/core/train/losses.ts';
import { trainNet, type NetSpec } from '../../../src/core/train/train-net.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { accuracy, baseNet, blobs, clusters, ctx, norm } from './net-fixtures.ts';

const logistic: NetSpec = { ...baseNet, hiddenLayers: [], learningRate: 0.05, batchSize: 32 };

describe('optimizers', () => {
  for (const optimizer of ['adam', 'adamw', 'sgd'] as OptimizerName[]) {
    it(`${optimizer} reduces the training loss on separable blobs`, async () => {
      const m = await trainNet({ ...baseNet, optimizer, epochs: 20 }, blobs(200, 1, 0.3), await ctx());
      const first = m.history[0]!.trainLoss, last = m.history.at(-1)!.trainLoss;
      expect(last).toBeLessThan(0.3 * first);
      m.dispose();
    });
  }

  it('adamw decays weights directly (w *= 1 - lr*wd per step) and ends smaller than plain adam', async () => {
    const data = blobs(200, 2, 0.2, { extra: 1 });
    for (let i = 0; i < data.n; i++) data.X[i * 3 + 2] = 0; // a dead feature: its gradient is exactly 0
    const weightsAfter = async (optimizer: OptimizerName, weightDecay: number, epochs: number) => {
      const m = await trainNet({ ...logistic, optimizer, weightDecay, epochs, batchSize: 50 }, data, await ctx());
      const W = (await m.getWeights()).find((w) => w.name === 'layer0/W')!.values;
      m.dispose();
      return W;
    };
    const a = await weightsAfter('adamw', 0.1, 20), b = await weightsAfter('adamw', 0.1, 60);
    // 40 more epochs of 4 steps: the dead weight shrinks by exactly (1 - 0.05 * 0.1)^160.
    expect(b[2]! / a[2]!).toBeCloseTo((1 - 0.05 * 0.1) ** 160, 4);
    const plain = await weightsAfter('adam', 0, 60);
    expect(norm(b)).toBeLessThan(0.9 * norm(plain));
    // Coupled L2 in adam leaves a zero-gradient weight decaying by the Adam step (about lr), not by a factor.
    const coupled = await weightsAfter('adam', 0.1, 60);
    expect(Math.abs(coupled[2]!)).not.toBeCloseTo(Math.abs(b[2]!), 3);
  });

  it('clipNorm bounds the global norm of the applied update', async () => {
    const data = blobs(64, 3, 1);
    for (let i = 0; i < data.X.length; i++) data.X[i]! *= 50;
    const spec: NetSpec = { ...logistic, optimizer: 'sgd', momentum: 0, epochs: 1, batchSize: 64, learningRate: 1 };
    const weights = async (s: NetSpec) => {
      const m = await trainNet(s, data, await ctx());
      const w = (await m.getWeights()).flatMap((x) => [...x.values]);
      m.dispose();
      return w;
    };
    const init = await weights({ ...spec, learningRate: 1e-12 });
    const delta = (w: number[]) => Math.sqrt(w.reduce((a, v, i) => a + (v - init[i]!) ** 2, 0));
    const unclipped = delta(await weights(spec));
    const clipped = delta(await weights({ ...spec, clipNorm: 0.5 }));
    expect(unclipped).toBeGreaterThan(5);
    expect(clipped).toBeCloseTo(0.5, 4);
  });
});

describe('learning-rate schedules', () => {
  const rates = async (schedule: Schedule, epochs = 10, es = {}) => {
    const m = await trainNet({ ...baseNet, learningRate: 0.02, schedule, epochs }, blobs(64, 4), await ctx({}, es));
    m.dispose();
    return m.history;
  };

  it('step: lr * factor^floor((e-1)/every)', async () => {
    const h = await rates({ kind: 'step', every: 3, factor: 0.5 });
    expect(h.map((r) => r.learningRate)).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125].map((f) => 0.02 * f));
  });

  it('cosine with linear warm-up', async () => {
    const h = await rates({ kind: 'cosine', warmupEpochs: 2, minFactor: 0.1 }, 10);
    const expected = Array.from({ length: 10 }, (_, i) => {
      const e = i + 1;
      if (e <= 2) return (0.02 * e) / 2;
      const t = (e - 3) / 8;
      return 0.02 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * t)));
    });
    h.forEach((r, i) => expect(r.learningRate).toBeCloseTo(expected[i]!, 12));
    expect(h[2]!.learningRate).toBeCloseTo(0.02, 12);
    // The last epoch still learns: the curve reaches the floor one epoch later.
    expect(h[9]!.learningRate).toBeGreaterThan(0.002);
    expect(h[9]!.learningRate).toBeLessThan(0.0035);
  });

  it('plateau: factor after `patience` epochs without a better validation loss, floored at minFactor', async () => {
    // A big network on few noisy rows: validation loss turns up, so the rate drops.
    const data = blobs(40, 3, 2.5);
    const schedule: Schedule = { kind: 'plateau', factor: 0.5, patience: 2, minFactor: 0.1 };
    const m = await trainNet({ ...baseNet, hiddenLayers: [64, 64], learningRate: 0.03, batchSize: 8, epochs: 40, schedule }, data, await ctx());
    m.dispose();
    let lr = 0.03, best = Infinity, wait = 0;
    const expected: number[] = [];
    for (const r of m.history) {
      expected.push(lr);
      if (r.valLoss! < best) {
        best = r.valLoss!;
        wait = 0;
      } else if (++wait >= 2) {
        lr = Math.max(lr * 0.5, 0.003);
        wait = 0;
      }
    }
    expect(m.history.map((r) => r.learningRate)).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(2);
    expect(expected.at(-1)).toBeCloseTo(0.003, 12);
  });
});

describe('losses and class weights', () => {
  it('focal loss with gamma = 0 equals cross-entropy (binary and multiclass)', async () => {
    const tf = await cpuTf();
    const rng = createRng(5);
    const logits = tf.tensor2d(Array.from({ length: 24 }, () => 3 * rng.normal()), [8, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 2, 1], 'int32'), 3).toFloat() as typeof logits;
    const ce = await tf.losses.softmaxCrossEntropy(y, logits, undefined, 0, tf.Reduction.NONE).data();
    expect([...(await focalLoss(tf, 'multiclass', logits, y, 0).data())].map((v, i) => v - ce[i]!).every((d) => Math.abs(d) < 1e-5)).toBe(true);
    const z = tf.slice(logits, [0, 0], [8, 1]) as typeof logits;
    const yb = tf.tensor2d([0, 1, 1, 0, 1, 0, 0, 1], [8, 1]);
    const bce = await tf.losses.sigmoidCrossEntropy(yb, z, undefined, 0, tf.Reduction.NONE).data();
    const fb = await focalLoss(tf, 'binary', z, yb, 0).data();
    fb.forEach((v, i) => expect(v).toBeCloseTo(bce[i]!, 5));
    // gamma = 2 down-weights easy examples: -(1 - p)^2 log p.
    const f2 = await focalLoss(tf, 'binary', z, yb, 2).data();
    f2.forEach((v, i) => {
      const p = Math.exp(-bce[i]!);
      expect(v).toBeCloseTo((1 - p) ** 2 * bce[i]!, 5);
    });
    // Through trainNet too: focal(0) and cross-entropy give the same training curve.
    const data = clusters(90, 3, 4);
    const run = async (loss: NetSpec['loss']) => {
      const m = await trainNet({ ...baseNet, loss, focalGamma: 0, epochs: 3 }, data, await ctx({ task: 'multiclass' }));
      m.dispose();
      return m.history.map((r) => r.trainLoss);
    };
    const a = await run('cross-entropy'), b = await run('focal');
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
    tf.dispose([logits, y, z, yb]);
  });

  it('regression losses are mse / mae / huber on the standardised target', async () => {
    const tf = await cpuTf();
    const p = tf.tensor2d([0, 0, 0], [3, 1]), y = tf.tensor2d([0.5, -2, 3], [3, 1]);
    const opts = { focalGamma: 2, huberDelta: 1 };
    expect([...(await perSampleLoss(tf, 'regression', { ...opts, kind: 'mse' }, p, y).data())]).toEqual([0.25, 4, 9]);
    expect([...(await perSampleLoss(tf, 'regression', { ...opts, kind: 'mae' }, p, y).data())]).toEqual([0.5, 2, 3]);
    expect([...(await perSampleLoss(tf, 'regression', { ...opts, kind: 'huber' }, p, y).data())]).toEqual([0.125, 1.5, 2.5]);
    tf.dispose([p, y]);
  });

  it('huber and mae regressions fit a line despite outliers', async () => {
    const rng = createRng(6);
    const n = 200;
    const X = new Float32Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = rng.normal();
      y[i] = 10 + 2 * X[i]! + 0.1 * rng.normal() + (i % 20 === 0 ? 200 : 0);
    }
    const slope = async (loss: NetSpec['loss']) => {
      const m = await trainNet({ ...baseNet, hiddenLayers: [], loss, learningRate: 0.05, epochs: 100, batchSize: 32 }, { X, y, n, d: 1, k: 1 }, await ctx({ task: 'regression' }));
      const p = await m.predict(Float32Array.from([0, 1]), 2);
      m.dispose();
      return { slope: p[1]! - p[0]!, at0: p[0]! };
    };
    const mse = await slope('mse'), huber = await slope('huber'), mae = await slope('mae');
    expect(Math.abs(mae.at0 - 10)).toBeLessThan(Math.abs(mse.at0 - 10));
    expect(Math.abs(huber.at0 - 10)).toBeLessThan(Math.abs(mse.at0 - 10));
    expect(mae.slope).toBeCloseTo(2, 0);
  });

  it("classWeight 'balanced' raises minority recall on an imbalanced set", async () => {
    const data = blobs(400, 7, 1.2, { minority: 0.1 });
    const recall = async (classWeight: 'none' | 'balanced') => {
      const m = await trainNet({ ...logistic, classWeight, epochs: 60 }, data, await ctx());
      const p = await m.predict(data.val!.X, data.val!.n);
      m.dispose();
      let tp = 0, pos = 0;
      for (let i = 0; i < data.val!.n; i++)
        if (data.val!.y[i] === 1) {
          pos++;
          if (p[i * 2 + 1]! > 0.5) tp++;
        }
      return tp / pos;
    };
    const none = await recall('none'), balanced = await recall('balanced');
    expect(balanced).toBeGreaterThan(none + 0.2);
  });
});

describe('L1 and batch norm', () => {
  it('proximal L1 drives the weights of irrelevant features to exactly zero', async () => {
    const data = blobs(300, 8, 0.5, { extra: 4 });
    const m = await trainNet({ ...logistic, l2: 0, l1: 0.02, epochs: 100 }, data, await ctx());
    const W = (await m.getWeights()).find((w) => w.name === 'layer0/W')!.values;
    m.dispose();
    expect(Math.abs(W[0]!)).toBeGreaterThan(0.5);
    expect([...W.subarray(2)].map(Math.abs)).toEqual([0, 0, 0, 0]);
    // Without L1 none of them is exactly zero.
    const m0 = await trainNet({ ...logistic, l2: 0, epochs: 100 }, data, await ctx());
    const W0 = (await m0.getWeights()).find((w) => w.name === 'layer0/W')!.values;
    m0.dispose();
    expect([...W0].filter((w) => w === 0)).toEqual([]);
  });

  it('a batch-norm network trains and predicts with running statistics', async () => {
    const data = clusters(270, 3, 8, 11, 1);
    const m = await trainNet({ ...baseNet, hiddenLayers: [32, 16], batchNorm: true, epochs: 30 }, data, await ctx({ task: 'multiclass' }));
    const val = data.val!;
    expect(accuracy(await m.predict(val.X, val.n), val.y, 3)).toBeGreaterThan(0.95);
    const all = await m.predict(val.X, val.n);
    const one = await m.predict(val.X.slice(5 * 8, 6 * 8), 1);
    for (let c = 0; c < 3; c++) expect(one[c]).toBeCloseTo(all[5 * 3 + c]!, 6);
    const w = await m.getWeights();
    expect(w.map((x) => x.name)).toContain('layer1/runVar');
    expect(w.find((x) => x.name === 'layer0/runMean')!.values.some((v) => Math.abs(v) > 0.1)).toBe(true);
    m.dispose();
  });

  it('early stopping restores batch-norm running statistics with the weights', async () => {
    const data = blobs(40, 3, 2.5);
    const m = await trainNet({ ...baseNet, hiddenLayers: [64, 64], batchNorm: true, learningRate: 0.03, epochs: 200, batchSize: 8 }, data, await ctx({}, { enabled: true }));
    expect(m.history.length).toBe(m.bestEpoch! + 5);
    const p = await m.predict(data.val!.X, data.val!.n);
    let ll = 0;
    for (let i = 0; i < data.val!.n; i++) ll -= Math.log(Math.max(p[i * 2 + data.val!.y[i]!]!, 1e-12));
    expect(ll / data.val!.n).toBeCloseTo(m.history[m.bestEpoch! - 1]!.valLoss!, 4);
    m.dispose();
  });
});

describe('early stopping on a metric', () => {
  it("monitor 'accuracy' records the metric, stops on it and restores the most accurate epoch", async () => {
    const data = blobs(40, 3, 2.5);
    const m = await trainNet(
      { ...baseNet, hiddenLayers: [64, 64], learningRate: 0.03, epochs: 200, batchSize: 8 },
      data,
      await ctx({}, { enabled: true, monitor: 'accuracy', patience: 8 }),
    );
    const acc = m.history.map((r) => r.metric!);
    expect(acc.every((a) => a >= 0 && a <= 1)).toBe(true);
    const best = Math.max(...acc);
    expect(m.bestEpoch).toBe(acc.indexOf(best) + 1);
    expect(m.history.length).toBe(m.bestEpoch! + 8);
    expect(accuracy(await m.predict(data.val!.X, data.val!.n), data.val!.y, 2)).toBeCloseTo(best, 10);
    m.dispose();
  });

  it('rejects an unknown or wrong-task metric with a coded error', async () => {
    await expect(trainNet(baseNet, blobs(20, 1), await ctx({}, { monitor: 'nope' }))).rejects.toMatchObject({ code: 'spec_invalid' });
    await expect(trainNet(baseNet, blobs(20, 1), await ctx({}, { monitor: 'r2' }))).rejects.toMatchObject({ code: 'spec_invalid' });
  });
});

describe('memory', () => {
  const schedules: Schedule[] = [{ kind: 'constant' }, { kind: 'step', every: 1, factor: 0.5 }, { kind: 'cosine', warmupEpochs: 1 }, { kind: 'plateau', patience: 1 }];
  it('keeps the tensor count flat across epochs and frees everything, for every option combination', async () => {
    const tf = await cpuTf();
    const data = blobs(48, 9);
    const start = tf.memory().numTensors;
    for (const optimizer of ['adam', 'adamw', 'sgd'] as OptimizerName[])
      for (const schedule of schedules)
        for (const batchNorm of [false, true])
          for (const clipNorm of [0, 1]) {
            const counts: number[] = [];
            const events: TrainEvent[] = [];
            const m = await trainNet(
              { ...baseNet, optimizer, schedule, batchNorm, clipNorm, dropout: 0.1, l2: 0.01, classWeight: 'balanced', epochs: 5 },
              data,
              await ctx({ onEvent: (e) => (e.type === 'epoch' ? counts.push(tf.memory().numTensors) : events.push(e)) }, { enabled: true, patience: 50 }),
            );
            expect(counts[4], `${optimizer} ${schedule.kind} bn=${batchNorm} clip=${clipNorm}`).toBe(counts[1]);
            m.dispose();
            expect(tf.memory().numTensors).toBe(start);
          }
  });
});
