/**
 * The dataset repository as it was before versions: each call reads or writes the dataset's
 * current version (versions.ts holds the rest).
 */
import { fingerprintTable, ipcToTable } from '../data/fingerprint.ts';
import { benchtopError } from '../errors.ts';
import type { DatasetId } from '../ids.ts';
import type { BenchtopDb } from './db.ts';
import type { DatasetRecord, NewDatasetRecord } from './types.ts';
import { deleteDatasetVersions, saveVersion, versionBytes } from './versions.ts';

/**
 * Stores imported data as a version of dataset `record.id` (created if new) and makes it
 * current; data the dataset already holds is not stored twice. Everything is written in one
 * transaction: a failed save leaves nothing behind.
 */
export async function saveDataset(db: BenchtopDb, record: NewDatasetRecord, bytes: Uint8Array): Promise<DatasetRecord> {
  const table = ipcToTable(bytes);
  const { dataset } = await saveVersion(db, {
    dataset: { id: record.id, name: record.name, source: record.source, createdAt: record.createdAt },
    derivation: { kind: 'import', detail: `Imported ${record.name}` },
    table,
    columns: record.columns,
    fingerprint: await fingerprintTable(table),
    source: { name: record.name },
  });
  return dataset;
}

export async function listDatasets(db: BenchtopDb): Promise<DatasetRecord[]> {
  return db.datasets.orderBy('createdAt').reverse().toArray();
}

export async function getDataset(db: BenchtopDb, id: DatasetId): Promise<DatasetRecord> {
  const r = await db.datasets.get(id);
  if (!r) throw benchtopError('dataset_not_found', { id });
  return r;
}

/** Arrow IPC stream bytes of the dataset's current version. */
export async function datasetBytes(db: BenchtopDb, id: DatasetId): Promise<Uint8Array> {
  return versionBytes(db, (await getDataset(db, id)).currentVersionId);
}

/** Deletes the dataset with every version and its data. */
export async function deleteDataset(db: BenchtopDb, id: DatasetId): Promise<void> {
  await deleteDatasetVersions(db, id);
}
