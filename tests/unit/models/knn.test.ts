import { describe, expect, it } from 'vitest';
import { knn, knnNeighboursCpu, knnNeighboursTf } from '../../../src/core/models/knn.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { fitCtx, randomMatrix } from './helpers.ts';

describe('knn neighbours', () => {
  it('the tf path (matMul + topk) finds the same neighbours as the CPU heap', async () => {
    const tf = await cpuTf();
    const n = 300, m = 57, d = 6, k = 7;
    const X = randomMatrix(n, d, 11);
    const Q = randomMatrix(m, d, 12);
    const before = tf.memory().numTensors;
    const a = knnNeighboursCpu(X, n, Q, m, d, k);
    const b = await knnNeighboursTf(tf, X, n, Q, m, d, k);
    expect(tf.memory().numTensors).toBe(before);
    expect([...b.index]).toEqual([...a.index]);
    // in chunks of 4 query rows (ragged last chunk), reusing an uploaded training tensor
    const train = tf.tensor2d(X, [n, d]);
    const c = await knnNeighboursTf(tf, X, n, Q, m, d, k, train, 4 * n);
    train.dispose();
    expect([...c.index]).toEqual([...a.index]);
    expect(tf.memory().numTensors).toBe(before);
    // distances are recomputed in float64 on both paths
    expect([...b.dist2]).toEqual([...a.dist2]);
    // sorted nearest first
    for (let q = 0; q < m; q++) for (let j = 1; j < k; j++) expect(a.dist2[q * k + j]!).toBeGreaterThanOrEqual(a.dist2[q * k + j - 1]!);
  });

  it('matches a brute-force sort and breaks distance ties by the lower training index', () => {
    // training rows 0..5 on a line; query at 2.5 is equidistant from rows 2 and 3, 1 and 4, ...
    const X = Float32Array.from([0, 1, 2, 3, 4, 5, 2, 3]);
    const Q = Float32Array.from([2.5, 3]);
    const nb = knnNeighboursCpu(X, 8, Q, 2, 1, 5);
    expect([...nb.index.subarray(0, 5)]).toEqual([2, 3, 6, 7, 1]);
    expect([...nb.index.subarray(5)]).toEqual([3, 7, 2, 4, 6]);
  });

  it('every row is its own nearest neighbour', async () => {
    const X = randomMatrix(50, 4, 3);
    const nb = knnNeighboursCpu(X, 50, X, 50, 4, 1);
    expect([...nb.index]).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('knn model', () => {
  it('gives all the weight to an exact match under distance weights', async () => {
    const X = Float32Array.from([0, 1, 2, 10]);
    const y = Int32Array.from([0, 1, 1, 0]);
    const m = await knn.fit({ kind: 'knn', k: 3, weights: 'distance' }, { X, n: 4, d: 1, y, k: 2 }, await fitCtx('binary'));
    expect([...(await m.predict(Float32Array.from([0]), 1))]).toEqual([1, 0]);
    const u = await knn.fit({ kind: 'knn', k: 3, weights: 'uniform' }, { X, n: 4, d: 1, y, k: 2 }, await fitCtx('binary'));
    const p = await u.predict(Float32Array.from([0]), 1);
    expect(p[0]).toBeCloseTo(1 / 3, 12);
  });

  it('clamps k to the training rows and averages targets for regression', async () => {
    const m = await knn.fit({ kind: 'knn', k: 10, weights: 'uniform' }, { X: Float32Array.from([0, 1, 2]), n: 3, d: 1, y: Float64Array.from([1, 2, 6]), k: 1 }, await fitCtx('regression'));
    expect([...(await m.predict(Float32Array.from([5]), 1))]).toEqual([3]);
  });
});
