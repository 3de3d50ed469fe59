import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/core/track/db.ts';
import { onStaleSchema, type StaleSchemaEvent } from '../../../src/core/track/workspace.ts';

/** A newer Benchtop in another tab: the v4 stores plus one more, at schema 5. */
function openNewer(name: string): Dexie {
  const db = new Dexie(name);
  db.version(6).stores({
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
    monitoringRuns: 'id, versionId, modelName, [modelName+createdAt], createdAt',
    deployments: 'id',
  });
  return db;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('onStaleSchema', () => {
  it('an older tab lets a newer one upgrade, is told to reload, and does not reopen the old schema', async () => {
    const old = openDb('stale-1');
    await old.runs.count();
    const events: StaleSchemaEvent[] = [];
    onStaleSchema(old, (e) => events.push(e));
    const newer = openNewer('stale-1');
    await newer.open();
    expect(newer.verno).toBe(6);
    expect(events).toEqual([{ kind: 'outdated', newVersion: 6, error: { code: 'workspace_outdated', message: expect.stringMatching(/Reload this tab/), location: {} } }]);
    expect(old.isOpen()).toBe(false);
    // queries fail plainly instead of reopening schema 5 against schema 6 data
    await expect(old.runs.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' });
    expect(newer.isOpen()).toBe(true);
    newer.close();
  });

  it('a newer tab whose upgrade an old tab holds up is told so, and continues once that tab lets go', async () => {
    const setup = new Dexie('stale-2');
    setup.version(3).stores({ datasets: 'id', runs: 'id, startedAt, status, datasetId, datasetVersionId', runArtifacts: 'runId' });
    await setup.open();
    setup.close();
    // An old Benchtop that predates onStaleSchema: it never closes on request.
    const stubborn = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('stale-2', 30);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    stubborn.onversionchange = null;

    const db = openDb('stale-2');
    const events: StaleSchemaEvent[] = [];
    const stop = onStaleSchema(db, (e) => events.push(e));
    const opening = db.open();
    await until(() => events.length > 0);
    expect(events[0]).toMatchObject({ kind: 'blocked', oldVersion: 3, error: { code: 'workspace_upgrade_blocked' } });
    expect(db.isOpen()).toBe(false);
    stubborn.close();
    await opening;
    expect(db.verno).toBe(5);
    expect(await db.runModels.count()).toBe(0);
    stop();
    db.close();
  });

  it('stops calling back once unsubscribed', async () => {
    const old = openDb('stale-3');
    await old.runs.count();
    const events: StaleSchemaEvent[] = [];
    onStaleSchema(old, (e) => events.push(e))();
    const newer = openNewer('stale-3');
    await newer.open();
    expect(events).toEqual([]);
    newer.close();
    old.close();
  });
});
