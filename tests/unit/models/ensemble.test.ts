import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensemble } from '../../../src/core/models/ensemble.ts';
import { knn } from '../../../src/core/models/knn.ts';
import { naiveBayes } from '../../../src/core/models/naive-bayes.ts';
import type { FitData, TrainedModel } from '../../../src/core/models/types.ts';
import type { EnsembleModel } from '../../../src/core/spec/types.ts';
import { fitCtx, randomMatrix } from './helpers.ts';

/** Three classes separated along the first two features. */
function blobs(n: number, seed: number): FitData {
  const X = randomMatrix(n, 3, seed);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    X[i * 3 + y[i]! % 2] = X[i * 3 + (y[i]! % 2)]! + 2.5 * (y[i]! - 1);
  }
  return { X, n, d: 3, y, k: 3 };
}

const spec = (method: 'soft-vote' | 'stack', members: EnsembleModel['members'], folds = 4): Required<EnsembleModel> => ({ kind: 'ensemble', method, members, folds });

afterEach(() => vi.restoreAllMocks());

describe('ensemble', () => {
  it('soft-vote of two identical members equals the member (classification and regression)', async () => {
    const data = blobs(60, 1);
    const Q = randomMatrix(10, 3, 2);
    const member = { kind: 'knn', k: 5, weights: 'distance' } as const;
    const single = await knn.fit(member, data, await fitCtx('multiclass'));
    const both = await ensemble.fit(spec('soft-vote', [member, member]), data, await fitCtx('multiclass'));
    const a = await single.predict(Q, 10);
    const b = await both.predict(Q, 10);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 12);

    const reg: FitData = { ...data, y: Float64Array.from(data.y, (c, i) => c * 2 + data.X[i * 3]!), k: 1 };
    const lin = { kind: 'linear', l2: 0.1, l1: 0, loss: 'squared', huberEpsilon: 1.35 } as const;
    const r1 = await (await ensemble.fit(spec('soft-vote', [lin, lin]), reg, await fitCtx('regression'))).predict(Q, 10);
    const { linear } = await import('../../../src/core/models/linear.ts');
    const r0 = await (await linear.fit(lin, reg, await fitCtx('regression'))).predict(Q, 10);
    for (let i = 0; i < 10; i++) expect(r1[i]).toBeCloseTo(r0[i]!, 10);
  });

  it('stacking never lets a member predict rows it was trained on, then refits members on all rows', async () => {
    const n = 45;
    const data = blobs(n, 3);
    // feature 2 carries the row id so the spy can recognise rows
    for (let i = 0; i < n; i++) data.X[i * 3 + 2] = i;
    const original = knn.fit.bind(knn);
    const fits: { trained: Set<number>; predicted: number[] }[] = [];
    vi.spyOn(knn, 'fit').mockImplementation(async (s, d, c) => {
      const rec = { trained: new Set(Array.from({ length: d.n }, (_, i) => d.X[i * d.d + 2]!)), predicted: [] as number[] };
      fits.push(rec);
      const model = await original(s, d, c);
      return {
        ...model,
        async predict(X: Float32Array, m: number) {
          for (let i = 0; i < m; i++) rec.predicted.push(X[i * 3 + 2]!);
          return model.predict(X, m);
        },
      } satisfies TrainedModel;
    });
    const folds = 5;
    const m = await ensemble.fit(spec('stack', [{ kind: 'knn', k: 3, weights: 'uniform' }, { kind: 'naive-bayes', varSmoothing: 1e-9 }], folds), data, await fitCtx('multiclass'));
    expect(fits.length).toBe(folds + 1);
    const oofFits = fits.slice(0, folds);
    const seen = new Set<number>();
    for (const f of oofFits) {
      expect(f.trained.size).toBeLessThan(n);
      expect(f.trained.size + f.predicted.length).toBe(n);
      for (const row of f.predicted) {
        expect(f.trained.has(row)).toBe(false);
        seen.add(row);
      }
    }
    expect(seen.size).toBe(n); // every row predicted out of fold exactly once
    expect(fits[folds]!.trained.size).toBe(n);
    const p = await m.predict(data.X, n);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const row = [...p.subarray(i * 3, i * 3 + 3)];
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      if (row.indexOf(Math.max(...row)) === data.y[i]) correct++;
    }
    expect(correct / n).toBeGreaterThan(0.6);
    m.dispose();
    m.dispose();
  });

  it('stacking is deterministic per seed and works for regression and binary tasks', async () => {
    const data = blobs(40, 5);
    const target = Float64Array.from({ length: 40 }, (_, i) => data.X[i * 3]! * 3 - data.X[i * 3 + 1]!);
    const reg: FitData = { ...data, y: target, k: 1 };
    const members: EnsembleModel['members'] = [
      { kind: 'knn', k: 3, weights: 'uniform' },
      { kind: 'linear', l2: 0, l1: 0, loss: 'squared', huberEpsilon: 1.35 },
    ];
    const a = await (await ensemble.fit(spec('stack', members), reg, await fitCtx('regression', 9))).predict(reg.X, 40);
    const b = await (await ensemble.fit(spec('stack', members), reg, await fitCtx('regression', 9))).predict(reg.X, 40);
    expect([...a]).toEqual([...b]);
    let sse = 0, sst = 0;
    const mean = target.reduce((s, v) => s + v, 0) / 40;
    for (let i = 0; i < 40; i++) {
      sse += (a[i]! - target[i]!) ** 2;
      sst += (target[i]! - mean) ** 2;
    }
    expect(sse / sst).toBeLessThan(0.1); // the exact linear member should dominate

    const bin: FitData = { ...data, y: Int32Array.from(data.y, (c) => (c === 2 ? 1 : 0)), k: 2 };
    const pb = await (await ensemble.fit(spec('stack', [{ kind: 'knn', k: 3, weights: 'uniform' }, { kind: 'naive-bayes', varSmoothing: 1e-9 }], 3), bin, await fitCtx('binary'))).predict(bin.X, 40);
    for (let i = 0; i < 40; i++) expect(pb[2 * i]! + pb[2 * i + 1]!).toBeCloseTo(1, 12);
  });

  it('checks that every member fits the task and disposes members already fitted when one fails', async () => {
    const data = blobs(30, 1);
    const reg: FitData = { ...data, y: Float64Array.from(data.y), k: 1 };
    await expect(ensemble.fit(spec('soft-vote', [{ kind: 'knn' }, { kind: 'naive-bayes' }]), reg, await fitCtx('regression'))).rejects.toMatchObject({
      code: 'model_task_mismatch',
    });
    const dispose = vi.fn();
    const original = knn.fit.bind(knn);
    vi.spyOn(knn, 'fit').mockImplementation(async (s, d, c) => ({ ...(await original(s, d, c)), dispose }));
    vi.spyOn(naiveBayes, 'fit').mockRejectedValue(new Error('boom'));
    await expect(ensemble.fit(spec('soft-vote', [{ kind: 'knn' }, { kind: 'naive-bayes' }]), data, await fitCtx('multiclass'))).rejects.toThrow('boom');
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});
