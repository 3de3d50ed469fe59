/**
 * The one typed contract between the UI and the studio worker. The UI holds
 * `Comlink.Remote<StudioApi>`; tables cross as Arrow IPC bytes (transferred, not copied);
 * progress comes back through proxied callbacks; long jobs take a jobId that `cancel` stops.
 * Failures reject with a SerializedError-shaped Error ({code, message, location}).
 */
import type { WorkspaceApi } from './workspace-api.ts';
import type { RegistryApi } from './registry-api.ts';
import type { SearchApi } from './search-api.ts';
import type { MonitorApi } from './monitor-api.ts';
import type { ShareApi } from './share-api.ts';
import type { DatasetRecord, DatasetVersionRecord, RunMeta, RunRecord } from '../src/core/track/types.ts';
import type { ColumnInfo, ColumnKind } from '../src/core/data/types.ts';
import type { DatasetProfile } from '../src/core/validate/profile/types.ts';
import type { Finding } from '../src/core/validate/types.ts';
import type { CorrelationMatrix } from '../src/core/validate/correlation/index.ts';
import type { PiiAction, PiiReport } from '../src/core/validate/pii/types.ts';
import type { ContractCheck, DataContract } from '../src/core/validate/contract/types.ts';
import type { VersionComparison } from '../src/core/track/versions.ts';
import type { StorageStatus } from '../src/core/track/storage.ts';
import type { ExperimentSpec, Task } from '../src/core/spec/types.ts';
import type { Progress } from '../src/core/jobs.ts';
import type { SanityReport, TrainEvent } from '../src/core/train/events.ts';

export type { SanityCheck, SanityReport } from '../src/core/train/events.ts';
import type { ExperimentPreview } from '../src/core/train/preview-experiment.ts';
import type {
  EvaluationRequest,
  ExplainRequest,
  ExplainResult,
  RunComparison,
  RunDecision,
  RunEvaluation,
} from '../src/core/evaluate/run-evaluation/types.ts';

export type {
  ErrorRow,
  EvaluationRequest,
  EvaluationRows,
  Explanation,
  ExplainRequest,
  ExplainResult,
  RegressionDiagnostics,
  RunComparison,
  RunDecision,
  RunEvaluation,
} from '../src/core/evaluate/run-evaluation/types.ts';
import type { LearningCurve, LearningCurvePoint } from '../src/core/train/learning-curve.ts';

export type { LearningCurve, LearningCurvePoint } from '../src/core/train/learning-curve.ts';

export type { ExperimentPreview } from '../src/core/train/preview-experiment.ts';

export interface SampleInfo {
  id: string;
  name: string;
  file: string;
  task: Task;
  target: string;
  description: string;
  rows: number;
}

export interface EnvironmentInfo {
  /** Backends that initialised, in preference order. */
  backends: string[];
  /** The backend 'auto' picks. */
  preferred: string;
  adapter?: string;
  tfjs: string;
}

export interface TaskGuess {
  task: Task;
  /** Class labels in model order (classification). */
  classes?: string[];
  reason: string;
}

export interface FeaturePreview {
  names: string[];
  /** Table row index of each preview row. */
  rows: number[];
  values: number[][];
  /** Rows in the full matrix. */
  total: number;
}

/** How to read a file. Column-keyed settings are [name, value] pairs: names are data (`__proto__` included). */
export interface ImportOptions {
  /** Cell spellings read as missing (replaces the defaults: '', NA, N/A, NaN, nan, null, NULL, None, ?). */
  missingTokens?: string[];
  /** Forced column kinds instead of inference. */
  kinds?: [string, ColumnKind][];
  /** Rename duplicate/blank header names (a, a -> a, a_2) instead of failing with csv_duplicate_header. */
  renameDuplicateHeaders?: boolean;
  /**
   * What to do with personal data before anything is stored. Absent: when PII is found the import is
   * staged for review (status 'review') and nothing is stored until commitImport.
   */
  pii?: PiiAction[];
}

export type ImportResult =
  | { status: 'saved'; dataset: DatasetRecord; version: DatasetVersionRecord; notes: string[] }
  | {
      status: 'review';
      /** Pass to commitImport / discardImport; the parsed table waits in the worker's memory. */
      stageId: string;
      name: string;
      rows: number;
      columns: ColumnInfo[];
      pii: PiiReport;
      notes: string[];
    };

export interface QualityReport {
  datasetId: string;
  versionId: string;
  target?: string;
  profile: DatasetProfile;
  /** Dataset checks, plus target checks when a target was given; sorted by severity then code. */
  findings: Finding[];
  /** Numeric columns (Pearson); null when fewer than two numeric columns. */
  correlation: CorrelationMatrix | null;
  pii: PiiReport;
}

export interface ContractVerdict {
  /** The file checked (or the version, when checking a stored version). */
  name: string;
  rows: number;
  check: ContractCheck;
}

export interface StudioApi extends WorkspaceApi, RegistryApi, SearchApi, ShareApi, MonitorApi {
  environment(): Promise<EnvironmentInfo>;
  listSamples(): Promise<SampleInfo[]>;
  /** Parse a user's file (CSV/TSV/JSON) in the worker, store it, return its record. */
  importFile(file: File, jobId: string, onProgress: (p: Progress) => void, options?: ImportOptions): Promise<ImportResult>;
  /** Fetch an https URL the user typed (streamed, cancellable), then import it like a file. */
  importUrl(url: string, jobId: string, onProgress: (p: Progress) => void, options?: ImportOptions): Promise<ImportResult>;
  importSample(sampleId: string, jobId: string, onProgress: (p: Progress) => void): Promise<DatasetRecord>;
  /** Store a staged import after the user chose what to do with each PII column (drop, mask, hash; unlisted = keep). */
  commitImport(stageId: string, actions: PiiAction[]): Promise<ImportResult>;
  discardImport(stageId: string): Promise<void>;
  listDatasets(): Promise<DatasetRecord[]>;
  /** Arrow IPC stream bytes of the stored table (transferred). */
  datasetTable(id: string): Promise<Uint8Array>;
  deleteDataset(id: string): Promise<void>;
  /** Profile + checks (+ target checks) of the dataset's current version; cancellable job with progress. */
  qualityReport(datasetId: string, target: string | undefined, jobId: string, onProgress: (p: Progress) => void): Promise<QualityReport>;
  listVersions(datasetId: string): Promise<DatasetVersionRecord[]>;
  compareVersions(a: string, b: string): Promise<VersionComparison>;
  /** Refuses with version_in_use (naming the runs) unless force. */
  deleteVersion(versionId: string, force: boolean): Promise<void>;
  setCurrentVersion(datasetId: string, versionId: string): Promise<DatasetRecord>;
  /** A new version with the columns re-read as the given kinds (derivation 'type-override'). */
  retypeColumns(datasetId: string, kinds: [string, ColumnKind][]): Promise<DatasetRecord>;
  /** A new version with PII columns dropped, masked or hashed (derivation 'pii-scrub'). */
  scrubColumns(datasetId: string, actions: PiiAction[]): Promise<DatasetRecord>;
  /** The version's saved contract, or one generated from its data (not saved). */
  contractFor(versionId: string): Promise<{ contract: DataContract; saved: boolean }>;
  /** Validate and save an edited contract (JSON text) on the version; contract_invalid names the field. */
  saveContract(versionId: string, json: string): Promise<DataContract>;
  /** Read a file and check it against the version's contract (saved or generated). */
  checkContract(versionId: string, file: File, jobId: string, onProgress: (p: Progress) => void): Promise<ContractVerdict>;
  /** Usage, quota and whether storage is persistent. Asking for persistence is the page's job: persist() exists only on Window. */
  storageStatus(): Promise<StorageStatus>;
  guessTask(datasetId: string, target: string): Promise<TaskGuess>;
  /** Plan a spec against a dataset without training: explicit pipeline with reasons, split summaries and warnings. */
  previewExperiment(datasetId: string, spec: ExperimentSpec): Promise<ExperimentPreview>;
  /** The first `limit` rows of the transformed feature matrix (pipeline fitted on every row with a target). */
  previewFeatures(datasetId: string, spec: ExperimentSpec, limit: number): Promise<FeaturePreview>;
  /** The whole transformed feature matrix as CSV: byte-identical to `benchtop train --features-out`. */
  featuresCsv(datasetId: string, spec: ExperimentSpec): Promise<string>;
  /** Train + evaluate + record. Resolves with the finished run (status done/cancelled/failed). */
  train(datasetId: string, spec: ExperimentSpec, jobId: string, onEvent: (e: TrainEvent) => void): Promise<RunRecord>;
  /** Train on growing subsets of the training rows (cancellable job); points stream as they finish. */
  learningCurve(datasetId: string, spec: ExperimentSpec, jobId: string, onPoint: (p: LearningCurvePoint) => void): Promise<LearningCurve>;
  /** The pre-training sanity checks for a network spec, on demand; null for models that are not networks. */
  sanityChecks(datasetId: string, spec: ExperimentSpec): Promise<SanityReport | null>;
  cancel(jobId: string): Promise<void>;
  listRuns(): Promise<RunRecord[]>;
  /** One run's record; run_not_found when it is gone. */
  getRun(id: string): Promise<RunRecord>;
  deleteRun(id: string): Promise<void>;
  /**
   * Change a run's experiment, tags or notes (fields left out stay as they are; an empty tag list
   * or blank notes clear them; the experiment can be renamed, not cleared). run_meta_invalid
   * names the field; returns the updated record.
   */
  updateRunMeta(runId: string, patch: RunMeta): Promise<RunRecord>;

  // Evaluation page (#/runs/<id>): built from the run's stored held-out predictions.
  /** Metrics with intervals, baseline comparison, confusion matrix, curves, threshold, slices, errors; cancellable. */
  evaluateRun(runId: string, request: EvaluationRequest, jobId: string, onProgress: (p: Progress) => void): Promise<RunEvaluation>;
  /** Permutation importance, partial dependence/ICE or SHAP; uses the kept model or refits it deterministically. */
  explainRun(runId: string, request: ExplainRequest, jobId: string, onProgress: (p: Progress) => void): Promise<ExplainResult>;
  /** Paired comparison of two runs evaluated on the same rows (run_rows_differ otherwise). */
  compareRuns(a: string, b: string, metric: string | undefined, jobId: string, onProgress: (p: Progress) => void): Promise<RunComparison>;
  /** Save (or with an empty text, clear) a note on one evaluated row of a run. */
  saveRowNote(runId: string, row: number, text: string): Promise<void>;
  /** Save the decision rule (threshold, calibration) with the run; returns the updated record. */
  saveDecision(runId: string, decision: RunDecision): Promise<RunRecord>;
}
