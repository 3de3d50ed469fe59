import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/core/track/db.ts';
import { deleteRun, finishRun, getRun, getRunArtifacts, saveDecision, saveRowNote, startRun } from '../../../src/core/track/runs.ts';
import { trackedRun } from '../../../src/core/track/tracked-run.ts';
import { heldOutReports } from '../../../src/core/evaluate/held-out-report.ts';
import { asRunId } from '../../../src/core/ids.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import type { RunArtifacts, RunRecord } from '../../../src/core/track/types.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { controlSave } from './fixtures.ts';

let dbCount = 0;
const freshDb = () => openDb(`artifacts-${++dbCount}`);
const host = { userAgent: 'vitest', benchtop: 'test' };
const spec = { version: 1 as const, target: 'label', model: { kind: 'logistic' as const, epochs: 5 }, backend: 'cpu' as const, seed: 4 };

async function run(db: ReturnType<typeof openDb>, id: string, keepModel = false) {
  const ds = await fromText(blobsCsv(120, 2), 'blobs.csv');
  return trackedRun(db, ds, spec, { tf: await cpuTf(), runId: asRunId(id), cancel: neverCancelled, host, keepModel });
}

describe('run artifacts', () => {
  it('a finished run stores its predictions, the baseline on the same rows and a small held-out summary', async () => {
    const db = freshDb();
    const { run: record, result } = await run(db, 'a1');
    expect(record.status).toBe('done');
    expect(record.hasArtifacts).toBe(true);
    const stored = await getRunArtifacts(db, asRunId('a1'));
    const p = result!.predictions;
    expect(stored.row).toBeInstanceOf(Int32Array);
    expect(stored.values).toBeInstanceOf(Float64Array);
    expect(Array.from(stored.row)).toEqual(Array.from(p.row));
    expect(Array.from(stored.fold)).toEqual(Array.from(p.fold));
    expect(Array.from(stored.yTrue)).toEqual(Array.from(p.yTrue));
    expect(Array.from(stored.values)).toEqual(Array.from(p.values));
    expect(Array.from(stored.baseline)).toEqual(Array.from(p.baseline));
    expect(stored.baseline).toHaveLength(p.values.length);
    expect(stored.classes).toEqual(result!.classes);
    expect(stored.classes).toHaveLength(2);
    expect(stored.notes).toEqual({});
    const full = heldOutReports(p, { task: 'binary', classes: result!.classes!, seed: 4 }).heldOut;
    expect(record.heldOut).toEqual({ rows: full.rows, level: 0.95, metrics: full.metrics.map((m) => ({ key: m.key, value: m.value, ci: m.ci })) });
    expect(await getRun(db, asRunId('a1'))).toEqual(record);
  });

  it('reports the confidence intervals\' progress after the fit, then records (final test set included)', async () => {
    const db = freshDb();
    const ds = await fromText(blobsCsv(240, 2), 'blobs.csv');
    const events: { phase: string; fraction?: number }[] = [];
    const cvSpec = { ...spec, split: { kind: 'kfold' as const, k: 3, finalTest: 0.25 } };
    const { run: record } = await trackedRun(db, ds, cvSpec, {
      tf: await cpuTf(), runId: asRunId('a-progress'), cancel: neverCancelled, host,
      onEvent: (e) => e.type === 'phase' && events.push({ phase: e.phase, ...(e.fraction !== undefined ? { fraction: e.fraction } : {}) }),
    });
    expect(record.status).toBe('done');
    expect(record.finalTest).toBeDefined();
    const phases = events.map((e) => e.phase);
    const first = phases.indexOf('intervals');
    // After every fit's evaluation, before the record is written.
    expect(first).toBeGreaterThan(phases.lastIndexOf('evaluate'));
    expect(phases.indexOf('record')).toBeGreaterThan(phases.lastIndexOf('intervals'));
    const fractions = events.filter((e) => e.phase === 'intervals').map((e) => e.fraction!);
    // 1,000 resamples report every 50: held-out rows, then the final test set's, as shares of all rows.
    expect(fractions.length).toBeGreaterThan(20);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    // The held-out report ends part way, at its share of the rows.
    expect(fractions.some((f) => f > 0.3 && f < 0.95)).toBe(true);
  });

  it('a failing artifacts write leaves no half-written run: the run is recorded failed with the storage error', async () => {
    const db = freshDb();
    // The model can be saved, so the finished run's transaction would write a runModels row too.
    const control = controlSave('logistic', 'save');
    db.runArtifacts.hook('creating', () => {
      throw new Error('disk full');
    });
    const { run: record } = await run(db, 'a2', true).finally(() => control.restore());
    expect(control.saved).toHaveLength(1);
    expect(record.status).toBe('failed');
    expect(record.error).toMatchObject({ code: 'storage_failed' });
    expect(record.error!.message).toMatch(/disk full/);
    expect(record.metrics).toBeUndefined();
    expect(record.heldOut).toBeUndefined();
    expect(record.hasArtifacts).toBeUndefined();
    expect(record.hasModel).toBeUndefined();
    expect(await db.runArtifacts.count()).toBe(0);
    expect(await db.runModels.count()).toBe(0);
    expect(await getRun(db, asRunId('a2'))).toEqual(record);
    // the kept model was disposed with the failed run (nothing is handed out)
    expect(control.fitted.every((f) => f.disposed >= 1)).toBe(true);
  });

  it('finishRun writes the record and its artifacts together or not at all', async () => {
    const db = freshDb();
    const running = { id: asRunId('a3'), status: 'running', history: [] } as unknown as RunRecord;
    await startRun(db, running);
    const artifacts: RunArtifacts = {
      runId: asRunId('a3'), row: Int32Array.of(0, 1), fold: Int32Array.of(0, 0), yTrue: Int32Array.of(0, 1),
      values: Float64Array.of(0.2, 0.8, 0.6, 0.4), width: 2, baseline: Float64Array.of(0.5, 0.5, 0.5, 0.5),
      notes: { 0: (() => 'not cloneable') as unknown as string },
    };
    await expect(finishRun(db, { ...running, status: 'done' }, artifacts)).rejects.toMatchObject({ code: 'storage_failed' });
    expect((await getRun(db, asRunId('a3'))).status).toBe('running');
    expect(await db.runArtifacts.count()).toBe(0);
    await finishRun(db, { ...running, status: 'done' }, { ...artifacts, notes: {} });
    expect(await getRun(db, asRunId('a3'))).toMatchObject({ status: 'done', hasArtifacts: true });
    expect(await db.runArtifacts.count()).toBe(1);
  });

  it('deleteRun deletes the artifacts with the record', async () => {
    const db = freshDb();
    await run(db, 'a4');
    expect(await db.runArtifacts.count()).toBe(1);
    await deleteRun(db, asRunId('a4'));
    expect(await db.runs.count()).toBe(0);
    expect(await db.runArtifacts.count()).toBe(0);
  });

  it('runs recorded before artifacts existed fail with run_artifacts_missing; unknown runs with run_not_found', async () => {
    const db = freshDb();
    await db.runs.put({ id: asRunId('old'), status: 'done', history: [] } as unknown as RunRecord);
    await expect(getRunArtifacts(db, asRunId('old'))).rejects.toMatchObject({
      code: 'run_artifacts_missing',
      message: 'This run was recorded before predictions were kept; re-run it to evaluate it.',
    });
    await expect(getRunArtifacts(db, asRunId('nope'))).rejects.toMatchObject({ code: 'run_not_found' });
    await expect(getRun(db, asRunId('nope'))).rejects.toMatchObject({ code: 'run_not_found' });
    await db.runs.put({ id: asRunId('f'), status: 'failed', history: [] } as unknown as RunRecord);
    await expect(getRunArtifacts(db, asRunId('f'))).rejects.toMatchObject({ code: 'run_not_finished' });
  });

  it('a search and its trials say they keep scores, not predictions (run_is_search), rather than "recorded before"', async () => {
    const db = freshDb();
    await db.runs.put({ id: asRunId('parent'), status: 'done', history: [], search: { trials: [] } } as unknown as RunRecord);
    await db.runs.put({ id: asRunId('trial'), status: 'done', history: [], parentRunId: asRunId('parent') } as unknown as RunRecord);
    for (const id of ['parent', 'trial']) await expect(getRunArtifacts(db, asRunId(id))).rejects.toMatchObject({ code: 'run_is_search' });
  });

  it('row notes are saved, replaced and cleared; decisions saved and cleared', async () => {
    const db = freshDb();
    const { run: record } = await run(db, 'a5');
    const id = asRunId('a5');
    await saveRowNote(db, id, 7, 'mislabelled?');
    await saveRowNote(db, id, 9, 'outlier');
    await saveRowNote(db, id, 7, 'checked: label is right');
    expect((await getRunArtifacts(db, id)).notes).toEqual({ 7: 'checked: label is right', 9: 'outlier' });
    await saveRowNote(db, id, 9, '  ');
    expect((await getRunArtifacts(db, id)).notes).toEqual({ 7: 'checked: label is right' });
    await expect(saveRowNote(db, asRunId('nope'), 1, 'x')).rejects.toMatchObject({ code: 'run_artifacts_missing' });
    const decision = { threshold: 0.35, rule: 'maximises F1 on held-out rows', posLabel: 1 };
    const saved = await saveDecision(db, id, decision);
    expect(saved).toEqual({ ...record, decision });
    expect((await getRun(db, id)).decision).toEqual(decision);
    const cleared = await saveDecision(db, id, {});
    expect(cleared.decision).toBeUndefined();
    expect((await getRun(db, id)).decision).toBeUndefined();
  });

  it('keepModel hands the reported model to the caller', async () => {
    const db = freshDb();
    const { result } = await run(db, 'a6', true);
    expect(result!.model).toBeDefined();
    const p = result!.predictions;
    expect(p.fold.every((f) => f === 0)).toBe(true);
    result!.model!.dispose();
  });
});
