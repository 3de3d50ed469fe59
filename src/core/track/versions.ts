/**
 * Dataset versions: every change to a dataset's data (a type override, a PII scrub, a filter,
 * renamed columns) is a new immutable version derived from a parent, so a run can name exactly
 * the data it trained on. A version's table is stored as chunks (table-chunks.ts); the chunks,
 * the version record and the dataset record are written in one transaction.
 */
import { Dexie } from 'dexie';
import type { Table } from 'apache-arrow';
import { labelValues } from '../data/columns.ts';
import { ipcToTable, tableToIpc } from '../data/fingerprint.ts';
import type { ColumnInfo, ColumnKind } from '../data/types.ts';
import { benchtopError, isBenchtopError } from '../errors.ts';
import type { DatasetId, RunId } from '../ids.ts';
import { throwIfCancelled, type CancelToken } from '../jobs.ts';
import type { DataContract } from '../validate/contract/types.ts';
import { columnShift, type ColumnShift } from '../validate/shift/column-shift.ts';
import { versionIdFor, type BenchtopDb } from './db.ts';
import { storageStatus } from './storage.ts';
import { isQuotaError, storageError } from './storage-error.ts';
import { chunksToTable, tableToChunks, type ChunkOptions } from './table-chunks.ts';
import type { DatasetRecord, DatasetVersionId, DatasetVersionRecord, Derivation, RunRecord } from './types.ts';

/** Fields of a dataset that does not exist yet (or whose name and source a re-import refreshes). */
export interface NewDataset {
  id: DatasetId;
  name: string;
  source: DatasetRecord['source'];
  createdAt?: number;
}

export type SaveVersionInput = {
  /** An existing dataset's id, or the fields of a dataset to create (or update, if the id exists). */
  dataset: DatasetId | NewDataset;
  parentId?: DatasetVersionId;
  derivation: Derivation;
  columns: ColumnInfo[];
  /** SHA-256 of the table's canonical IPC bytes (fingerprintTable). */
  fingerprint: string;
  source?: DatasetVersionRecord['source'];
  contract?: DataContract;
  /** Make the saved version the dataset's current one (default true). */
  makeCurrent?: boolean;
  now?: () => number;
} & ({ table: Table; ipc?: undefined } | { ipc: Uint8Array; table?: undefined }) &
  ChunkOptions;

export interface SavedVersion {
  dataset: DatasetRecord;
  version: DatasetVersionRecord;
  /** false when the dataset already had a version with these exact contents: that one is returned, nothing new is stored. */
  created: boolean;
}

const mirror = (v: DatasetVersionRecord): Pick<DatasetRecord, 'rows' | 'columns' | 'bytes' | 'currentVersionId'> => ({
  rows: v.rows,
  columns: v.columns,
  bytes: v.bytes,
  currentVersionId: v.id,
});

export async function saveVersion(db: BenchtopDb, input: SaveVersionInput): Promise<SavedVersion> {
  const table = input.table ?? ipcToTable(input.ipc!);
  // Encoding happens before the transaction: IndexedDB commits a transaction that waits on anything else.
  const chunks = tableToChunks(table, input);
  const size = chunks.reduce((s, c) => s + c.byteLength, 0);
  const now = input.now ?? Date.now;
  const datasetId = typeof input.dataset === 'string' ? input.dataset : input.dataset.id;
  try {
    return await db.transaction('rw', db.datasets, db.datasetVersions, db.tableChunks, async (): Promise<SavedVersion> => {
      const existing = await db.datasets.get(datasetId);
      if (!existing && typeof input.dataset === 'string') throw benchtopError('dataset_not_found', { id: datasetId });
      if (input.parentId) {
        const parent = await db.datasetVersions.get(input.parentId);
        if (!parent || parent.datasetId !== datasetId) throw benchtopError('version_not_found', { id: input.parentId });
      }
      const refreshed = typeof input.dataset === 'string' ? {} : { name: input.dataset.name, source: input.dataset.source };
      const makeCurrent = input.makeCurrent ?? true;
      const same = existing
        ? await db.datasetVersions.where('datasetId').equals(datasetId).filter((v) => v.fingerprint === input.fingerprint).first()
        : undefined;
      if (existing && same) {
        const dataset: DatasetRecord = { ...existing, ...refreshed, ...(makeCurrent ? mirror(same) : {}) };
        await db.datasets.put(dataset);
        return { dataset, version: same, created: false };
      }
      const number = (existing?.lastVersionNumber ?? 0) + 1;
      const version: DatasetVersionRecord = {
        id: versionIdFor(datasetId, number, input.fingerprint),
        datasetId,
        number,
        ...(input.parentId ? { parentId: input.parentId } : {}),
        derivation: input.derivation,
        fingerprint: input.fingerprint,
        rows: table.numRows,
        columns: input.columns,
        bytes: size,
        chunks: chunks.length,
        createdAt: now(),
        ...(input.source ? { source: input.source } : {}),
        ...(input.contract ? { contract: input.contract } : {}),
      };
      await db.tableChunks.bulkPut(chunks.map((bytes, index) => ({ versionId: version.id, index, bytes })));
      await db.datasetVersions.add(version);
      const dataset: DatasetRecord = existing
        ? { ...existing, ...refreshed, ...(makeCurrent ? mirror(version) : {}), versions: existing.versions + 1, lastVersionNumber: number }
        : {
            id: datasetId,
            name: (input.dataset as NewDataset).name,
            source: (input.dataset as NewDataset).source,
            createdAt: (input.dataset as NewDataset).createdAt ?? version.createdAt,
            ...mirror(version),
            versions: 1,
            lastVersionNumber: number,
          };
      await db.datasets.put(dataset);
      return { dataset, version, created: true };
    });
  } catch (e) {
    if (isBenchtopError(e)) throw e;
    if (isQuotaError(e)) {
      const { usage, quota } = await storageStatus().catch(() => ({ usage: undefined, quota: undefined }));
      throw storageError(e, { needed: size, ...(usage !== undefined ? { usage } : {}), ...(quota !== undefined ? { quota } : {}) });
    }
    throw storageError(e);
  }
}

/** A dataset's versions, oldest first. */
export async function listVersions(db: BenchtopDb, datasetId: DatasetId): Promise<DatasetVersionRecord[]> {
  return db.datasetVersions.where('[datasetId+number]').between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey]).toArray();
}

export async function getVersion(db: BenchtopDb, versionId: DatasetVersionId): Promise<DatasetVersionRecord> {
  const v = await db.datasetVersions.get(versionId);
  if (!v) throw benchtopError('version_not_found', { id: versionId });
  return v;
}

const chunkRange = (db: BenchtopDb, versionId: DatasetVersionId) =>
  db.tableChunks.where('[versionId+index]').between([versionId, Dexie.minKey], [versionId, Dexie.maxKey]);

async function versionChunks(db: BenchtopDb, versionId: DatasetVersionId): Promise<Uint8Array[]> {
  const version = await getVersion(db, versionId);
  const chunks = await chunkRange(db, versionId).toArray();
  if (chunks.length !== version.chunks || chunks.some((c, i) => c.index !== i))
    throw benchtopError('storage_failed', { reason: `version ${versionId} has ${chunks.length} of its ${version.chunks} chunks; the stored data is damaged, import the file again` });
  return chunks.map((c) => c.bytes);
}

/** The version's table, joined back into one record batch (same fingerprint as when saved). */
export async function versionTable(db: BenchtopDb, versionId: DatasetVersionId): Promise<Table> {
  return chunksToTable(await versionChunks(db, versionId));
}

/** The version's table as one Arrow IPC stream, as tables cross to the UI. */
export async function versionBytes(db: BenchtopDb, versionId: DatasetVersionId): Promise<Uint8Array> {
  const chunks = await versionChunks(db, versionId);
  return chunks.length === 1 ? chunks[0]! : tableToIpc(chunksToTable(chunks));
}

export async function setCurrentVersion(db: BenchtopDb, datasetId: DatasetId, versionId: DatasetVersionId): Promise<DatasetRecord> {
  return db.transaction('rw', db.datasets, db.datasetVersions, async () => {
    const dataset = await db.datasets.get(datasetId);
    if (!dataset) throw benchtopError('dataset_not_found', { id: datasetId });
    const version = await db.datasetVersions.get(versionId);
    if (!version || version.datasetId !== datasetId) throw benchtopError('version_not_found', { id: versionId });
    const updated = { ...dataset, ...mirror(version) };
    await db.datasets.put(updated);
    return updated;
  });
}

/**
 * Runs that trained on `version`: those naming it, and runs recorded before versions existed
 * (no datasetVersionId) whose datasetId is the version's fingerprint (what trackedRun wrote)
 * or is the dataset's id while it has this one version only.
 */
export async function runsUsingVersion(db: BenchtopDb, version: DatasetVersionRecord): Promise<RunRecord[]> {
  const dataset = await db.datasets.get(version.datasetId);
  const only = (dataset?.versions ?? 1) <= 1;
  const named = await db.runs.where('datasetVersionId').equals(version.id).toArray();
  const legacyKeys = [version.fingerprint, ...(only ? [version.datasetId] : [])];
  const legacy = (await db.runs.where('datasetId').anyOf(legacyKeys).toArray()).filter((r) => r.datasetVersionId === undefined);
  const byId = new Map<RunId, RunRecord>();
  for (const r of [...named, ...legacy]) byId.set(r.id, r);
  return [...byId.values()];
}

export interface DeletedVersion {
  /** The dataset after the deletion; absent when its last version went and the dataset with it. */
  dataset?: DatasetRecord;
  /** Runs that named the version and now point at deleted data (only with force). */
  orphanedRuns: RunId[];
}

/**
 * Deletes a version and its chunks. Refuses (version_in_use, naming the runs) while runs used
 * it, unless `force`: the runs stay, without their data. Deleting the current version makes
 * the newest remaining one current; deleting the last one deletes the dataset. Versions derived
 * from it keep their parentId (lineage records what happened, not what is left).
 */
export async function deleteVersion(db: BenchtopDb, versionId: DatasetVersionId, opts: { force?: boolean } = {}): Promise<DeletedVersion> {
  try {
    return await db.transaction('rw', [db.datasets, db.datasetVersions, db.tableChunks, db.runs], async (): Promise<DeletedVersion> => {
      const version = await getVersion(db, versionId);
      const dataset = await db.datasets.get(version.datasetId);
      const runs = await runsUsingVersion(db, version);
      if (runs.length > 0 && !opts.force) {
        const names = runs.slice(0, 5).map((r) => r.id).join(', ') + (runs.length > 5 ? `, and ${runs.length - 5} more` : '');
        throw benchtopError('version_in_use', { version: version.number, dataset: dataset?.name ?? version.datasetId, count: runs.length, runs: names });
      }
      await chunkRange(db, versionId).delete();
      await db.datasetVersions.delete(versionId);
      const orphanedRuns = runs.map((r) => r.id);
      if (!dataset) return { orphanedRuns };
      const rest = await listVersions(db, dataset.id);
      if (rest.length === 0) {
        await db.datasets.delete(dataset.id);
        return { orphanedRuns };
      }
      const current = dataset.currentVersionId === versionId ? rest[rest.length - 1]! : rest.find((v) => v.id === dataset.currentVersionId)!;
      const updated: DatasetRecord = { ...dataset, ...mirror(current), versions: rest.length };
      await db.datasets.put(updated);
      return { dataset: updated, orphanedRuns };
    });
  } catch (e) {
    throw isBenchtopError(e) ? e : storageError(e);
  }
}

/** Deletes a dataset, every version and every chunk, in one transaction. Runs are kept: they carry the dataset's name and their spec. */
export async function deleteDatasetVersions(db: BenchtopDb, datasetId: DatasetId): Promise<void> {
  try {
    await db.transaction('rw', db.datasets, db.datasetVersions, db.tableChunks, async () => {
      for (const v of await db.datasetVersions.where('datasetId').equals(datasetId).toArray()) await chunkRange(db, v.id).delete();
      await db.datasetVersions.where('datasetId').equals(datasetId).delete();
      await db.datasets.delete(datasetId);
    });
  } catch (e) {
    throw storageError(e);
  }
}

export interface SchemaDiff {
  /** Columns only in b. */
  added: string[];
  /** Columns only in a. */
  removed: string[];
  /** Columns in both whose kind differs. */
  kindChanged: { column: string; from: ColumnKind; to: ColumnKind }[];
  /** Columns a renamed in b: from b's 'rename-columns' derivation, or a removed and an added column holding identical values. */
  renamed: { from: string; to: string }[];
}

export interface VersionComparison {
  a: DatasetVersionId;
  b: DatasetVersionId;
  schema: SchemaDiff;
  rows: { a: number; b: number };
  /** Per column in both with the same kind: how its distribution moved from a to b. */
  columns: ColumnShift[];
}

/** Renames a 'rename-columns' derivation recorded as params.renames = [{ from, to }, ...]. */
function recordedRenames(v: DatasetVersionRecord): { from: string; to: string }[] {
  const renames = v.derivation.kind === 'rename-columns' ? v.derivation.params?.renames : undefined;
  if (!Array.isArray(renames)) return [];
  return renames.flatMap((r) =>
    r && typeof r === 'object' && !Array.isArray(r) && typeof r.from === 'string' && typeof r.to === 'string' ? [{ from: r.from, to: r.to }] : [],
  );
}

function sameValues(a: Table, from: string, b: Table, to: string): boolean {
  if (a.numRows !== b.numRows) return false;
  const x = labelValues(a, from);
  const y = labelValues(b, to);
  return x.every((v, i) => v === y[i]);
}

/** What changed from version a to version b: schema, row counts, and each shared column's distribution. */
export async function compareVersions(
  db: BenchtopDb,
  a: DatasetVersionId,
  b: DatasetVersionId,
  opts: { cancel?: CancelToken } = {},
): Promise<VersionComparison> {
  const [va, vb] = await Promise.all([getVersion(db, a), getVersion(db, b)]);
  const [ta, tb] = await Promise.all([versionTable(db, a), versionTable(db, b)]);
  const kindsA = new Map(va.columns.map((c) => [c.name, c.kind]));
  const kindsB = new Map(vb.columns.map((c) => [c.name, c.kind]));
  let added = vb.columns.map((c) => c.name).filter((n) => !kindsA.has(n));
  let removed = va.columns.map((c) => c.name).filter((n) => !kindsB.has(n));
  const renamed: { from: string; to: string }[] = [];
  for (const r of recordedRenames(vb))
    if (removed.includes(r.from) && added.includes(r.to)) renamed.push(r);
  for (const from of removed) {
    if (renamed.some((r) => r.from === from)) continue;
    const to = added.find((t) => !renamed.some((r) => r.to === t) && kindsA.get(from) === kindsB.get(t) && sameValues(ta, from, tb, t));
    if (to) renamed.push({ from, to });
  }
  added = added.filter((n) => !renamed.some((r) => r.to === n));
  removed = removed.filter((n) => !renamed.some((r) => r.from === n));
  const kindChanged: SchemaDiff['kindChanged'] = [];
  const columns: ColumnShift[] = [];
  for (const c of va.columns) {
    const to = kindsB.get(c.name);
    if (to === undefined) continue;
    if (to !== c.kind) {
      kindChanged.push({ column: c.name, from: c.kind, to });
      continue;
    }
    throwIfCancelled(opts.cancel);
    columns.push(columnShift(c.name, c.kind, ta, tb));
  }
  return { a, b, schema: { added, removed, kindChanged, renamed }, rows: { a: va.rows, b: vb.rows }, columns };
}

/**
 * Attach (or replace) the data contract of a version. The contract is a promise about the data,
 * not the data: changing it leaves the version's table and fingerprint untouched.
 */
export async function setVersionContract(db: BenchtopDb, versionId: DatasetVersionId, contract: DataContract): Promise<DatasetVersionRecord> {
  try {
    return await db.transaction('rw', db.datasetVersions, async () => {
      const version = await db.datasetVersions.get(versionId);
      if (!version) throw benchtopError('version_not_found', { id: versionId });
      const updated = { ...version, contract };
      await db.datasetVersions.put(updated);
      return updated;
    });
  } catch (e) {
    if (isBenchtopError(e)) throw e;
    throw storageError(e);
  }
}
