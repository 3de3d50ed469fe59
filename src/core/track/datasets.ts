import { benchtopError } from '../errors.ts';
import type { DatasetId } from '../ids.ts';
import type { BenchtopDb } from './db.ts';
import { storageError } from './storage-error.ts';
import type { DatasetRecord } from './types.ts';

/** Metadata and bytes are written in one transaction: a failed save leaves neither behind. */
export async function saveDataset(db: BenchtopDb, record: DatasetRecord, bytes: Uint8Array): Promise<void> {
  try {
    await db.transaction('rw', db.datasets, db.tableBytes, async () => {
      await db.tableBytes.put({ id: record.id, bytes });
      await db.datasets.put(record);
    });
  } catch (e) {
    throw storageError(e);
  }
}

export async function listDatasets(db: BenchtopDb): Promise<DatasetRecord[]> {
  return db.datasets.orderBy('createdAt').reverse().toArray();
}

export async function getDataset(db: BenchtopDb, id: DatasetId): Promise<DatasetRecord> {
  const r = await db.datasets.get(id);
  if (!r) throw benchtopError('dataset_not_found', { id });
  return r;
}

export async function datasetBytes(db: BenchtopDb, id: DatasetId): Promise<Uint8Array> {
  const r = await db.tableBytes.get(id);
  if (!r) throw benchtopError('dataset_not_found', { id });
  return r.bytes;
}

export async function deleteDataset(db: BenchtopDb, id: DatasetId): Promise<void> {
  await db.transaction('rw', db.datasets, db.tableBytes, async () => {
    await db.tableBytes.delete(id);
    await db.datasets.delete(id);
  });
}
