import { describe, expect, it } from 'vitest';
import { fitPipeline, transformPipeline } from '../../../src/core/features/pipeline.ts';
import { preprocessDefaults } from '../../../src/core/spec/normalize.ts';
import { fromText } from '../../helpers/datasets.ts';

const csv = 'num,cat,y\n1,a,0\n2,b,1\n3,a,0\nNA,c,1\n100,zzz,0\n';

describe('preprocessing pipeline', () => {
  it('fits statistics on training rows only: changing a test row changes nothing fitted', async () => {
    const train = Int32Array.from([0, 1, 2, 3]);
    const a = await fromText(csv);
    const b = await fromText(csv.replace('100,zzz', '-5000,qqq'));
    const pa = fitPipeline(a.table, a.columns, ['num', 'cat'], train, preprocessDefaults(undefined));
    const pb = fitPipeline(b.table, b.columns, ['num', 'cat'], train, preprocessDefaults(undefined));
    expect(pb).toEqual(pa);
  });

  it('imputes the training median, adds a missingness indicator and standardises', async () => {
    const ds = await fromText(csv);
    const p = fitPipeline(ds.table, ds.columns, ['num'], Int32Array.from([0, 1, 2, 3]), preprocessDefaults(undefined));
    expect(p.outputNames).toEqual(['num', 'num__missing']);
    const step = p.steps[0]!;
    expect(step).toMatchObject({ kind: 'numeric', fill: 2, mean: 2, indicator: true });
    const X = transformPipeline(p, ds.table, Int32Array.from([0, 1, 2, 3]));
    const col = [X[0]!, X[2]!, X[4]!, X[6]!];
    expect(col.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 6);
    expect(col.reduce((s, v) => s + v * v, 0) / 4).toBeCloseTo(1, 5);
    expect([X[1], X[3], X[5], X[7]]).toEqual([0, 0, 0, 1]);
  });

  it('one-hot encodes training levels by frequency; unseen levels encode as zeros', async () => {
    const ds = await fromText(csv);
    const p = fitPipeline(ds.table, ds.columns, ['cat'], Int32Array.from([0, 1, 2, 3]), preprocessDefaults(undefined));
    expect(p.outputNames).toEqual(['cat=a', 'cat=b', 'cat=c']);
    const X = transformPipeline(p, ds.table, Int32Array.from([0, 4]));
    expect([...X]).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('serialises to JSON and back without change', async () => {
    const ds = await fromText(csv);
    const p = fitPipeline(ds.table, ds.columns, ['num', 'cat'], Int32Array.from([0, 1, 2, 3, 4]), preprocessDefaults(undefined));
    const q = JSON.parse(JSON.stringify(p));
    expect([...transformPipeline(q, ds.table, Int32Array.from([0, 1, 2, 3, 4]))]).toEqual([...transformPipeline(p, ds.table, Int32Array.from([0, 1, 2, 3, 4]))]);
  });
});
