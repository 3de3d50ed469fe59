/**
 * The IndexedDB schema (Dexie). Versions only ever add: a new version() block with its
 * upgrade function, never an edited one, so a browser holding an older database migrates.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { DatasetId } from '../ids.ts';
import type { DatasetRecord, RunRecord } from './types.ts';

/** Arrow IPC bytes of a dataset, kept apart from its metadata so listing datasets stays cheap. */
export interface TableBytes {
  id: DatasetId;
  bytes: Uint8Array;
}

export type BenchtopDb = Dexie & {
  datasets: EntityTable<DatasetRecord, 'id'>;
  tableBytes: EntityTable<TableBytes, 'id'>;
  runs: EntityTable<RunRecord, 'id'>;
};

export interface DbOptions {
  /** Injected in Node tests (fake-indexeddb); browsers and workers use the global. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export function openDb(name = 'benchtop', options: DbOptions = {}): BenchtopDb {
  const db = new Dexie(name, options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : {}) as BenchtopDb;
  db.version(1).stores({
    datasets: 'id, createdAt, name',
    tableBytes: 'id',
    runs: 'id, startedAt, status, datasetId',
  });
  return db;
}
