/**
 * The model registry: named models with numbered, immutable versions.
 *
 * - Registering copies everything a version needs out of the run (its stored model, pipeline,
 *   spec, metrics, environment, the dataset version and its contract), so deleting the run,
 *   the dataset or its versions later leaves the version whole. There is no update function:
 *   a version is what was registered, for good.
 * - Version numbers grow per name and are never reused: the registered model keeps the highest
 *   number given. Deleting a registered model keeps a hidden tombstone (deletedAt) carrying that
 *   number, so "churn@3" never names two different models in one workspace.
 * - Registering the same run under the same name twice returns the existing version instead of
 *   minting a duplicate (a double click is not a new model).
 * - Deleting refuses while an alias points at what would go (model_alias_in_use): an alias is
 *   how other things (a deployment, a teammate) refer to a model, so losing it must be asked for
 *   (force). A forced version delete logs each alias removal like any alias move.
 * Aliases and their log live in aliases.ts, card text in card-revisions.ts, lineage in lineage.ts.
 */
import { Dexie } from 'dexie';
import { benchtopError, isBenchtopError } from '../errors.ts';
import type { RunId } from '../ids.ts';
import type { BenchtopDb } from './db.ts';
import { modelVersionId, type AliasEvent, type DatasetVersionSnapshot, type ModelVersionId, type ModelVersionRecord, type RegisteredModelRecord } from './registry-types.ts';
import { getRunModel } from './runs.ts';
import { heldOutPredictionReference, type PredictionReference } from '../monitor/prediction-reference.ts';
import { storageError } from './storage-error.ts';
import type { RunRecord } from './types.ts';

export const MODEL_NAME = /^[A-Za-z0-9._-]{1,64}$/;
export const MAX_NOTE_CHARS = 2_000;
export const MAX_BY_CHARS = 128;
export const MAX_DESCRIPTION_CHARS = 5_000;

export function checkModelName(name: unknown): string {
  if (typeof name !== 'string') throw benchtopError('model_name_invalid', { name: String(name), reason: 'it must be text' });
  if (name.length === 0 || name.length > 64) throw benchtopError('model_name_invalid', { name, reason: `it has ${name.length} characters` });
  if (!MODEL_NAME.test(name)) {
    const bad = [...name].find((ch) => !/[A-Za-z0-9._-]/.test(ch));
    throw benchtopError('model_name_invalid', { name, reason: `"${bad}" is not allowed` });
  }
  // Names become file and folder names in bundles: "." and ".." would mean something else there.
  if (/^\.+$/.test(name)) throw benchtopError('model_name_invalid', { name, reason: 'a name of dots only is not allowed' });
  return name;
}

/** Free text up to `max` characters (who did it, a note, a description). */
export function checkText(value: unknown, field: string, max: number): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw benchtopError('registry_input_invalid', { field, reason: 'it must be text' });
  if (value.length > max) throw benchtopError('registry_input_invalid', { field, reason: `it has ${value.length} characters; at most ${max} are allowed` });
  return value;
}

/** Wraps a registry transaction: coded errors pass through, storage failures become storage errors. */
export async function registryWrite<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw isBenchtopError(e) ? e : storageError(e);
  }
}

/** The live registered model (not a deleted one's tombstone), or registered_model_not_found. */
export async function getRegisteredModel(db: BenchtopDb, name: string): Promise<RegisteredModelRecord> {
  const model = await db.registeredModels.get(name);
  if (!model || model.deletedAt !== undefined) throw benchtopError('registered_model_not_found', { name });
  return model;
}

/** Registered models by name. */
export async function listRegisteredModels(db: BenchtopDb): Promise<RegisteredModelRecord[]> {
  const all = await db.registeredModels.toArray();
  return all.filter((m) => m.deletedAt === undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A model's versions, oldest (1) first. */
export async function listModelVersions(db: BenchtopDb, name: string): Promise<ModelVersionRecord[]> {
  await getRegisteredModel(db, name);
  return versionsOf(db, name);
}

export const versionsOf = (db: BenchtopDb, name: string): Promise<ModelVersionRecord[]> =>
  db.modelVersions.where('[name+version]').between([name, Dexie.minKey], [name, Dexie.maxKey]).toArray();

export async function getModelVersion(db: BenchtopDb, id: ModelVersionId | string): Promise<ModelVersionRecord> {
  const v = await db.modelVersions.get(id as ModelVersionId);
  if (!v) throw benchtopError('model_version_not_found', { id });
  return v;
}

export interface RegisterModelInput {
  runId: RunId;
  name: string;
  note?: string;
  by?: string;
  /** The registered model's description, used only when this creates it. */
  description?: string;
  now?: () => number;
}

/**
 * Makes the run's stored model the next version of `name` (creating the registered model if
 * new). Fails run_not_found, model_run_not_finished, run_model_missing; a run already
 * registered under this name returns that version.
 */
export async function registerModel(db: BenchtopDb, input: RegisterModelInput): Promise<ModelVersionRecord> {
  const name = checkModelName(input.name);
  const note = checkText(input.note, 'note', MAX_NOTE_CHARS);
  const by = checkText(input.by, 'registered by', MAX_BY_CHARS);
  const description = checkText(input.description, 'description', MAX_DESCRIPTION_CHARS);
  const now = input.now ?? Date.now;
  const tables = [db.runs, db.runModels, db.runArtifacts, db.datasets, db.datasetVersions, db.registeredModels, db.modelVersions];
  return registryWrite(() =>
    db.transaction('rw', tables, async () => {
      const run = await db.runs.get(input.runId);
      if (!run) throw benchtopError('run_not_found', { id: input.runId });
      if (run.status !== 'done') throw benchtopError('model_run_not_finished', { id: run.id, status: run.status });
      const stored = await getRunModel(db, run.id);
      const same = await db.modelVersions.where('runId').equals(input.runId).filter((v) => v.name === name).first();
      if (same) return same;
      const existing = await db.registeredModels.get(name);
      const createdAt = now();
      const model: RegisteredModelRecord =
        existing && existing.deletedAt === undefined
          ? existing
          : { name, description, createdAt, aliases: {}, lastVersion: existing?.lastVersion ?? 0 };
      const version = model.lastVersion + 1;
      const snapshot = await datasetSnapshot(db, run);
      const record: ModelVersionRecord = {
        id: modelVersionId(name, version),
        name,
        version,
        runId: run.id,
        createdAt,
        note,
        by,
        artifact: stored.artifact,
        pipeline: stored.pipeline,
        ...(stored.classes ? { classes: stored.classes } : {}),
        features: stored.features,
        spec: run.spec,
        ...(run.metrics ? { metrics: run.metrics } : {}),
        ...(run.baselineMetrics ? { baselineMetrics: run.baselineMetrics } : {}),
        ...(run.cv ? { cv: run.cv } : {}),
        ...(run.finalTest ? { finalTest: run.finalTest } : {}),
        ...(run.heldOut ? { heldOut: run.heldOut } : {}),
        ...(run.decision ? { decision: run.decision } : {}),
        env: run.env,
        run: {
          id: run.id,
          ...(run.experiment !== undefined ? { experiment: run.experiment } : {}),
          ...(run.tags ? { tags: run.tags } : {}),
          ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
          datasetName: run.datasetName,
          startedAt: run.startedAt,
          ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
          ...(run.durationMs !== undefined ? { durationMs: run.durationMs } : {}),
          seed: run.seed,
          ...(run.warnings ? { warnings: run.warnings } : {}),
        },
        datasetId: run.datasetId,
        ...(run.datasetVersionId ? { datasetVersionId: run.datasetVersionId } : {}),
        // Runs from before versions named their data by its fingerprint (datasetId).
        fingerprint: snapshot?.version.fingerprint ?? run.spec.data?.fingerprint ?? (run.datasetVersionId === undefined ? run.datasetId : ''),
        ...(snapshot ? { dataset: snapshot.version } : {}),
        ...(snapshot?.contract ? { contract: snapshot.contract } : {}),
      };
      const predictions = await predictionReferenceOf(db, run);
      if (predictions) record.predictionReference = predictions;
      await db.registeredModels.put({ ...model, lastVersion: version });
      await db.modelVersions.add(record);
      return record;
    }),
  );
}

/** The run's held-out predictions summarised, when they are stored; scored with the decision rule a bundle of the version uses (versionDecision). */
async function predictionReferenceOf(db: BenchtopDb, run: RunRecord): Promise<PredictionReference | undefined> {
  const artifacts = await db.runArtifacts.get(run.id);
  if (!artifacts) return undefined;
  const d = run.decision;
  const decision = run.spec.task === 'binary' && d?.threshold !== undefined && !d.calibration ? { threshold: d.threshold, posLabel: d.posLabel ?? 1 } : undefined;
  return heldOutPredictionReference(artifacts, run.spec.task, decision);
}

async function datasetSnapshot(db: BenchtopDb, run: RunRecord): Promise<{ version: DatasetVersionSnapshot; contract?: ModelVersionRecord['contract'] } | undefined> {
  if (!run.datasetVersionId) return undefined;
  const v = await db.datasetVersions.get(run.datasetVersionId);
  if (!v) return undefined;
  const dataset = await db.datasets.get(v.datasetId);
  const version: DatasetVersionSnapshot = {
    id: v.id,
    datasetId: v.datasetId,
    datasetName: dataset?.name ?? run.datasetName,
    number: v.number,
    ...(v.parentId ? { parentId: v.parentId } : {}),
    derivation: v.derivation,
    fingerprint: v.fingerprint,
    rows: v.rows,
    columns: v.columns,
    createdAt: v.createdAt,
    ...(v.source ? { source: v.source } : {}),
  };
  return { version, ...(v.contract ? { contract: v.contract } : {}) };
}

/** Changes what the registered model says about itself (versions are never edited). */
export async function setModelDescription(db: BenchtopDb, name: string, description: string): Promise<RegisteredModelRecord> {
  const text = checkText(description, 'description', MAX_DESCRIPTION_CHARS);
  return registryWrite(() =>
    db.transaction('rw', db.registeredModels, async () => {
      const model = await getRegisteredModel(db, name);
      const next = { ...model, description: text };
      await db.registeredModels.put(next);
      return next;
    }),
  );
}

export interface DeleteOptions {
  /**
   * Delete even while aliases point at it. deleteModelVersion removes those aliases and logs each
   * removal; deleteRegisteredModel deletes the alias history along with the model.
   */
  force?: boolean;
  by?: string;
  now?: () => number;
}

function aliasesAt(model: RegisteredModelRecord, version?: number): string[] {
  return Object.entries(model.aliases)
    .filter(([, v]) => version === undefined || v === version)
    .map(([a]) => a)
    .sort();
}

function refuseAliased(target: string, aliases: string[]): never {
  throw benchtopError('model_alias_in_use', { target, aliases: aliases.map((a) => `"${a}"`).join(', '), count: aliases.length });
}

/** Deletes one version and its card revisions. Its number is not given again. */
export async function deleteModelVersion(db: BenchtopDb, id: ModelVersionId | string, opts: DeleteOptions = {}): Promise<void> {
  const by = checkText(opts.by, 'deleted by', MAX_BY_CHARS);
  const now = opts.now ?? Date.now;
  await registryWrite(() =>
    db.transaction('rw', [db.registeredModels, db.modelVersions, db.aliasEvents, db.cardRevisions], async () => {
      const version = await getModelVersion(db, id);
      const model = await db.registeredModels.get(version.name);
      const pointing = model ? aliasesAt(model, version.version) : [];
      if (pointing.length > 0 && !opts.force) refuseAliased(`Version ${version.id}`, pointing);
      if (model && pointing.length > 0) {
        const at = now();
        const aliases = { ...model.aliases };
        for (const alias of pointing) {
          delete aliases[alias];
          await db.aliasEvents.add({ name: model.name, alias, from: version.version, to: null, at, by, note: `version ${version.version} deleted` } satisfies AliasEvent);
        }
        await db.registeredModels.put({ ...model, aliases });
      }
      await db.cardRevisions.where('versionId').equals(version.id).delete();
      await db.modelVersions.delete(version.id);
    }),
  );
}

/**
 * Deletes a registered model with all its versions, card revisions and alias history. Refuses
 * while any alias is set unless forced. Returns how many versions went.
 */
export async function deleteRegisteredModel(db: BenchtopDb, name: string, opts: DeleteOptions = {}): Promise<{ versions: number }> {
  const now = opts.now ?? Date.now;
  return registryWrite(() =>
    db.transaction('rw', [db.registeredModels, db.modelVersions, db.aliasEvents, db.cardRevisions], async () => {
      const model = await getRegisteredModel(db, name);
      const aliases = aliasesAt(model);
      if (aliases.length > 0 && !opts.force) refuseAliased(`Model "${name}"`, aliases);
      const versions = await versionsOf(db, name);
      if (versions.length > 0) await db.cardRevisions.where('versionId').anyOf(versions.map((v) => v.id)).delete();
      await db.modelVersions.where('name').equals(name).delete();
      await db.aliasEvents.where('name').equals(name).delete();
      await db.registeredModels.put({ name, description: '', createdAt: model.createdAt, aliases: {}, lastVersion: model.lastVersion, deletedAt: now() });
      return { versions: versions.length };
    }),
  );
}
