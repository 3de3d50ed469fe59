/**
 * plan -> choose backend -> record 'running' -> execute -> save the model -> record the outcome.
 * A run that fails or is cancelled still ends as a complete record (status + error), written in
 * one put. A finished run's record, predictions and model are written in one transaction; a
 * model that cannot be saved (or stored) leaves a finished run without one, and its record
 * says why (hasModel: false, modelError) instead of the whole run failing.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.ts';
import { benchtopError, isBenchtopError, serializeError } from '../errors.ts';
import { selectBackend } from '../gpu/backend.ts';
import { classifyBackendFailure } from '../gpu/classify-failure.ts';
import type { DatasetId, RunId } from '../ids.ts';
import type { CancelToken } from '../jobs.ts';
import { plan } from '../spec/plan.ts';
import type { ExperimentSpec, NormalizedSpec } from '../spec/types.ts';
import type { ModelArtifact } from '../models/artifact.ts';
import type { TrainedModel } from '../models/types.ts';
import type { TrainEvent } from '../train/events.ts';
import { runExperiment, type ExperimentResult, type RunOptions } from '../train/run-experiment.ts';
import { heldOutReportAsync, pooledRows } from '../evaluate/run-evaluation/held-out-async.ts';
import type { BenchtopDb } from './db.ts';
import { checkRunMeta, MAX_EXPERIMENT_CHARS, withRunMeta } from './run-meta.ts';
import { finishRun, startRun } from './runs.ts';
import type { DatasetVersionId, HeldOutSummary, RunArtifacts, RunModelRecord, RunRecord } from './types.ts';

export interface TrackedRunOptions {
  tf: typeof tfjs;
  runId: RunId;
  cancel: CancelToken;
  onEvent?: (e: TrainEvent) => void;
  /** Fills the parts of the environment only the host knows. */
  host: { userAgent: string; benchtop: string };
  /** The stored dataset and version the data came from; without it the data's fingerprint names the dataset. */
  source?: { datasetId: DatasetId; versionId: DatasetVersionId };
  now?: () => number;
  /**
   * Keep the reported fit's model in the outcome (result.model) for explanations; the caller
   * disposes it. Without it the model is disposed here (after being saved to runModels).
   */
  keepModel?: boolean;
  /** The experiment the run belongs to (default: the dataset's name). */
  experiment?: string;
  tags?: string[];
  notes?: string;
  /** The search this run is a trial of. */
  parentRunId?: RunId;
  /** Tree models: histogram builder, passed to the run. */
  histograms?: RunOptions['histograms'];
}

export interface TrackedRunOutcome {
  run: RunRecord;
  result?: ExperimentResult;
}

export async function trackedRun(
  db: BenchtopDb,
  dataset: Dataset,
  spec: ExperimentSpec,
  opts: TrackedRunOptions,
): Promise<TrackedRunOutcome> {
  const now = opts.now ?? Date.now;
  // A spec that does not fit the data is the user's input error: it is reported, not recorded as a run.
  const normalized = plan(spec, dataset);
  const meta = checkRunMeta({
    experiment: opts.experiment ?? defaultExperiment(dataset.name),
    ...(opts.tags ? { tags: opts.tags } : {}),
    ...(opts.notes !== undefined ? { notes: opts.notes } : {}),
  });
  opts.onEvent?.({ type: 'phase', phase: 'prepare' });
  const active = await selectBackend(opts.tf, normalized.backend);
  opts.onEvent?.({ type: 'backend', backend: active.backend, ...(active.adapter ? { adapter: active.adapter } : {}) });
  const startedAt = now();
  const run: RunRecord = withRunMeta({
    id: opts.runId,
    spec: normalized,
    datasetId: opts.source?.datasetId ?? (dataset.fingerprint as DatasetId),
    ...(opts.source ? { datasetVersionId: opts.source.versionId } : {}),
    datasetName: dataset.name,
    status: 'running',
    startedAt,
    seed: normalized.seed,
    env: {
      backend: active.backend,
      ...(active.adapter ? { adapter: active.adapter } : {}),
      userAgent: opts.host.userAgent,
      benchtop: opts.host.benchtop,
      tfjs: opts.tf.version.tfjs,
    },
    history: [],
    ...(opts.parentRunId ? { parentRunId: opts.parentRunId } : {}),
  }, meta);
  await startRun(db, run);
  const done = (patch: Partial<RunRecord>): RunRecord => {
    const finishedAt = now();
    return { ...run, ...patch, finishedAt, durationMs: finishedAt - startedAt };
  };
  let outcome: TrackedRunOutcome;
  let artifacts: RunArtifacts | undefined;
  let runModel: RunModelRecord | undefined;
  // The reported fit's model: always kept from runExperiment so it can be saved; disposed below unless the caller keeps it.
  let model: TrainedModel | undefined;
  try {
    const result = await runExperiment(dataset, normalized, {
      tf: opts.tf,
      cancel: opts.cancel,
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      keepModel: true,
      ...(opts.histograms ? { histograms: opts.histograms } : {}),
    });
    model = result.model;
    const patch: Partial<RunRecord> = {
      status: 'done',
      metrics: result.metrics,
      baselineMetrics: result.baselineMetrics,
      history: result.history,
    };
    if (result.cv) patch.cv = result.cv;
    if (result.sanity) patch.sanity = result.sanity;
    if (result.finalTest) {
      const key = finalTestKey(normalized);
      // Every earlier finished run that scored these same locked rows counts as a look at the test set.
      const earlier = (await db.runs.where('datasetId').equals(run.datasetId).toArray()).filter(
        (r) => r.id !== run.id && r.status === 'done' && r.finalTest?.key === key,
      ).length;
      patch.finalTest = { ...result.finalTest, key, evaluation: earlier + 1 };
      if (earlier > 0)
        patch.warnings = [
          `The locked final test set has now been evaluated ${earlier + 1} times. Choices made after seeing its score overfit it; report the first evaluation or lock a new set (another seed).`,
        ];
    }
    if (result.bestEpoch !== undefined) patch.bestEpoch = result.bestEpoch;
    patch.heldOut = await heldOutSummary(result, normalized.task, normalized.seed, opts.cancel, (fraction) =>
      opts.onEvent?.({ type: 'phase', phase: 'intervals', fraction }),
    );
    opts.onEvent?.({ type: 'phase', phase: 'record' });
    const p = result.predictions;
    artifacts = {
      runId: run.id, row: p.row, fold: p.fold, yTrue: p.yTrue, values: p.values, width: p.width, baseline: p.baseline,
      ...(result.classes ? { classes: result.classes } : {}),
      notes: {},
    };
    patch.hasArtifacts = true;
    const saved = await saveModel(model, normalized);
    if ('artifact' in saved) {
      runModel = { runId: run.id, artifact: saved.artifact, pipeline: result.pipeline, features: [...result.pipeline.features], ...(result.classes ? { classes: result.classes } : {}) };
      patch.hasModel = true;
    } else Object.assign(patch, saved);
    if (!opts.keepModel) {
      model?.dispose();
      model = undefined;
    }
    const { model: _kept, ...rest } = result;
    outcome = { run: done(patch), result: model ? { ...rest, model } : rest };
  } catch (raw) {
    const net = normalized.model as { batchSize?: number };
    const e = classifyBackendFailure(raw, { backend: active.backend, ...(net.batchSize ? { batchSize: net.batchSize } : {}) });
    const cancelled = isBenchtopError(e) && e.code === 'cancelled';
    outcome = { run: done({ status: cancelled ? 'cancelled' : 'failed', error: serializeError(e) }) };
  }
  try {
    await finishRun(db, outcome.run, artifacts, runModel);
  } catch (e) {
    // Nothing of the finished run was written. Without the model it may fit (it is often the
    // largest part); failing that, record the run failed, with the storage error.
    let recorded = false;
    if (runModel) {
      const withoutModel: RunRecord = { ...outcome.run, hasModel: false, modelError: serializeError(benchtopError('model_save_failed', { reason: serializeError(e).message })) };
      try {
        await finishRun(db, withoutModel, artifacts);
        outcome.run = withoutModel;
        recorded = true;
      } catch {
        // fall through: the run cannot be recorded as finished
      }
    }
    if (!recorded) {
      model?.dispose();
      model = undefined;
      outcome = { run: { ...outcome.run, status: 'failed', error: serializeError(e) } };
      const { metrics: _m, baselineMetrics: _b, cv: _c, finalTest: _f, heldOut: _h, warnings: _w, hasArtifacts: _a, hasModel: _hm, modelError: _me, ...rest } = outcome.run;
      outcome.run = rest;
      await finishRun(db, outcome.run);
    }
  } finally {
    // A model the caller will not receive (failed, cancelled or unrecorded run) is freed here.
    if (model && outcome.result?.model !== model) model.dispose();
  }
  return outcome;
}

/** The run's name for its experiment when none is given: its dataset's, within the length allowed. */
function defaultExperiment(datasetName: string): string {
  const name = datasetName.trim().slice(0, MAX_EXPERIMENT_CHARS);
  return name === '' ? 'Untitled' : name;
}

/** The model as plain data, or why the run keeps none. Never throws: a model that cannot be saved does not fail its run. */
async function saveModel(
  model: TrainedModel | undefined,
  spec: NormalizedSpec,
): Promise<{ artifact: ModelArtifact } | Pick<RunRecord, 'hasModel' | 'modelError'>> {
  if (!model?.save) return { hasModel: false, modelError: serializeError(benchtopError('model_save_unsupported', { model: spec.model.kind })) };
  try {
    return { artifact: await model.save() };
  } catch (e) {
    const error = isBenchtopError(e) ? e : benchtopError('model_save_failed', { reason: e instanceof Error ? e.message : String(e) });
    return { hasModel: false, modelError: serializeError(error) };
  }
}

/** The record's small copy of the held-out report (and the final test set's). */
async function heldOutSummary(
  result: ExperimentResult,
  task: NormalizedSpec['task'],
  seed: number,
  cancel: TrackedRunOptions['cancel'],
  onFraction: (fraction: number) => void,
): Promise<HeldOutSummary> {
  const p = result.predictions;
  const heldIdx = pooledRows(p, 'held-out');
  const finalIdx = pooledRows(p, 'final-test');
  // The bootstrap's time grows with the rows: each report's progress is its share of them.
  const total = heldIdx.length + finalIdx.length;
  const opts = (before: number, rows: number) => ({
    task, seed, cancel, ...(result.classes ? { classes: result.classes } : {}),
    onProgress: (q: { fraction: number }) => onFraction(total > 0 ? (before + rows * Math.max(0, q.fraction)) / total : 1),
  });
  const small = (r: Awaited<ReturnType<typeof heldOutReportAsync>>) => r.metrics.map((m) => ({ key: m.key, value: m.value, ci: m.ci }));
  onFraction(0);
  const held = await heldOutReportAsync(p, heldIdx, opts(0, heldIdx.length));
  const summary: HeldOutSummary = { rows: held.rows, level: held.level, metrics: small(held) };
  if (finalIdx.length > 0) {
    const fin = await heldOutReportAsync(p, finalIdx, opts(heldIdx.length, finalIdx.length));
    summary.finalTest = { rows: fin.rows, metrics: small(fin) };
  }
  return summary;
}

/** The locked rows depend on the data, the seed and how they were carved — not on k or the model. */
function finalTestKey(spec: NormalizedSpec): string {
  const s = spec.split;
  if (s.kind !== 'kfold') return '';
  const family = s.strategy === 'stratified-group' ? 'group' : s.strategy === 'time-series' ? 'time' : s.strategy;
  return JSON.stringify([spec.data.fingerprint, spec.target, spec.seed, family, s.finalTest, s.column ?? null, s.gap]);
}
