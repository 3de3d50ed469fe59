import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { asRunId } from '../../../src/core/ids.ts';
import { CancelSource, neverCancelled } from '../../../src/core/jobs.ts';
import { openDb, type BenchtopDb } from '../../../src/core/track/db.ts';
import { deleteRun, finishRun, getRun, getRunModel, startRun } from '../../../src/core/track/runs.ts';
import { trackedRun, type TrackedRunOptions } from '../../../src/core/track/tracked-run.ts';
import type { RunArtifacts, RunModelRecord, RunRecord } from '../../../src/core/track/types.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { controlSave, fakeArtifact, type FittedModels } from './fixtures.ts';

let dbCount = 0;
const freshDb = () => openDb(`run-models-${++dbCount}`);
const host = { userAgent: 'vitest', benchtop: 'test' };
const spec = { version: 1 as const, target: 'label', model: { kind: 'logistic' as const, epochs: 5 }, backend: 'cpu' as const, seed: 4 };

let control: FittedModels | undefined;
afterEach(() => {
  control?.restore();
  control = undefined;
});

async function run(db: BenchtopDb, id: string, extra: Partial<TrackedRunOptions> = {}, s: Parameters<typeof trackedRun>[2] = spec) {
  const ds = await fromText(blobsCsv(120, 2), 'blobs.csv');
  return trackedRun(db, ds, s, { tf: await cpuTf(), runId: asRunId(id), cancel: neverCancelled, host, ...extra });
}

describe('a finished run stores its model', () => {
  it('writes the saved artifact, the fitted pipeline, classes and features, and disposes the model', async () => {
    control = controlSave('logistic', 'save');
    const db = freshDb();
    const { run: record, result } = await run(db, 'm1');
    expect(record).toMatchObject({ status: 'done', hasArtifacts: true, hasModel: true });
    expect(record.modelError).toBeUndefined();
    const stored = await getRunModel(db, asRunId('m1'));
    expect(control.saved).toHaveLength(1);
    expect(stored).toEqual({ runId: 'm1', artifact: control.saved[0], pipeline: result!.pipeline, classes: result!.classes, features: result!.pipeline.features });
    expect(stored.classes).toHaveLength(2);
    expect(stored.artifact.blobs['weights.bin']).toBeInstanceOf(Uint8Array);
    expect(stored.features).toEqual(['x1', 'x2', 'colour']);
    // not asked to keep it: the model is freed here and not handed out
    expect(result!.model).toBeUndefined();
    expect(control.fitted).toHaveLength(1);
    expect(control.fitted[0]!.disposed).toBeGreaterThanOrEqual(1);
    expect(await getRun(db, asRunId('m1'))).toEqual(record);
  });

  it('hands the saved model to a caller that keeps it, undisposed', async () => {
    control = controlSave('logistic', 'save');
    const db = freshDb();
    const { run: record, result } = await run(db, 'm2', { keepModel: true });
    expect(record.hasModel).toBe(true);
    expect(result!.model).toBe(control.fitted[0]!.model);
    expect(control.fitted[0]!.disposed).toBe(0);
    result!.model!.dispose();
  });

  it('a model kind without save() finishes the run without a model, and says so', async () => {
    control = controlSave('logistic', 'missing');
    const db = freshDb();
    const { run: record } = await run(db, 'm3');
    expect(record).toMatchObject({ status: 'done', hasArtifacts: true, hasModel: false, modelError: { code: 'model_save_unsupported' } });
    expect(record.modelError!.message).toMatch(/logistic model cannot be stored yet/);
    expect(record.metrics).toBeDefined();
    expect(await db.runModels.count()).toBe(0);
    expect(await db.runArtifacts.count()).toBe(1);
    expect(control.fitted[0]!.disposed).toBeGreaterThanOrEqual(1);
    await expect(getRunModel(db, asRunId('m3'))).rejects.toMatchObject({ code: 'run_model_missing', message: expect.stringMatching(/logistic model cannot be stored yet/) });
  });

  it('a failing save() finishes the run without a model, with the reason', async () => {
    control = controlSave('logistic', 'throw');
    const db = freshDb();
    const { run: record, result } = await run(db, 'm4', { keepModel: true });
    expect(record).toMatchObject({ status: 'done', hasModel: false, modelError: { code: 'model_save_failed' } });
    expect(record.modelError!.message).toMatch(/weights unavailable/);
    expect(await db.runModels.count()).toBe(0);
    // the caller asked for the model; it still gets it for explanations
    expect(result!.model).toBe(control.fitted[0]!.model);
    result!.model!.dispose();
  });

  it('a failing model write still records the finished run, without a model, and nothing of the model is left', async () => {
    control = controlSave('logistic', 'save');
    const db = freshDb();
    db.runModels.hook('creating', () => {
      throw new Error('disk full');
    });
    const { run: record } = await run(db, 'm5');
    expect(record).toMatchObject({ status: 'done', hasArtifacts: true, hasModel: false, modelError: { code: 'model_save_failed' } });
    expect(record.modelError!.message).toMatch(/disk full/);
    expect(await db.runModels.count()).toBe(0);
    expect(await db.runArtifacts.count()).toBe(1);
    expect(await getRun(db, asRunId('m5'))).toEqual(record);
    expect(control.fitted[0]!.disposed).toBeGreaterThanOrEqual(1);
  });

  it('a cancelled cross-validation run frees the first fold model it was keeping', async () => {
    control = controlSave('logistic', 'save');
    const db = freshDb();
    const cancel = new CancelSource();
    const { run: record } = await run(
      db,
      'm6',
      { cancel, onEvent: (e) => e.type === 'phase' && e.phase === 'train' && e.fold === 1 && cancel.cancel() },
      { ...spec, split: { kind: 'kfold', k: 3 } },
    );
    expect(record.status).toBe('cancelled');
    expect(control.fitted.length).toBeGreaterThanOrEqual(1);
    expect(control.fitted.every((f) => f.disposed >= 1)).toBe(true);
    expect(await db.runModels.count()).toBe(0);
  });
});

describe('finishRun with a model', () => {
  const artifacts = (id: string): RunArtifacts => ({
    runId: asRunId(id), row: Int32Array.of(0, 1), fold: Int32Array.of(0, 0), yTrue: Int32Array.of(0, 1),
    values: Float64Array.of(0.2, 0.8, 0.6, 0.4), width: 2, baseline: Float64Array.of(0.5, 0.5, 0.5, 0.5), notes: {},
  });
  const model = (id: string): RunModelRecord => ({
    runId: asRunId(id), artifact: fakeArtifact('logistic', 2, 2), pipeline: { features: ['a'], steps: [], outputNames: ['a'] }, classes: ['n', 'y'], features: ['a'],
  });

  it('writes record, artifacts and model together or not at all', async () => {
    const db = freshDb();
    const running = { id: asRunId('f1'), status: 'running', history: [] } as unknown as RunRecord;
    await startRun(db, running);
    const broken = { ...model('f1'), artifact: { ...model('f1').artifact, meta: (() => 1) as never } };
    await expect(finishRun(db, { ...running, status: 'done' }, artifacts('f1'), broken)).rejects.toMatchObject({ code: 'storage_failed' });
    expect((await getRun(db, asRunId('f1'))).status).toBe('running');
    expect(await db.runArtifacts.count()).toBe(0);
    expect(await db.runModels.count()).toBe(0);
    await finishRun(db, { ...running, status: 'done', hasModel: false, modelError: { code: 'x', message: 'y' } }, artifacts('f1'), model('f1'));
    const stored = await getRun(db, asRunId('f1'));
    expect(stored).toMatchObject({ status: 'done', hasArtifacts: true, hasModel: true });
    expect(stored.modelError).toBeUndefined();
    expect(await getRunModel(db, asRunId('f1'))).toEqual(model('f1'));
  });

  it('deleteRun deletes the model with the record and artifacts', async () => {
    const db = freshDb();
    await finishRun(db, { id: asRunId('f2'), status: 'done', history: [] } as unknown as RunRecord, artifacts('f2'), model('f2'));
    expect(await db.runModels.count()).toBe(1);
    await deleteRun(db, asRunId('f2'));
    expect(await db.runModels.count()).toBe(0);
    expect(await db.runArtifacts.count()).toBe(0);
    expect(await db.runs.count()).toBe(0);
  });

  it('getRunModel explains why a run has no model', async () => {
    const db = freshDb();
    await db.runs.put({ id: asRunId('old'), status: 'done', history: [], spec: { model: { kind: 'mlp' } } } as unknown as RunRecord);
    await expect(getRunModel(db, asRunId('old'))).rejects.toMatchObject({ code: 'run_model_missing', message: expect.stringMatching(/recorded before models were kept/) });
    await db.runs.put({ id: asRunId('busy'), status: 'running', history: [] } as unknown as RunRecord);
    await expect(getRunModel(db, asRunId('busy'))).rejects.toMatchObject({ code: 'model_run_not_finished' });
    await expect(getRunModel(db, asRunId('nope'))).rejects.toMatchObject({ code: 'run_not_found' });
  });
});
