import type { SerializedError } from '../errors.ts';
import type { Brand, DatasetId, RunId } from '../ids.ts';
import type { ColumnInfo } from '../data/types.ts';
import type { FittedPipeline } from '../features/run-pipeline.ts';
import type { ModelArtifact } from '../models/artifact.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import type { DataContract } from '../validate/contract/types.ts';
import type { EpochRecord, SanityReport } from '../train/events.ts';
import type { RunDecision } from '../evaluate/run-evaluation/types.ts';

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
  /** The dataset version trained on (absent on runs recorded before versions existed). */
  datasetVersionId?: DatasetVersionId;
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
  /** Headline metrics of the held-out rows with bootstrap intervals (the full evaluation is rebuilt from the run's artifacts). */
  heldOut?: HeldOutSummary;
  /** True when the run's predictions are stored (runArtifacts): only such a run can be evaluated. */
  hasArtifacts?: boolean;
  /** The decision rule (threshold, calibration) saved from the evaluation page. */
  decision?: RunDecision;
  /**
   * Name grouping related runs (schema v4). trackedRun sets it to the dataset's name unless told
   * otherwise; runs recorded before v4 got their dataset's name in the upgrade.
   */
  experiment?: string;
  /** Free labels (trimmed, 1-64 chars, at most 32, no repeats); indexed one entry per tag. */
  tags?: string[];
  /** The user's free text about the run (at most 20,000 characters). */
  notes?: string;
  /** The run this one is a trial of (a hyperparameter search's child runs name their search). */
  parentRunId?: RunId;
  /**
   * true: the reported fit's model is stored (runModels) and can be registered; false: the run
   * finished without it (modelError says why); absent: recorded before models were kept.
   */
  hasModel?: boolean;
  /** Why a finished run has no stored model (the model kind cannot be saved yet, or saving failed). */
  modelError?: SerializedError;
}

/** The editable metadata of a run (updateRunMeta). */
export interface RunMeta {
  experiment?: string;
  tags?: string[];
  notes?: string;
}

/**
 * The reported fit's model of a finished run (table runModels, schema v4): everything needed
 * to predict with it — the model as plain data, the fitted preprocessing, class labels and the
 * raw feature columns it reads. Stored apart from the record so listing runs stays cheap.
 */
export interface RunModelRecord {
  runId: RunId;
  artifact: ModelArtifact;
  pipeline: FittedPipeline;
  /** Classification: label of each class index, in the model's output order. */
  classes?: string[];
  /** Raw input columns, in the order the pipeline reads them. */
  features: string[];
}

/** A small copy of the held-out report kept on the run record, for lists and comparisons. */
export interface HeldOutSummary {
  rows: number;
  level: number;
  metrics: { key: string; value: number | null; ci: [number, number] | null }[];
  /** The locked final test set's, when the split has one. */
  finalTest?: { rows: number; metrics: { key: string; value: number | null; ci: [number, number] | null }[] };
}

/**
 * What a finished run keeps besides its record, stored apart (table runArtifacts) so listing
 * runs stays cheap: the held-out predictions exactly as runExperiment returned them (typed
 * arrays, stored as they are), the baseline's on the same rows, and the user's row notes.
 */
export interface RunArtifacts {
  runId: RunId;
  /** 0-based row in the evaluated table, fold (-1 = locked final test), encoded truth, n x width values. */
  row: Int32Array;
  fold: Int32Array;
  yTrue: Int32Array | Float64Array;
  values: Float64Array;
  width: number;
  /** The baseline's predictions on the same rows, same layout as values. */
  baseline: Float64Array;
  classes?: string[];
  /** Table row -> note text. */
  notes: Record<number, string>;
}

/** A dataset as stored. Its data lives in versions; rows, columns and bytes mirror the current one so listing stays cheap. */
export interface DatasetRecord {
  id: DatasetId;
  name: string;
  source: 'sample' | 'file';
  rows: number;
  columns: ColumnInfo[];
  bytes: number;
  createdAt: number;
  /** The version reads and runs use unless told otherwise. */
  currentVersionId: DatasetVersionId;
  /** How many versions are stored. */
  versions: number;
  /** The highest version number ever given: numbers are never reused, so "v3" always means one thing. */
  lastVersionNumber: number;
}

/** A dataset before it is saved: saveDataset fills in the version fields. */
export type NewDatasetRecord = Omit<DatasetRecord, 'currentVersionId' | 'versions' | 'lastVersionNumber'> &
  Partial<Pick<DatasetRecord, 'currentVersionId' | 'versions' | 'lastVersionNumber'>>;

export type DatasetVersionId = Brand<string, 'DatasetVersionId'>;
export const asDatasetVersionId = (s: string): DatasetVersionId => s as DatasetVersionId;

/** JSON-serialisable parameters of a derivation (e.g. the renames, the filter expression). */
export type DerivationParams = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a version came from its parent. */
export interface Derivation {
  kind: 'import' | 'type-override' | 'pii-scrub' | 'filter' | 'rename-columns';
  /** One line a person reads: "Imported penguins.csv", "Dropped 12 rows where age < 0". */
  detail: string;
  /** For 'rename-columns': { renames: [{ from, to }, ...] } lets compareVersions report renames. */
  params?: DerivationParams;
}

/** One immutable state of a dataset's data. Its table bytes are stored in chunks (tableChunks). */
export interface DatasetVersionRecord {
  id: DatasetVersionId;
  datasetId: DatasetId;
  /** 1, 2, 3 ... in order of creation within the dataset. */
  number: number;
  /** The version this one was derived from; may name a version since deleted. */
  parentId?: DatasetVersionId;
  derivation: Derivation;
  /** SHA-256 (hex) of the canonical Arrow IPC bytes. */
  fingerprint: string;
  rows: number;
  columns: ColumnInfo[];
  /** Stored size: the sum of the chunks' bytes. */
  bytes: number;
  /** Number of stored chunks (record batches). */
  chunks: number;
  createdAt: number;
  /** Where the data came from: file name, text encoding, free notes. */
  source?: { name: string; encoding?: string; notes?: string };
  /** The promises this version's data was checked against, or made. */
  contract?: DataContract;
}
