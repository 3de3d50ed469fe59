import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { fitGbdt } from '../../../src/core/models/gbdt/fit-gbdt.ts';
import { resolveGbdtParams } from '../../../src/core/models/gbdt/params.ts';
import { mlp } from '../../../src/core/models/mlp.ts';
import type { FitContext, FitData } from '../../../src/core/models/types.ts';
import { createRng } from '../../../src/core/random.ts';
import { sequentialExecutor } from '../../../src/core/search/executor.ts';
import { runSearch } from '../../../src/core/search/run-search.ts';
import { WarmStore } from '../../../src/core/search/warm-store.ts';
import type { ExperimentSpec, MlpModel } from '../../../src/core/spec/types.ts';
import { trainingDefaults } from '../../../src/core/spec/normalize.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

function binaryData(n: number, d: number, seed: number, val = 0): FitData {
  const rng = createRng(seed);
  const make = (m: number) => {
    const X = Float32Array.from({ length: m * d }, () => rng.normal());
    const y = Int32Array.from({ length: m }, (_, i) => (X[i * d]! + X[i * d + 1]! * X[i * d + 2]! + 0.5 * rng.normal() > 0 ? 1 : 0));
    return { X, y };
  };
  const t = make(n);
  const v = val > 0 ? make(val) : null;
  return { X: t.X, n, d, y: t.y, k: 2, ...(v ? { val: { X: v.X, n: val, y: v.y } } : {}) };
}

describe('gbdt warm start', () => {
  it('10 rounds then 20 more grow exactly the trees of 30 rounds from scratch (row and column sampling on)', async () => {
    const data = binaryData(300, 5, 3);
    const p = (rounds: number) => resolveGbdtParams({ rounds, subsample: 0.7, colsample: 0.6, maxLeaves: 8, earlyStoppingRounds: 0 });
    const direct = await fitGbdt(data, p(30), { task: 'binary', rng: createRng(9) });
    const short = await fitGbdt(data, p(10), { task: 'binary', rng: createRng(9) });
    expect(short.ensemble.trees).toHaveLength(10);
    const resumed = await fitGbdt(data, p(30), { task: 'binary', rng: createRng(123), resume: short.checkpoint });
    expect(resumed.ensemble.trees).toHaveLength(30);
    expect(resumed.ensemble).toEqual(direct.ensemble);
    expect(resumed.history.map((h) => h.trainLoss)).toEqual(direct.history.map((h) => h.trainLoss));
    // The short model itself still has its own 10 trees after the checkpoint grew.
    expect(short.ensemble.trees).toHaveLength(10);
  });

  it('with early stopping: the resumed fit stops at the round, and keeps the trees, a direct fit does', async () => {
    const data = binaryData(400, 5, 4, 120);
    const p = (rounds: number) => resolveGbdtParams({ rounds, learningRate: 0.4, maxLeaves: 16, minSamplesLeaf: 2, earlyStoppingRounds: 3 });
    const direct = await fitGbdt(data, p(80), { task: 'binary', rng: createRng(2) });
    expect(direct.rounds).toBeLessThan(80);
    const short = await fitGbdt(data, p(4), { task: 'binary', rng: createRng(2) });
    // Another seed: only a real resume can match the direct fit.
    const resumed = await fitGbdt(data, p(80), { task: 'binary', rng: createRng(77), resume: short.checkpoint });
    expect(resumed.rounds).toBe(direct.rounds);
    expect(resumed.bestIteration).toBe(direct.bestIteration);
    expect(resumed.ensemble).toEqual(direct.ensemble);
  });

  it('ignores a checkpoint of another configuration and trains from scratch', async () => {
    const data = binaryData(200, 4, 5);
    const other = await fitGbdt(data, resolveGbdtParams({ rounds: 5, learningRate: 0.3, earlyStoppingRounds: 0 }), { task: 'binary', rng: createRng(1) });
    const p = resolveGbdtParams({ rounds: 12, learningRate: 0.1, earlyStoppingRounds: 0 });
    const direct = await fitGbdt(data, p, { task: 'binary', rng: createRng(1) });
    const resumed = await fitGbdt(data, p, { task: 'binary', rng: createRng(1), resume: other.checkpoint });
    expect(resumed.ensemble).toEqual(direct.ensemble);
  });
});

describe('mlp warm start', () => {
  const ctx = async (store: WarmStore | undefined, key = 'k', seed = 7): Promise<FitContext> => ({
    tf: await cpuTf(), task: 'binary', rng: createRng(seed), cancel: neverCancelled,
    training: trainingDefaults({ earlyStopping: { patience: 50 } }),
    ...(store ? { warm: store.slot(key, true) } : {}),
  });
  const spec = (epochs: number): Required<MlpModel> =>
    ({ kind: 'mlp', hiddenLayers: [8], epochs, batchSize: 32, learningRate: 0.01, dropout: 0.1 }) as unknown as Required<MlpModel>;

  it('3 epochs then 5 more give the weights and predictions of 8 epochs (optimiser state, batches and dropout continue)', async () => {
    const data = binaryData(150, 4, 6, 40);
    const X = binaryData(20, 4, 8).X;
    const direct = await mlp.fit(spec(8), data, await ctx(undefined));
    const store = new WarmStore();
    const short = await mlp.fit(spec(3), data, await ctx(store));
    expect(store.size).toBe(1);
    expect(short.history).toHaveLength(3);
    short.dispose();
    // Another seed: only a real resume (same init, batches and dropout masks) can match the direct training.
    const resumed = await mlp.fit(spec(8), data, await ctx(store, 'k', 99));
    expect(store.size).toBe(1);
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(resumed.history.map((h) => h.trainLoss)).toEqual(direct.history.map((h) => h.trainLoss));
    expect(resumed.bestEpoch).toBe(direct.bestEpoch);
    const a = await direct.predict(X, 20);
    const b = await resumed.predict(X, 20);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
    direct.dispose();
    resumed.dispose();
    store.release();
    expect(store.size).toBe(0);
  });

  it('frees its tensors when the store evicts or releases it', async () => {
    const tf = await cpuTf();
    const data = binaryData(60, 3, 2);
    const before = tf.memory().numTensors;
    const store = new WarmStore();
    const m = await mlp.fit(spec(2), data, await ctx(store, 'a'));
    m.dispose();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    store.release();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('WarmStore', () => {
  it('is bounded: evicts the oldest states (disposing them) to stay under its byte and entry caps', () => {
    const freed: string[] = [];
    const s = new WarmStore({ maxBytes: 100, maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) expect(s.put(k, k, 30, () => freed.push(k))).toBe(true);
    expect(s.put('d', 'd', 30, () => freed.push('d'))).toBe(true);
    expect(freed).toEqual(['a']);
    expect(s.put('e', 'e', 60, () => freed.push('e'))).toBe(true);
    expect(freed).toEqual(['a', 'b', 'c']);
    expect(s.bytes).toBe(90);
    expect(s.put('huge', 'x', 101)).toBe(false);
    expect(s.take('e')).toBe('e');
    expect(s.take('e')).toBeUndefined();
    expect(freed).toEqual(['a', 'b', 'c']);
  });

  it('a slot without keep takes but stores nothing (the top rung)', () => {
    const s = new WarmStore();
    s.put('t#0', 1, 8);
    const slot = s.slot('t#0', false);
    expect(slot.take()).toBe(1);
    expect(slot.put(2, 8)).toBe(false);
    expect(s.size).toBe(0);
  });
});

describe('ASHA with warm starts', () => {
  it('scores every job as a from-scratch training would, continues promoted trials, and frees every state at the end', async () => {
    const ds = await fromText(blobsCsv(150, 4, 1));
    const tf = await cpuTf();
    const spec: ExperimentSpec = {
      version: 1, target: 'label', model: { kind: 'gbdt', rounds: 27 }, split: { kind: 'kfold', k: 3 }, seed: 3,
      search: { strategy: 'asha', trials: 9, space: { 'model.learningRate': { kind: 'log-uniform', low: 0.02, high: 0.5 }, 'model.maxLeaves': { kind: 'int', low: 2, high: 16 } }, asha: { minResource: 3, maxResource: 27, reductionFactor: 3 } },
    };
    const store = new WarmStore();
    let took = 0;
    const take = store.take.bind(store);
    store.take = (key: string) => {
      const s = take(key);
      if (s !== undefined) took++;
      return s;
    };
    const warm = await runSearch(ds, spec, { tf, cancel: neverCancelled, executor: sequentialExecutor(ds, { tf }, store) });
    const cold = await runSearch(ds, spec, { tf, cancel: neverCancelled, executor: sequentialExecutor(ds, { tf }, new WarmStore({ maxEntries: 0 })) });
    const promoted = warm.trials.filter((t) => (t.rung ?? 0) > 0);
    expect(promoted.length).toBeGreaterThan(0);
    // Every promoted job continued its 3 folds' states.
    expect(took).toBe(promoted.length * 3);
    expect(warm.trials.map((t) => [t.trial, t.rung, t.score])).toEqual(cold.trials.map((t) => [t.trial, t.rung, t.score]));
    expect(store.size).toBe(0);
  });
});
