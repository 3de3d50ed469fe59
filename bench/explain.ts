/**
 * Explanation timings (median of REPEATS runs, one JSON line):
 *  - permutation importance: 10 features x 10 repeats on 2,000 rows of a logistic model, both
 *    a float64 JS logistic and the studio's `logistic` model (TensorFlow.js, cpu backend);
 *  - KernelSHAP: 100 rows x 10 features (exact: 1,022 coalitions) over 100 background rows;
 *  - TreeSHAP: 100 trees x 31 leaves (grown leaf-wise, as LightGBM) on 1,000 rows x 10 features.
 *   npx tsx bench/explain.ts
 */
import * as tf from '@tensorflow/tfjs';
import { kernelShap } from '../src/core/evaluate/explain/kernel-shap.ts';
import { permutationImportance } from '../src/core/evaluate/explain/permutation-importance.ts';
import type { Tree, TreeEnsemble } from '../src/core/evaluate/explain/tree-format.ts';
import { treeShap } from '../src/core/evaluate/explain/tree-shap.ts';
import type { ExplainModel } from '../src/core/evaluate/explain/types.ts';
import { neverCancelled } from '../src/core/jobs.ts';
import { logistic } from '../src/core/models/logistic.ts';
import type { FitContext } from '../src/core/models/types.ts';
import { createRng } from '../src/core/random.ts';
import { normalize } from '../src/core/spec/normalize.ts';

const REPEATS = 3;
const P = 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(run: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return Math.round(median(ms));
}

const rng = createRng(1);
const matrix = (n: number) => Float64Array.from({ length: n * P }, () => rng.normal());
const w = Array.from({ length: P }, (_, j) => (j % 3 === 0 ? 0 : (j % 2 ? 1 : -1) * (j + 1) * 0.3));
const X = matrix(2000);
const y = Int32Array.from({ length: 2000 }, (_, i) => {
  let s = 0;
  for (let j = 0; j < P; j++) s += w[j]! * X[i * P + j]!;
  return s + rng.normal() > 0 ? 1 : 0;
});

const jsLogistic: ExplainModel = {
  features: Array.from({ length: P }, (_, j) => ({ name: `x${j}` })),
  outputs: 2,
  predict: async (rows, n) => {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < P; j++) s += w[j]! * rows[i * P + j]!;
      const q = 1 / (1 + Math.exp(-s));
      out[2 * i] = 1 - q;
      out[2 * i + 1] = q;
    }
    return out;
  },
};

await tf.setBackend('cpu');
const spec = normalize({ version: 1, target: 'y', model: { kind: 'logistic', epochs: 5 } });
const training = spec.training as FitContext['training'];
const trained = await logistic.fit(
  spec.model as never,
  { X: Float32Array.from(X), n: 2000, d: P, y, k: 2 },
  { tf, task: 'binary', rng: createRng(2), cancel: neverCancelled, training },
);
const tfLogistic: ExplainModel = { ...jsLogistic, predict: (rows, n) => trained.predict(Float32Array.from(rows), n) };

const permutationJs = await time(() => permutationImportance({ model: jsLogistic, X, n: 2000, task: 'binary', yTrue: y, metric: 'roc_auc', repeats: 10 }));
const permutationTf = await time(() => permutationImportance({ model: tfLogistic, X, n: 2000, task: 'binary', yTrue: y, metric: 'roc_auc', repeats: 10 }));
const background = matrix(500);
const explainRows = matrix(100);
const kernelJs = await time(() => kernelShap({ model: jsLogistic, X: explainRows, n: 100, background, nBackground: 500 }));
const kernelTf = await time(() => kernelShap({ model: tfLogistic, X: explainRows, n: 100, background, nBackground: 500 }));

/** A tree grown leaf-wise to `leaves` leaves: split a random leaf on a random feature at a random threshold. */
function randomTree(leaves: number): Tree {
  const feature = [-1], threshold = [0], left = [0], right = [0], value = [0], cover = [1000], defaultLeft = [0];
  const open = [0];
  while (open.length < leaves) {
    const node = open.splice(rng.int(open.length), 1)[0]!;
    const share = 0.2 + 0.6 * rng.next();
    feature[node] = rng.int(P);
    threshold[node] = rng.normal();
    defaultLeft[node] = rng.int(2);
    for (const part of [share, 1 - share]) {
      const id = feature.length;
      feature.push(-1);
      threshold.push(0);
      left.push(0);
      right.push(0);
      defaultLeft.push(0);
      value.push(rng.normal() * 0.1);
      cover.push(cover[node]! * part);
      open.push(id);
      if (part === share) left[node] = id;
      else right[node] = id;
    }
  }
  return {
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), left: Int32Array.from(left), right: Int32Array.from(right),
    value: Float64Array.from(value), cover: Float64Array.from(cover), defaultLeft: Uint8Array.from(defaultLeft),
  };
}
const ensemble: TreeEnsemble = { trees: Array.from({ length: 100 }, () => randomTree(31)), baseScore: [0], outputs: 1, link: 'logit', nFeatures: P };
const treeRows = matrix(1000);
const treeMs = await time(() => treeShap({ ensemble, X: treeRows, n: 1000 }));

console.log(
  JSON.stringify({
    bench: 'explain',
    node: process.version,
    medianOf: REPEATS,
    permutationImportance: { rows: 2000, features: P, repeats: 10, metric: 'roc_auc', jsLogisticMs: permutationJs, tfjsCpuLogisticMs: permutationTf },
    kernelShap: { rows: 100, features: P, background: 100, coalitions: 1022, jsLogisticMs: kernelJs, tfjsCpuLogisticMs: kernelTf },
    treeShap: { trees: 100, leaves: 31, rows: 1000, features: P, ms: treeMs },
  }),
);
