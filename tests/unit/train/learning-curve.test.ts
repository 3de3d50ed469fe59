import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import { learningCurve, readCurve } from '../../../src/core/train/learning-curve.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

describe('learningCurve', () => {
  it('trains on growing stratified subsets and scores the same held-out rows', async () => {
    const ds = await fromText(blobsCsv(200, 3, 1.5));
    const spec = plan({ version: 1, target: 'label', model: { kind: 'logistic', epochs: 20 }, seed: 1 }, ds);
    const seen: number[] = [];
    const curve = await learningCurve(ds, spec, { tf: await cpuTf(), cancel: neverCancelled, fractions: [0.1, 0.5, 1], onPoint: (p) => seen.push(p.trainRows) });
    expect(curve.metric).toBe('accuracy');
    expect(curve.points.map((p) => p.trainRows)).toEqual([16, 80, 160]);
    expect(seen).toEqual([16, 80, 160]);
    for (const p of curve.points) {
      expect(p.trainScore).toBeGreaterThanOrEqual(0);
      expect(p.testScore).toBeLessThanOrEqual(1);
    }
    expect(curve.points.at(-1)!.testScore).toBeGreaterThan(0.8);
    expect(curve.reading.length).toBeGreaterThan(20);
  });

  it('is deterministic per seed', async () => {
    const ds = await fromText(blobsCsv(120, 4));
    const spec = plan({ version: 1, target: 'label', model: { kind: 'logistic', epochs: 5 }, seed: 2 }, ds);
    const run = async () => (await learningCurve(ds, spec, { tf: await cpuTf(), cancel: neverCancelled, fractions: [0.3, 1] })).points;
    expect(await run()).toEqual(await run());
  });
});

describe('readCurve', () => {
  const pt = (trainScore: number, testScore: number, fraction = 1) => ({ fraction, trainRows: 100 * fraction, trainScore, testScore });
  it('names variance, bias and the value of more data', () => {
    expect(readCurve([pt(0.9, 0.7, 0.5), pt(1, 0.75)], true)).toMatch(/High variance.*more data would likely help/);
    expect(readCurve([pt(0.62, 0.6, 0.5), pt(0.61, 0.6)], true)).toMatch(/not overfitting.*flattened/);
    expect(readCurve([pt(0.96, 0.95, 0.5), pt(0.84, 0.83)], true)).toMatch(/fell by 0\.120.*under-trained/);
    // For a loss (lower is better) the same gap reads the same way round.
    expect(readCurve([pt(0.1, 0.5, 0.5), pt(0.1, 0.5)], false)).toMatch(/High variance/);
  });
});

describe('sanityForSpec', () => {
  it('checks a network spec on the first fold and skips other models', async () => {
    const { sanityForSpec } = await import('../../../src/core/train/sanity-for-spec.ts');
    const ds = await fromText(blobsCsv(150, 8));
    const tfc = await cpuTf();
    const report = await sanityForSpec(ds, plan({ version: 1, target: 'label', model: { kind: 'mlp', hiddenLayers: [8] } }, ds), tfc);
    expect(report!.checks).toHaveLength(4);
    expect(report!.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(await sanityForSpec(ds, plan({ version: 1, target: 'label', model: { kind: 'knn' } }, ds), tfc)).toBeNull();
  });
});
