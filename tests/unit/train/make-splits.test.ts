import { describe, expect, it } from 'vitest';
import { plan } from '../../../src/core/spec/plan.ts';
import type { SplitSpec } from '../../../src/core/spec/types.ts';
import { encodeTarget } from '../../../src/core/train/encode-target.ts';
import { makeSplits } from '../../../src/core/train/make-splits.ts';
import { fromText } from '../../helpers/datasets.ts';

function csv(n: number): string {
  const lines = ['user,day,x,label'];
  for (let i = 0; i < n; i++) lines.push(`u${i % 10},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i},${i % 3 === 0 ? 'a' : 'b'}`);
  return lines.join('\n');
}

async function splitsFor(split: SplitSpec, n = 90) {
  const ds = await fromText(csv(n));
  const spec = plan({ version: 1, target: 'label', features: ['x'], split, model: { kind: 'baseline' } }, ds);
  const target = encodeTarget(ds.table, 'label', spec.task);
  return { plan: makeSplits(spec, ds.table, target), ds };
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('makeSplits', () => {
  it('group k-fold never puts one user on both sides', async () => {
    const { plan: p } = await splitsFor({ kind: 'kfold', k: 5, strategy: 'group', column: 'user' });
    expect(p.folds).toHaveLength(5);
    for (const f of p.folds) {
      const train = new Set([...f.train].map((i) => p.groups![i]));
      for (const t of f.test) expect(train.has(p.groups![t])).toBe(false);
    }
  });

  it('repeated stratified k-fold tests each row once per repeat', async () => {
    const { plan: p } = await splitsFor({ kind: 'kfold', k: 3, strategy: 'stratified', repeats: 2 });
    expect(p.folds).toHaveLength(6);
    for (const r of [0, 1]) {
      const tested = p.folds.slice(r * 3, r * 3 + 3).flatMap((f) => [...f.test]).sort((a, b) => a - b);
      expect(tested).toEqual(all(90));
    }
  });

  it('time-series folds train only on earlier days', async () => {
    const { plan: p } = await splitsFor({ kind: 'kfold', k: 3, strategy: 'time-series', column: 'day' });
    for (const f of p.folds) {
      const lastTrain = Math.max(...[...f.train].map((i) => p.times![i]!));
      const firstTest = Math.min(...[...f.test].map((i) => p.times![i]!));
      expect(lastTrain).toBeLessThanOrEqual(firstTest);
    }
  });

  it('a locked final test set is disjoint from every cross-validation fold', async () => {
    const { plan: p } = await splitsFor({ kind: 'kfold', k: 4, strategy: 'stratified', finalTest: 0.2 });
    const locked = new Set(p.finalTest!.test);
    expect(locked.size).toBe(18);
    for (const f of p.folds) for (const i of [...f.train, ...f.test]) expect(locked.has(i)).toBe(false);
    expect(p.folds.flatMap((f) => [...f.test]).length).toBe(72);
    expect([...p.finalTest!.train].sort((a, b) => a - b)).toEqual(all(90).filter((i) => !locked.has(i)));
  });

  it('the locked rows do not depend on k, and the time holdout keeps the latest rows', async () => {
    const a = await splitsFor({ kind: 'kfold', k: 3, strategy: 'stratified', finalTest: 0.2 });
    const b = await splitsFor({ kind: 'kfold', k: 5, strategy: 'stratified', finalTest: 0.2 });
    expect(b.plan.finalTest!.test).toEqual(a.plan.finalTest!.test);
    const t = await splitsFor({ kind: 'holdout', strategy: 'time', column: 'day', testSize: 0.25 });
    const f = t.plan.folds[0]!;
    expect(Math.max(...[...f.train].map((i) => t.plan.times![i]!))).toBeLessThanOrEqual(Math.min(...[...f.test].map((i) => t.plan.times![i]!)));
  });
});

describe('makeSplits refuses what a run would refuse', () => {
  it('a class too small for a stratified split fails the plan preview as it fails the run', async () => {
    const { previewExperiment } = await import('../../../src/core/train/preview-experiment.ts');
    const ds = await fromText('x,y\n1,a\n2,a\n3,a\n4,b\n5,b\n6,b\n7,c\n');
    expect(() => previewExperiment(ds, { version: 1, target: 'y', model: { kind: 'baseline' } })).toThrow(
      expect.objectContaining({ code: 'split_class_too_small', message: expect.stringContaining('has 1 row;') }),
    );
  });
});
