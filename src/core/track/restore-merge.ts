/**
 * Merging a checked backup into a workspace that may already hold data, inside the caller's
 * transaction. The rule is "add what is missing, never overwrite": a record under a free key
 * is added, an identical one is left alone, a different one is a conflict (the workspace's
 * record stays and the report names it). Keys alone do not decide everything:
 *   - a dataset version whose dataset already has another version with that number is not
 *     added (so "v3" keeps meaning one thing), and neither are its chunks;
 *   - alias events and card revisions have generated ids that differ between workspaces: an
 *     event is "already here" when an identical one (ignoring the id) is, a card revision when
 *     its (version, revision) pair is; added ones keep their id when it is free;
 *   - a registered model kept from the workspace keeps its own alias history; the backup's
 *     events for it are reported, not interleaved (a rollback must follow the real moves);
 *   - a deleted model's tombstone holds nothing but a number, so a live model from the backup
 *     replaces it, numbering continuing from the higher of the two.
 * Afterwards the counters derived from stored rows (a dataset's version count, last version
 * number and current version; a model's last version and aliases) are made true again.
 */
import type { Table as DexieTable } from 'dexie';
import { WORKSPACE_TABLES, type WorkspaceTable } from './backup-format.ts';
import { primaryKey } from './backup-records.ts';
import type { BenchtopDb } from './db.ts';
import { deepEqual } from './deep-equal.ts';
import { versionsOf } from './registry.ts';
import type { AliasEvent, CardRevision, RegisteredModelRecord } from './registry-types.ts';
import type { DatasetRecord, DatasetVersionRecord } from './types.ts';

export interface TableCounts {
  added: number;
  unchanged: number;
  /** Records of the backup not restored because the workspace holds something else there. */
  conflicts: number;
}

export interface RestoreConflict {
  table: WorkspaceTable;
  key: string;
  reason: string;
}

export interface RestoreReport {
  mode: 'merge' | 'replace';
  /** What the restored file said about itself. */
  backup: { app: string; createdAt: number; schemaVersion: number };
  tables: Record<WorkspaceTable, TableCounts>;
  /** The first 200 conflicts (tables[t].conflicts counts them all). */
  conflicts: RestoreConflict[];
}

type Rec = Record<string, unknown>;
const MAX_LISTED = 200;
const withoutId = <T extends { id?: number }>(r: T): Omit<T, 'id'> => {
  const { id: _id, ...rest } = r;
  return rest;
};
const maxOf = (values: number[], start: number) => values.reduce((m, v) => (v > m ? v : m), start);

export async function mergeTables(db: BenchtopDb, tables: Record<WorkspaceTable, Rec[]>): Promise<Omit<RestoreReport, 'backup'>> {
  const counts = Object.fromEntries(WORKSPACE_TABLES.map((t) => [t, { added: 0, unchanged: 0, conflicts: 0 }])) as Record<WorkspaceTable, TableCounts>;
  const conflicts: RestoreConflict[] = [];
  const conflict = (table: WorkspaceTable, key: unknown, reason: string) => {
    counts[table].conflicts++;
    if (conflicts.length < MAX_LISTED) conflicts.push({ table, key: typeof key === 'string' ? key : JSON.stringify(key), reason });
  };
  const skippedVersions = new Set<string>();
  const skippedModelVersions = new Set<string>();
  const keptLocalModels = new Set<string>();
  const addedDatasets = new Set<string>();

  for (const table of WORKSPACE_TABLES) {
    const records = tables[table];
    if (table === 'aliasEvents') {
      await mergeAliasEvents(db, records as unknown as AliasEvent[], keptLocalModels, counts[table], (k, r) => conflict(table, k, r));
      continue;
    }
    if (table === 'cardRevisions') {
      await mergeCardRevisions(db, records as unknown as CardRevision[], skippedModelVersions, counts[table], (k, r) => conflict(table, k, r));
      continue;
    }
    const t = db.table(table) as DexieTable<Rec, unknown>;
    const keys = records.map((r) => primaryKey(table, r));
    const stored = await t.bulkGet(keys);
    const toAdd: Rec[] = [];
    const toPut: Rec[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const local = stored[i];
      const key = keys[i];
      if (table === 'tableChunks' && skippedVersions.has(r.versionId as string)) {
        conflict(table, key, 'its dataset version was not restored');
        continue;
      }
      if (local === undefined) {
        if (table === 'datasetVersions') {
          const v = r as unknown as DatasetVersionRecord;
          const clash = await db.datasetVersions.where('[datasetId+number]').equals([v.datasetId, v.number]).first();
          if (clash) {
            skippedVersions.add(v.id);
            conflict(table, key, `the workspace's dataset already has a version ${v.number} (${clash.id}) with other data`);
            continue;
          }
        }
        if (table === 'datasets') addedDatasets.add(r.id as string);
        toAdd.push(r);
      } else if (deepEqual(local, r)) counts[table].unchanged++;
      else if (table === 'registeredModels' && (local as unknown as RegisteredModelRecord).deletedAt !== undefined && r.deletedAt === undefined) {
        const l = local as unknown as RegisteredModelRecord;
        toPut.push({ ...r, lastVersion: Math.max(l.lastVersion, r.lastVersion as number) });
      } else {
        if (table === 'modelVersions') skippedModelVersions.add(r.id as string);
        if (table === 'registeredModels') keptLocalModels.add(r.name as string);
        conflict(table, key, 'the workspace holds a different record under this key; the workspace\'s was kept');
      }
    }
    if (toAdd.length > 0) await t.bulkAdd(toAdd);
    if (toPut.length > 0) await t.bulkPut(toPut);
    counts[table].added += toAdd.length + toPut.length;
  }

  await refreshDatasets(db, tables, addedDatasets);
  await refreshModels(db, tables.registeredModels as unknown as RegisteredModelRecord[]);
  return { mode: 'merge', tables: counts, conflicts };
}

async function mergeAliasEvents(
  db: BenchtopDb,
  events: AliasEvent[],
  keptLocalModels: Set<string>,
  counts: TableCounts,
  conflict: (key: unknown, reason: string) => void,
): Promise<void> {
  for (const e of events) {
    const content = withoutId(e);
    const same = await db.aliasEvents.where('[name+alias]').equals([e.name, e.alias]).filter((x) => deepEqual(withoutId(x), content)).first();
    if (same) counts.unchanged++;
    else if (keptLocalModels.has(e.name)) conflict(e.id, `model "${e.name}" was kept from the workspace with its own alias history`);
    else {
      const taken = e.id !== undefined && (await db.aliasEvents.get(e.id)) !== undefined;
      await db.aliasEvents.add(taken ? content : e);
      counts.added++;
    }
  }
}

async function mergeCardRevisions(
  db: BenchtopDb,
  revisions: CardRevision[],
  skippedModelVersions: Set<string>,
  counts: TableCounts,
  conflict: (key: unknown, reason: string) => void,
): Promise<void> {
  for (const r of revisions) {
    if (skippedModelVersions.has(r.versionId)) {
      conflict(r.id, `its model version ${r.versionId} was not restored`);
      continue;
    }
    const local = await db.cardRevisions.where('[versionId+revision]').equals([r.versionId, r.revision]).first();
    if (local) {
      if (deepEqual(withoutId(local), withoutId(r))) counts.unchanged++;
      else conflict(r.id, `the workspace has another revision ${r.revision} of ${r.versionId}'s card; it was kept`);
      continue;
    }
    const taken = r.id !== undefined && (await db.cardRevisions.get(r.id)) !== undefined;
    await db.cardRevisions.add(taken ? withoutId(r) : r);
    counts.added++;
  }
}

/** Version counts, last numbers and current versions that match the versions now stored. */
async function refreshDatasets(db: BenchtopDb, tables: Record<WorkspaceTable, Rec[]>, added: Set<string>): Promise<void> {
  const ids = new Set<string>([...tables.datasets.map((d) => d.id as string), ...tables.datasetVersions.map((v) => v.datasetId as string)]);
  for (const id of ids) {
    const local = await db.datasets.get(id as DatasetRecord['id']);
    if (!local) continue;
    const versions = await db.datasetVersions.where('datasetId').equals(id).toArray();
    if (versions.length === 0) {
      // Only a dataset this restore added can be left without data (all its versions clashed).
      if (added.has(id)) await db.datasets.delete(local.id);
      continue;
    }
    let next: DatasetRecord = { ...local, versions: versions.length, lastVersionNumber: maxOf(versions.map((v) => v.number), local.lastVersionNumber) };
    if (!versions.some((v) => v.id === local.currentVersionId)) {
      const newest = versions.reduce((a, b) => (b.number > a.number ? b : a));
      next = { ...next, rows: newest.rows, columns: newest.columns, bytes: newest.bytes, currentVersionId: newest.id };
    }
    if (!deepEqual(next, local)) await db.datasets.put(next);
  }
}

/** Last version numbers that cover every stored version; aliases that point at stored versions. */
async function refreshModels(db: BenchtopDb, fromBackup: RegisteredModelRecord[]): Promise<void> {
  for (const b of fromBackup) {
    const local = await db.registeredModels.get(b.name);
    if (!local) continue;
    const versions = await versionsOf(db, b.name);
    const numbers = new Set(versions.map((v) => v.version));
    const next: RegisteredModelRecord = {
      ...local,
      lastVersion: maxOf([...numbers, b.lastVersion], local.lastVersion),
      aliases: Object.fromEntries(Object.entries(local.aliases).filter(([, v]) => numbers.has(v))),
    };
    if (!deepEqual(next, local)) await db.registeredModels.put(next);
  }
}
