/**
 * The IndexedDB schema (Dexie). Versions only ever add: a new version() block with its
 * upgrade function, never an edited one, so a browser holding an older database migrates.
 */
import { Dexie, type EntityTable, type Table as DexieTable, type Transaction } from 'dexie';
import { ipcToTable } from '../data/fingerprint.ts';
import type { DatasetId } from '../ids.ts';
import { tableToChunks } from './table-chunks.ts';
import type { AliasEvent, CardRevision, ModelVersionId, ModelVersionRecord, RegisteredModelRecord } from './registry-types.ts';
import {
  asDatasetVersionId,
  type DatasetRecord,
  type DatasetVersionId,
  type DatasetVersionRecord,
  type RunArtifacts,
  type RunModelRecord,
  type RunRecord,
} from './types.ts';
import type { RunId } from '../ids.ts';
import type { MonitoringRunRecord } from '../monitor/types.ts';

/** The schema version openDb opens (Dexie's number; IndexedDB's is ten times it). */
export const SCHEMA_VERSION = 5;

/** Schema v1 only: a dataset's whole Arrow IPC stream in one value. Read once, by the v2 upgrade. */
interface LegacyTableBytes {
  id: DatasetId;
  bytes: Uint8Array;
}

/** One record batch of a version's table, as an Arrow IPC stream. */
export interface TableChunk {
  versionId: DatasetVersionId;
  /** 0, 1, 2 ... in row order. */
  index: number;
  bytes: Uint8Array;
}

export type BenchtopDb = Dexie & {
  datasets: EntityTable<DatasetRecord, 'id'>;
  datasetVersions: EntityTable<DatasetVersionRecord, 'id'>;
  tableChunks: DexieTable<TableChunk, [DatasetVersionId, number]>;
  runs: EntityTable<RunRecord, 'id'>;
  runArtifacts: DexieTable<RunArtifacts, RunId>;
  runModels: DexieTable<RunModelRecord, RunId>;
  registeredModels: DexieTable<RegisteredModelRecord, string>;
  modelVersions: DexieTable<ModelVersionRecord, ModelVersionId>;
  aliasEvents: DexieTable<AliasEvent, number>;
  cardRevisions: DexieTable<CardRevision, number>;
  monitoringRuns: DexieTable<MonitoringRunRecord, string>;
};

export interface DbOptions {
  /** Injected in Node tests (fake-indexeddb); browsers and workers use the global. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/** `<datasetId>/v<number>/<first 8 hex of the fingerprint>`: unique, readable, and never pointing at other data if a deleted dataset's id comes back. */
export function versionIdFor(datasetId: DatasetId, number: number, fingerprint: string): DatasetVersionId {
  return asDatasetVersionId(`${datasetId}/v${number}/${fingerprint.slice(0, 8)}`);
}

export function openDb(name = 'benchtop', options: DbOptions = {}): BenchtopDb {
  const db = new Dexie(name, options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : {}) as BenchtopDb;
  db.version(1).stores({
    datasets: 'id, createdAt, name',
    tableBytes: 'id',
    runs: 'id, startedAt, status, datasetId',
  });
  // v2: datasets have versions; table bytes move into chunks. tableBytes is dropped (after the
  // upgrade has read it): keeping an always-empty table would only invite writes to it.
  db.version(2)
    .stores({
      datasetVersions: 'id, datasetId, [datasetId+number], createdAt',
      tableChunks: '[versionId+index]',
      tableBytes: null,
      runs: 'id, startedAt, status, datasetId, datasetVersionId',
    })
    .upgrade(migrateToVersions);
  // v3: a finished run's held-out predictions, baseline predictions and row notes (runs recorded
  // earlier have none: evaluating them says so, run_artifacts_missing).
  db.version(3).stores({ runArtifacts: 'runId' });
  // v4: run metadata (experiment, tags, parent run), the reported fit's model of each run, and
  // the model registry. Earlier runs join the experiment named after their dataset, as new runs do.
  db.version(4)
    .stores({
      runs: 'id, startedAt, status, datasetId, datasetVersionId, experiment, parentRunId, *tags',
      runModels: 'runId',
      registeredModels: 'name, createdAt',
      modelVersions: 'id, name, [name+version], runId, createdAt',
      aliasEvents: '++id, name, [name+alias], at',
      cardRevisions: '++id, versionId, [versionId+revision]',
    })
    .upgrade((tx) =>
      tx
        .table<RunRecord, RunId>('runs')
        .toCollection()
        .modify((run) => {
          if (run.experiment === undefined && typeof run.datasetName === 'string') run.experiment = run.datasetName;
        }),
    );
  // v5: monitoring runs (a batch scored by a model version, with its drift report). Nothing
  // earlier to migrate: the table starts empty.
  db.version(5).stores({ monitoringRuns: 'id, versionId, modelName, [modelName+createdAt], createdAt' });
  return db;
}

/**
 * Every v1 dataset becomes a dataset with one version ('import') whose bytes move into chunks.
 * v1 wrote the content fingerprint as the dataset id, so it is the version's fingerprint too
 * (hashing here is not possible: an await on anything but IndexedDB would end the upgrade
 * transaction). Runs are left as they are: their datasetId is that fingerprint, which is how
 * deleteVersion recognises runs recorded before versions.
 */
async function migrateToVersions(tx: Transaction): Promise<void> {
  const datasets = tx.table<DatasetRecord & { currentVersionId?: DatasetVersionId }, DatasetId>('datasets');
  const bytes = tx.table<LegacyTableBytes, DatasetId>('tableBytes');
  const versions = tx.table<DatasetVersionRecord, DatasetVersionId>('datasetVersions');
  const chunks = tx.table<TableChunk, [DatasetVersionId, number]>('tableChunks');
  for (const id of await datasets.toCollection().primaryKeys()) {
    const record = await datasets.get(id);
    const stored = await bytes.get(id);
    if (!record) continue;
    if (!stored) {
      // Metadata without bytes cannot be read in any version; v1 never wrote one without the other.
      await datasets.delete(id);
      continue;
    }
    const table = ipcToTable(stored.bytes);
    const parts = tableToChunks(table);
    const versionId = versionIdFor(record.id, 1, record.id);
    const size = parts.reduce((s, c) => s + c.byteLength, 0);
    await chunks.bulkPut(parts.map((b, index) => ({ versionId, index, bytes: b })));
    const version: DatasetVersionRecord = {
      id: versionId,
      datasetId: record.id,
      number: 1,
      derivation: { kind: 'import', detail: `Imported ${record.name}` },
      fingerprint: record.id,
      rows: record.rows,
      columns: record.columns,
      bytes: size,
      chunks: parts.length,
      createdAt: record.createdAt,
      source: { name: record.name },
    };
    await versions.put(version);
    await datasets.put({ ...record, bytes: size, currentVersionId: versionId, versions: 1, lastVersionNumber: 1 });
  }
}
