/**
 * Shared fixtures of the track tests: a way to control whether fitted models can be saved
 * (TrainedModel.save is being rolled out per model kind, so the tests decide it themselves),
 * and a seeded workspace with every kind of record, written without training for speed.
 */
import { asDatasetId, asRunId, type RunId } from '../../../src/core/ids.ts';
import type { ModelArtifact } from '../../../src/core/models/artifact.ts';
import { getModel } from '../../../src/core/models/registry.ts';
import type { TrainedModel } from '../../../src/core/models/types.ts';
import type { BenchtopDb } from '../../../src/core/track/db.ts';
import type { DataContract } from '../../../src/core/validate/contract/types.ts';
import { saveVersion } from '../../../src/core/track/versions.ts';
import { setAlias } from '../../../src/core/track/aliases.ts';
import { saveCardSections } from '../../../src/core/track/card-revisions.ts';
import { deleteRegisteredModel, registerModel } from '../../../src/core/track/registry.ts';
import { WORKSPACE_TABLES } from '../../../src/core/track/backup-format.ts';
import { recordMonitoringRun } from '../../../src/core/track/monitoring.ts';
import type { DatasetVersionRecord, RunModelRecord, RunRecord } from '../../../src/core/track/types.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';

export interface FittedModels {
  /** Every model the patched kind fitted, with how often it was disposed. */
  fitted: { model: TrainedModel; disposed: number }[];
  /** Artifacts save() returned, in order. */
  saved: ModelArtifact[];
  restore(): void;
}

/**
 * Makes every model of `kind` fitted from now on save a small artifact ('save'), lack save()
 * ('missing') or fail in save() ('throw'); counts disposals. Call restore() afterwards.
 */
export function controlSave(kind: string, behaviour: 'save' | 'missing' | 'throw'): FittedModels {
  const def = getModel(kind);
  const fit = def.fit;
  const out: FittedModels = { fitted: [], saved: [], restore: () => void (def.fit = fit) };
  def.fit = async (spec, data, ctx) => {
    const model = await fit.call(def, spec, data, ctx);
    const entry = { model, disposed: 0 };
    out.fitted.push(entry);
    const dispose = model.dispose.bind(model);
    model.dispose = () => {
      entry.disposed++;
      dispose();
    };
    // An own undefined property also hides a save() a class defines on its prototype.
    if (behaviour === 'missing') (model as { save?: unknown }).save = undefined;
    else if (behaviour === 'throw')
      model.save = () => Promise.reject(new Error('weights unavailable'));
    else
      model.save = async () => {
        const artifact = fakeArtifact(kind, data.d, data.k, out.saved.length);
        out.saved.push(artifact);
        return artifact;
      };
    return model;
  };
  return out;
}

export function fakeArtifact(kind: string, d: number, k: number, seq = 0): ModelArtifact {
  return {
    kind: kind as ModelArtifact['kind'],
    format: 1,
    task: k > 1 ? (k === 2 ? 'binary' : 'multiclass') : 'regression',
    d,
    k,
    meta: { seq, shape: [d, k], lr: 0.1, nested: { ok: true, none: null } },
    blobs: { 'weights.bin': Uint8Array.from({ length: d * k * 4 }, (_, i) => (i * 7 + seq) % 256), 'bias.bin': Uint8Array.of(1, 2, 3, seq) },
  };
}

export const contract = (fingerprint: string): DataContract => ({
  format: 'benchtop.contract',
  version: 1,
  createdFrom: { datasetName: 'blobs.csv', fingerprint },
  rowCount: { min: 10, max: 200 },
  columns: [
    { name: 'x1', kind: 'numeric', type: 'float', required: true, nullable: false, maxMissingShare: 0, range: { min: -5, max: 9 } },
    { name: 'label', kind: 'categorical', type: 'categorical', required: true, nullable: false, maxMissingShare: 0, allowedValues: ['no', 'yes'] },
  ],
});

/** A stored dataset (one import version with a contract, one filtered child version). */
export async function seedDataset(db: BenchtopDb): Promise<{ v1: DatasetVersionRecord; v2: DatasetVersionRecord }> {
  const ds = await fromText(blobsCsv(40, 3), 'blobs.csv');
  const base = { dataset: { id: asDatasetId('blobs'), name: 'blobs.csv', source: 'file' as const }, columns: ds.columns };
  const { version: v1 } = await saveVersion(db, { ...base, derivation: { kind: 'import', detail: 'Imported blobs.csv' }, table: ds.table, fingerprint: ds.fingerprint, chunkRows: 15 });
  const smaller = ds.table.slice(0, 30);
  const { version: v2 } = await saveVersion(db, {
    dataset: asDatasetId('blobs'),
    parentId: v1.id,
    derivation: { kind: 'filter', detail: 'Kept the first 30 rows' },
    table: smaller,
    columns: ds.columns,
    fingerprint: `${ds.fingerprint.slice(0, 60)}beef`,
    contract: contract(ds.fingerprint),
  });
  return { v1, v2 };
}

/** A finished run record as trackedRun writes it, trained on `version`. */
export function doneRun(id: string, version?: DatasetVersionRecord, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id: asRunId(id),
    spec: {
      version: 1, data: { fingerprint: version?.fingerprint ?? 'f'.repeat(64), name: 'blobs.csv' }, target: 'label', task: 'binary', features: ['x1', 'x2'],
      split: { kind: 'holdout', testSize: 0.2, strategy: 'stratified', gap: 0 }, model: { kind: 'logistic', epochs: 5 } as RunRecord['spec']['model'], pipeline: [],
      training: { validationFraction: 0, earlyStopping: { patience: 5, minDelta: 0, monitor: 'val_loss' } as never, sanityChecks: 'off' }, seed: 3, backend: 'cpu',
    },
    datasetId: version?.datasetId ?? asDatasetId('f'.repeat(64)),
    ...(version ? { datasetVersionId: version.id } : {}),
    datasetName: 'blobs.csv',
    status: 'done',
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_005_000,
    durationMs: 5000,
    seed: 3,
    env: { backend: 'cpu', userAgent: 'vitest', benchtop: 'test', tfjs: '4.22.0' },
    metrics: { roc_auc: 0.91, accuracy: 0.85, log_loss: NaN },
    baselineMetrics: { roc_auc: 0.5, accuracy: 0.5 },
    heldOut: { rows: 8, level: 0.95, metrics: [{ key: 'roc_auc', value: 0.91, ci: [0.8, 0.99] }] },
    history: [{ epoch: 1, trainLoss: 0.6, elapsedMs: 12 }],
    experiment: 'blobs.csv',
    hasArtifacts: false,
    hasModel: true,
    ...extra,
  };
}

export function runModel(runId: RunId | string, seq = 0): RunModelRecord {
  return {
    runId: runId as RunId,
    artifact: fakeArtifact('logistic', 2, 2, seq),
    pipeline: { features: ['x1', 'x2'], steps: [{ spec: { kind: 'standardize' } as never, inputs: ['x1', 'x2'], outputs: ['x1', 'x2'], state: { mean: [0.1, -0.2], scale: [1, 2] } }], outputNames: ['x1', 'x2'] },
    classes: ['no', 'yes'],
    features: ['x1', 'x2'],
  };
}

/** Writes a finished run with a stored model (no training). */
export async function seedRunWithModel(db: BenchtopDb, id: string, version?: DatasetVersionRecord, seq = 0, extra: Partial<RunRecord> = {}): Promise<RunRecord> {
  const run = doneRun(id, version, extra);
  await db.runs.put(run);
  await db.runModels.put(runModel(run.id, seq));
  return run;
}

/**
 * A workspace with a record in every table and the values a lossless backup must keep: typed
 * arrays with NaN, -0 and Infinity, keys named "$", a deleted model's tombstone.
 */
export async function seedWorkspace(db: BenchtopDb, now: () => number = () => 1_800_000_000_000) {
  const { v1, v2 } = await seedDataset(db);
  const r1 = await seedRunWithModel(db, 'run-1', v2, 1);
  const r2 = await seedRunWithModel(db, 'run-2', v2, 2, { tags: ['gbdt', 'final'], notes: 'Best so far.', parentRunId: r1.id });
  const r3 = await seedRunWithModel(db, 'run-3', v1, 3, {
    hasArtifacts: true,
    decision: { $: 'looks like a tag', threshold: 0.3, inf: Infinity, negZero: -0, gone: undefined } as never,
  });
  await db.runs.put(doneRun('run-4', v1, { status: 'failed', error: { code: 'cancelled', message: 'The job was cancelled.' }, hasModel: undefined, metrics: undefined }));
  await db.runArtifacts.put({
    runId: r3.id, row: Int32Array.of(3, 1, 4, 1), fold: Int32Array.of(0, 0, 1, -1), yTrue: Int32Array.of(1, 0, 1, 1),
    values: Float64Array.of(0.1, 0.9, NaN, -0, Infinity, -Infinity, 0.5, 0.5), width: 2, baseline: new Float64Array(8).fill(0.5), classes: ['no', 'yes'], notes: { 4: 'check this row' },
  });
  await registerModel(db, { runId: r1.id, name: 'churn', note: 'first', by: 'ana', now });
  await registerModel(db, { runId: r2.id, name: 'churn', note: 'second', by: 'ana', now });
  await registerModel(db, { runId: r3.id, name: 'old', now });
  await setAlias(db, { name: 'churn', alias: 'champion', version: 1, by: 'ana', now });
  await setAlias(db, { name: 'churn', alias: 'champion', version: 2, by: 'bo', note: 'promoted', now });
  await saveCardSections(db, 'churn@1', { 'intended-use': 'Outreach ranking.' }, 'ana', 'draft', now);
  await saveCardSections(db, 'churn@1', { 'intended-use': 'Outreach ranking.', limitations: 'Not for pricing.' }, 'bo', 'review', now);
  await deleteRegisteredModel(db, 'old', { now });
  // A monitoring run of a version that is gone (runs outlive their versions).
  await recordMonitoringRun(db, {
    id: 'mon-1', versionId: 'old@1', modelName: 'old', version: 1, createdAt: now(), file: { name: 'batch.csv', bytes: 10, sha256: '' }, rows: 2, warnings: [],
    predictions: { format: 'csv', name: 'old-v1-batch.predictions.csv', bytes: 40, sha256: 'ab', columns: ['row', 'prediction', 'model_version'] },
    drift: null, performance: null, shadow: null, backend: 'cpu', timings: { read: 1, check: 0, score: 2, drift: 0, performance: 0, shadow: 0, export: 0, total: 3 },
  });
  return { v1, v2 };
}

/** Every table's records, in key order. */
export async function dump(db: BenchtopDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of WORKSPACE_TABLES) out[t] = await db.table(t).toArray();
  return out;
}

export { asRunId };
