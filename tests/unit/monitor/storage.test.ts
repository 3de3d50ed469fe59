/**
 * Monitoring runs in storage: schema v5 adds the table to older databases without touching their
 * records; runs are written whole and never overwritten; they travel in workspace backups, and a
 * backup written before v5 (schema 4, no monitoringRuns) still restores.
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { asRunId } from '../../../src/core/ids.ts';
import type { MonitoringRunRecord } from '../../../src/core/monitor/types.ts';
import { backupWorkspace } from '../../../src/core/track/backup.ts';
import type { BackupManifest } from '../../../src/core/track/backup-format.ts';
import { openDb, SCHEMA_VERSION } from '../../../src/core/track/db.ts';
import { deleteMonitoringRun, getMonitoringRun, listMonitoringRuns, newMonitoringRunId, recordMonitoringRun } from '../../../src/core/track/monitoring.ts';
import { restoreWorkspace } from '../../../src/core/track/restore.ts';
import { eraseWorkspace } from '../../../src/core/track/workspace.ts';

/** The stores exactly as schema v4 shipped them (db.ts). */
const V4 = {
  datasets: 'id, createdAt, name',
  datasetVersions: 'id, datasetId, [datasetId+number], createdAt',
  tableChunks: '[versionId+index]',
  runs: 'id, startedAt, status, datasetId, datasetVersionId, experiment, parentRunId, *tags',
  runArtifacts: 'runId',
  runModels: 'runId',
  registeredModels: 'name, createdAt',
  modelVersions: 'id, name, [name+version], runId, createdAt',
  aliasEvents: '++id, name, [name+alias], at',
  cardRevisions: '++id, versionId, [versionId+revision]',
};

const monitoringRun = (id: string, createdAt: number, version = 1, modelName = 'churn'): MonitoringRunRecord => ({
  id,
  versionId: `${modelName}@${version}`,
  modelName,
  version,
  createdAt,
  file: { name: 'batch.csv', bytes: 120, sha256: 'f'.repeat(64) },
  rows: 3,
  warnings: ['Column "x" is distributed differently'],
  predictions: { format: 'csv', name: 'churn-v1-batch.predictions.csv', bytes: 99, sha256: 'a'.repeat(64), columns: ['row', 'prediction', 'model_version'] },
  drift: null,
  performance: null,
  shadow: null,
  backend: 'cpu',
  timings: { read: 1, check: 1, score: 1, drift: 0, performance: 0, shadow: 0, export: 1, total: 4 },
});

describe('schema v5', () => {
  it('adds monitoringRuns to a v4 database and keeps what it held', async () => {
    const old = new Dexie('mon-mig-v4');
    old.version(4).stores(V4);
    const run = { id: 'r1', status: 'done', startedAt: 1, datasetId: 'd', experiment: 'e', tags: ['a'] };
    await old.table('runs').put(run);
    await old.table('registeredModels').put({ name: 'churn', description: '', createdAt: 1, aliases: {}, lastVersion: 0 });
    old.close();

    const db = openDb('mon-mig-v4');
    await db.open();
    expect(SCHEMA_VERSION).toBe(5);
    expect(db.verno).toBe(5);
    expect(db.backendDB().objectStoreNames.contains('monitoringRuns')).toBe(true);
    const store = db.backendDB().transaction('monitoringRuns').objectStore('monitoringRuns');
    expect(Array.from({ length: store.indexNames.length }, (_, i) => store.indexNames.item(i)).sort()).toEqual(['[modelName+createdAt]', 'createdAt', 'modelName', 'versionId']);
    expect(await db.monitoringRuns.count()).toBe(0);
    expect(await db.runs.get(asRunId('r1'))).toEqual(run);
    expect(await db.registeredModels.count()).toBe(1);
    db.close();
  });
});

describe('monitoring runs repository', () => {
  it('lists a model\'s runs newest first, by version on request, never overwrites, deletes one', async () => {
    const db = openDb('mon-repo');
    await recordMonitoringRun(db, monitoringRun('mon-a', 10));
    await recordMonitoringRun(db, monitoringRun('mon-b', 30, 2));
    await recordMonitoringRun(db, monitoringRun('mon-c', 20));
    await recordMonitoringRun(db, monitoringRun('mon-d', 40, 1, 'other'));
    expect((await listMonitoringRuns(db, 'churn')).map((r) => r.id)).toEqual(['mon-b', 'mon-c', 'mon-a']);
    expect((await listMonitoringRuns(db, 'churn', 1)).map((r) => r.id)).toEqual(['mon-c', 'mon-a']);
    expect(await listMonitoringRuns(db, 'nobody')).toEqual([]);
    await expect(recordMonitoringRun(db, { ...monitoringRun('mon-a', 99), rows: 7 })).rejects.toMatchObject({ code: 'monitor_input_invalid' });
    expect((await getMonitoringRun(db, 'mon-a')).rows).toBe(3);
    await deleteMonitoringRun(db, 'mon-a');
    await expect(getMonitoringRun(db, 'mon-a')).rejects.toMatchObject({ code: 'monitoring_run_not_found' });
    expect(await db.monitoringRuns.count()).toBe(3);
    db.close();
  });

  it('makes ids that sort by time', () => {
    const a = newMonitoringRunId(1_000, () => 0.5);
    const b = newMonitoringRunId(2_000_000, () => 0.1);
    expect(a).toMatch(/^mon-[0-9a-z]+-[0-9a-f]{8}$/);
    expect(a).toBe(`mon-0000000rs-88888888`);
    expect(b > a).toBe(true);
  });
});

describe('monitoring runs in workspace backups', () => {
  it('round-trip through backup and restore', async () => {
    const db = openDb('mon-backup');
    const run = monitoringRun('mon-x', 5);
    await recordMonitoringRun(db, run);
    const bytes = await backupWorkspace(db, undefined, { now: () => 7 });
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(bytes)['manifest.json'])) as BackupManifest;
    expect(manifest.schemaVersion).toBe(5);
    expect(manifest.tables.monitoringRuns.count).toBe(1);
    await eraseWorkspace(db);
    const report = await restoreWorkspace(db, bytes);
    expect(report.tables.monitoringRuns).toEqual({ added: 1, unchanged: 0, conflicts: 0 });
    expect(await getMonitoringRun(db, 'mon-x')).toEqual(run);
    db.close();
  });

  it('a schema 4 backup (no monitoringRuns) restores; one that claims the table is refused', async () => {
    const source = openDb('mon-backup-src');
    await source.runs.put({ id: asRunId('r9'), status: 'failed', startedAt: 1, datasetId: 'd', datasetName: 'd.csv', seed: 1, env: { backend: 'cpu' }, history: [], spec: {} } as never);
    const files = unzipSync(await backupWorkspace(source, undefined, { now: () => 7 }));
    source.close();
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BackupManifest & { tables: Record<string, unknown> };
    const asV4 = (m: typeof manifest) => zipSync({ ...files, 'manifest.json': new TextEncoder().encode(JSON.stringify(m)) });
    const { monitoringRuns: _gone, ...v4Tables } = manifest.tables;
    const db = openDb('mon-backup-dst');
    const report = await restoreWorkspace(db, asV4({ ...manifest, schemaVersion: 4, tables: v4Tables } as typeof manifest));
    expect(report.backup.schemaVersion).toBe(4);
    expect(report.tables.runs.added).toBe(1);
    expect(report.tables.monitoringRuns).toEqual({ added: 0, unchanged: 0, conflicts: 0 });
    await expect(restoreWorkspace(db, asV4({ ...manifest, schemaVersion: 4 }))).rejects.toMatchObject({ code: 'backup_invalid', message: expect.stringMatching(/schema 4 has no table "monitoringRuns"/) });
    await expect(restoreWorkspace(db, asV4({ ...manifest, schemaVersion: 3 }))).rejects.toMatchObject({ code: 'backup_invalid', message: expect.stringMatching(/restores schemas 4 to 5/) });
    db.close();
  });
});
