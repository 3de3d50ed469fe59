import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { fingerprintTable, tableToIpc } from '../../../src/core/data/fingerprint.ts';
import { asDatasetId, asRunId } from '../../../src/core/ids.ts';
import { datasetBytes, listDatasets } from '../../../src/core/track/datasets.ts';
import { openDb } from '../../../src/core/track/db.ts';
import type { RunRecord } from '../../../src/core/track/types.ts';
import { deleteVersion, listVersions, versionTable } from '../../../src/core/track/versions.ts';
import { blobsCsv, fromText, linearCsv } from '../../helpers/datasets.ts';

/** The schema exactly as version 1 shipped it, to write a database the way an older Benchtop did. */
function openV1(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({ datasets: 'id, createdAt, name', tableBytes: 'id', runs: 'id, startedAt, status, datasetId' });
  return db;
}

const legacyRun = (id: string, datasetId: string): RunRecord => ({
  id: asRunId(id),
  spec: {} as RunRecord['spec'],
  datasetId: asDatasetId(datasetId),
  datasetName: 'blobs.csv',
  status: 'done',
  startedAt: 7,
  seed: 0,
  env: { backend: 'cpu', userAgent: 'test', benchtop: 'test', tfjs: 'test' },
  history: [],
});

describe('schema v1 -> v2 migration', () => {
  it('turns every v1 dataset into a dataset with one imported version whose chunks read back identically', async () => {
    const name = 'migrate-1';
    const blobs = await fromText(blobsCsv(120, 1), 'blobs.csv');
    const linear = await fromText(linearCsv(50, 2), 'linear.csv');
    const v1 = openV1(name);
    for (const [ds, createdAt] of [[blobs, 10], [linear, 20]] as const) {
      const bytes = tableToIpc(ds.table);
      await v1.table('datasets').put({ id: ds.fingerprint, name: ds.name, source: 'file', rows: ds.rows, columns: ds.columns, bytes: bytes.byteLength, createdAt });
      await v1.table('tableBytes').put({ id: ds.fingerprint, bytes });
    }
    // metadata whose bytes were lost cannot be read in any version
    await v1.table('datasets').put({ id: 'orphan', name: 'lost.csv', source: 'file', rows: 1, columns: [], bytes: 1, createdAt: 30 });
    await v1.table('runs').put(legacyRun('old-run', blobs.fingerprint));
    v1.close();

    const db = openDb(name);
    const datasets = await listDatasets(db);
    expect(datasets.map((d) => d.id)).toEqual([linear.fingerprint, blobs.fingerprint]);
    for (const ds of [blobs, linear]) {
      const versions = await listVersions(db, asDatasetId(ds.fingerprint));
      expect(versions).toHaveLength(1);
      const v = versions[0]!;
      expect(v).toMatchObject({ number: 1, fingerprint: ds.fingerprint, rows: ds.rows, derivation: { kind: 'import' }, chunks: 1 });
      expect(v.columns).toEqual(ds.columns);
      expect(datasets.find((d) => d.id === ds.fingerprint)).toMatchObject({ currentVersionId: v.id, versions: 1, lastVersionNumber: 1, bytes: v.bytes });
      expect(await fingerprintTable(await versionTable(db, v.id))).toBe(ds.fingerprint);
      expect(await datasetBytes(db, asDatasetId(ds.fingerprint))).toEqual(tableToIpc(ds.table));
    }
    // v4 files the run under an experiment named after its dataset; nothing else changes.
    expect(await db.runs.get(asRunId('old-run'))).toEqual({ ...legacyRun('old-run', blobs.fingerprint), experiment: 'blobs.csv' });
    // the run recorded before versions still protects the data it trained on
    const [blobsVersion] = await listVersions(db, asDatasetId(blobs.fingerprint));
    await expect(deleteVersion(db, blobsVersion!.id)).rejects.toMatchObject({ code: 'version_in_use' });
    db.close();
  });

  it('drops the v1 tableBytes store', async () => {
    const name = 'migrate-2';
    const ds = await fromText(blobsCsv(20, 3), 'blobs.csv');
    const v1 = openV1(name);
    await v1.table('datasets').put({ id: ds.fingerprint, name: ds.name, source: 'sample', rows: ds.rows, columns: ds.columns, bytes: 0, createdAt: 1 });
    await v1.table('tableBytes').put({ id: ds.fingerprint, bytes: tableToIpc(ds.table) });
    v1.close();
    const db = openDb(name);
    await db.open();
    // v3 (run artifacts), v4 (run models, registry) and v5 (monitoring runs) follow v2 in the same open.
    expect(db.verno).toBe(5);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'aliasEvents', 'cardRevisions', 'datasetVersions', 'datasets', 'modelVersions', 'monitoringRuns', 'registeredModels', 'runArtifacts', 'runModels', 'runs', 'tableChunks',
    ]);
    expect(db.backendDB().objectStoreNames.contains('tableBytes')).toBe(false);
    expect(db.backendDB().objectStoreNames.contains('tableChunks')).toBe(true);
    expect(await db.datasets.get(asDatasetId(ds.fingerprint))).toMatchObject({ source: 'sample', versions: 1 });
    db.close();
  });

  it('a fresh database opens straight at the latest version (v5)', async () => {
    const db = openDb('migrate-3');
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.datasets.count()).toBe(0);
    db.close();
  });
});
