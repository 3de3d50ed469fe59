import type { RunId } from '../ids.ts';
import type { BenchtopDb } from './db.ts';
import { storageError } from './storage-error.ts';
import type { RunRecord } from './types.ts';

/** Written when a run starts, so a run whose tab dies is still on record (later shown as interrupted). */
export async function startRun(db: BenchtopDb, run: RunRecord): Promise<void> {
  try {
    await db.runs.put(run);
  } catch (e) {
    throw storageError(e);
  }
}

/** Replaces the whole record in one write: a run is never left half-updated. */
export async function finishRun(db: BenchtopDb, run: RunRecord): Promise<void> {
  try {
    await db.runs.put(run);
  } catch (e) {
    throw storageError(e);
  }
}

export async function listRuns(db: BenchtopDb): Promise<RunRecord[]> {
  return db.runs.orderBy('startedAt').reverse().toArray();
}

export async function deleteRun(db: BenchtopDb, id: RunId): Promise<void> {
  await db.runs.delete(id);
}

/**
 * Runs still marked 'running' whose owner is gone (closed tab, crashed worker) become
 * 'interrupted'. `isAlive` says whether some live session still owns a run.
 */
export async function markInterrupted(db: BenchtopDb, isAlive: (id: RunId) => boolean): Promise<number> {
  return db.transaction('rw', db.runs, async () => {
    const stale = (await db.runs.where('status').equals('running').toArray()).filter((r) => !isAlive(r.id));
    for (const r of stale) await db.runs.put({ ...r, status: 'interrupted' });
    return stale.length;
  });
}
