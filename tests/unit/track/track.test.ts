import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/core/track/db.ts';
import { datasetBytes, deleteDataset, listDatasets, saveDataset } from '../../../src/core/track/datasets.ts';
import { listRuns, markInterrupted } from '../../../src/core/track/runs.ts';
import { trackedRun } from '../../../src/core/track/tracked-run.ts';
import { asDatasetId, asRunId } from '../../../src/core/ids.ts';
import { CancelSource, neverCancelled } from '../../../src/core/jobs.ts';
import { tableToIpc } from '../../../src/core/data/fingerprint.ts';
import type { NewDatasetRecord } from '../../../src/core/track/types.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

let dbCount = 0;
const freshDb = () => openDb(`test-${++dbCount}`);
const host = { userAgent: 'vitest', benchtop: 'test' };

async function storedDataset() {
  const ds = await fromText(blobsCsv(80, 1), 'blobs.csv');
  const record: NewDatasetRecord = { id: asDatasetId(ds.fingerprint), name: ds.name, source: 'file', rows: ds.rows, columns: ds.columns, bytes: 0, createdAt: 1 };
  return { ds, record, bytes: tableToIpc(ds.table) };
}

describe('datasets repository', () => {
  it('saves metadata and bytes together and deletes both', async () => {
    const db = freshDb();
    const { record, bytes } = await storedDataset();
    await saveDataset(db, record, bytes);
    expect((await listDatasets(db)).map((d) => d.id)).toEqual([record.id]);
    expect(await datasetBytes(db, record.id)).toEqual(bytes);
    await deleteDataset(db, record.id);
    expect(await listDatasets(db)).toEqual([]);
    await expect(datasetBytes(db, record.id)).rejects.toMatchObject({ code: 'dataset_not_found' });
  });

  it('a failed save leaves nothing behind (no bytes without metadata)', async () => {
    const db = freshDb();
    const { record, bytes } = await storedDataset();
    // A function cannot be structured-cloned: the metadata put fails after the bytes put succeeded.
    const broken = { ...record, columns: [{ ...record.columns[0]!, bad: () => 1 }] } as unknown as NewDatasetRecord;
    await expect(saveDataset(db, broken, bytes)).rejects.toMatchObject({ code: 'storage_failed' });
    expect(await db.tableChunks.count()).toBe(0);
    expect(await db.datasetVersions.count()).toBe(0);
    expect(await db.datasets.count()).toBe(0);
  });
});

describe('trackedRun', () => {
  it('records a finished run with spec, seed, environment, metrics and history', async () => {
    const db = freshDb();
    const { ds } = await storedDataset();
    const { run } = await trackedRun(db, ds, { version: 1, target: 'label', model: { kind: 'mlp', epochs: 3, hiddenLayers: [4] }, backend: 'cpu', seed: 9 }, {
      tf: await cpuTf(), runId: asRunId('r1'), cancel: neverCancelled, host,
    });
    const [stored] = await listRuns(db);
    expect(stored).toEqual(run);
    expect(run.status).toBe('done');
    expect(run.seed).toBe(9);
    expect(run.spec.model).toMatchObject({ kind: 'mlp', epochs: 3 });
    expect(run.env).toMatchObject({ backend: 'cpu', userAgent: 'vitest' });
    expect(run.env.tfjs).toMatch(/^\d+\.\d+/);
    expect(run.datasetId).toBe(ds.fingerprint);
    expect(run.history).toHaveLength(3);
    expect(Object.keys(run.metrics!)).toContain('roc_auc');
    expect(Object.keys(run.baselineMetrics!)).toContain('roc_auc');
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records a cancelled run as cancelled, with no metrics', async () => {
    const db = freshDb();
    const { ds } = await storedDataset();
    const cancel = new CancelSource();
    const { run } = await trackedRun(db, ds, { version: 1, target: 'label', model: { kind: 'mlp', epochs: 500 }, backend: 'cpu' }, {
      tf: await cpuTf(), runId: asRunId('r2'), cancel, host,
      onEvent: (e) => e.type === 'epoch' && cancel.cancel(),
    });
    expect(run.status).toBe('cancelled');
    expect(run.metrics).toBeUndefined();
    expect((await listRuns(db))[0]!.status).toBe('cancelled');
  });

  it('records a failed run with its coded error', async () => {
    const db = freshDb();
    const ds = await fromText('a,y\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n8,8\n9,9\n10,10\n');
    const { run } = await trackedRun(db, ds, { version: 1, target: 'y', task: 'multiclass', backend: 'cpu', model: { kind: 'baseline' } }, {
      tf: await cpuTf(), runId: asRunId('r3'), cancel: neverCancelled, host,
    });
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('split_class_too_small');
  });

  it('does not record a run for a spec that does not fit the data', async () => {
    const db = freshDb();
    const { ds } = await storedDataset();
    await expect(trackedRun(db, ds, { version: 1, target: 'nope' }, { tf: await cpuTf(), runId: asRunId('r4'), cancel: neverCancelled, host })).rejects.toMatchObject({ code: 'target_missing' });
    expect(await db.runs.count()).toBe(0);
  });

  it('marks runs left running by a dead session as interrupted, and only those', async () => {
    const db = freshDb();
    const { ds } = await storedDataset();
    const base = (await trackedRun(db, ds, { version: 1, target: 'label', model: { kind: 'baseline' }, backend: 'cpu' }, { tf: await cpuTf(), runId: asRunId('done'), cancel: neverCancelled, host })).run;
    await db.runs.put({ ...base, id: asRunId('orphan'), status: 'running', startedAt: 5 });
    await db.runs.put({ ...base, id: asRunId('live'), status: 'running', startedAt: 6 });
    expect(await markInterrupted(db, (id) => id === 'live')).toBe(1);
    const byId = Object.fromEntries((await listRuns(db)).map((r) => [r.id, r.status]));
    expect(byId).toEqual({ done: 'done', orphan: 'interrupted', live: 'running' });
  });
});

describe('locked final test set', () => {
  it('records the first evaluation and warns on every later one', async () => {
    const db = freshDb();
    const { ds } = await storedDataset();
    const spec = { version: 1 as const, target: 'label', model: { kind: 'baseline' as const }, backend: 'cpu' as const, split: { kind: 'kfold' as const, k: 3, finalTest: 0.25 } };
    const opts = (id: string) => ({ tf: undefined as never, runId: asRunId(id), cancel: neverCancelled, host });
    const tf = await cpuTf();
    const first = (await trackedRun(db, ds, spec, { ...opts('f1'), tf })).run;
    expect(first.finalTest).toMatchObject({ evaluation: 1, rows: 20 });
    expect(first.warnings).toBeUndefined();
    const second = (await trackedRun(db, ds, { ...spec, split: { ...spec.split, k: 4 } }, { ...opts('f2'), tf })).run;
    expect(second.finalTest!.evaluation).toBe(2);
    expect(second.warnings![0]).toMatch(/evaluated 2 times/);
    const otherSeed = (await trackedRun(db, ds, { ...spec, seed: 99 }, { ...opts('f3'), tf })).run;
    expect(otherSeed.finalTest!.evaluation).toBe(1);
  });
});

describe('a cancellation with a reason', () => {
  it('records the run as failed with that reason, in one write', async () => {
    const db = freshDb();
    const { ds } = await storedDataset();
    const cancel = new CancelSource();
    const { benchtopError } = await import('../../../src/core/errors.ts');
    const { run } = await trackedRun(db, ds, { version: 1, target: 'label', model: { kind: 'mlp', epochs: 500 }, backend: 'cpu', training: { sanityChecks: 'off' } }, {
      tf: await cpuTf(), runId: asRunId('lost'), cancel, host,
      onEvent: (e) => e.type === 'epoch' && cancel.cancel(benchtopError('gpu_device_lost', { reason: 'destroyed: test' })),
    });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'gpu_device_lost' });
    expect((await listRuns(db))[0]).toEqual(run);
  });
});
