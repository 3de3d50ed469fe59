import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprintTable, ipcToTable, tableToIpc } from '../../../src/core/data/fingerprint.ts';
import type { Dataset } from '../../../src/core/data/types.ts';
import { asDatasetId, asRunId, type DatasetId } from '../../../src/core/ids.ts';
import { datasetBytes, getDataset, saveDataset } from '../../../src/core/track/datasets.ts';
import { openDb, type BenchtopDb } from '../../../src/core/track/db.ts';
import type { DatasetVersionId, Derivation, RunRecord } from '../../../src/core/track/types.ts';
import {
  compareVersions,
  deleteVersion,
  getVersion,
  listVersions,
  saveVersion,
  setCurrentVersion,
  versionBytes,
  versionTable,
} from '../../../src/core/track/versions.ts';
import { createRng } from '../../../src/core/random.ts';
import { fromText } from '../../helpers/datasets.ts';

let dbCount = 0;
const freshDb = () => openDb(`versions-${++dbCount}`);

/** Every stored kind with missing cells scattered at offsets that do not align with bytes. */
function mixedCsv(n: number, seed: number, shift = 0): string {
  const rng = createRng(seed);
  const lines = ['x,flag,day,colour,note'];
  for (let i = 0; i < n; i++) {
    const x = i % 7 === 3 ? '' : (rng.normal() + shift).toFixed(3);
    const flag = i % 5 === 1 ? '' : rng.next() < 0.5 ? 'true' : 'false';
    const day = i % 4 === 2 ? '' : `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const colour = i % 6 === 5 ? '' : ['red', 'green', 'blue', 'grün'][rng.int(4)]!;
    lines.push(`${x},${flag},${day},${colour},note ${i} ${'é'.repeat(i % 3)}`);
  }
  return lines.join('\n');
}

const importDerivation: Derivation = { kind: 'import', detail: 'Imported mixed.csv' };

async function save(db: BenchtopDb, ds: Dataset, extra: Partial<Parameters<typeof saveVersion>[1]> = {}) {
  return saveVersion(db, {
    dataset: { id: asDatasetId('ds-1'), name: 'mixed.csv', source: 'file' },
    derivation: importDerivation,
    table: ds.table,
    columns: ds.columns,
    fingerprint: ds.fingerprint,
    ...extra,
  } as Parameters<typeof saveVersion>[1]);
}

function run(id: string, datasetId: string, versionId?: DatasetVersionId): RunRecord {
  return {
    id: asRunId(id),
    spec: {} as RunRecord['spec'],
    datasetId: asDatasetId(datasetId),
    ...(versionId ? { datasetVersionId: versionId } : {}),
    datasetName: 'mixed.csv',
    status: 'done',
    startedAt: 1,
    seed: 0,
    env: { backend: 'cpu', userAgent: 'test', benchtop: 'test', tfjs: 'test' },
    history: [],
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('chunked table storage', () => {
  it('splits into record-batch chunks and reads back a table with the same fingerprint', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(101, 1), 'mixed.csv');
    const { version } = await save(db, ds, { chunkRows: 13 });
    expect(version.chunks).toBe(8);
    expect(await db.tableChunks.count()).toBe(8);
    const back = await versionTable(db, version.id);
    expect(back.batches).toHaveLength(1);
    expect(back.numRows).toBe(101);
    expect(await fingerprintTable(back)).toBe(ds.fingerprint);
    expect(back.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get('benchtop:kind')])).toEqual(
      ds.table.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get('benchtop:kind')]),
    );
    expect(tableToIpc(back)).toEqual(tableToIpc(ds.table));
    expect(await fingerprintTable(ipcToTable(await versionBytes(db, version.id)))).toBe(ds.fingerprint);
  });

  it('sizes chunks by bytes', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(3000, 2), 'mixed.csv');
    const whole = tableToIpc(ds.table).byteLength;
    const { version } = await save(db, ds, { chunkBytes: 16 * 1024 });
    const sizes = (await db.tableChunks.toArray()).map((c) => c.bytes.byteLength);
    expect(sizes.length).toBe(version.chunks);
    expect(sizes.length).toBeGreaterThanOrEqual(Math.floor(whole / (16 * 1024)));
    for (const s of sizes) expect(s).toBeLessThan(24 * 1024);
    expect(version.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(await fingerprintTable(await versionTable(db, version.id))).toBe(ds.fingerprint);
  });

  it('a small table is one chunk whose bytes are the IPC stream', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(50, 3), 'mixed.csv');
    const { version } = await save(db, ds);
    expect(version.chunks).toBe(1);
    expect(await versionBytes(db, version.id)).toEqual(tableToIpc(ds.table));
  });
});

describe('saveVersion', () => {
  it('creates the dataset with version 1, then derives numbered versions that become current', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(60, 4), 'mixed.csv');
    const first = await save(db, ds, { now: () => 100, source: { name: 'mixed.csv', encoding: 'utf-8' } });
    expect(first.created).toBe(true);
    expect(first.version).toMatchObject({ number: 1, derivation: importDerivation, rows: 60, createdAt: 100, source: { name: 'mixed.csv', encoding: 'utf-8' } });
    expect(first.version.parentId).toBeUndefined();
    expect(first.dataset).toMatchObject({ id: 'ds-1', name: 'mixed.csv', createdAt: 100, versions: 1, lastVersionNumber: 1, currentVersionId: first.version.id, rows: 60 });

    const filtered = await fromText(mixedCsv(60, 4).split('\n').slice(0, 41).join('\n'), 'mixed.csv');
    const second = await save(db, filtered, {
      dataset: asDatasetId('ds-1'),
      parentId: first.version.id,
      derivation: { kind: 'filter', detail: 'Kept the first 40 rows', params: { limit: 40 } },
      now: () => 200,
    });
    expect(second.version).toMatchObject({ number: 2, parentId: first.version.id, rows: 40 });
    expect(second.dataset).toMatchObject({ versions: 2, lastVersionNumber: 2, currentVersionId: second.version.id, rows: 40, createdAt: 100 });
    expect((await listVersions(db, asDatasetId('ds-1'))).map((v) => v.number)).toEqual([1, 2]);
    expect(await getDataset(db, asDatasetId('ds-1'))).toEqual(second.dataset);
  });

  it('stores the same contents once: saving them again returns the existing version and makes it current', async () => {
    const db = freshDb();
    const a = await fromText(mixedCsv(30, 5), 'mixed.csv');
    const b = await fromText(mixedCsv(30, 6), 'mixed.csv');
    const v1 = (await save(db, a)).version;
    await save(db, b, { dataset: asDatasetId('ds-1'), parentId: v1.id, derivation: { kind: 'type-override', detail: 'x as text' } });
    const again = await save(db, a, { dataset: asDatasetId('ds-1') });
    expect(again.created).toBe(false);
    expect(again.version.id).toBe(v1.id);
    expect(again.dataset).toMatchObject({ versions: 2, currentVersionId: v1.id });
    expect(await db.datasetVersions.count()).toBe(2);
  });

  it('refuses an unknown dataset or a parent from elsewhere', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(20, 7), 'mixed.csv');
    await expect(save(db, ds, { dataset: asDatasetId('nope') })).rejects.toMatchObject({ code: 'dataset_not_found' });
    await expect(save(db, ds, { parentId: 'ghost' as DatasetVersionId })).rejects.toMatchObject({ code: 'version_not_found' });
    expect(await db.datasets.count()).toBe(0);
  });

  it('a failure mid-write leaves nothing behind: no chunks, no version, no dataset change', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(100, 8), 'mixed.csv');
    const v1 = await save(db, ds, { chunkRows: 10 });
    const other = await fromText(mixedCsv(100, 9), 'mixed.csv');
    let written = 0;
    db.tableChunks.hook('creating', () => {
      if (++written === 3) throw new Error('tab closed');
    });
    await expect(save(db, other, { dataset: asDatasetId('ds-1'), chunkRows: 10 })).rejects.toMatchObject({ code: 'storage_failed' });
    expect(written).toBe(3);
    expect(await db.tableChunks.count()).toBe(10);
    expect(await db.datasetVersions.count()).toBe(1);
    expect(await getDataset(db, asDatasetId('ds-1'))).toEqual(v1.dataset);
    expect(await fingerprintTable(await versionTable(db, v1.version.id))).toBe(ds.fingerprint);

    const fresh = freshDb();
    fresh.tableChunks.hook('creating', () => {
      throw new Error('abort');
    });
    await expect(save(fresh, ds)).rejects.toMatchObject({ code: 'storage_failed' });
    expect([await fresh.tableChunks.count(), await fresh.datasetVersions.count(), await fresh.datasets.count()]).toEqual([0, 0, 0]);
  });

  it('a full disk is storage_quota_exceeded with what was needed and what is free', async () => {
    const db = freshDb();
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 99 * 1024 * 1024, quota: 100 * 1024 * 1024 }) } });
    db.tableChunks.hook('creating', () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    const ds = await fromText(mixedCsv(40, 10), 'mixed.csv');
    const err = await save(db, ds).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'storage_quota_exceeded' });
    expect((err as Error).message).toMatch(/this save needed 0\.\d MB; 1\.0 MB of 100 MB is free/);
    expect(await db.datasets.count()).toBe(0);
  });
});

describe('current version and deletion', () => {
  async function twoVersions() {
    const db = freshDb();
    const a = await fromText(mixedCsv(30, 11), 'mixed.csv');
    const b = await fromText(mixedCsv(20, 12), 'mixed.csv');
    const v1 = (await save(db, a)).version;
    const v2 = (await save(db, b, { dataset: asDatasetId('ds-1'), parentId: v1.id, derivation: { kind: 'pii-scrub', detail: 'Masked e-mails' } })).version;
    return { db, a, b, v1, v2, id: asDatasetId('ds-1') as DatasetId };
  }

  it('setCurrentVersion switches what datasetBytes reads and mirrors rows and columns', async () => {
    const { db, a, v1, id } = await twoVersions();
    const updated = await setCurrentVersion(db, id, v1.id);
    expect(updated).toMatchObject({ currentVersionId: v1.id, rows: 30 });
    expect(await fingerprintTable(ipcToTable(await datasetBytes(db, id)))).toBe(a.fingerprint);
    await expect(setCurrentVersion(db, id, 'other/v1/x' as DatasetVersionId)).rejects.toMatchObject({ code: 'version_not_found' });
    await expect(getVersion(db, 'other/v1/x' as DatasetVersionId)).rejects.toMatchObject({ code: 'version_not_found' });
  });

  it('refuses to delete a version runs used, naming them; force deletes and reports the orphans', async () => {
    const { db, v2 } = await twoVersions();
    await db.runs.bulkPut([run('r-new', 'ds-1', v2.id), run('r-legacy', v2.fingerprint), run('r-other', 'ds-9')]);
    const err = await deleteVersion(db, v2.id).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'version_in_use' });
    expect((err as Error).message).toMatch(/Version 2 of "mixed.csv" is used by 2 runs \(r-new, r-legacy\)/);
    expect(await db.datasetVersions.count()).toBe(2);
    const done = await deleteVersion(db, v2.id, { force: true });
    expect(done.orphanedRuns.sort()).toEqual(['r-legacy', 'r-new']);
    expect(await db.runs.count()).toBe(3);
  });

  it('a legacy run naming only the dataset protects its single version', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(15, 13), 'mixed.csv');
    const { version } = await save(db, ds);
    await db.runs.put(run('r-old', 'ds-1'));
    await expect(deleteVersion(db, version.id)).rejects.toMatchObject({ code: 'version_in_use' });
  });

  it('deleting the current version makes the newest other one current; deleting the last deletes the dataset', async () => {
    const { db, v1, v2, id } = await twoVersions();
    const after = await deleteVersion(db, v2.id);
    expect(after.dataset).toMatchObject({ currentVersionId: v1.id, versions: 1, lastVersionNumber: 2, rows: 30 });
    expect(await db.tableChunks.where('[versionId+index]').between([v2.id, 0], [v2.id, Infinity]).count()).toBe(0);
    const b = await fromText(mixedCsv(10, 14), 'mixed.csv');
    const v3 = (await save(db, b, { dataset: id })).version;
    expect(v3.number).toBe(3);
    await deleteVersion(db, v3.id);
    const last = await deleteVersion(db, v1.id);
    expect(last.dataset).toBeUndefined();
    expect([await db.datasets.count(), await db.datasetVersions.count(), await db.tableChunks.count()]).toEqual([0, 0, 0]);
  });
});

describe('compareVersions', () => {
  it('reports added, removed, renamed and retyped columns, row counts and per-column shift', async () => {
    const db = freshDb();
    const before = await fromText(mixedCsv(300, 15), 'mixed.csv');
    const v1 = (await save(db, before)).version;
    // b: x shifted by 2, flag read as text (kind change), note renamed to remark, colour dropped, id added
    const rows = mixedCsv(300, 15, 2).split('\n').map((line, i) => {
      const [x, flag, day, , note] = line.split(',');
      return i === 0 ? 'x,flag,day,remark,id' : `${x},${flag === '' ? '' : `"${flag}!"`},${day},${note},${i}`;
    });
    // the shifted x keeps the same note values: a rename the values prove
    const after = await fromText(rows.join('\n'), 'mixed.csv');
    const v2 = (await save(db, after, { dataset: asDatasetId('ds-1'), parentId: v1.id, derivation: { kind: 'filter', detail: 'several edits' } })).version;
    const diff = await compareVersions(db, v1.id, v2.id);
    expect(diff.schema.added).toEqual(['id']);
    expect(diff.schema.removed).toEqual(['colour']);
    expect(diff.schema.renamed).toEqual([{ from: 'note', to: 'remark' }]);
    expect(diff.schema.kindChanged).toEqual([{ column: 'flag', from: 'boolean', to: expect.stringMatching(/categorical|text/) }]);
    expect(diff.rows).toEqual({ a: 300, b: 300 });
    const x = diff.columns.find((c) => c.column === 'x')!;
    if (x.kind !== 'numeric') throw new Error(x.kind);
    expect(x.ks.pValue).toBeLessThan(1e-20);
    expect(x.effect.reading).toBe('large');
    expect(diff.columns.find((c) => c.column === 'day')).toMatchObject({ kind: 'numeric', effect: { reading: 'negligible' } });
  });

  it('takes renames from a rename-columns derivation even when values changed', async () => {
    const db = freshDb();
    const a = await fromText('a,b\n1,x\n2,y\n3,z\n', 'r.csv');
    const b = await fromText('alpha,b\n1,x\n2,y\n4,z\n', 'r.csv');
    const v1 = (await save(db, a)).version;
    const v2 = (await save(db, b, { dataset: asDatasetId('ds-1'), derivation: { kind: 'rename-columns', detail: 'a -> alpha', params: { renames: [{ from: 'a', to: 'alpha' }] } } })).version;
    const diff = await compareVersions(db, v1.id, v2.id);
    expect(diff.schema).toEqual({ added: [], removed: [], kindChanged: [], renamed: [{ from: 'a', to: 'alpha' }] });
    expect(diff.columns.map((c) => c.column)).toEqual(['b']);
  });
});

describe('datasets repository on versions', () => {
  it('saveDataset returns the stored record with its version, and re-importing stores nothing new', async () => {
    const db = freshDb();
    const ds = await fromText(mixedCsv(25, 16), 'mixed.csv');
    const record = { id: asDatasetId(ds.fingerprint), name: 'mixed.csv', source: 'file' as const, rows: ds.rows, columns: ds.columns, bytes: 0, createdAt: 5 };
    const saved = await saveDataset(db, record, tableToIpc(ds.table));
    expect(saved).toMatchObject({ id: ds.fingerprint, versions: 1, createdAt: 5 });
    expect((await getVersion(db, saved.currentVersionId)).fingerprint).toBe(ds.fingerprint);
    const again = await saveDataset(db, { ...record, name: 'renamed.csv' }, tableToIpc(ds.table));
    expect(again).toMatchObject({ versions: 1, name: 'renamed.csv', currentVersionId: saved.currentVersionId });
  });
});

describe('chunk joining for other Arrow types', () => {
  it('joins Int32 and Float32 exactly and keeps types it cannot join (dictionary) as separate batches', async () => {
    const { tableFromArrays } = await import('apache-arrow');
    const { chunksToTable, tableToChunks } = await import('../../../src/core/track/table-chunks.ts');
    const n = 50;
    const table = tableFromArrays({
      i: Int32Array.from({ length: n }, (_, k) => k * 3 - 20),
      f: Float32Array.from({ length: n }, (_, k) => k / 8),
      d: Array.from({ length: n }, (_, k) => ['lo', 'mid', 'hi'][k % 3]!),
    });
    const chunks = tableToChunks(table, { chunkRows: 9 });
    expect(chunks).toHaveLength(6);
    const back = chunksToTable(chunks);
    expect(back.batches.length).toBeGreaterThan(1);
    expect(back.numRows).toBe(n);
    for (let k = 0; k < n; k++) expect(back.get(k)!.toJSON()).toEqual(table.get(k)!.toJSON());
    const numeric = chunksToTable(tableToChunks(table.select(['i', 'f']), { chunkRows: 9 }));
    expect(numeric.batches).toHaveLength(1);
    expect(await fingerprintTable(numeric)).toBe(await fingerprintTable(table.select(['i', 'f'])));
  });
});
