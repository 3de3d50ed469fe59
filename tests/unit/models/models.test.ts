import { describe, expect, it } from 'vitest';
import { baseline } from '../../../src/core/models/baseline.ts';
import { linear } from '../../../src/core/models/linear.ts';
import { getModel } from '../../../src/core/models/registry.ts';
import type { FitContext, FitData } from '../../../src/core/models/types.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { normalize } from '../../../src/core/spec/normalize.ts';
import type { LinearModel } from '../../../src/core/spec/types.ts';
import { cpuTf } from '../../helpers/tf.ts';

const ctx = async (task: FitContext['task']): Promise<FitContext> => ({
  tf: await cpuTf(),
  task,
  rng: createRng(1),
  cancel: neverCancelled,
  training: normalize({ version: 1, target: 'y' }).training as FitContext['training'],
});

const lin = (l2: number): Required<LinearModel> => ({ kind: 'linear', l2, l1: 0, loss: 'squared', huberEpsilon: 1.35 });

describe('linear', () => {
  it('recovers exact coefficients of a noiseless linear target', async () => {
    const rng = createRng(4);
    const n = 50, d = 3;
    const X = new Float32Array(n * d);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) X[i * d + j] = rng.normal();
      y[i] = 2 * X[i * d]! - 0.5 * X[i * d + 1]! + 0 * X[i * d + 2]! + 7;
    }
    const m = await linear.fit(lin(0), { X, n, d, y, k: 1 }, await ctx('regression'));
    const probe = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0]);
    const p = await m.predict(probe, 3);
    expect(p[0]).toBeCloseTo(9, 5);
    expect(p[1]).toBeCloseTo(6.5, 5);
    expect(p[2]).toBeCloseTo(7, 5);
  });

  it('solves a rank-deficient design (duplicated column) instead of failing', async () => {
    const X = Float32Array.from([1, 1, 2, 2, 3, 3, 4, 4]);
    const m = await linear.fit(lin(0), { X, n: 4, d: 2, y: Float64Array.from([2, 4, 6, 8]), k: 1 }, await ctx('regression'));
    const p = await m.predict(Float32Array.from([5, 5]), 1);
    expect(p[0]).toBeCloseTo(10, 3);
  });

  it('shrinks coefficients with a ridge penalty', async () => {
    const X = Float32Array.from([-1, 0, 1, 2]);
    const y = Float64Array.from([-2, 0, 2, 4]);
    const plain = await linear.fit(lin(0), { X, n: 4, d: 1, y, k: 1 }, await ctx('regression'));
    const ridge = await linear.fit(lin(1), { X, n: 4, d: 1, y, k: 1 }, await ctx('regression'));
    const slope = async (m: typeof plain) => {
      const p = await m.predict(Float32Array.from([0, 1]), 2);
      return p[1]! - p[0]!;
    };
    expect(await slope(plain)).toBeCloseTo(2, 6);
    expect(await slope(ridge)).toBeLessThan(1.9);
  });
});

describe('baseline', () => {
  it('predicts training class frequencies', async () => {
    const data: FitData = { X: new Float32Array(5), n: 5, d: 1, y: Int32Array.from([0, 1, 1, 2, 1]), k: 3 };
    const m = await baseline.fit({ kind: 'baseline', strategy: 'prior' }, data, await ctx('multiclass'));
    expect([...(await m.predict(new Float32Array(2), 2))]).toEqual([0.2, 0.6, 0.2, 0.2, 0.6, 0.2]);
  });

  it('predicts the training mean for regression', async () => {
    const data: FitData = { X: new Float32Array(3), n: 3, d: 1, y: Float64Array.from([1, 2, 6]), k: 1 };
    const m = await baseline.fit({ kind: 'baseline', strategy: 'mean' }, data, await ctx('regression'));
    expect([...(await m.predict(new Float32Array(1), 1))]).toEqual([3]);
  });
});

describe('registry', () => {
  it('looks models up by name and checks the task', () => {
    expect(getModel('mlp').name).toBe('mlp');
    expect(() => getModel('svm')).toThrow(expect.objectContaining({ code: 'unknown_model' }));
    expect(() => getModel('logistic', 'regression')).toThrow(expect.objectContaining({ code: 'model_task_mismatch' }));
    expect(() => getModel('linear', 'binary')).toThrow(expect.objectContaining({ code: 'model_task_mismatch' }));
    expect(() => getModel('naive-bayes', 'regression')).toThrow(expect.objectContaining({ code: 'model_task_mismatch' }));
    expect(getModel('knn', 'regression').name).toBe('knn');
    expect(getModel('ensemble', 'binary', [{ kind: 'knn' }, { kind: 'naive-bayes' }]).name).toBe('ensemble');
    expect(() => getModel('ensemble', 'regression', [{ kind: 'knn' }, { kind: 'naive-bayes' }])).toThrow(
      expect.objectContaining({ code: 'model_task_mismatch' }),
    );
  });
});
