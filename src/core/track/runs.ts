import { benchtopError, isBenchtopError } from '../errors.ts';
import type { RunDecision } from '../evaluate/run-evaluation/types.ts';
import type { RunId } from '../ids.ts';
import type { BenchtopDb } from './db.ts';
import { storageError } from './storage-error.ts';
import type { RunArtifacts, RunModelRecord, RunRecord } from './types.ts';

/** Written when a run starts, so a run whose tab dies is still on record (later shown as interrupted). */
export async function startRun(db: BenchtopDb, run: RunRecord): Promise<void> {
  try {
    await db.runs.put(run);
  } catch (e) {
    throw storageError(e);
  }
}

/**
 * Replaces the whole record, and stores the run's artifacts and model with it, in one
 * transaction: either all are written or none is (the 'running' record stays as it was), never
 * a finished record without its predictions or model, nor either of them without the record.
 */
export async function finishRun(db: BenchtopDb, run: RunRecord, artifacts?: RunArtifacts, model?: RunModelRecord): Promise<void> {
  const record: RunRecord = { ...run, ...(artifacts ? { hasArtifacts: true } : {}), ...(model ? { hasModel: true } : {}) };
  if (model) delete record.modelError;
  try {
    await db.transaction('rw', db.runs, db.runArtifacts, db.runModels, async () => {
      await db.runs.put(record);
      if (artifacts) await db.runArtifacts.put(artifacts);
      if (model) await db.runModels.put(model);
    });
  } catch (e) {
    const needed = (artifacts ? artifactBytes(artifacts) : 0) + (model ? modelBytes(model) : 0);
    throw storageError(e, needed > 0 ? { needed } : {});
  }
}

function artifactBytes(a: RunArtifacts): number {
  return a.row.byteLength + a.fold.byteLength + a.yTrue.byteLength + a.values.byteLength + a.baseline.byteLength;
}

function modelBytes(m: RunModelRecord): number {
  return Object.values(m.artifact.blobs).reduce((s, b) => s + b.byteLength, 0);
}

export async function getRun(db: BenchtopDb, id: RunId): Promise<RunRecord> {
  const run = await db.runs.get(id);
  if (!run) throw benchtopError('run_not_found', { id });
  return run;
}

/** The run's stored predictions; run_artifacts_missing for runs recorded before they were kept. */
export async function getRunArtifacts(db: BenchtopDb, id: RunId): Promise<RunArtifacts> {
  const artifacts = await db.runArtifacts.get(id);
  if (!artifacts) {
    const run = await getRun(db, id);
    if (run.status !== 'done') throw benchtopError('run_not_finished', { id, status: run.status });
    // Search parents and their trials keep cross-validated scores only, by design: saying they
    // were "recorded before predictions were kept" would send the user to re-run them for nothing.
    if (run.parentRunId !== undefined || 'search' in run) throw benchtopError('run_is_search');
    throw benchtopError('run_artifacts_missing');
  }
  return artifacts;
}

/** The run's stored model; run_model_missing (saying why, when the record knows) if it has none. */
export async function getRunModel(db: BenchtopDb, id: RunId): Promise<RunModelRecord> {
  const model = await db.runModels.get(id);
  if (model) return model;
  const run = await getRun(db, id);
  if (run.status !== 'done') throw benchtopError('model_run_not_finished', { id, status: run.status });
  const reason =
    run.modelError?.code === 'model_save_unsupported'
      ? `a ${run.spec.model.kind} model cannot be stored yet`
      : run.modelError
        ? 'storing it failed when the run finished'
        : run.hasModel === undefined
          ? 'it was recorded before models were kept'
          : undefined;
  throw benchtopError('run_model_missing', { id, ...(reason ? { reason } : {}) });
}

/** Saves (or, with blank text, removes) the note on one table row of a run's evaluated rows. */
export async function saveRowNote(db: BenchtopDb, id: RunId, row: number, text: string): Promise<void> {
  if (!Number.isInteger(row) || row < 0) throw benchtopError('evaluation_invalid', { field: 'row', reason: `must be a row index >= 0, got ${row}` });
  try {
    await db.transaction('rw', db.runArtifacts, async () => {
      const artifacts = await db.runArtifacts.get(id);
      if (!artifacts) throw benchtopError('run_artifacts_missing');
      const notes = { ...artifacts.notes };
      if (text.trim() === '') delete notes[row];
      else notes[row] = text;
      await db.runArtifacts.update(id, { notes });
    });
  } catch (e) {
    throw isBenchtopError(e) ? e : storageError(e);
  }
}

/** Saves the decision rule with the run (an empty object clears it); returns the updated record. */
export async function saveDecision(db: BenchtopDb, id: RunId, decision: RunDecision): Promise<RunRecord> {
  const run = await getRun(db, id);
  const cleared = Object.keys(decision).length === 0;
  const { decision: _old, ...rest } = run;
  const next: RunRecord = cleared ? rest : { ...rest, decision: structuredClone(decision) };
  try {
    await db.runs.put(next);
  } catch (e) {
    throw storageError(e);
  }
  return next;
}

export async function listRuns(db: BenchtopDb): Promise<RunRecord[]> {
  return db.runs.orderBy('startedAt').reverse().toArray();
}

/**
 * The record, its artifacts and its model go together. Model versions registered from the run
 * stay: each holds its own copy of the model.
 */
export async function deleteRun(db: BenchtopDb, id: RunId): Promise<void> {
  await db.transaction('rw', db.runs, db.runArtifacts, db.runModels, async () => {
    await db.runs.delete(id);
    await db.runArtifacts.delete(id);
    await db.runModels.delete(id);
  });
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
