import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { asRunId } from '../../../src/core/ids.ts';
import { setAlias } from '../../../src/core/track/aliases.ts';
import { backupWorkspace } from '../../../src/core/track/backup.ts';
import { BinWriter, decodeValue, encodeValue } from '../../../src/core/track/backup-codec.ts';
import { WORKSPACE_TABLES, type BackupManifest } from '../../../src/core/track/backup-format.ts';
import { openDb } from '../../../src/core/track/db.ts';
import { deepEqual } from '../../../src/core/track/deep-equal.ts';
import { getRegisteredModel, listModelVersions, registerModel } from '../../../src/core/track/registry.ts';
import { restoreWorkspace } from '../../../src/core/track/restore.ts';
import { updateRunMeta } from '../../../src/core/track/run-meta.ts';
import { getRunArtifacts } from '../../../src/core/track/runs.ts';
import { listVersions, saveVersion } from '../../../src/core/track/versions.ts';
import { eraseWorkspace } from '../../../src/core/track/workspace.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { dump, seedRunWithModel, seedWorkspace } from './fixtures.ts';

let dbCount = 0;
const freshDb = () => openDb(`backup-${++dbCount}`);

describe('value encoding', () => {
  it('round-trips every structured-clone value the workspace holds, bit for bit', () => {
    const value = {
      text: 'é\u0000"', n: 1.5, nan: NaN, inf: Infinity, ninf: -Infinity, negZero: -0, big: 12345678901234567890n, t: true, nil: null, undef: undefined,
      list: [1, undefined, NaN, [Float32Array.of(1.5, -0)]],
      $: 'a key that looks like a tag', nested: { $: { $: 'deeper' }, '$bin': 1 },
      when: new Date(1_700_000_000_123), map: new Map<unknown, unknown>([[1, 'a'], ['k', Int32Array.of(-1)]]), set: new Set(['x', 2]),
      i8: Int8Array.of(-128, 127), u8: Uint8Array.of(0, 255), c8: Uint8ClampedArray.of(9), i16: Int16Array.of(-2), u16: Uint16Array.of(65535), i32: Int32Array.of(-7, 2 ** 31 - 1),
      u32: Uint32Array.of(2 ** 32 - 1), f32: Float32Array.of(NaN, 0.1), f64: Float64Array.of(-0, Number.MIN_VALUE, Number.MAX_VALUE), bi64: BigInt64Array.of(-5n), bu64: BigUint64Array.of(2n ** 64n - 1n),
      buffer: Uint8Array.of(1, 2, 3).buffer, view: new Float64Array(new ArrayBuffer(40), 8, 3).fill(2.5), empty: new Float64Array(0),
    };
    const bin = new BinWriter();
    const json = JSON.parse(JSON.stringify(encodeValue(value, bin)));
    const back = decodeValue(json, bin.bytes()) as typeof value;
    expect(deepEqual(back, value)).toBe(true);
    expect(back).toEqual(value);
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(Object.is(back.f64[0], -0)).toBe(true);
    expect(back.view.byteOffset).toBe(0);
    expect(Object.keys(back)).toContain('undef');
    expect(back.list).toHaveLength(4);
  });

  it('refuses values IndexedDB records never hold, naming where', () => {
    expect(() => encodeValue({ a: [{ f: () => 1 }] }, new BinWriter())).toThrow(/\$\.a\[0\]\.f: a function cannot be stored/);
    expect(() => encodeValue({ d: new DataView(new ArrayBuffer(2)) }, new BinWriter())).toThrow(/DataView cannot be stored/);
  });
});

describe('backup -> erase -> restore', () => {
  it('gives back every table exactly, typed arrays included', async () => {
    const db = freshDb();
    await seedWorkspace(db);
    const before = await dump(db);
    for (const t of WORKSPACE_TABLES) expect(before[t]!.length, t).toBeGreaterThan(0);
    const phases: string[] = [];
    const bytes = await backupWorkspace(db, (p) => phases.push(p.phase), { now: () => 1_900_000_000_000, partBytes: 2048 });
    expect(phases).toEqual(expect.arrayContaining(['read', 'encode', 'hash', 'zip']));

    const files = unzipSync(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BackupManifest;
    expect(manifest).toMatchObject({ format: 'benchtop.workspace-backup', formatVersion: 1, app: '0.1.0', schemaVersion: 5, createdAt: 1_900_000_000_000, endianness: 'little' });
    for (const t of WORKSPACE_TABLES) expect(manifest.tables[t].count, t).toBe(before[t]!.length);
    expect(Object.keys(files).sort()).toEqual(['manifest.json', ...manifest.entries.map((e) => e.path)].sort());
    // small parts: the chunks' bytes spread over several parts
    expect(manifest.entries.filter((e) => e.table === 'tableChunks' && e.kind === 'binary').length).toBeGreaterThan(1);

    await eraseWorkspace(db);
    for (const t of WORKSPACE_TABLES) expect(await db.table(t).count(), t).toBe(0);
    const report = await restoreWorkspace(db, bytes);
    expect(report.mode).toBe('merge');
    expect(report.backup).toEqual({ app: '0.1.0', createdAt: 1_900_000_000_000, schemaVersion: 5 });
    for (const t of WORKSPACE_TABLES) expect(report.tables[t], t).toEqual({ added: before[t]!.length, unchanged: 0, conflicts: 0 });
    const after = await dump(db);
    expect(after).toEqual(before);
    expect(deepEqual(after, before)).toBe(true);
    const artifacts = await getRunArtifacts(db, asRunId('run-3'));
    expect(artifacts.values).toBeInstanceOf(Float64Array);
    expect(Object.is(artifacts.values[3], -0)).toBe(true);
    expect(artifacts.values[2]).toBeNaN();
    // the registry keeps working on restored data: numbering continues, the tombstone included
    expect((await getRegisteredModel(db, 'churn')).aliases).toEqual({ champion: 2 });
    expect((await registerModel(db, { runId: asRunId('run-3'), name: 'old' })).version).toBe(2);
  });

  it('restoring the same backup twice gives the same state, in both modes', async () => {
    const db = freshDb();
    await seedWorkspace(db);
    const before = await dump(db);
    const bytes = await backupWorkspace(db);
    const again = await restoreWorkspace(db, bytes);
    for (const t of WORKSPACE_TABLES) expect(again.tables[t], t).toEqual({ added: 0, unchanged: before[t]!.length, conflicts: 0 });
    expect(await dump(db)).toEqual(before);
    await restoreWorkspace(db, bytes, { mode: 'replace' });
    await restoreWorkspace(db, bytes, { mode: 'replace' });
    expect(await dump(db)).toEqual(before);
  });

  it('an empty workspace backs up and restores to an empty workspace', async () => {
    const db = freshDb();
    const bytes = await backupWorkspace(db);
    await seedRunWithModel(db, 'x');
    await restoreWorkspace(db, bytes, { mode: 'replace' });
    for (const t of WORKSPACE_TABLES) expect(await db.table(t).count(), t).toBe(0);
  });
});

describe('restoring into a workspace that has moved on', () => {
  it('merge adds what is missing, keeps the workspace\'s record wherever they differ, and reports each conflict', async () => {
    const home = freshDb();
    await seedWorkspace(home);
    const away = freshDb();
    await restoreWorkspace(away, await backupWorkspace(home));

    // Both sides diverge: the same run annotated differently, churn@3 minted from different
    // runs, the champion moved differently, and a version 3 of the dataset with other data.
    await updateRunMeta(home, asRunId('run-1'), { notes: 'home note' });
    await updateRunMeta(away, asRunId('run-1'), { notes: 'away note' });
    const { v1 } = { v1: (await listVersions(home, 'blobs' as never))[0]! };
    await seedRunWithModel(home, 'home-run', v1, 7);
    await seedRunWithModel(away, 'away-run', v1, 8);
    await registerModel(home, { runId: asRunId('home-run'), name: 'churn' });
    await registerModel(away, { runId: asRunId('away-run'), name: 'churn' });
    await setAlias(away, { name: 'churn', alias: 'champion', version: 3, by: 'away' });
    const other = await fromText(blobsCsv(12, 9), 'blobs.csv');
    for (const [db, rows] of [[home, 10], [away, 11]] as const)
      await saveVersion(db, { dataset: 'blobs' as never, derivation: { kind: 'filter', detail: `first ${rows}` }, table: other.table.slice(0, rows), columns: other.columns, fingerprint: `${rows}`.repeat(32) });
    const awayBefore = await dump(away);

    const report = await restoreWorkspace(away, await backupWorkspace(home));
    const after = await dump(away);
    // nothing the away workspace had was changed or removed, except derived counters
    for (const t of WORKSPACE_TABLES) {
      if (t === 'datasets' || t === 'registeredModels') continue;
      for (const r of awayBefore[t]!) expect(after[t], t).toContainEqual(r);
    }
    expect((await away.runs.get(asRunId('run-1')))!.notes).toBe('away note');
    expect(await away.runs.get(asRunId('home-run'))).toBeDefined();
    expect((await listModelVersions(away, 'churn')).map((v) => [v.version, v.runId])).toEqual([[1, 'run-1'], [2, 'run-2'], [3, 'away-run']]);
    expect(await getRegisteredModel(away, 'churn')).toMatchObject({ aliases: { champion: 3 }, lastVersion: 3 });
    expect(report.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'runs', key: 'run-1' }),
        expect.objectContaining({ table: 'modelVersions', key: 'churn@3' }),
        expect.objectContaining({ table: 'registeredModels', key: 'churn' }),
        expect.objectContaining({ table: 'datasetVersions', reason: expect.stringMatching(/already has a version 3/) }),
        expect.objectContaining({ table: 'tableChunks', reason: 'its dataset version was not restored' }),
      ]),
    );
    // the dataset still counts its own versions: v3 means the away workspace's data
    const versions = await listVersions(away, 'blobs' as never);
    expect(versions.map((v) => [v.number, v.rows])).toEqual([[1, 40], [2, 30], [3, 11]]);
    expect(await away.datasets.get('blobs' as never)).toMatchObject({ versions: 3, lastVersionNumber: 3 });
    // home's alias moves on its churn are not spliced into away's history
    expect(report.tables.aliasEvents.conflicts).toBe(0);
    expect(report.tables.aliasEvents.unchanged).toBe(2);
    expect(report.tables.modelVersions).toEqual({ added: 0, unchanged: 2, conflicts: 1 });

    // merging the same file again changes nothing more
    const second = await restoreWorkspace(away, await backupWorkspace(home));
    expect(await dump(away)).toEqual(after);
    for (const t of WORKSPACE_TABLES) expect(second.tables[t].added, t).toBe(0);
  });

  it('replace makes the workspace exactly the backup', async () => {
    const home = freshDb();
    await seedWorkspace(home);
    const bytes = await backupWorkspace(home);
    const expected = await dump(home);
    const away = freshDb();
    await seedRunWithModel(away, 'only-here');
    const report = await restoreWorkspace(away, bytes, { mode: 'replace' });
    expect(report.mode).toBe('replace');
    expect(await dump(away)).toEqual(expected);
  });

  it('a live model from the backup replaces the workspace\'s tombstone of a deleted one, numbering continuing', async () => {
    const home = freshDb();
    await seedWorkspace(home);
    const bytes = await backupWorkspace(home);
    const away = freshDb();
    await restoreWorkspace(away, bytes);
    const { deleteRegisteredModel } = await import('../../../src/core/track/registry.ts');
    await deleteRegisteredModel(away, 'churn', { force: true });
    await restoreWorkspace(away, bytes);
    expect(await getRegisteredModel(away, 'churn')).toMatchObject({ aliases: { champion: 2 }, lastVersion: 2 });
    expect((await listModelVersions(away, 'churn')).map((v) => v.id)).toEqual(['churn@1', 'churn@2']);
  });
});

describe('eraseWorkspace', () => {
  it('clears every table in one transaction', async () => {
    const db = freshDb();
    await seedWorkspace(db);
    db.cardRevisions.hook('deleting', () => {
      throw new Error('refused');
    });
    await expect(eraseWorkspace(db)).rejects.toMatchObject({ code: 'storage_failed' });
    // nothing was cleared: the failure rolled every table back
    for (const t of WORKSPACE_TABLES) expect(await db.table(t).count(), t).toBeGreaterThan(0);
  });
});
