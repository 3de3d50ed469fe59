import { afterAll, describe, expect, it } from 'vitest';
import type { Tree, TreeEnsemble } from '../../../../src/core/evaluate/explain/tree-format.ts';
import { applyLink, ensembleMargin } from '../../../../src/core/evaluate/explain/tree-predict.ts';
import { treesToOnnx } from '../../../../src/core/export/onnx/trees-to-onnx.ts';
import { treeModel } from '../../../../src/core/models/gbdt/tree-model.ts';
import type { FitData } from '../../../../src/core/models/types.ts';
import { createRng } from '../../../../src/core/random.ts';
import type { ModelSpec, Task } from '../../../../src/core/spec/types.ts';
import { diffs, expectMatches, features, fitModel, maxAbsDiff, runOnnx, targets } from './helpers.ts';

const n = 300, d = 5, m = 80;

afterAll(() => console.info('trees max |ONNX - Benchtop|:', diffs));

/** Exports a fitted tree model's ensemble and checks ONNX Runtime against its predict(), in float32 and float64 outputs. */
async function check(name: string, spec: ModelSpec, data: FitData, task: Task, Xtest: Float32Array): Promise<TreeEnsemble> {
  const model = await fitModel(spec, data, task);
  const ensemble = model.trees!;
  const k = task === 'regression' ? 1 : data.k;
  const expected = await model.predict(Xtest, m);
  const options = { modelKind: spec.kind, renormalize: spec.kind === 'random-forest' };
  expectMatches(name, await runOnnx(treesToOnnx(ensemble, options), Xtest, m, d), expected, m, k);
  // With float64 outputs the graph reproduces Benchtop's float64 arithmetic: only summation order differs.
  const exact = await runOnnx(treesToOnnx(ensemble, { ...options, outputType: 'float64' }), Xtest, m, d);
  const diff = maxAbsDiff(exact.values[k === 1 ? 'variable' : 'probabilities']!, expected);
  diffs[`${name} (float64 output)`] = diff;
  expect(diff).toBeLessThan(1e-12);
  return ensemble;
}

/** Training and test rows with ~10% NaNs; test rows also hold values far outside the training range. */
function dataWithMissing(task: Task, k: number, seed: number): { data: FitData; Xtest: Float32Array } {
  const X = features(n, d, seed, 0.1);
  const Xtest = features(m, d, seed + 1, 0.15);
  for (let i = 0; i < 5; i++) Xtest[i * d + i] = i % 2 ? 1e6 : -1e6;
  return { data: { X, n, d, y: targets(X, n, d, task, k, seed + 2), k }, Xtest };
}

describe('gradient-boosted trees -> ONNX (missing values in training and test rows)', () => {
  const gbdt = (extra: object = {}): ModelSpec => ({ kind: 'gbdt', rounds: 25, maxLeaves: 8, minSamplesLeaf: 5, learningRate: 0.2, ...extra });

  it('regression', async () => {
    const { data, Xtest } = dataWithMissing('regression', 1, 31);
    const e = await check('gbdt regression', gbdt(), data, 'regression', Xtest);
    // The NaN rows really took learned directions both ways.
    const dirs = new Set(e.trees.flatMap((t) => Array.from(t.defaultLeft).filter((_, i) => t.feature[i]! >= 0)));
    expect(dirs).toEqual(new Set([0, 1]));
  });

  it('binary (logit link)', async () => {
    const { data, Xtest } = dataWithMissing('binary', 2, 41);
    const e = await check('gbdt binary', gbdt(), data, 'binary', Xtest);
    expect(e.link).toBe('logit');
  });

  it('multiclass (softmax link, one tree per class per round)', async () => {
    const { data, Xtest } = dataWithMissing('multiclass', 3, 51);
    const e = await check('gbdt multiclass', gbdt(), data, 'multiclass', Xtest);
    expect(e.link).toBe('softmax');
    expect(new Set(e.trees.map((t) => t.output))).toEqual(new Set([0, 1, 2]));
  });

  it('categorical splits as set membership: unseen codes, non-codes and NaN included', async () => {
    // Column 0 holds category codes 0..9 (NaN for missing); the class depends on the set {1, 4, 6, 7, 9}.
    const rng = createRng(61);
    const X = features(n, d, 62, 0.05);
    const inSet = new Set([1, 4, 6, 7, 9]);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const code = rng.next() < 0.08 ? NaN : rng.int(10);
      X[i * d] = code;
      y[i] = (inSet.has(code) ? 1 : 0) ^ (rng.next() < 0.1 ? 1 : 0);
    }
    const Xtest = features(m, d, 63, 0.05);
    const probes = [NaN, 0, 1, 4, 9, 10, 33, 250, 1.5, -1, 1e6, -0];
    for (let i = 0; i < m; i++) Xtest[i * d] = i < probes.length ? probes[i]! : rng.int(10);
    const categorical = Uint8Array.of(1, 0, 0, 0, 0);
    const e = await check('gbdt categorical', { kind: 'gbdt', rounds: 15, maxLeaves: 6, minSamplesLeaf: 5, learningRate: 0.3 }, { X, n, d, y, k: 2, categorical }, 'binary', Xtest);
    expect(e.trees.some((t) => t.categorical && Array.from(t.categorical.offset).some((o) => o >= 0))).toBe(true);
  });
});

describe('random forest -> ONNX', () => {
  const forest: ModelSpec = { kind: 'random-forest', trees: 12, maxDepth: 6 };

  it('regression (leaves pre-divided by the tree count)', async () => {
    const { data, Xtest } = dataWithMissing('regression', 1, 71);
    await check('forest regression', forest, data, 'regression', Xtest);
  });

  it('binary (class proportions per leaf, two outputs)', async () => {
    const { data, Xtest } = dataWithMissing('binary', 2, 81);
    const e = await check('forest binary', forest, data, 'binary', Xtest);
    expect(e.outputs).toBe(2);
  });

  it('multiclass, extra-trees', async () => {
    const { data, Xtest } = dataWithMissing('multiclass', 4, 91);
    await check('forest multiclass', { ...forest, splitter: 'random' }, data, 'multiclass', Xtest);
  });
});

describe('hand-built trees: each rule of tree-format.ts', () => {
  const leaf = (v: number): Tree => ({
    feature: Int32Array.of(-1), threshold: Float64Array.of(0), left: Int32Array.of(-1), right: Int32Array.of(-1),
    value: Float64Array.of(v), cover: Float64Array.of(1), defaultLeft: Uint8Array.of(0),
  });
  // Root: x0 <= 0.1 (a double no float32 equals; NaN right). Left: x1 in {0, 3, 40} (NaN left). Right: x1 in {} (NaN left).
  const tree: Tree = {
    feature: Int32Array.of(0, 1, 1, -1, -1, -1, -1),
    threshold: Float64Array.of(0.1, 0, 0, 0, 0, 0, 0),
    left: Int32Array.of(1, 3, 5, -1, -1, -1, -1),
    right: Int32Array.of(2, 4, 6, -1, -1, -1, -1),
    value: Float64Array.of(0, 0, 0, 1, 2, 3, 4),
    cover: Float64Array.of(7, 4, 3, 2, 2, 1, 2),
    defaultLeft: Uint8Array.of(0, 1, 1, 0, 0, 0, 0),
    categorical: { offset: Int32Array.of(-1, 0, 2, -1, -1, -1, -1), words: Int32Array.of(0, 2, 1, 0, 0, 0, 0), bits: Uint32Array.of(0b1001, 1 << 8, 0) },
  };
  const rows = [
    [Math.fround(0.1), 0], [0.1 - 1e-8, 3], [-5, 40], [-5, 41], [-5, 1], [-5, NaN], [-5, 2.9999], [-5, 64], [NaN, 0], [NaN, NaN], [1, 0], [1, NaN], [Infinity, 3], [-Infinity, -Infinity],
  ];
  const X = Float32Array.from(rows.flat());

  it('follows <=, set membership, empty sets, NaN directions and lone-leaf trees exactly', async () => {
    // A stump on x1 in {0, 1} whose NaN goes right, beside the main tree's NaN-left set split.
    const stump: Tree = {
      feature: Int32Array.of(1, -1, -1), threshold: Float64Array.of(0, 0, 0), left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1),
      value: Float64Array.of(0, 100, 200), cover: Float64Array.of(2, 1, 1), defaultLeft: Uint8Array.of(0, 0, 0),
      categorical: { offset: Int32Array.of(0, -1, -1), words: Int32Array.of(1, 0, 0), bits: Uint32Array.of(0b11) },
    };
    const e: TreeEnsemble = { trees: [tree, leaf(0.5), stump], baseScore: [10], outputs: 1, link: 'identity', nFeatures: 2 };
    const out = await runOnnx(treesToOnnx(e, { outputType: 'float64' }), X, rows.length, 2);
    const expected = ensembleMargin(e, X, rows.length);
    expect(Array.from(out.values.variable!)).toEqual(Array.from(expected));
    // Spot checks against the rules themselves, not only against Benchtop's code.
    expect(out.values.variable![0]).toBe(10 + 4 + 0.5 + 100); // float32(0.1) > 0.1: right, then {} sends 0 right
    expect(out.values.variable![1]).toBe(10 + 1 + 0.5 + 200); // 3 is in {0, 3, 40}
    expect(out.values.variable![5]).toBe(10 + 1 + 0.5 + 200); // NaN goes left at the first set split, right at the stump's
    expect(out.values.variable![6]).toBe(10 + 2 + 0.5 + 200); // not an integer: not a member
  });

  it('one-vs-rest logit with several outputs, per-output trees and multi-output leaves', async () => {
    const wide: Tree = { ...tree, categorical: undefined, value: Float64Array.from({ length: 21 }, (_, i) => (i % 4) - 1.5) } as Tree;
    delete (wide as { categorical?: unknown }).categorical;
    const e: TreeEnsemble = { trees: [wide, { ...leaf(0.25), output: 2 }], baseScore: [0.1, -0.2, 0.3], outputs: 3, link: 'logit', nFeatures: 2 };
    const out = await runOnnx(treesToOnnx(e, { outputType: 'float64' }), X, rows.length, 2);
    const expected = applyLink(e, ensembleMargin(e, X, rows.length), rows.length);
    expect(maxAbsDiff(out.values.probabilities!, expected)).toBeLessThan(1e-12);
  });

  it('forest rows renormalised as the Benchtop forest predict does: clamped, divided by the row sum, all-zero rows kept', async () => {
    // Per leaf (3..6), rows reach the same leaf in both trees: sums 0.7, 0 (stays 0), 1.9 with class 0 at 1.2 (clamped), 0.5.
    const t0: Tree = { ...tree, categorical: undefined, value: Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.2, 0.1, 0, 0, 0, 0.5, 0.5, 0.2, 0.3, 0, 0]) } as Tree;
    delete (t0 as { categorical?: unknown }).categorical;
    const t1: Tree = { ...t0, value: Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.1, 0.1, 0, 0, 0, 0.7, 0, 0, 0, 0, 0.2]) };
    const e: TreeEnsemble = { trees: [t0, t1], baseScore: [0, 0, 0], outputs: 3, link: 'identity', nFeatures: 2 };
    const expected = treeModel('random-forest', e, [], { bestIteration: 2, rounds: 2, history: [] }).predict(X, rows.length);
    const raw = ensembleMargin(e, X, rows.length);
    expect(maxAbsDiff(raw, expected)).toBeGreaterThan(0.1); // the renormalisation matters here
    const out = await runOnnx(treesToOnnx(e, { renormalize: true, outputType: 'float64' }), X, rows.length, 2);
    expect(maxAbsDiff(out.values.probabilities!, expected)).toBeLessThan(1e-15);
    const plain = await runOnnx(treesToOnnx(e, { outputType: 'float64' }), X, rows.length, 2);
    expect(maxAbsDiff(plain.values.probabilities!, raw)).toBeLessThan(1e-15);
  });

  it('an ensemble with no trees predicts its base score', async () => {
    const e: TreeEnsemble = { trees: [], baseScore: [2.5], outputs: 1, link: 'identity', nFeatures: 2 };
    const out = await runOnnx(treesToOnnx(e), X, rows.length, 2);
    expect(Array.from(out.values.variable!)).toEqual(new Array(rows.length).fill(2.5));
  });

  it('a malformed ensemble is refused before anything is written', () => {
    const bad: TreeEnsemble = { trees: [{ ...tree, left: Int32Array.of(1, 1, 5, -1, -1, -1, -1) }], baseScore: [0], outputs: 1, link: 'identity', nFeatures: 2 };
    expect(() => treesToOnnx(bad)).toThrow(expect.objectContaining({ code: 'tree_invalid' }));
  });
});
