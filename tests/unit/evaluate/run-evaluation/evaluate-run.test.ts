import { beforeAll, describe, expect, it } from 'vitest';
import { heldOutReports } from '../../../../src/core/evaluate/held-out-report.ts';
import { evaluateRun } from '../../../../src/core/evaluate/run-evaluation/evaluate-run.ts';
import { evalDataAt, heldOutReportAsync, pooledRows } from '../../../../src/core/evaluate/run-evaluation/held-out-async.ts';
import { rocCurves, precisionRecallCurves, calibrationCurves, gainLiftCurves } from '../../../../src/core/evaluate/curves/index.ts';
import { chooseThreshold, confusionCells, thresholdRowAt } from '../../../../src/core/evaluate/threshold/index.ts';
import { compareModelsSync } from '../../../../src/core/evaluate/uncertainty/index.ts';
import { sliceMetricsSync, fairnessReport } from '../../../../src/core/evaluate/slices/index.ts';
import { sliceColumns } from '../../../../src/core/evaluate/run-evaluation/slice-columns.ts';
import type { ClassificationData, RegressionData } from '../../../../src/core/evaluate/types.ts';
import { CancelSource } from '../../../../src/core/jobs.ts';
import { blobsCsv, fromText, sample } from '../../../helpers/datasets.ts';
import { trained, type Trained } from './fixtures.ts';

let binary: Trained;
let regression: Trained;
let multiclass: Trained;

beforeAll(async () => {
  binary = await trained(await fromText(blobsCsv(400, 3, 1.2), 'blobs.csv'), { target: 'label', model: { kind: 'logistic', epochs: 30 }, seed: 7 });
  regression = await trained(await sample('cars.json'), { target: 'Miles_per_Gallon', model: { kind: 'linear' }, seed: 5 });
  multiclass = await trained(await sample('penguins.json'), { target: 'Species', model: { kind: 'logistic', epochs: 20 }, seed: 3 });
}, 120_000);

describe('evaluateRun: numbers agree with the core functions on the same rows', () => {
  it('binary: reports, comparison, confusion, threshold, curves, slices', async () => {
    const ev = await evaluateRun(binary.input({ resamples: 200 }));
    const p = binary.result.predictions;
    const opts = { task: binary.spec.task, classes: binary.result.classes!, seed: 7, resamples: 200 };
    expect(ev.metrics).toEqual(heldOutReports(p, opts).heldOut);
    expect(ev.baseline).toEqual(heldOutReports({ ...p, values: p.baseline }, opts).heldOut);
    const idx = pooledRows(p, 'held-out');
    expect(ev.count).toBe(idx.length);
    expect(ev.rowIds).toEqual(idx.map((i) => p.row[i]));
    const model = evalDataAt(p, idx, 'binary') as ClassificationData;
    const base = evalDataAt(p, idx, 'binary', p.baseline) as ClassificationData;
    const cmp = compareModelsSync(model, base, { seed: 7, resamples: 200, stratify: true, names: { a: 'The model', b: 'the baseline' } });
    expect(ev.versusBaseline).toEqual(cmp);
    expect(ev.versusBaseline.verdict.sentence).toMatch(/^The model is better on accuracy/);
    expect(ev.confusion).toEqual(confusionCells(model, { threshold: 0.5, posLabel: 1 }));
    expect(ev.decision).toMatchObject({ threshold: 0.5, posLabel: 1 });
    const f1 = chooseThreshold(model, { kind: 'f-beta', beta: 1 }, { posLabel: 1 });
    expect(ev.threshold!.choices.map((c) => c.objective.kind)).toEqual(['f-beta', 'youden']);
    expect(ev.threshold!.choices[0]!.threshold).toBe(f1.threshold);
    expect(ev.threshold!.choices[1]!.threshold).toBe(chooseThreshold(model, { kind: 'youden' }).threshold);
    expect(ev.threshold!.at).toEqual(thresholdRowAt(f1.table, 0.5));
    expect(ev.curves!.roc).toEqual(rocCurves(model, { posLabel: 1 }));
    expect(ev.curves!.pr).toEqual(precisionRecallCurves(model, { posLabel: 1 }));
    expect(ev.curves!.calibration).toEqual(calibrationCurves(model, { posLabel: 1 }));
    expect(ev.curves!.gainLift).toEqual(gainLiftCurves(model, { posLabel: 1 }));
    const cols = sliceColumns(binary.ds, ['x1', 'x2', 'colour'], Int32Array.from(ev.rowIds));
    expect(ev.slices).toEqual(sliceMetricsSync(model, cols, { metrics: ['accuracy', 'roc_auc', 'log_loss'], seed: 7 }));
    expect(ev.slices.slices.map((s) => s.id)).toContain('colour=red');
    expect(ev.regression).toBeUndefined();
  });

  it('a request threshold and cost move the confusion matrix and add the cost choice', async () => {
    const cost = { tp: 0, fp: 1, fn: 5, tn: 0 };
    const ev = await evaluateRun(binary.input({ resamples: 50, threshold: 0.2, cost }));
    const p = binary.result.predictions;
    const model = evalDataAt(p, pooledRows(p, 'held-out'), 'binary') as ClassificationData;
    expect(ev.confusion).toEqual(confusionCells(model, { threshold: 0.2, posLabel: 1 }));
    expect(ev.decision).toMatchObject({ threshold: 0.2, cost });
    const byCost = chooseThreshold(model, { kind: 'cost', cost }, { posLabel: 1 });
    expect(ev.threshold!.choices[2]!.threshold).toBe(byCost.threshold);
    expect(ev.threshold!.at.cost).toBeCloseTo(thresholdRowAt(byCost.table, 0.2).cost!, 12);
    // One table shared by every choice.
    expect(ev.threshold!.choices[1]!.table).toBe(ev.threshold!.choices[0]!.table);
  });

  it('the saved decision applies unless the request overrides it', async () => {
    const input = binary.input({ resamples: 20 });
    input.run.decision = { threshold: 0.7, rule: 'maximises F1 on held-out rows', posLabel: 1 };
    const ev = await evaluateRun(input);
    expect(ev.decision).toMatchObject({ threshold: 0.7, rule: 'maximises F1 on held-out rows' });
    expect(ev.savedDecision).toEqual(input.run.decision);
    expect(ev.confusion!.threshold).toBe(0.7);
  });

  it('fairness across a sensitive column equals fairnessReport at the decision threshold', async () => {
    const ev = await evaluateRun(binary.input({ resamples: 20, sensitive: 'colour', threshold: 0.4 }));
    const p = binary.result.predictions;
    const model = evalDataAt(p, pooledRows(p, 'held-out'), 'binary') as ClassificationData;
    const [col] = sliceColumns(binary.ds, ['colour'], Int32Array.from(ev.rowIds));
    expect(ev.fairness).toEqual(fairnessReport(model, col!.values, { posLabel: 1, threshold: 0.4 }));
    expect(ev.fairness!.groups.map((g) => g.label)).toEqual(['blue', 'green', 'red']);
  });

  it('regression: reports, diagnostics, no classification parts', async () => {
    const ev = await evaluateRun(regression.input({ resamples: 100 }));
    const p = regression.result.predictions;
    expect(ev.metrics).toEqual(heldOutReports(p, { task: 'regression', seed: 5, resamples: 100 }).heldOut);
    expect(ev.confusion).toBeUndefined();
    expect(ev.curves).toBeUndefined();
    expect(ev.threshold).toBeUndefined();
    const d = evalDataAt(p, pooledRows(p, 'held-out'), 'regression') as RegressionData;
    expect(ev.regression!.points).toHaveLength(d.yTrue.length);
    expect(ev.regression!.residuals.counts.reduce((a, b) => a + b, 0)).toBe(d.yTrue.length);
    expect(ev.versusBaseline.bootstrap.name).toBe('rmse');
    // Default slices: categorical Origin and the numeric features (at most 8).
    const sliced = new Set(ev.slices.slices.map((s) => s.column));
    expect(sliced.has('Origin')).toBe(true);
    expect(ev.errors[0]!.loss).toBe(Math.max(...Array.from(d.yTrue, (y, i) => (y - d.yPred[i]!) ** 2)));
  });

  it('multiclass: argmax confusion, per-class curves, no threshold', async () => {
    const ev = await evaluateRun(multiclass.input({ resamples: 50 }));
    expect(ev.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(ev.confusion!.threshold).toBeNull();
    expect(ev.confusion!.k).toBe(3);
    expect(ev.threshold).toBeUndefined();
    expect(ev.curves!.roc.curves).toHaveLength(3);
    expect(ev.decision.rule).toMatch(/most probable/);
  });

  it('heldOutReportAsync equals heldOutReports on the same rows', async () => {
    const p = multiclass.result.predictions;
    const opts = { task: 'multiclass' as const, classes: multiclass.result.classes!, seed: 3, resamples: 100 };
    expect(await heldOutReportAsync(p, pooledRows(p, 'held-out'), opts)).toEqual(heldOutReports(p, opts).heldOut);
  });

  it('asks for final-test rows a run does not have: run_rows_missing', async () => {
    await expect(evaluateRun(binary.input({ rows: 'final-test' }))).rejects.toMatchObject({ code: 'run_rows_missing' });
  });

  it('stops on cancel', async () => {
    const cancel = new CancelSource();
    cancel.cancel();
    await expect(evaluateRun({ ...binary.input({ resamples: 100 }), cancel })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('reports progress through the phases in order', async () => {
    const phases: string[] = [];
    await evaluateRun({ ...binary.input({ resamples: 50 }), onProgress: (p) => phases.at(-1) !== p.phase && phases.push(p.phase) });
    expect(phases).toEqual(['metrics', 'baseline', 'compare', 'curves', 'slices', 'errors']);
  });
});
