import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../../../src/core/features/feature-matrix.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { ModelSpec } from '../../../src/core/spec/types.ts';
import { sample } from '../../helpers/datasets.ts';

describe('auto pipeline', () => {
  it('keeps missing indicators and one-hot columns exactly 0/1 and scales the numeric columns', async () => {
    const ds = await sample('penguins.json');
    const m = featureMatrix(ds, plan({ version: 1, target: 'Species', model: { kind: 'mlp' } }, ds));
    const d = m.names.length;
    const column = (name: string) => Array.from({ length: m.rows.length }, (_, i) => m.X[i * d + m.names.indexOf(name)]!);
    const indicators = m.names.filter((n) => n.endsWith('__missing') || n.includes('='));
    expect(indicators.length).toBeGreaterThan(4);
    for (const name of indicators) expect(column(name).every((v) => v === 0 || v === 1), name).toBe(true);
    const mass = column('Body Mass (g)');
    const mean = mass.reduce((a, b) => a + b, 0) / mass.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.max(...mass.map(Math.abs))).toBeLessThan(4);
  });

  it.each<[ModelSpec, boolean]>([
    [{ kind: 'mlp' }, true],
    [{ kind: 'knn' }, true],
    [{ kind: 'logistic' }, true],
    [{ kind: 'baseline' }, false],
    [{ kind: 'naive-bayes' }, false],
  ])('scales for %j: %s', async (model, scaled) => {
    const ds = await sample('penguins.json');
    expect(plan({ version: 1, target: 'Species', model }, ds).pipeline.some((s) => s.kind === 'scale')).toBe(scaled);
  });
});

describe('featureMatrixKey', () => {
  it('ignores what cannot change the matrix and tracks what can', async () => {
    const { featureMatrixKey } = await import('../../../src/core/features/feature-matrix.ts');
    const ds = await sample('penguins.json');
    const base = { version: 1 as const, target: 'Species', model: { kind: 'mlp' as const, epochs: 10 }, seed: 1 };
    const key = (s: Parameters<typeof plan>[0]) => featureMatrixKey(ds, plan(s, ds));
    const k0 = key(base);
    const same = { ...base, model: { kind: 'mlp' as const, epochs: 50, learningRate: 0.1 }, backend: 'cpu' as const, split: { kind: 'kfold' as const, k: 3 } };
    expect(key(same)).toBe(k0);
    expect(featureMatrix(ds, plan(same, ds)).X).toEqual(featureMatrix(ds, plan(base, ds)).X);
    expect(key({ ...base, seed: 2 })).not.toBe(k0);
    expect(key({ ...base, features: ['Island'] })).not.toBe(k0);
    expect(key({ ...base, model: { kind: 'baseline' } })).not.toBe(k0); // the auto pipeline drops scaling
  });
});
