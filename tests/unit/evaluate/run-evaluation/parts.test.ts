import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationSplit } from '../../../../src/core/evaluate/run-evaluation/calibration-split.ts';
import { errorOrder, rowLosses, errorAnalysis } from '../../../../src/core/evaluate/run-evaluation/error-analysis.ts';
import { evaluateRun } from '../../../../src/core/evaluate/run-evaluation/evaluate-run.ts';
import { compareRuns, type ComparedRun } from '../../../../src/core/evaluate/run-evaluation/compare-runs.ts';
import { evalDataAt, pooledRows } from '../../../../src/core/evaluate/run-evaluation/held-out-async.ts';
import { applyCalibrator, fitCalibrator } from '../../../../src/core/evaluate/calibration/index.ts';
import { compareModelsSync, correctedResampledTTest } from '../../../../src/core/evaluate/uncertainty/index.ts';
import type { ClassificationData } from '../../../../src/core/evaluate/types.ts';
import { blobsCsv, fromText } from '../../../helpers/datasets.ts';
import { trained, type Trained } from './fixtures.ts';

describe('calibration split', () => {
  const y = Int32Array.from({ length: 101 }, (_, i) => (i % 3 === 0 ? 1 : i % 7 === 0 ? 2 : 0));
  it('halves are disjoint, cover every row, and are stratified', () => {
    const { fit, report } = calibrationSplit(y, 5);
    expect(new Set([...fit, ...report]).size).toBe(101);
    expect(fit.filter((i) => report.includes(i))).toEqual([]);
    for (const c of [0, 1, 2]) {
      const n = Array.from(y).filter((v) => v === c).length;
      expect(fit.filter((i) => y[i] === c)).toHaveLength(Math.floor(n / 2));
    }
  });
  it('is seeded: the same seed gives the same halves, another seed others', () => {
    expect(calibrationSplit(y, 5)).toEqual(calibrationSplit(y, 5));
    expect(calibrationSplit(y, 6).fit).not.toEqual(calibrationSplit(y, 5).fit);
  });
});

describe('error analysis', () => {
  // 3 classes: rows 0 and 3 are mistakes (3 more confident), row 1 right but unsure, row 2 right and sure.
  const data: ClassificationData = {
    k: 3,
    yTrue: Int32Array.of(0, 1, 2, 2, 0),
    proba: Float64Array.of(0.3, 0.6, 0.1, 0.2, 0.41, 0.39, 0, 0.01, 0.99, 0.9, 0.05, 0.05, 0.5, 0.3, 0.2),
  };
  it('per-row loss is the log loss of the true class', () => {
    expect(Array.from(rowLosses(data))).toEqual([-Math.log(0.3), -Math.log(0.41), -Math.log(0.99), -Math.log(0.05), -Math.log(0.5)]);
  });
  it('classifiers: mistakes first, most confident first; then the rest by loss', () => {
    const predicted = Int32Array.of(1, 1, 2, 0, 0);
    // Right rows by loss: row 1 (-ln 0.41) > row 4 (-ln 0.5) > row 2 (-ln 0.99).
    expect(errorOrder(data, predicted)).toEqual([3, 0, 1, 4, 2]);
  });
  it('regressors: by squared error, ties by row', () => {
    expect(errorOrder({ yTrue: Float64Array.of(1, 2, 3, 4), yPred: Float64Array.of(1, 4, 2, 2) })).toEqual([1, 3, 2, 0]);
  });
});

describe('evaluateRun pieces on a trained run', () => {
  let t: Trained;
  beforeAll(async () => {
    t = await trained(await fromText(blobsCsv(400, 9, 1), 'blobs.csv'), { target: 'label', model: { kind: 'logistic', epochs: 10 }, seed: 13 });
  }, 60_000);

  it('errors carry notes, text values and rank by loss among the mistakes', async () => {
    const p = t.result.predictions;
    const idx = pooledRows(p, 'held-out');
    const firstRow = p.row[idx[0]!]!;
    const ev = await evaluateRun(t.input({ resamples: 20 }, {}));
    const noted = ev.errors[0]!.row;
    const ev2 = await evaluateRun(t.input({ resamples: 20 }, { [noted]: 'look at this' }));
    expect(ev2.errors[0]).toMatchObject({ row: noted, note: 'look at this' });
    expect(Object.keys(ev.errors[0]!.values)).toEqual(['x1', 'x2', 'colour']);
    expect(ev.errors.length).toBeLessThanOrEqual(100);
    const mistakes = ev.errors.filter((e) => e.actual !== e.predicted);
    for (let i = 1; i < mistakes.length; i++) expect(mistakes[i]!.loss).toBeLessThanOrEqual(mistakes[i - 1]!.loss + 1e-12);
    expect(mistakes.length).toBeGreaterThan(0);
    expect(typeof firstRow).toBe('number');
  });

  it('post-hoc calibration: fitted on one half, everything reported on the other', async () => {
    const ev = await evaluateRun(t.input({ resamples: 20, calibration: 'sigmoid' }));
    const p = t.result.predictions;
    const idx = pooledRows(p, 'held-out');
    const all = evalDataAt(p, idx, 'binary') as ClassificationData;
    const split = calibrationSplit(all.yTrue, 13);
    expect(ev.count).toBe(split.report.length);
    expect(ev.rowIds).toEqual(split.report.map((j) => p.row[idx[j]!]));
    const cal = fitCalibrator(evalDataAt(p, split.fit.map((j) => idx[j]!), 'binary') as ClassificationData, { method: 'sigmoid' });
    const reported = evalDataAt(p, split.report.map((j) => idx[j]!), 'binary') as ClassificationData;
    const probs = applyCalibrator(cal, reported.proba);
    const rowOfMax = ev.curves!.roc.curves[0]!;
    expect(rowOfMax.positives + rowOfMax.negatives).toBe(split.report.length);
    expect(ev.metrics.metrics.find((m) => m.key === 'log_loss')!.value).toBeCloseTo(
      -Array.from(reported.yTrue).reduce((s, y, i) => s + Math.log(Math.min(1 - 1e-15, Math.max(1e-15, probs[i * 2 + y]!))), 0) / reported.yTrue.length,
      9,
    );
    expect(ev.decision.calibration).toBe('sigmoid');
    expect(ev.notes.join(' ')).toMatch(/fitted on a seeded, stratified half/);
    await expect(evaluateRun({ ...t.input({ calibration: 'sigmoid' }), run: { ...t.input().run, spec: { ...t.spec, task: 'regression' } } })).rejects.toMatchObject({ code: 'evaluation_invalid' });
  });

  it('errorAnalysis texts come from the table', () => {
    const rows = errorAnalysis({ data: { yTrue: Float64Array.of(1), yPred: Float64Array.of(3) }, rowIds: [0], folds: [0], source: t.ds, features: ['x1', 'colour'], notes: {} });
    expect(rows[0]).toMatchObject({ row: 0, loss: 4, confidence: 2, actual: 1, predicted: 3 });
    expect(rows[0]!.values.colour).toMatch(/^(red|green|blue)$/);
  });
});

describe('compareRuns', () => {
  const as = (t: Trained, id: string): ComparedRun => {
    const inp = t.input();
    return { run: { id: id as never, spec: t.spec, datasetId: 'd' as never, ...(t.result.cv ? { cv: t.result.cv } : {}) }, artifacts: inp.artifacts };
  };
  it('pairs two runs on the same rows: compareModels on aligned rows, and the CV t-test when folds match', async () => {
    const ds = await fromText(blobsCsv(300, 4, 1), 'blobs.csv');
    const split = { kind: 'kfold' as const, k: 4 };
    const a = await trained(ds, { target: 'label', model: { kind: 'logistic', epochs: 10 }, seed: 3, split });
    const b = await trained(ds, { target: 'label', model: { kind: 'naive-bayes' } as never, seed: 3, split });
    const r = await compareRuns(as(a, 'aaaaaaaa-1'), as(b, 'bbbbbbbb-2'));
    const pa = a.result.predictions;
    const pb = b.result.predictions;
    const ia = pooledRows(pa, 'held-out');
    const posB = new Map(pooledRows(pb, 'held-out').map((i) => [pb.row[i]!, i]));
    const names = { a: 'logistic run aaaaaaaa', b: 'naive-bayes run bbbbbbbb' };
    expect(r.rows).toBe(ia.length);
    expect(r.comparison).toEqual(
      compareModelsSync(evalDataAt(pa, ia, 'binary'), evalDataAt(pb, ia.map((i) => posB.get(pa.row[i]!)!), 'binary'), { seed: 3, stratify: true, names }),
    );
    const ref = correctedResampledTTest(a.result.cv!.perFold.map((m) => m.accuracy!), b.result.cv!.perFold.map((m) => m.accuracy!), {
      nTrain: ia.length - ia.length / 4, nTest: ia.length / 4, metric: 'accuracy', names,
    });
    expect(r.cvTest).toEqual({ metric: 'accuracy', t: ref.t, p: ref.pValue, verdict: ref.verdict.sentence });
  });

  it('refuses runs scored on different rows with run_rows_differ, naming the counts', async () => {
    const ds = await fromText(blobsCsv(200, 4, 1), 'blobs.csv');
    const a = await trained(ds, { target: 'label', model: { kind: 'logistic', epochs: 5 }, seed: 1 });
    const b = await trained(ds, { target: 'label', model: { kind: 'logistic', epochs: 5 }, seed: 2 });
    const err = await compareRuns(as(a, 'a'), as(b, 'b')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'run_rows_differ' });
    expect((err as Error).message).toMatch(/\(40 and 40 held-out rows, \d+ in common/);
  });
});
