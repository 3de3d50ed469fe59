import { describe, expect, it } from 'vitest';
import { baseline } from '../../../src/core/models/baseline.ts';
import type { FitData } from '../../../src/core/models/types.ts';
import { fitCtx } from './helpers.ts';

const data: FitData = { X: new Float32Array(10), n: 10, d: 1, y: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 2]), k: 3 };

describe('baseline strategies', () => {
  it('stratified: one-hot rows, deterministic per seed, repeatable across predict calls, about the training frequencies', async () => {
    const a = await baseline.fit({ kind: 'baseline', strategy: 'stratified' }, data, await fitCtx('multiclass', 7));
    const b = await baseline.fit({ kind: 'baseline', strategy: 'stratified' }, data, await fitCtx('multiclass', 7));
    const c = await baseline.fit({ kind: 'baseline', strategy: 'stratified' }, data, await fitCtx('multiclass', 8));
    const n = 3000;
    const pa = await a.predict(new Float32Array(n), n);
    expect([...(await b.predict(new Float32Array(n), n))]).toEqual([...pa]);
    expect([...(await a.predict(new Float32Array(n), n))]).toEqual([...pa]);
    expect([...(await c.predict(new Float32Array(n), n))]).not.toEqual([...pa]);
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const row = [...pa.subarray(i * 3, i * 3 + 3)];
      expect(row.filter((v) => v === 1).length).toBe(1);
      expect(row.reduce((s, v) => s + v, 0)).toBe(1);
      counts[row.indexOf(1)]! += 1;
    }
    expect(counts[0]! / n).toBeCloseTo(0.6, 1);
    expect(counts[1]! / n).toBeCloseTo(0.3, 1);
    expect(counts[2]! / n).toBeCloseTo(0.1, 1);
  });

  it('most-frequent: ties go to the lowest class index', async () => {
    const tie: FitData = { ...data, y: Int32Array.from([2, 2, 1, 1, 0, 3, 3, 3, 1, 2]), k: 4 };
    const m = await baseline.fit({ kind: 'baseline', strategy: 'most-frequent' }, tie, await fitCtx('multiclass'));
    expect([...(await m.predict(new Float32Array(1), 1))]).toEqual([0, 1, 0, 0]);
  });

  it('median of an even count is the mean of the middle two', async () => {
    const m = await baseline.fit({ kind: 'baseline', strategy: 'median' }, { X: new Float32Array(4), n: 4, d: 1, y: Float64Array.from([9, 1, 4, 2]), k: 1 }, await fitCtx('regression'));
    expect([...(await m.predict(new Float32Array(2), 2))]).toEqual([3, 3]);
  });

  it('rejects a strategy of the other task family', async () => {
    await expect(baseline.fit({ kind: 'baseline', strategy: 'mean' }, data, await fitCtx('binary'))).rejects.toMatchObject({ code: 'spec_invalid' });
    const reg: FitData = { X: new Float32Array(2), n: 2, d: 1, y: Float64Array.from([1, 2]), k: 1 };
    for (const strategy of ['prior', 'most-frequent', 'stratified'] as const)
      await expect(baseline.fit({ kind: 'baseline', strategy }, reg, await fitCtx('regression'))).rejects.toMatchObject({ code: 'spec_invalid' });
  });
});
