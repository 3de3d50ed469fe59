import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../../../src/core/features/feature-matrix.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { ModelSpec } from '../../../src/core/spec/types.ts';
import { fromText, sample } from '../../helpers/datasets.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { ordinalColumns, runExperiment } from '../../../src/core/train/run-experiment.ts';
import { cpuTf } from '../../helpers/tf.ts';

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

describe('auto pipeline for tree models', () => {
  it('leaves missing values to the trees and codes low-cardinality labels instead of one-hot', async () => {
    const ds = await sample('penguins.json');
    for (const kind of ['gbdt', 'random-forest'] as const) {
      const spec = plan({ version: 1, target: 'Species', model: { kind } }, ds);
      expect(spec.pipeline.map((s) => s.kind)).toEqual(['ordinal']);
      const m = featureMatrix(ds, spec);
      // The sample has missing measurements: they reach the model as NaN, not as medians.
      expect(Array.from(m.X).some((v) => Number.isNaN(v))).toBe(true);
      expect(m.names).toContain('Island');
      expect(m.names.some((n) => n.includes('='))).toBe(false);
      const codes = ordinalColumns(m.fitted);
      expect(m.names.filter((_, j) => codes[j] === 1).sort()).toEqual(['Island', 'Sex']);
    }
  });

  it('a gbdt learns from missingness itself, which median imputation without an indicator would hide', async () => {
    // y is 1 exactly where x is missing; x's observed values carry no signal.
    const lines = ['x,noise,y'];
    for (let i = 0; i < 400; i++) lines.push(`${i % 3 === 0 ? '' : ((i * 37) % 100) / 10},${(i * 13) % 7},${i % 3 === 0 ? 1 : 0}`);
    const ds = await fromText(lines.join('\n'));
    const spec = plan({ version: 1, target: 'y', model: { kind: 'gbdt', rounds: 20, minSamplesLeaf: 5 } }, ds);
    expect(spec.pipeline.some((s) => s.kind === 'impute')).toBe(false);
    const r = await runExperiment(ds, spec, { tf: await cpuTf(), cancel: neverCancelled });
    expect(r.metrics.accuracy).toBe(1);
  });
});
