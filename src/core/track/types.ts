import type { SerializedError } from '../errors.ts';
import type { DatasetId, RunId } from '../ids.ts';
import type { ColumnInfo } from '../data/types.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import type { EpochRecord, SanityReport } from '../train/events.ts';

/** Metric name (scikit-learn's, snake_case) -> value. */
export type MetricValues = Record<string, number>;

export interface CvSummary {
  folds: number;
  mean: MetricValues;
  std: MetricValues;
  perFold: MetricValues[];
}

/** Where and with what a run ran: enough to explain a numeric difference between two runs. */
export interface RunEnvironment {
  backend: string;
  adapter?: string;
  userAgent: string;
  benchtop: string;
  tfjs: string;
}

export interface FinalTestRecord {
  metrics: MetricValues;
  baselineMetrics: MetricValues;
  rows: number;
  /** Identifies the locked rows: same data, seed and split family/fraction/column give the same set. */
  key: string;
  /** 1 the first time these rows are evaluated; more means the test set has been looked at before. */
  evaluation: number;
}

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface RunRecord {
  id: RunId;
  /** The full normalized spec: re-running it on the same data reproduces the numbers. */
  spec: NormalizedSpec;
  datasetId: DatasetId;
  datasetName: string;
  status: RunStatus;
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  seed: number;
  env: RunEnvironment;
  /** Test-set metrics of the trained model (holdout) or the CV mean. */
  metrics?: MetricValues;
  /** The baseline's metrics on exactly the same rows, for comparison. */
  baselineMetrics?: MetricValues;
  cv?: CvSummary;
  /** The locked final test set's one-time evaluation. */
  finalTest?: FinalTestRecord;
  /** Pre-training sanity checks (networks). */
  sanity?: SanityReport;
  /** Things the user should know about this run's numbers (e.g. a reused final test set). */
  warnings?: string[];
  /** Per-epoch losses (the final model's, or the first fold's under CV). */
  history: EpochRecord[];
  bestEpoch?: number;
  error?: SerializedError;
}

/** A dataset as stored: metadata; the Arrow IPC bytes live in a separate table. */
export interface DatasetRecord {
  id: DatasetId;
  name: string;
  source: 'sample' | 'file';
  rows: number;
  columns: ColumnInfo[];
  bytes: number;
  createdAt: number;
}
