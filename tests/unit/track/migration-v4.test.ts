import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { tableToIpc } from '../../../src/core/data/fingerprint.ts';
import { asDatasetId, asRunId } from '../../../src/core/ids.ts';
import { WORKSPACE_TABLES } from '../../../src/core/track/backup-format.ts';
import { openDb, SCHEMA_VERSION, versionIdFor } from '../../../src/core/track/db.ts';
import { registerModel } from '../../../src/core/track/registry.ts';
import { runsInExperiment, updateRunMeta } from '../../../src/core/track/run-meta.ts';
import { getRunArtifacts } from '../../../src/core/track/runs.ts';
import type { DatasetRecord, DatasetVersionRecord, RunArtifacts, RunRecord } from '../../../src/core/track/types.ts';
import { versionTable } from '../../../src/core/track/versions.ts';
import { fingerprintTable } from '../../../src/core/data/fingerprint.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';

/** The stores exactly as each earlier version shipped them (db.ts), to write databases as older Benchtops did. */
const V1 = { datasets: 'id, createdAt, name', tableBytes: 'id', runs: 'id, startedAt, status, datasetId' };
const V2 = {
  datasets: 'id, createdAt, name',
  datasetVersions: 'id, datasetId, [datasetId+number], createdAt',
  tableChunks: '[versionId+index]',
  runs: 'id, startedAt, status, datasetId, datasetVersionId',
};
const V3 = { ...V2, runArtifacts: 'runId' };

function openOld(name: string, version: 1 | 2 | 3): Dexie {
  const db = new Dexie(name);
  db.version(version).stores(version === 1 ? V1 : version === 2 ? V2 : V3);
  return db;
}

const oldRun = (id: string, extra: Partial<RunRecord> = {}): RunRecord => ({
  id: asRunId(id),
  spec: { model: { kind: 'mlp' } } as RunRecord['spec'],
  datasetId: asDatasetId('blobs'),
  datasetName: 'blobs.csv',
  status: 'done',
  startedAt: 7,
  finishedAt: 9,
  seed: 1,
  env: { backend: 'cpu', userAgent: 'test', benchtop: '0.0.9', tfjs: '4.22.0' },
  metrics: { roc_auc: 0.75, log_loss: NaN },
  history: [{ epoch: 1, trainLoss: 0.5, elapsedMs: 3 }],
  ...extra,
});

async function expectV4Schema(db: ReturnType<typeof openDb>) {
  await db.open();
  expect(db.verno).toBe(SCHEMA_VERSION);
  expect(db.tables.map((t) => t.name).sort()).toEqual([...WORKSPACE_TABLES].sort());
  const idb = db.backendDB();
  for (const t of WORKSPACE_TABLES) expect(idb.objectStoreNames.contains(t), t).toBe(true);
  const runs = idb.transaction('runs').objectStore('runs');
  expect(Array.from({ length: runs.indexNames.length }, (_, i) => runs.indexNames.item(i)).sort()).toEqual(['datasetId', 'datasetVersionId', 'experiment', 'parentRunId', 'startedAt', 'status', 'tags']);
  expect(runs.index('tags').multiEntry).toBe(true);
  for (const t of ['runModels', 'registeredModels', 'modelVersions', 'aliasEvents', 'cardRevisions'] as const) expect(await db.table(t).count(), t).toBe(0);
}

/** A dataset with one version as the v2 and v3 apps stored it. */
async function versionedRecords() {
  const ds = await fromText(blobsCsv(30, 4), 'blobs.csv');
  const bytes = tableToIpc(ds.table);
  const versionId = versionIdFor(asDatasetId('blobs'), 1, ds.fingerprint);
  const version: DatasetVersionRecord = {
    id: versionId, datasetId: asDatasetId('blobs'), number: 1, derivation: { kind: 'import', detail: 'Imported blobs.csv' }, fingerprint: ds.fingerprint,
    rows: ds.rows, columns: ds.columns, bytes: bytes.byteLength, chunks: 1, createdAt: 3, source: { name: 'blobs.csv' },
  };
  const dataset: DatasetRecord = {
    id: asDatasetId('blobs'), name: 'blobs.csv', source: 'file', rows: ds.rows, columns: ds.columns, bytes: bytes.byteLength, createdAt: 3,
    currentVersionId: versionId, versions: 1, lastVersionNumber: 1,
  };
  return { ds, bytes, version, dataset };
}

describe('schema migrations to v4', () => {
  it('from v1: datasets become versions, runs join the experiment named after their dataset, v4 tables appear', async () => {
    const ds = await fromText(blobsCsv(40, 2), 'blobs.csv');
    const v1 = openOld('mig4-from-1', 1);
    await v1.table('datasets').put({ id: ds.fingerprint, name: 'blobs.csv', source: 'file', rows: ds.rows, columns: ds.columns, bytes: 1, createdAt: 5 });
    await v1.table('tableBytes').put({ id: ds.fingerprint, bytes: tableToIpc(ds.table) });
    const run = oldRun('r1', { datasetId: asDatasetId(ds.fingerprint) });
    await v1.table('runs').put(run);
    v1.close();

    const db = openDb('mig4-from-1');
    await expectV4Schema(db);
    expect(await db.runs.get(asRunId('r1'))).toEqual({ ...run, experiment: 'blobs.csv' });
    const [version] = await db.datasetVersions.toArray();
    expect(await fingerprintTable(await versionTable(db, version!.id))).toBe(ds.fingerprint);
    expect((await runsInExperiment(db, 'blobs.csv')).map((r) => r.id)).toEqual(['r1']);
    db.close();
  });

  it('from v2: every record intact, runs filed under their dataset name', async () => {
    const { bytes, version, dataset } = await versionedRecords();
    const v2 = openOld('mig4-from-2', 2);
    await v2.table('datasets').put(dataset);
    await v2.table('datasetVersions').put(version);
    await v2.table('tableChunks').put({ versionId: version.id, index: 0, bytes });
    const runs = [oldRun('r1', { datasetVersionId: version.id }), oldRun('r2', { status: 'failed', datasetName: 'other.csv', error: { code: 'cancelled', message: 'x' } })];
    await v2.table('runs').bulkPut(runs);
    v2.close();

    const db = openDb('mig4-from-2');
    await expectV4Schema(db);
    expect(await db.datasets.toArray()).toEqual([dataset]);
    expect(await db.datasetVersions.toArray()).toEqual([version]);
    expect(await db.tableChunks.toArray()).toEqual([{ versionId: version.id, index: 0, bytes }]);
    expect(await db.runs.toArray()).toEqual([{ ...runs[0], experiment: 'blobs.csv' }, { ...runs[1], experiment: 'other.csv' }]);
    // the new index works on migrated records, and they take v4 metadata
    await updateRunMeta(db, asRunId('r2'), { tags: ['old'] });
    expect((await db.runs.where('tags').equals('old').toArray()).map((r) => r.id)).toEqual(['r2']);
    db.close();
  });

  it('from v3: run artifacts keep their typed arrays; runs without a stored model say why they cannot be registered', async () => {
    const { bytes, version, dataset } = await versionedRecords();
    const artifacts: RunArtifacts = {
      runId: asRunId('r1'), row: Int32Array.of(4, 9, 2), fold: Int32Array.of(0, 0, -1), yTrue: Int32Array.of(1, 0, 1),
      values: Float64Array.of(0.1, 0.9, 0.8, 0.2, NaN, -0), width: 2, baseline: Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5), classes: ['no', 'yes'], notes: { 9: 'odd row' },
    };
    const run = oldRun('r1', { datasetVersionId: version.id, hasArtifacts: true, decision: { threshold: 0.4 } as RunRecord['decision'] });
    const v3 = openOld('mig4-from-3', 3);
    await v3.table('datasets').put(dataset);
    await v3.table('datasetVersions').put(version);
    await v3.table('tableChunks').put({ versionId: version.id, index: 0, bytes });
    await v3.table('runs').put(run);
    await v3.table('runArtifacts').put(artifacts);
    v3.close();

    const db = openDb('mig4-from-3');
    await expectV4Schema(db);
    expect(await db.datasets.toArray()).toEqual([dataset]);
    expect(await db.tableChunks.toArray()).toEqual([{ versionId: version.id, index: 0, bytes }]);
    expect(await db.runs.get(asRunId('r1'))).toEqual({ ...run, experiment: 'blobs.csv' });
    const stored = await getRunArtifacts(db, asRunId('r1'));
    expect(stored.values).toBeInstanceOf(Float64Array);
    expect(stored).toEqual(artifacts);
    expect(Object.is(stored.values[5], -0)).toBe(true);
    await expect(registerModel(db, { runId: asRunId('r1'), name: 'old' })).rejects.toMatchObject({
      code: 'run_model_missing',
      message: expect.stringMatching(/recorded before models were kept/),
    });
    db.close();
  });

  it('a fresh database opens straight at v4', async () => {
    const db = openDb('mig4-fresh');
    await expectV4Schema(db);
    db.close();
  });
});
