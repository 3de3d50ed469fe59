/**
 * trainNet on the webgpu backend (Dawn + SwiftShader, as in CI): the fused engine against the
 * tfjs path on the same backend, same seed. They share initial weights, batches and the
 * optimiser's formula, so they differ only by float32 summation order.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerNodeBackend } from '../../../src/cli/node-backends.ts';
import { selectBackend } from '../../../src/core/gpu/backend.ts';
import { CancelSource, neverCancelled } from '../../../src/core/jobs.ts';
import type { FitContext, FitData } from '../../../src/core/models/types.ts';
import { createRng } from '../../../src/core/random.ts';
import type { Task } from '../../../src/core/spec/types.ts';
import { fusedBlocker, setFusedTraining } from '../../../src/core/train/fused-engine.ts';
import { netSetup } from '../../../src/core/train/net-setup.ts';
import { trainNet, type NetSpec } from '../../../src/core/train/train-net.ts';
import { blobs, clusters } from './net-fixtures.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
let tf: typeof tfjs;

beforeAll(async () => {
  expect(existsSync(SWIFTSHADER_ICD)).toBe(true);
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  await registerNodeBackend('webgpu');
  tf = await import('@tensorflow/tfjs');
  expect((await selectBackend(tf, 'webgpu')).backend).toBe('webgpu');
});
afterEach(() => setFusedTraining(true));

function context(task: Task, extra: Partial<FitContext> = {}): FitContext {
  return {
    tf,
    task,
    rng: createRng(42),
    cancel: neverCancelled,
    training: { validationFraction: 0.1, earlyStopping: { enabled: false, monitor: 'loss', patience: 5, minDelta: 0 }, sanityChecks: 'off' },
    ...extra,
  };
}

function regression(n: number, seed: number): FitData {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: n * 3 }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => 10 + 3 * X[i * 3]! - 2 * X[i * 3 + 1]! ** 2 + 0.1 * rng.normal());
  return { X, y, n, d: 3, k: 1 };
}

async function both(net: NetSpec, data: FitData, task: Task): Promise<{ fused: number[]; plain: number[]; pf: Float64Array; pp: Float64Array }> {
  const run = async (on: boolean) => {
    setFusedTraining(on);
    const m = await trainNet(net, data, context(task));
    const p = await m.predict(data.X, data.n);
    m.dispose();
    return { losses: m.history.map((h) => h.trainLoss), p };
  };
  const f = await run(true);
  const p = await run(false);
  return { fused: f.losses, plain: p.losses, pf: f.p, pp: p.p };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol * Math.max(1, Math.abs(b[i]!)));
}

describe('trainNet with the fused engine', () => {
  const cases: [string, NetSpec, () => FitData, Task][] = [
    ['binary MLP', { hiddenLayers: [16, 8], activation: 'relu', learningRate: 0.01, epochs: 6, batchSize: 32, l2: 0, dropout: 0 }, () => blobs(200, 3), 'binary'],
    ['multiclass MLP (tanh)', { hiddenLayers: [12], activation: 'tanh', learningRate: 0.01, epochs: 5, batchSize: 40, l2: 0, dropout: 0 }, () => clusters(150, 3, 5, 7), 'multiclass'],
    ['regression MLP (sigmoid)', { hiddenLayers: [10], activation: 'sigmoid', learningRate: 0.02, epochs: 5, batchSize: 25, l2: 0, dropout: 0 }, () => regression(120, 4), 'regression'],
    ['logistic regression (no hidden layer)', { hiddenLayers: [], activation: 'relu', learningRate: 0.05, epochs: 5, batchSize: 64, l2: 0, dropout: 0 }, () => blobs(300, 5), 'binary'],
  ];
  for (const [label, net, data, task] of cases)
    it(`gives the tfjs path's losses and predictions: ${label}`, async () => {
      const d = data();
      expect(fusedBlocker(tf, net, netSetup(net, d, task), { weighted: false, warm: false })).toBeNull();
      const r = await both(net, d, task);
      expectClose(r.fused, r.plain, 1e-3);
      expectClose(r.pf, r.pp, 2e-3);
      // It learned something: the comparison is not of two untrained nets.
      expect(r.fused[r.fused.length - 1]!).toBeLessThan(r.fused[0]!);
    });

  it('is deterministic: the same seed gives the same bits', async () => {
    const net: NetSpec = { hiddenLayers: [8], activation: 'relu', learningRate: 0.01, epochs: 3, batchSize: 16, l2: 0, dropout: 0 };
    const d = blobs(100, 9);
    const a = await both(net, d, 'binary');
    const b = await both(net, d, 'binary');
    expect(a.fused).toEqual(b.fused);
    expect(Array.from(a.pf)).toEqual(Array.from(b.pf));
  });

  it('stops on cancel', async () => {
    // 400 rows in batches of 8: 50 steps an epoch, submitted 32 at a time with a cancel check between.
    const net: NetSpec = { hiddenLayers: [8], activation: 'relu', learningRate: 0.01, epochs: 50, batchSize: 8, l2: 0, dropout: 0 };
    const cancel = new CancelSource();
    let epochs = 0;
    const onEvent: FitContext['onEvent'] = (e) => {
      if (e.type === 'epoch' && ++epochs === 2) cancel.cancel();
    };
    await expect(trainNet(net, blobs(400, 2), context('binary', { cancel, onEvent }))).rejects.toMatchObject({ code: 'cancelled' });
    expect(epochs).toBe(2);
  });

  it('leaves to tfjs what it cannot do, and says why', () => {
    const net: NetSpec = { hiddenLayers: [8], activation: 'relu', learningRate: 0.01, epochs: 3, batchSize: 16, l2: 0, dropout: 0 };
    const d = blobs(50, 1);
    const setup = netSetup(net, d, 'binary');
    const plain = { weighted: false, warm: false };
    expect(fusedBlocker(tf, { ...net, dropout: 0.2 }, netSetup({ ...net, dropout: 0.2 }, d, 'binary'), plain)).toMatch(/dropout/);
    expect(fusedBlocker(tf, { ...net, batchNorm: true }, netSetup({ ...net, batchNorm: true }, d, 'binary'), plain)).toMatch(/batch norm/);
    expect(fusedBlocker(tf, { ...net, activation: 'gelu' }, netSetup({ ...net, activation: 'gelu' }, d, 'binary'), plain)).toMatch(/gelu/);
    expect(fusedBlocker(tf, { ...net, optimizer: 'sgd' }, netSetup({ ...net, optimizer: 'sgd' }, d, 'binary'), plain)).toMatch(/Adam/);
    expect(fusedBlocker(tf, { ...net, loss: 'focal' }, netSetup({ ...net, loss: 'focal' }, d, 'binary'), plain)).toMatch(/loss focal/);
    expect(fusedBlocker(tf, net, setup, { weighted: true, warm: false })).toMatch(/weighted/);
    expect(fusedBlocker(tf, net, setup, { weighted: false, warm: true })).toMatch(/warm/);
    setFusedTraining(false);
    expect(fusedBlocker(tf, net, setup, plain)).toMatch(/off/);
  });
});
