/**
 * Monitoring runs (schema v5): each batch scored by a model version with what was found. A run
 * is written whole in one put (there is nothing else to keep in step with it), so a failed
 * write leaves nothing behind.
 *
 * Deleting a model version (or its registered model) keeps its monitoring runs: they are the
 * record of what was scored and found, they hold their own report, and version numbers are never
 * reused, so "churn@3" in an old run cannot come to name another model. Runs are removed one by
 * one (deleteMonitoringRun), or with the whole workspace.
 */
import { benchtopError, isBenchtopError } from '../errors.ts';
import type { MonitoringRunRecord } from '../monitor/types.ts';
import type { BenchtopDb } from './db.ts';
import { storageError } from './storage-error.ts';

async function write<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw isBenchtopError(e) ? e : storageError(e);
  }
}

/** A uniform draw in [0, 1) from the platform's CSPRNG: ids must differ across tabs, not replay a seed. */
function cryptoRandom(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

/** "mon-<time, base 36, 9 digits>-<8 random hex>": sorts by time, unique across tabs. */
export function newMonitoringRunId(now: number = Date.now(), random: () => number = cryptoRandom): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += Math.floor(random() * 16).toString(16);
  return `mon-${now.toString(36).padStart(9, '0')}-${hex}`;
}

/** Stores a new run; refuses an id already taken (a run is never overwritten). */
export async function recordMonitoringRun(db: BenchtopDb, run: MonitoringRunRecord): Promise<MonitoringRunRecord> {
  return write(() =>
    db.transaction('rw', db.monitoringRuns, async () => {
      if (await db.monitoringRuns.get(run.id)) throw benchtopError('monitor_input_invalid', { field: 'run id', reason: `"${run.id}" is already taken` });
      await db.monitoringRuns.add(run);
      return run;
    }),
  );
}

/** A model's runs (with `version`, that version's only), newest first. */
export async function listMonitoringRuns(db: BenchtopDb, modelName: string, version?: number): Promise<MonitoringRunRecord[]> {
  const runs = await db.monitoringRuns
    .where('[modelName+createdAt]')
    .between([modelName, -Infinity], [modelName, Infinity])
    .toArray();
  return runs
    .filter((r) => version === undefined || r.version === version)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export async function getMonitoringRun(db: BenchtopDb, id: string): Promise<MonitoringRunRecord> {
  const run = await db.monitoringRuns.get(id);
  if (!run) throw benchtopError('monitoring_run_not_found', { id });
  return run;
}

/** monitoring_run_not_found when it is already gone (the UI's list was stale). */
export async function deleteMonitoringRun(db: BenchtopDb, id: string): Promise<void> {
  await write(() =>
    db.transaction('rw', db.monitoringRuns, async () => {
      if (!(await db.monitoringRuns.get(id))) throw benchtopError('monitoring_run_not_found', { id });
      await db.monitoringRuns.delete(id);
    }),
  );
}
