import { describe, expect, it } from 'vitest';
import { BLOB_NAME } from '../../../../src/core/models/artifact.ts';
import { loadModel } from '../../../../src/core/models/load-model.ts';
import { modelKinds } from '../../../../src/core/models/registry.ts';
import type { MlpModel, ModelSpec, Task } from '../../../../src/core/spec/types.ts';
import { cpuTf } from '../../../helpers/tf.ts';
import { expectSameBits, queries, roundTrip, synthetic, viaBundle } from './helpers.ts';

import type { EpochRecord } from '../../../../src/core/train/events.ts';

/** Artifacts keep the history but not its wall-clock times (they would make every retrain's artifact differ). */
const withoutTimes = (h: readonly EpochRecord[]) => h.map((r) => ({ ...r, elapsedMs: NaN }));

interface Case {
  name: string;
  spec: ModelSpec;
  task: Task;
  data?: Parameters<typeof synthetic>[3];
}

const mlpSmall: MlpModel = { kind: 'mlp', hiddenLayers: [6, 5], epochs: 4, batchSize: 16 };
const cases: Case[] = [
  { name: 'baseline prior', spec: { kind: 'baseline', strategy: 'prior' }, task: 'binary' },
  { name: 'baseline most-frequent', spec: { kind: 'baseline', strategy: 'most-frequent' }, task: 'multiclass' },
  { name: 'baseline stratified', spec: { kind: 'baseline', strategy: 'stratified' }, task: 'multiclass' },
  { name: 'baseline mean', spec: { kind: 'baseline', strategy: 'mean' }, task: 'regression' },
  { name: 'baseline median', spec: { kind: 'baseline', strategy: 'median' }, task: 'regression' },
  { name: 'logistic (sigmoid)', spec: { kind: 'logistic', epochs: 5 }, task: 'binary' },
  { name: 'logistic (softmax) with L1 and validation', spec: { kind: 'logistic', epochs: 5, l1: 0.01 }, task: 'multiclass', data: { val: 20 } },
  { name: 'linear least squares', spec: { kind: 'linear' }, task: 'regression' },
  { name: 'linear elastic net', spec: { kind: 'linear', l1: 0.05, l2: 0.1 }, task: 'regression' },
  { name: 'linear huber', spec: { kind: 'linear', loss: 'huber', l2: 0.01 }, task: 'regression' },
  { name: 'mlp relu', spec: mlpSmall, task: 'binary', data: { val: 20 } },
  { name: 'mlp gelu + batch norm + dropout', spec: { ...mlpSmall, activation: 'gelu', batchNorm: true, dropout: 0.2 }, task: 'multiclass' },
  { name: 'mlp tanh', spec: { ...mlpSmall, activation: 'tanh' }, task: 'regression' },
  { name: 'mlp elu + batch norm', spec: { ...mlpSmall, activation: 'elu', batchNorm: true }, task: 'regression' },
  { name: 'mlp sigmoid, one hidden layer', spec: { ...mlpSmall, hiddenLayers: [3], activation: 'sigmoid' }, task: 'binary' },
  { name: 'knn uniform', spec: { kind: 'knn', k: 4 }, task: 'binary' },
  { name: 'knn distance', spec: { kind: 'knn', k: 3, weights: 'distance' }, task: 'multiclass' },
  { name: 'knn regression', spec: { kind: 'knn', k: 5, weights: 'distance' }, task: 'regression' },
  { name: 'naive bayes', spec: { kind: 'naive-bayes' }, task: 'binary' },
  { name: 'naive bayes', spec: { kind: 'naive-bayes', varSmoothing: 1e-3 }, task: 'multiclass' },
  { name: 'gbdt with missing values', spec: { kind: 'gbdt', rounds: 8, maxLeaves: 6, minSamplesLeaf: 5 }, task: 'binary', data: { missing: true } },
  { name: 'gbdt categorical + early stopping', spec: { kind: 'gbdt', rounds: 12, maxLeaves: 5, minSamplesLeaf: 5, learningRate: 0.5 }, task: 'multiclass', data: { categorical: true, val: 30 } },
  { name: 'gbdt', spec: { kind: 'gbdt', rounds: 8, maxLeaves: 6, minSamplesLeaf: 5, loss: 'huber' }, task: 'regression', data: { missing: true } },
  { name: 'random forest', spec: { kind: 'random-forest', trees: 6, maxDepth: 4 }, task: 'binary', data: { missing: true } },
  { name: 'extra trees, categorical', spec: { kind: 'random-forest', trees: 5, splitter: 'random', maxDepth: 5 }, task: 'multiclass', data: { categorical: true } },
  { name: 'random forest', spec: { kind: 'random-forest', trees: 5, maxDepth: 4 }, task: 'regression' },
  {
    name: 'ensemble soft vote',
    spec: { kind: 'ensemble', method: 'soft-vote', members: [{ kind: 'knn', k: 3 }, { kind: 'gbdt', rounds: 4, minSamplesLeaf: 5 }, { kind: 'naive-bayes' }] },
    task: 'multiclass',
  },
  { name: 'ensemble stack', spec: { kind: 'ensemble', method: 'stack', folds: 3, members: [{ kind: 'naive-bayes' }, { kind: 'logistic', epochs: 3 }] }, task: 'binary' },
  {
    name: 'ensemble stack',
    spec: { kind: 'ensemble', method: 'stack', folds: 3, members: [{ kind: 'random-forest', trees: 3, maxDepth: 3 }, { kind: 'baseline', strategy: 'stratified' }] },
    task: 'multiclass',
  },
  { name: 'ensemble stack', spec: { kind: 'ensemble', method: 'stack', folds: 3, members: [{ kind: 'linear' }, { ...mlpSmall, epochs: 2 }] }, task: 'regression' },
  { name: 'ensemble soft vote', spec: { kind: 'ensemble', members: [{ kind: 'linear', l2: 1 }, { kind: 'random-forest', trees: 3 }] }, task: 'regression' },
];

describe('every model kind saves as plain data and loads back predicting bit for bit the same', () => {
  it('the cases cover every registered model kind', () => {
    expect(new Set(cases.map((c) => c.spec.kind))).toEqual(new Set(modelKinds()));
  });

  for (const c of cases)
    it(`${c.name} (${c.task})`, async () => {
      const data = synthetic(c.task, 90, 3, c.data);
      const { model, loaded, artifact, before, after } = await roundTrip(c.spec, data, c.task);
      try {
        expect(artifact).toMatchObject({ kind: c.spec.kind, task: c.task, d: data.d, k: c.task === 'regression' ? 1 : data.k });
        for (const [name, bytes] of Object.entries(artifact.blobs)) {
          expect(name).toMatch(BLOB_NAME);
          expect(bytes).toBeInstanceOf(Uint8Array);
        }
        // meta is plain JSON: nothing lost or changed by a JSON text round trip
        expect(JSON.parse(JSON.stringify(artifact.meta))).toEqual(artifact.meta);
        expect(before.length).toBe(25 * (c.task === 'regression' ? 1 : data.k));
        expectSameBits(before, after);
        expect(loaded.history).toEqual(withoutTimes(model.history));
        expect(loaded.bestEpoch).toBe(model.bestEpoch);
        if (model.trees) expect(loaded.trees).toEqual(model.trees);
        else expect(loaded.trees).toBeUndefined();
        // a loaded model saves the same artifact again
        expect(await loaded.save()).toEqual(artifact);
      } finally {
        model.dispose();
        loaded.dispose();
      }
    });

  it('nets and boosted trees keep a non-empty history and their best epoch', async () => {
    const specs: [ModelSpec, Task][] = [
      [{ ...mlpSmall, epochs: 6 }, 'binary'],
      [{ kind: 'gbdt', rounds: 6, minSamplesLeaf: 5 }, 'regression'],
    ];
    for (const [spec, task] of specs) {
      const { model, loaded } = await roundTrip(spec, synthetic(task, 60, 5, { val: 20 }), task);
      expect(model.history.length).toBeGreaterThan(0);
      expect(model.bestEpoch).toBeGreaterThan(0);
      expect(loaded.history).toEqual(withoutTimes(model.history));
      expect(loaded.bestEpoch).toBe(model.bestEpoch);
      model.dispose();
      loaded.dispose();
    }
  });

  it('categorical splits travel in their own blobs', async () => {
    const data = synthetic('binary', 120, 11, { categorical: true });
    const { model, artifact, before, after } = await roundTrip({ kind: 'gbdt', rounds: 6, maxLeaves: 4, minSamplesLeaf: 3 }, data, 'binary');
    expect(model.trees!.trees.some((t) => t.categorical)).toBe(true);
    expect(artifact.blobs['tree-cat-bits.u32']!.byteLength).toBeGreaterThan(0);
    expectSameBits(before, after);
  });

  it('a loaded model is independent of the artifact it came from, and of the original model', async () => {
    const { model, artifact, before } = await roundTrip({ kind: 'linear' }, synthetic('regression', 60, 7), 'regression');
    const a = viaBundle(artifact);
    const loaded = await loadModel(a, await cpuTf());
    for (const bytes of Object.values(a.blobs)) bytes.fill(0);
    model.dispose();
    const Q = queries(4, 99);
    expectSameBits(before, await loaded.predict(Q, Q.length / 4));
  });
});
