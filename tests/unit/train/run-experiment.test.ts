import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { ExperimentSpec } from '../../../src/core/spec/types.ts';
import { runExperiment } from '../../../src/core/train/run-experiment.ts';
import { blobsCsv, fromText, linearCsv } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

async function run(csv: string, spec: Omit<ExperimentSpec, 'version'>, testCsv?: string) {
  const ds = await fromText(csv);
  const opts = { tf: await cpuTf(), cancel: neverCancelled, ...(testCsv ? { testData: await fromText(testCsv, 'test.csv') } : {}) };
  return runExperiment(ds, plan({ version: 1, ...spec }, ds), opts);
}

describe('runExperiment', () => {
  it('holdout: a logistic model beats the baseline on separable data; predictions cover the test rows', async () => {
    const r = await run(blobsCsv(200, 1), { target: 'label', model: { kind: 'logistic', epochs: 30 } });
    // yes/no is read as a boolean column; its labels are the canonical 'false'/'true'.
    expect(r.classes).toEqual(['false', 'true']);
    expect(r.metrics.accuracy).toBeGreaterThan(0.9);
    expect(r.baselineMetrics.accuracy).toBeCloseTo(0.5, 1);
    expect(r.baselineMetrics.roc_auc).toBe(0.5);
    expect(r.testRows).toBe(40);
    expect(r.predictions.row.length).toBe(40);
    expect(r.predictions.values.length).toBe(80);
  });

  it('k-fold: every row predicted exactly once, metrics are the fold mean', async () => {
    const r = await run(blobsCsv(90, 2), { target: 'label', model: { kind: 'logistic', epochs: 10 }, split: { kind: 'kfold', k: 3 } });
    expect(r.cv!.folds).toBe(3);
    expect([...r.predictions.row].sort((a, b) => a - b)).toEqual(Array.from({ length: 90 }, (_, i) => i));
    const meanAcc = r.cv!.perFold.reduce((s, m) => s + m.accuracy!, 0) / 3;
    expect(r.metrics.accuracy).toBeCloseTo(meanAcc, 12);
    expect(r.cv!.std.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('regression with the exact linear model: r2 = 1 on noiseless data', async () => {
    const r = await run(linearCsv(100, 3), { target: 'y', model: { kind: 'linear' } });
    expect(r.metrics.r2).toBeCloseTo(1, 6);
    expect(r.metrics.rmse).toBeLessThan(1e-3);
    expect(r.baselineMetrics.r2).toBeLessThan(0.05);
  });

  it('evaluates on separate test data when given', async () => {
    const r = await run(blobsCsv(100, 4), { target: 'label', model: { kind: 'baseline' } }, blobsCsv(30, 5));
    expect(r.testRows).toBe(30);
    expect(r.trainRows).toBe(100);
  });

  it('is deterministic: same spec and data give the same numbers', async () => {
    const spec = { target: 'label', model: { kind: 'mlp' as const, epochs: 5, hiddenLayers: [8] }, seed: 3 };
    const a = await run(blobsCsv(120, 6), spec);
    const b = await run(blobsCsv(120, 6), spec);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.history.map((h) => h.trainLoss)).toEqual(a.history.map((h) => h.trainLoss));
    const c = await run(blobsCsv(120, 6), { ...spec, seed: 4 });
    expect(c.history.map((h) => h.trainLoss)).not.toEqual(a.history.map((h) => h.trainLoss));
  });

  it('rejects bad targets and splits with coded errors', async () => {
    await expect(run('a,y\n1,x\n2,x\n3,x\n4,x\n', { target: 'y', task: 'binary' })).rejects.toMatchObject({ code: 'target_single_class' });
    await expect(run('a,y\n1,1\n2,2\n3,oops\n4,4\n5,5\n', { target: 'y', task: 'regression' })).rejects.toMatchObject({ code: 'target_not_numeric', location: { row: 3 } });
    await expect(run('a,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,c\n', { target: 'y', model: { kind: 'baseline' } })).rejects.toMatchObject({ code: 'split_class_too_small' });
    await expect(run('a,y\n1,a\n2,b\n', { target: 'y', model: { kind: 'baseline' } })).rejects.toMatchObject({ code: 'data_too_few_rows' });
    await expect(run(blobsCsv(40, 1), { target: 'label', model: { kind: 'baseline' } }, 'x1,label\n1,no\n')).rejects.toMatchObject({ code: 'test_data_schema', location: { column: 'x2' } });
  });

  it('drops rows whose target is missing instead of inventing a class', async () => {
    const csv = blobsCsv(60, 7).split('\n');
    csv[3] = csv[3]!.replace(/,(yes|no)$/, ',');
    const r = await run(csv.join('\n'), { target: 'label', model: { kind: 'baseline' } });
    expect(r.classes).toEqual(['false', 'true']);
    expect(r.trainRows + r.testRows).toBe(59);
  });
});

describe('sanity checks in a run', () => {
  it('run once, are reported, and do not change the trained model', async () => {
    const spec = { target: 'label', model: { kind: 'mlp' as const, epochs: 4, hiddenLayers: [8] }, seed: 3 };
    const on = await run(blobsCsv(120, 6), { ...spec, training: { sanityChecks: 'always' } });
    const off = await run(blobsCsv(120, 6), { ...spec, training: { sanityChecks: 'off' } });
    expect(on.sanity!.checks.map((c) => c.id).sort()).toEqual(['finite-gradients', 'initial-loss', 'inputs-matter', 'overfit-batch']);
    expect(on.sanity!.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(off.sanity).toBeUndefined();
    expect(on.metrics).toEqual(off.metrics);
    const baseline = await run(blobsCsv(120, 6), { ...spec, model: { kind: 'baseline' }, training: { sanityChecks: 'always' } });
    expect(baseline.sanity).toBeUndefined();
  });
});

describe('sanity checks by default (auto)', () => {
  it('skip a short training and run before a long one', async () => {
    const short = await run(blobsCsv(120, 6), { target: 'label', model: { kind: 'mlp', epochs: 4, hiddenLayers: [4] }, seed: 3 });
    expect(short.sanity).toBeUndefined();
    // 96 training rows less a 10% validation carve = 86 fit rows, in batches of 1 for 32 epochs:
    // 2,752 steps, just over ten times the checks' 270.
    const long = await run(blobsCsv(120, 6), { target: 'label', model: { kind: 'logistic', epochs: 32, batchSize: 1 }, seed: 3, training: { earlyStopping: { enabled: false } } });
    expect(long.sanity!.checks).toHaveLength(4);
  });
});
