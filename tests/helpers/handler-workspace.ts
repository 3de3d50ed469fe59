/**
 * A workspace for testing worker handlers in Node (fake-indexeddb must be imported first): a
 * dataset version stored from a CSV, the dependencies the handler factories take (jobs run
 * inline, nothing guarded), and tracked runs on it.
 */
import { expect } from 'vitest';
import type { Dataset } from '../../src/core/data/types.ts';
import { asDatasetId, asRunId } from '../../src/core/ids.ts';
import { CancelSource, neverCancelled } from '../../src/core/jobs.ts';
import { parseSpec } from '../../src/core/spec/parse.ts';
import { plan } from '../../src/core/spec/plan.ts';
import { openDb, type BenchtopDb } from '../../src/core/track/db.ts';
import { trackedRun } from '../../src/core/track/tracked-run.ts';
import type { DatasetVersionRecord } from '../../src/core/track/types.ts';
import { getVersion, saveVersion, versionTable } from '../../src/core/track/versions.ts';
import { fromText } from './datasets.ts';
import { cpuTf } from './tf.ts';

export interface HandlerWorkspace {
  db: BenchtopDb;
  ds: Dataset;
  version: DatasetVersionRecord;
  /** What registryHandlers, monitorHandlers, ... take. */
  deps: {
    db: BenchtopDb;
    tf: Awaited<ReturnType<typeof cpuTf>>;
    loadVersion: (datasetId: unknown, versionId: DatasetVersionRecord['id']) => Promise<{ ds: Pick<Dataset, 'name' | 'table' | 'columns' | 'rows' | 'fingerprint'> }>;
    withJob: <T>(jobId: string, work: (c: CancelSource) => Promise<T>) => Promise<T>;
    guarded: <T>(work: () => Promise<T>) => Promise<T>;
  };
  /** Train `model` on the stored version (target `label`, seed 5, cpu) as tracked run `id`. */
  run(id: string, model: Record<string, unknown>): Promise<void>;
}

export async function handlerWorkspace(dbName: string, csv: string, fileName = 'blobs.csv'): Promise<HandlerWorkspace> {
  const db = openDb(dbName);
  const ds = await fromText(csv, fileName);
  const { version } = await saveVersion(db, {
    dataset: { id: asDatasetId('blobs'), name: fileName, source: 'file' },
    derivation: { kind: 'import', detail: `Imported ${fileName}` },
    columns: ds.columns,
    fingerprint: ds.fingerprint,
    table: ds.table,
  });
  const tf = await cpuTf();
  return {
    db,
    ds,
    version,
    deps: {
      db,
      tf,
      loadVersion: async (_datasetId, versionId) => {
        const v = await getVersion(db, versionId);
        return { ds: { name: fileName, table: await versionTable(db, versionId), columns: v.columns, rows: v.rows, fingerprint: v.fingerprint } };
      },
      withJob: (_jobId, work) => work(new CancelSource()),
      guarded: (work) => work(),
    },
    async run(id, model) {
      const spec = plan(parseSpec({ version: 1, target: 'label', model, seed: 5, backend: 'cpu' }), ds);
      const outcome = await trackedRun(db, ds, spec, {
        tf,
        runId: asRunId(id),
        cancel: neverCancelled,
        host: { userAgent: 'vitest', benchtop: 'test' },
        source: { datasetId: version.datasetId, versionId: version.id },
      });
      expect(outcome.run.status).toBe('done');
    },
  };
}

/** The code a promise rejects with ('resolved' when it does not). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}
