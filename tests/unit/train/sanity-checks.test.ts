import { describe, expect, it } from 'vitest';
import type { FitData } from '../../../src/core/models/types.ts';
import { createRng, permutation } from '../../../src/core/random.ts';
import { runSanityChecks, sanityChecksFor, type SanityReport } from '../../../src/core/train/sanity-checks.ts';
import { trainNet, type NetSpec } from '../../../src/core/train/train-net.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { baseNet, clusters, ctx } from './net-fixtures.ts';

const mlp: NetSpec = { ...baseNet, hiddenLayers: [64, 32], learningRate: 0.001, epochs: 100, batchSize: 32 };
const status = (r: SanityReport) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

function shuffledLabels(data: FitData): FitData {
  const order = permutation(data.n, createRng(3));
  return { ...data, y: Int32Array.from(order, (i) => data.y[i]!) };
}

describe('runSanityChecks', () => {
  it('passes every check on a healthy setup, fast, deterministically and without leaking tensors', async () => {
    const tf = await cpuTf();
    const data = clusters();
    const c = await ctx({ task: 'multiclass' });
    await runSanityChecks(mlp, data, c); // warm-up (kernel registration)
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const report = await runSanityChecks(mlp, data, c);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1500); // ~600 ms warm on a 2-core cpu; headroom for parallel test workers
    expect(tf.memory().numTensors).toBe(before);
    expect(status(report)).toEqual({ 'initial-loss': 'pass', 'finite-gradients': 'pass', 'overfit-batch': 'pass', 'inputs-matter': 'pass' });
    const initial = report.checks.find((x) => x.id === 'initial-loss')!;
    expect(initial.expected).toBeCloseTo(Math.log(3), 2);
    expect(await runSanityChecks(mlp, data, c)).toEqual(report);
  });

  it('passes for logistic regression, binary and regression networks', async () => {
    const data = clusters(200, 2, 6, 4);
    const logistic = sanityChecksFor({ kind: 'logistic' }, data, await ctx({ task: 'binary' }))!;
    expect(Object.values(status(await logistic))).toEqual(['pass', 'pass', 'pass', 'pass']);
    const rng = createRng(2);
    const n = 200;
    const X = new Float32Array(n * 3), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 3; j++) X[i * 3 + j] = rng.normal();
      y[i] = 100 + 30 * X[i * 3]! - 10 * X[i * 3 + 1]! + rng.normal();
    }
    const reg = await runSanityChecks(mlp, { X, y, n, d: 3, k: 1 }, await ctx({ task: 'regression' }));
    expect(Object.values(status(reg))).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(Math.abs(reg.checks[0]!.expected! - 1)).toBeLessThan(0.2); // mse of the mean on a sample of the standardised target
    expect(sanityChecksFor({ kind: 'knn' }, data, await ctx())).toBeNull();
  });

  it('warns that inputs do not matter when the labels are shuffled', async () => {
    const report = await runSanityChecks(mlp, shuffledLabels(clusters()), await ctx({ task: 'multiclass' }));
    expect(status(report)['inputs-matter']).toBe('warn');
    expect(status(report)['finite-gradients']).toBe('pass');
  });

  it('warns that one batch cannot be overfitted at a learning rate of 1e-9', async () => {
    const report = await runSanityChecks({ ...mlp, learningRate: 1e-9 }, clusters(), await ctx({ task: 'multiclass' }));
    expect(status(report)['overfit-batch']).toBe('warn');
    expect(status(report)['initial-loss']).toBe('pass');
  });

  it('warns on a far-off initial loss and fails on non-finite gradients', async () => {
    const data = clusters();
    const huge = { ...data, X: data.X.map((v) => v * 1000) };
    expect(status(await runSanityChecks(mlp, huge, await ctx({ task: 'multiclass' })))['initial-loss']).toBe('warn');
    const nan = { ...data, X: data.X.slice() };
    const idx = permutation(data.n, createRng(42).fork('sanity'))[0]!;
    nan.X[idx * data.d] = Number.NaN;
    expect(status(await runSanityChecks(mlp, nan, await ctx({ task: 'multiclass' })))['finite-gradients']).toBe('fail');
  });

  it('never touches the real model: training after the checks gives the same weights', async () => {
    const data = clusters(90, 3, 4);
    const spec = { ...mlp, batchNorm: true, epochs: 3 };
    const train = async () => {
      const m = await trainNet(spec, data, await ctx({ task: 'multiclass' }));
      const w = (await m.getWeights()).map((x) => [...x.values]);
      m.dispose();
      return w;
    };
    const a = await train();
    await runSanityChecks(spec, data, await ctx({ task: 'multiclass' }));
    expect(await train()).toEqual(a);
  });
});
