/**
 * The monitoring worker methods (MonitorApi, monitor-api.ts) on the core: monitorBatch in
 * src/core/monitor does the work, src/core/track/monitoring.ts stores the runs. studio.worker.ts
 * spreads these into the API it exposes, passing the database, tfjs, its dataset loader and its
 * job and error plumbing (as for the registry).
 */
import * as Comlink from 'comlink';
import type * as tfjs from '@tensorflow/tfjs';
import { ingest } from '../src/core/data/ingest.ts';
import type { Dataset } from '../src/core/data/types.ts';
import { benchtopError, isBenchtopError } from '../src/core/errors.ts';
import { inputSignature } from '../src/core/export/bundle/manifest.ts';
import { sha256Hex } from '../src/core/export/bundle/sha256.ts';
import type { Bundle } from '../src/core/export/bundle/types.ts';
import { versionDecision } from '../src/core/export/from-model-version.ts';
import { predictionCells, FILE_EXTENSIONS } from '../src/core/export/predictions-file.ts';
import { checkScoringData, readWithInputKinds } from '../src/core/export/score/score-with-bundle.ts';
import type { CancelSource, Progress } from '../src/core/jobs.ts';
import { monitorBatch, type MonitorModel } from '../src/core/monitor/monitor-batch.ts';
import { defaultDriftThresholds, resolveThresholds } from '../src/core/monitor/thresholds.ts';
import type { MonitoringRunRecord, PredictionsFormat } from '../src/core/monitor/types.ts';
import { resolveModel } from '../src/core/track/aliases.ts';
import type { BenchtopDb } from '../src/core/track/db.ts';
import * as monitoring from '../src/core/track/monitoring.ts';
import type { ModelVersionRecord } from '../src/core/track/registry-types.ts';
import type { DatasetVersionId } from '../src/core/track/types.ts';
import type { DatasetId } from '../src/core/ids.ts';
import { generateContract } from '../src/core/validate/contract/generate.ts';
import type { DataContract } from '../src/core/validate/contract/types.ts';
import type { MonitorApi, MonitorScoreResult, MonitoringRunSummary, PredictionsFile } from './monitor-api.ts';

export interface MonitorDeps {
  db: BenchtopDb;
  tf: typeof tfjs;
  /** A stored dataset version's data (the worker's cached loader); rejects when it is gone. */
  loadVersion(datasetId: DatasetId, versionId: DatasetVersionId): Promise<{ ds: Dataset }>;
  withJob<T>(jobId: string, work: (cancel: CancelSource) => Promise<T>): Promise<T>;
  guarded<T>(work: () => Promise<T>): Promise<T>;
  /** Clock (tests pass a fake). */
  now?: () => number;
}

const FORMATS: readonly PredictionsFormat[] = ['csv', 'parquet', 'arrow'];
const PREVIEW_ROWS = 20;
/** Larger batches are not read a second time just to hash them: their sha256 is recorded as ''. */
const MAX_HASHED_BYTES = 256 * 1024 * 1024;

/** The alias a reference names ("churn@champion" -> "champion"); undefined for a number or a bare name. */
function aliasOf(ref: string): string | undefined {
  const at = ref.lastIndexOf('@');
  if (at < 0) return undefined;
  const tail = ref.slice(at + 1);
  return /^\d+$/.test(tail) ? undefined : tail;
}

const stem = (fileName: string): string => fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'batch';

/** A stored run as lists show it. */
export function runSummary(r: MonitoringRunRecord): MonitoringRunSummary {
  const worst = (verdicts: string[]) =>
    verdicts.length === 0 ? null : verdicts.includes('drift') ? 'drift' : verdicts.includes('warn') ? 'warn' : verdicts.includes('ok') ? 'ok' : 'insufficient';
  const head = r.performance?.metrics.find((m) => m.metric === r.performance?.headline) ?? null;
  return {
    id: r.id,
    versionId: r.versionId,
    modelName: r.modelName,
    version: r.version,
    ...(r.alias ? { alias: r.alias } : {}),
    createdAt: r.createdAt,
    fileName: r.file.name,
    rows: r.rows,
    verdict: r.drift?.verdict ?? null,
    predictionVerdict: r.drift ? worst(r.drift.predictions.map((p) => p.verdict)) : null,
    counts: r.drift ? { ...r.drift.counts } : { ok: 0, warn: 0, drift: 0, insufficient: 0, skipped: 0 },
    topDrift: (r.drift?.features ?? [])
      .filter((f) => f.psi && Number.isFinite(f.psi.value))
      .sort((a, b) => b.psi!.value - a.psi!.value)
      .slice(0, 3)
      .map((f) => ({ column: f.column, psi: f.psi!.value, verdict: f.verdict })),
    performance: head ? { metric: head.metric, card: head.card, cardCi: head.cardCi, current: head.current, delta: head.delta, verdict: head.verdict } : null,
    shadow: r.shadow ? { versionId: r.shadow.shadow, agreement: r.shadow.agreement, meanAbsDelta: r.shadow.meanAbsDelta } : null,
    warnings: r.warnings.length,
    ...(r.note ? { note: r.note } : {}),
  };
}

export function monitorHandlers(deps: MonitorDeps): MonitorApi {
  const { db, tf, guarded } = deps;
  const now = deps.now ?? Date.now;

  /** The version's contract, or one made from its training data when that is still stored unchanged. */
  async function contractOf(mv: ModelVersionRecord): Promise<DataContract> {
    if (mv.contract) return mv.contract;
    if (!mv.imported && mv.datasetVersionId) {
      try {
        const { ds } = await deps.loadVersion(mv.datasetId, mv.datasetVersionId);
        if (ds.fingerprint === mv.fingerprint) return generateContract(ds.table, ds.columns, { datasetName: mv.run.datasetName, fingerprint: mv.fingerprint, versionId: mv.datasetVersionId });
      } catch {
        // Gone: fall through to the error that says so.
      }
    }
    throw benchtopError('model_contract_missing', { id: mv.id });
  }

  async function monitorModelOf(mv: ModelVersionRecord): Promise<MonitorModel> {
    const decision = versionDecision(mv);
    return {
      versionId: mv.id,
      name: mv.name,
      version: mv.version,
      task: mv.spec.task,
      target: mv.spec.target,
      ...(mv.classes ? { classes: mv.classes } : {}),
      ...(decision ? { decision: { threshold: decision.threshold, posLabel: decision.posLabel } } : {}),
      contract: await contractOf(mv),
      pipeline: mv.pipeline,
      artifact: mv.artifact,
      ...(mv.heldOut ? { card: { level: mv.heldOut.level, metrics: mv.heldOut.metrics } } : {}),
      ...(mv.predictionReference ? { predictionReference: mv.predictionReference } : {}),
      ...(mv.dataset ? { referenceRows: mv.dataset.rows } : {}),
    };
  }

  async function fileHash(file: Blob): Promise<string> {
    if (file.size > MAX_HASHED_BYTES) return '';
    return sha256Hex(new Uint8Array(await file.arrayBuffer()));
  }

  return {
    monitorScore: (ref, file, options, jobId, onProgress) =>
      guarded(() =>
        deps.withJob(jobId, async (cancel): Promise<MonitorScoreResult> => {
          const format = options.format ?? 'csv';
          if (!FORMATS.includes(format)) throw benchtopError('monitor_input_invalid', { field: 'format', reason: `"${String(format)}" is not one of ${FORMATS.join(', ')}` });
          const thresholds = resolveThresholds(options.thresholds ?? {});
          const note = options.note?.trim();
          const progress = (p: Progress) => void onProgress(p);
          const mv = await resolveModel(db, ref);
          const model = await monitorModelOf(mv);
          let shadow: MonitorModel | undefined;
          if (options.shadow?.trim()) {
            const sv = await resolveModel(db, options.shadow.trim());
            if (sv.id === mv.id) throw benchtopError('monitor_input_invalid', { field: 'shadow version', reason: `${sv.id} is the version being scored; pick another version to compare with` });
            shadow = await monitorModelOf(sv);
          }
          const readStart = performance.now();
          progress({ phase: 'read', fraction: 0 });
          // Read with the training columns' kinds, as a bundle's scoring does.
          const signature = { manifest: { input: { columns: inputSignature(model.contract, mv.pipeline.features) } } } as Pick<Bundle, 'manifest'>;
          const ds = await readWithInputKinds(signature, (kinds) => ingest(file, { name: file.name, kinds, onProgress: progress, cancel }));
          const readMs = performance.now() - readStart;
          let result;
          try {
            result = await monitorBatch(model, ds, { tf, format, drift: options.drift ?? true, thresholds, ...(shadow ? { shadow } : {}), cancel, onProgress: progress });
          } catch (e) {
            // A batch the shadow's own contract refuses is a problem with the comparison, not with the batch.
            if (shadow && isBenchtopError(e) && e.code === 'scoring_data_invalid' && acceptedBy(model, ds))
              throw benchtopError('monitor_input_invalid', { field: 'shadow version', reason: `the batch breaks ${shadow.versionId}'s input contract (${e.message})` });
            throw e;
          }
          result.timings.read = readMs;
          result.timings.total += readMs;
          const id = monitoring.newMonitoringRunId(now());
          const name = `${mv.name}-v${mv.version}-${stem(file.name)}.predictions.${FILE_EXTENSIONS[format]}`;
          const alias = aliasOf(ref);
          const run: MonitoringRunRecord = {
            id,
            versionId: mv.id,
            modelName: mv.name,
            version: mv.version,
            ...(alias ? { alias } : {}),
            createdAt: now(),
            file: { name: file.name, bytes: file.size, sha256: await fileHash(file) },
            rows: result.rows,
            warnings: result.warnings,
            predictions: { format, name, bytes: result.predictions.bytes.length, sha256: result.predictions.sha256, columns: result.predictions.columns },
            drift: result.drift,
            performance: result.performance,
            shadow: result.shadow,
            backend: tf.getBackend(),
            timings: result.timings,
            ...(note ? { note } : {}),
          };
          const record = options.record ?? true;
          progress({ phase: 'record', fraction: 0 });
          if (record) await monitoring.recordMonitoringRun(db, run);
          const predictions: PredictionsFile = {
            name,
            format,
            bytes: result.predictions.bytes,
            sha256: result.predictions.sha256,
            columns: result.predictions.columns,
            rows: result.rows,
          };
          const out: MonitorScoreResult = {
            run,
            predictions,
            preview: predictionCells(result.columns, { versionId: mv.id }, 0, Math.min(PREVIEW_ROWS, result.rows)),
            recorded: record,
          };
          return Comlink.transfer(out, [predictions.bytes.buffer as ArrayBuffer]);
        }),
      ),

    listMonitoringRuns: (name, version) => guarded(async () => (await monitoring.listMonitoringRuns(db, name, version)).map(runSummary)),

    getMonitoringRun: (id) => guarded(() => monitoring.getMonitoringRun(db, id)),

    deleteMonitoringRun: (id) => guarded(() => monitoring.deleteMonitoringRun(db, id)),

    defaultDriftThresholds: () => guarded(async () => defaultDriftThresholds()),
  };
}

/** Whether `model`'s contract accepts the batch (when not, a scoring_data_invalid was the primary's). */
function acceptedBy(model: MonitorModel, ds: Dataset): boolean {
  try {
    checkScoringData(model, ds);
    return true;
  } catch {
    return false;
  }
}
