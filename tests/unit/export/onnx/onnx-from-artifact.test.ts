import { afterAll, describe, expect, it } from 'vitest';
import { onnxFromArtifact } from '../../../../src/core/export/onnx/onnx-from-artifact.ts';
import { copyArtifact } from '../../../../src/core/models/artifact-codec.ts';
import { loadModel } from '../../../../src/core/models/load-model.ts';
import type { ModelSpec, Task } from '../../../../src/core/spec/types.ts';
import { cpuTf } from '../../../helpers/tf.ts';
import { diffs, expectMatches, features, fitModel, runOnnx, targets } from './helpers.ts';

const n = 160, d = 4, m = 50;
const X = features(n, d, 101, 0.05);
const Xtest = features(m, d, 102, 0.05);
// Linear models and networks take complete rows (Benchtop's pipeline imputes before them).
const Xdense = features(n, d, 103);
const XtestDense = features(m, d, 104);

afterAll(() => console.info('from artifact max |ONNX - Benchtop|:', diffs));

const cases: { name: string; spec: ModelSpec; task: Task; k: number; missing: boolean }[] = [
  { name: 'linear (ridge)', spec: { kind: 'linear', l2: 0.1 }, task: 'regression', k: 1, missing: false },
  { name: 'logistic binary', spec: { kind: 'logistic', epochs: 20 }, task: 'binary', k: 2, missing: false },
  { name: 'logistic multiclass', spec: { kind: 'logistic', epochs: 20 }, task: 'multiclass', k: 3, missing: false },
  { name: 'mlp multiclass, batch norm', spec: { kind: 'mlp', hiddenLayers: [6, 5], activation: 'gelu', batchNorm: true, epochs: 10, learningRate: 0.01 }, task: 'multiclass', k: 3, missing: false },
  { name: 'mlp regression', spec: { kind: 'mlp', hiddenLayers: [6], activation: 'tanh', dropout: 0.1, epochs: 10, learningRate: 0.01 }, task: 'regression', k: 1, missing: false },
  { name: 'gbdt binary', spec: { kind: 'gbdt', rounds: 15, maxLeaves: 6, minSamplesLeaf: 5 }, task: 'binary', k: 2, missing: true },
  { name: 'gbdt multiclass', spec: { kind: 'gbdt', rounds: 10, maxLeaves: 6, minSamplesLeaf: 5 }, task: 'multiclass', k: 3, missing: true },
  { name: 'random forest regression', spec: { kind: 'random-forest', trees: 8, maxDepth: 5 }, task: 'regression', k: 1, missing: true },
  { name: 'random forest multiclass', spec: { kind: 'random-forest', trees: 8, maxDepth: 5 }, task: 'multiclass', k: 3, missing: true },
];

describe('onnxFromArtifact: a saved model exports to ONNX that predicts like the loaded model', () => {
  for (const c of cases)
    it(c.name, async () => {
      const train = c.missing ? X : Xdense;
      const test = c.missing ? Xtest : XtestDense;
      const model = await fitModel(c.spec, { X: train, n, d, y: targets(train, n, d, c.task, c.k, 105), k: c.k }, c.task);
      const artifact = copyArtifact(await model.save!());
      const loaded = await loadModel(artifact, await cpuTf());
      try {
        const expected = await loaded.predict(test, m);
        expect(Array.from(expected)).toEqual(Array.from(await model.predict(test, m)));
        const classes = c.k > 1 ? Array.from({ length: c.k }, (_, i) => `c${i}`) : undefined;
        const bytes = onnxFromArtifact(artifact, { inputNames: ['w', 'x', 'y', 'z'], ...(classes ? { classes } : {}) });
        expectMatches(`artifact ${c.name}`, await runOnnx(bytes, test, m, d), expected, m, c.k);
      } finally {
        model.dispose();
        loaded.dispose();
      }
    });
});

describe('onnxFromArtifact: what it refuses', () => {
  it('model kinds without an ONNX export fail with onnx_unsupported', async () => {
    const y = targets(Xdense, n, d, 'binary', 2, 106);
    for (const spec of [{ kind: 'knn' }, { kind: 'naive-bayes' }, { kind: 'baseline' }] as ModelSpec[]) {
      const model = await fitModel(spec, { X: Xdense, n, d, y, k: 2 }, 'binary');
      const artifact = await model.save!();
      expect(() => onnxFromArtifact(artifact)).toThrow(expect.objectContaining({ code: 'onnx_unsupported' }));
    }
  });

  it('a damaged artifact fails as the model load would, and nothing is exported', async () => {
    const model = await fitModel({ kind: 'linear' }, { X: Xdense, n, d, y: targets(Xdense, n, d, 'regression', 1, 107), k: 1 }, 'regression');
    const artifact = copyArtifact(await model.save!());
    artifact.blobs['weights.f64'] = artifact.blobs['weights.f64']!.slice(0, 8);
    expect(() => onnxFromArtifact(artifact)).toThrow(expect.objectContaining({ code: 'model_artifact_invalid' }));
    const trees = copyArtifact(await (await fitModel({ kind: 'gbdt', rounds: 3 }, { X, n, d, y: targets(X, n, d, 'regression', 1, 108), k: 1 }, 'regression')).save!());
    trees.format = 99;
    expect(() => onnxFromArtifact(trees)).toThrow(expect.objectContaining({ code: 'model_artifact_invalid' }));
  });
});
