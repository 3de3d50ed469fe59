import { describe, expect, it } from 'vitest';
import { getModel } from '../../../src/core/models/registry.ts';
import type { FitContext, FitData } from '../../../src/core/models/types.ts';
import { modelDefaults } from '../../../src/core/spec/normalize.ts';
import type { ModelSpec, Task } from '../../../src/core/spec/types.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { fitCtx, randomMatrix } from './helpers.ts';

const net = { epochs: 3, batchSize: 16 };
const classifiers: ModelSpec[] = [
  { kind: 'baseline', strategy: 'prior' },
  { kind: 'baseline', strategy: 'most-frequent' },
  { kind: 'baseline', strategy: 'stratified' },
  { kind: 'logistic', ...net },
  { kind: 'mlp', ...net, hiddenLayers: [8] },
  { kind: 'knn', k: 4, weights: 'uniform' },
  { kind: 'knn', k: 4, weights: 'distance' },
  { kind: 'naive-bayes' },
  { kind: 'ensemble', method: 'soft-vote', members: [{ kind: 'knn' }, { kind: 'naive-bayes' }, { kind: 'logistic', ...net }] },
  { kind: 'ensemble', method: 'stack', folds: 3, members: [{ kind: 'knn' }, { kind: 'naive-bayes' }, { kind: 'mlp', ...net, hiddenLayers: [4] }] },
];
const regressors: ModelSpec[] = [
  { kind: 'baseline', strategy: 'mean' },
  { kind: 'baseline', strategy: 'median' },
  { kind: 'linear' },
  { kind: 'linear', l1: 0.05, l2: 0.01 },
  { kind: 'linear', loss: 'huber', l2: 1e-4 },
  { kind: 'mlp', ...net, hiddenLayers: [8] },
  { kind: 'knn', k: 3, weights: 'distance' },
  { kind: 'ensemble', method: 'soft-vote', members: [{ kind: 'knn' }, { kind: 'linear' }] },
  { kind: 'ensemble', method: 'stack', folds: 3, members: [{ kind: 'knn' }, { kind: 'linear', loss: 'huber' }, { kind: 'mlp', ...net, hiddenLayers: [4] }] },
];

function dataset(task: Task, n: number, d: number, seed: number): FitData {
  const X = randomMatrix(n, d, seed);
  const k = task === 'binary' ? 2 : task === 'multiclass' ? 4 : 1;
  const score = (i: number) => X[i * d]! + 0.5 * X[i * d + 1]!;
  const y =
    task === 'regression'
      ? Float64Array.from({ length: n }, (_, i) => 3 * score(i) + 1)
      : Int32Array.from({ length: n }, (_, i) => Math.min(k - 1, Math.max(0, Math.floor(score(i) + k / 2))));
  return { X, n, d, y, k };
}

/** ctx.tf reporting 'webgl' while running the cpu kernels, so the GPU code paths (knn) run too. */
async function gpuLikeCtx(task: Task): Promise<FitContext> {
  const tf = await cpuTf();
  const fake = Object.assign(Object.create(tf) as typeof tf, { getBackend: () => 'webgl' });
  return { ...(await fitCtx(task)), tf: fake };
}

const FLOAT32_NETS = new Set(['logistic', 'mlp']);
const name = (s: ModelSpec) => JSON.stringify(s).replace(/"/g, '');
const cases: [Task, ModelSpec][] = [
  ...classifiers.flatMap((s): [Task, ModelSpec][] => [['binary', s], ['multiclass', s]]),
  ...regressors.map((s): [Task, ModelSpec] => ['regression', s]),
];

describe('every model', () => {
  for (const [task, spec] of cases) {
    it(`${task} ${name(spec)}: finite predictions, probability rows sum to 1, dispose frees its tensors`, async () => {
      const tf = await cpuTf();
      const before = tf.memory().numTensors;
      const data = dataset(task, 80, 4, 5);
      const full = modelDefaults(spec);
      const def = getModel(full.kind, task);
      const model = await def.fit(full as never, data, await (spec.kind === 'knn' ? gpuLikeCtx(task) : fitCtx(task)));
      const m = 17;
      const p = await model.predict(randomMatrix(m, 4, 6), m);
      expect(p.length).toBe(m * data.k);
      expect(p.every(Number.isFinite)).toBe(true);
      if (task !== 'regression')
        for (let i = 0; i < m; i++) {
          const row = p.subarray(i * data.k, (i + 1) * data.k);
          expect(row.every((v) => v >= 0 && v <= 1 + 1e-12)).toBe(true);
          // logistic / mlp probabilities come from a float32 softmax on the tf backend: 1e-6
          expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(FLOAT32_NETS.has(spec.kind) || spec.kind === 'ensemble' ? 1e-6 : 1e-12);
        }
      model.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
