/**
 * Batch scoring and drift monitoring: the worker contract (StudioApi extends it; implemented in
 * monitor-handlers.ts). A monitoring run scores a batch file with a registered model version,
 * returns the predictions as a file (CSV, Parquet or Arrow IPC, tagged with the version) and
 * records what was found: drift of every input column and of the predictions against the
 * version's training reference, performance against the card's numbers when the batch carries
 * the target, and optionally a shadow version's predictions on the same rows.
 * Failures reject like every StudioApi call: an Error whose name is the stable code
 * (scoring_data_invalid when the batch breaks the contract, as scoreFile does).
 *
 * Shapes are stable: fields are added, never renamed.
 */
import type { Progress } from '../src/core/jobs.ts';
import type {
  DriftThresholds,
  MonitoringRunRecord,
  OverallVerdict,
  PerformanceRow,
  PredictionsFormat,
} from '../src/core/monitor/types.ts';

export type {
  DriftBin,
  DriftDistance,
  DriftMethod,
  DriftReport,
  DriftTest,
  DriftThresholds,
  FeatureDrift,
  FeatureVerdict,
  MonitoringRunRecord,
  MonitoringTimings,
  OverallVerdict,
  PerformanceReport,
  PerformanceRow,
  PredictionsFormat,
  ShadowComparison,
  ShadowPairedTest,
  WarnDrift,
} from '../src/core/monitor/types.ts';

export interface MonitorScoreOptions {
  /** Format of the predictions file. Default 'csv'. */
  format?: PredictionsFormat;
  /** Compute the drift report. Default true. */
  drift?: boolean;
  /** Lines that make a verdict; fields left out take defaultDriftThresholds(). */
  thresholds?: Partial<DriftThresholds>;
  /** A second version ("name@4", "name@challenger") scored on the same rows; it must have the same task. */
  shadow?: string;
  /** Record the run in the workspace. Default true (false: report only). */
  record?: boolean;
  /** Free text kept with the run. */
  note?: string;
}

/** The predictions file (bytes transferred, not copied). */
export interface PredictionsFile {
  /** "<model>-v<version>-<batch stem>.predictions.<csv|parquet|arrow>". */
  name: string;
  format: PredictionsFormat;
  /** CSV: row, prediction, p(<class>)..., model_version. Parquet/Arrow: the same columns plus schema metadata benchtop.model_version. */
  bytes: Uint8Array;
  sha256: string;
  columns: string[];
  rows: number;
}

/** A run as lists show it: the record without the per-column detail. */
export interface MonitoringRunSummary {
  id: string;
  versionId: string;
  modelName: string;
  version: number;
  alias?: string;
  createdAt: number;
  fileName: string;
  rows: number;
  /** Drift verdict over the inputs; null when drift was not computed. */
  verdict: OverallVerdict | null;
  /** The worst prediction-drift verdict; null when there is none. */
  predictionVerdict: OverallVerdict | null;
  /** Feature counts per verdict (all zero when drift was not computed). */
  counts: { ok: number; warn: number; drift: number; insufficient: number; skipped: number };
  /** The three largest feature PSIs, largest first (for sparkline-like lists). */
  topDrift: { column: string; psi: number; verdict: string }[];
  /** The headline metric vs the card, when the batch had the target. */
  performance: Pick<PerformanceRow, 'metric' | 'card' | 'cardCi' | 'current' | 'delta' | 'verdict'> | null;
  /** The shadow version and how often it agreed. */
  shadow: { versionId: string; agreement: number | null; meanAbsDelta: number } | null;
  warnings: number;
  note?: string;
}

/** The whole stored run: drift per column, performance, shadow, timings. */
export type MonitoringRunDetail = MonitoringRunRecord;

export interface MonitorScoreResult {
  /** The recorded run (or, with record: false, the same report with an id that was not stored). */
  run: MonitoringRunDetail;
  predictions: PredictionsFile;
  /** The first rows of the predictions as cells (same columns as the file). */
  preview: string[][];
  /** false when record: false was asked. */
  recorded: boolean;
}

export interface MonitorApi {
  /**
   * Score a batch with a model version (`ref` is "name@3" or "name@champion"), cancellable with
   * cancel(jobId). The batch is checked against the version's contract first: violations reject
   * with scoring_data_invalid and nothing is recorded. Progress phases: read, check, transform,
   * predict, drift, performance, shadow, export, record.
   */
  monitorScore(ref: string, file: File, options: MonitorScoreOptions, jobId: string, onProgress: (p: Progress) => void): Promise<MonitorScoreResult>;
  /** A model's monitoring runs, newest first; with `version`, only that version's. */
  listMonitoringRuns(name: string, version?: number): Promise<MonitoringRunSummary[]>;
  /** One run (monitoring_run_not_found when it is gone). */
  getMonitoringRun(id: string): Promise<MonitoringRunDetail>;
  deleteMonitoringRun(id: string): Promise<void>;
  /** The lines used when a run names none. */
  defaultDriftThresholds(): Promise<DriftThresholds>;
}
