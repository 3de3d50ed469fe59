/**
 * One monitoring run on the core, shared by the studio worker and `benchtop score`:
 * check the batch against the contract -> predict in chunks -> drift -> performance (when the
 * batch has the target) -> shadow version on the same rows -> predictions file.
 * Phases are in that order and visible in the timings. Nothing here stores anything.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { labelValues, numericValues } from '../data/columns.ts';
import type { Dataset } from '../data/types.ts';
import { benchtopError } from '../errors.ts';
import type { FittedPipeline } from '../features/run-pipeline.ts';
import { bundleMatrix, checkScoringData, loadBundleModel } from '../export/score/score-with-bundle.ts';
import { predictionsFile, predictionsHeader } from '../export/predictions-file.ts';
import { sha256Hex } from '../export/bundle/sha256.ts';
import { throwIfCancelled, yieldToEventLoop, type CancelToken, type ProgressFn } from '../jobs.ts';
import type { ModelArtifact } from '../models/artifact.ts';
import type { Task } from '../spec/types.ts';
import type { DataContract } from '../validate/contract/types.ts';
import { driftReport } from './drift-report.ts';
import { performanceReport, type BatchTruth, type CardMetrics } from './performance.ts';
import { predictionColumns, type PredictionColumn, type PredictionReference } from './prediction-reference.ts';
import { shadowComparison } from './shadow.ts';
import type { DriftReport, DriftThresholds, MonitoringTimings, PerformanceReport, PredictionsFormat, ShadowComparison } from './types.ts';

/** What monitoring needs of a model, from a registry version or a bundle. */
export interface MonitorModel {
  /** "name@3". */
  versionId: string;
  name: string;
  version: number;
  task: Task;
  target: string;
  classes?: string[];
  decision?: { threshold: number; posLabel: number };
  contract: DataContract;
  pipeline: FittedPipeline;
  artifact: ModelArtifact;
  /** The card's held-out numbers. */
  card?: CardMetrics;
  predictionReference?: PredictionReference;
  /** Rows the contract's references were taken from, when known. */
  referenceRows?: number;
}

export interface MonitorBatchOptions {
  tf: typeof tfjs;
  format: PredictionsFormat;
  drift: boolean;
  thresholds: DriftThresholds;
  shadow?: MonitorModel;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
  /** Rows per prediction chunk (default 16,384): bounds the feature matrix held at once. */
  chunkRows?: number;
  /** Seed of the bootstraps (performance intervals, the paired test). Default 0. */
  seed?: number;
  /** Clock for the timings (tests pass a fake). */
  now?: () => number;
}

export interface MonitorBatchResult {
  rows: number;
  warnings: string[];
  columns: PredictionColumn[];
  predictions: { format: PredictionsFormat; bytes: Uint8Array; sha256: string; columns: string[] };
  drift: DriftReport | null;
  performance: PerformanceReport | null;
  shadow: ShadowComparison | null;
  timings: MonitoringTimings;
}

const CHUNK_ROWS = 16_384;

/** The model's output on every row (n x k probabilities or n values), predicted `chunk` rows at a time. */
export async function predictInChunks(
  model: MonitorModel,
  ds: Pick<Dataset, 'table' | 'columns'>,
  opts: { tf: typeof tfjs; cancel?: CancelToken; onProgress?: ProgressFn; chunkRows?: number; phase?: string },
): Promise<Float64Array> {
  const n = ds.table.numRows;
  const width = model.task === 'regression' ? 1 : (model.classes?.length ?? 0);
  const out = new Float64Array(n * width);
  const chunk = Math.max(1, opts.chunkRows ?? CHUNK_ROWS);
  const loaded = await loadBundleModel(model, opts.tf);
  try {
    for (let from = 0; from < n; from += chunk) {
      throwIfCancelled(opts.cancel);
      const to = Math.min(n, from + chunk);
      const rows = Int32Array.from({ length: to - from }, (_, i) => from + i);
      const X = bundleMatrix(model, ds, rows);
      const part = await loaded.predict(X, to - from);
      if (part.length !== (to - from) * width) throw benchtopError('bundle_invalid', { entry: 'model', reason: `the model returned ${part.length} values for ${to - from} rows x ${width}` });
      out.set(part, from * width);
      opts.onProgress?.({ phase: opts.phase ?? 'predict', fraction: to / n });
      await yieldToEventLoop();
    }
  } finally {
    loaded.dispose();
  }
  throwIfCancelled(opts.cancel);
  return out;
}

/** The batch's target column as the performance report reads it; null when the batch has none. */
export function batchTruth(ds: Pick<Dataset, 'table'>, target: string, task: Task): BatchTruth | null {
  if (!ds.table.schema.fields.some((f) => f.name === target)) return null;
  if (task === 'regression') {
    try {
      return { kind: 'numbers', values: numericValues(ds.table, target) };
    } catch {
      // A text target cannot be a regression's truth; report no performance rather than fail the run.
      return null;
    }
  }
  return { kind: 'labels', values: labelValues(ds.table, target) };
}

export async function monitorBatch(model: MonitorModel, ds: Pick<Dataset, 'table' | 'columns'>, opts: MonitorBatchOptions): Promise<MonitorBatchResult> {
  const now = opts.now ?? (() => globalThis.performance.now());
  const progress = opts.onProgress ?? (() => {});
  const t0 = now();
  const timings: MonitoringTimings = { read: 0, check: 0, score: 0, drift: 0, performance: 0, shadow: 0, export: 0, total: 0 };
  const phase = async <T>(key: Exclude<keyof MonitoringTimings, 'read' | 'total'>, work: () => T | Promise<T>): Promise<T> => {
    const start = now();
    progress({ phase: key, fraction: 0 });
    const result = await work();
    timings[key] += now() - start;
    throwIfCancelled(opts.cancel);
    return result;
  };
  const { shadow } = opts;
  if (shadow && shadow.task !== model.task)
    throw benchtopError('monitor_input_invalid', { field: 'shadow version', reason: `${shadow.versionId} is a ${shadow.task} model and ${model.versionId} a ${model.task} one; a shadow must answer the same question` });

  const warnings = await phase('check', () => {
    const found = checkScoringData(model, ds, opts.cancel).map((w) => w.message);
    if (shadow) for (const w of checkScoringData(shadow, ds, opts.cancel)) found.push(`${shadow.versionId}: ${w.message}`);
    return found;
  });
  const rows = ds.table.numRows;
  const output = await phase('score', () => predictInChunks(model, ds, { ...opts, phase: 'predict' }));
  const columns = predictionColumns(model.task, output, model.classes ?? [], model.decision);

  const drift = opts.drift
    ? await phase('drift', () =>
        driftReport(
          {
            contract: model.contract,
            columns: model.pipeline.features,
            ...(model.referenceRows !== undefined ? { rows: model.referenceRows } : {}),
            ...(model.predictionReference ? { predictions: model.predictionReference } : {}),
          },
          { table: ds.table, predictions: columns },
          opts.thresholds,
        ),
      )
    : null;

  const truth = batchTruth(ds, model.target, model.task);
  const performance = truth
    ? await phase('performance', () =>
        performanceReport({
          task: model.task,
          ...(model.classes ? { classes: model.classes } : {}),
          target: model.target,
          output,
          truth,
          ...(model.card ? { card: model.card } : {}),
          minRows: opts.thresholds.minSamples,
          seed: opts.seed ?? 0,
        }),
      )
    : null;

  const shadowResult = shadow
    ? await phase('shadow', async () => {
        const shadowOutput = await predictInChunks(shadow, ds, { ...opts, phase: 'shadow' });
        return shadowComparison({
          task: model.task,
          primary: { id: model.versionId, output, ...(model.classes ? { classes: model.classes } : {}), ...(model.decision ? { decision: model.decision } : {}) },
          shadow: { id: shadow.versionId, output: shadowOutput, ...(shadow.classes ? { classes: shadow.classes } : {}), ...(shadow.decision ? { decision: shadow.decision } : {}) },
          rows,
          ...(truth ? { truth } : {}),
          ...(performance?.headline ? { metric: performance.headline } : {}),
          minRows: opts.thresholds.minSamples,
          seed: opts.seed ?? 0,
        });
      })
    : null;

  const bytes = await phase('export', () =>
    predictionsFile(columns, { versionId: model.versionId, name: model.name, version: model.version, task: model.task }, opts.format),
  );
  timings.total = now() - t0;
  return {
    rows,
    warnings,
    columns,
    predictions: { format: opts.format, bytes, sha256: sha256Hex(bytes), columns: predictionsHeader(columns) },
    drift,
    performance,
    shadow: shadowResult,
    timings,
  };
}
