/**
 * The one typed contract between the UI and the studio worker. The UI holds
 * `Comlink.Remote<StudioApi>`; tables cross as Arrow IPC bytes (transferred, not copied);
 * progress comes back through proxied callbacks; long jobs take a jobId that `cancel` stops.
 * Failures reject with a SerializedError-shaped Error ({code, message, location}).
 */
import type { DatasetRecord, RunRecord } from '../src/core/track/types.ts';
import type { ExperimentSpec, Task } from '../src/core/spec/types.ts';
import type { Progress } from '../src/core/jobs.ts';
import type { SanityReport, TrainEvent } from '../src/core/train/events.ts';

export type { SanityCheck, SanityReport } from '../src/core/train/events.ts';
import type { ExperimentPreview } from '../src/core/train/preview-experiment.ts';
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

export interface StudioApi {
  environment(): Promise<EnvironmentInfo>;
  listSamples(): Promise<SampleInfo[]>;
  /** Parse a user's file (CSV/TSV/JSON) in the worker, store it, return its record. */
  importFile(file: File, jobId: string, onProgress: (p: Progress) => void): Promise<DatasetRecord>;
  importSample(sampleId: string, jobId: string, onProgress: (p: Progress) => void): Promise<DatasetRecord>;
  listDatasets(): Promise<DatasetRecord[]>;
  /** Arrow IPC stream bytes of the stored table (transferred). */
  datasetTable(id: string): Promise<Uint8Array>;
  deleteDataset(id: string): Promise<void>;
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
  deleteRun(id: string): Promise<void>;
}
