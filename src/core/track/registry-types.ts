/**
 * Records of the model registry (schema v4). A registered model is a name with numbered,
 * immutable versions; each version holds its own copy of everything needed to use and explain
 * the model (artifact, pipeline, spec, metrics, environment, the data's identity and contract),
 * so it outlives the run, the dataset version and the workspace it came from. Aliases
 * ("champion") point at version numbers; every move is logged. Model cards keep their
 * free-text sections as numbered revisions; the numbers on a card always come from the version.
 */
import type { ColumnInfo } from '../data/types.ts';
import type { RunDecision } from '../evaluate/run-evaluation/types.ts';
import type { FittedPipeline } from '../features/run-pipeline.ts';
import type { Brand, DatasetId, RunId } from '../ids.ts';
import type { ModelArtifact } from '../models/artifact.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import type { DataContract } from '../validate/contract/types.ts';
import type { CvSummary, DatasetVersionId, Derivation, FinalTestRecord, HeldOutSummary, MetricValues, RunEnvironment } from './types.ts';
import type { ImportedBundle } from './import-version.ts';
import type { PredictionReference } from '../monitor/prediction-reference.ts';

/** `${name}@${version}`, e.g. "churn@3". */
export type ModelVersionId = Brand<string, 'ModelVersionId'>;
export const asModelVersionId = (s: string): ModelVersionId => s as ModelVersionId;
export const modelVersionId = (name: string, version: number): ModelVersionId => `${name}@${version}` as ModelVersionId;

export interface RegisteredModelRecord {
  /** 1-64 characters of [A-Za-z0-9._-]; not only dots. The key. */
  name: string;
  description: string;
  createdAt: number;
  /** Alias -> version number. */
  aliases: Record<string, number>;
  /** The highest version number ever given: numbers are never reused, also after deletes. */
  lastVersion: number;
  /**
   * Set when the model was deleted: the record stays (hidden from every read) only so that a
   * model registered again under this name continues the numbering.
   */
  deletedAt?: number;
}

/** The dataset version a model version was trained on, as it was at registration. */
export interface DatasetVersionSnapshot {
  id: DatasetVersionId;
  datasetId: DatasetId;
  /** The dataset's name when registered. */
  datasetName: string;
  number: number;
  parentId?: DatasetVersionId;
  derivation: Derivation;
  fingerprint: string;
  rows: number;
  columns: ColumnInfo[];
  createdAt: number;
  source?: { name: string; encoding?: string; notes?: string };
}

/** The run a model version came from, as it was at registration. */
export interface RunSnapshot {
  id: RunId;
  experiment?: string;
  tags?: string[];
  parentRunId?: RunId;
  datasetName: string;
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  seed: number;
  warnings?: string[];
}

export interface ModelVersionRecord {
  id: ModelVersionId;
  name: string;
  /** 1, 2, 3 ... within the name, never reused. */
  version: number;
  runId: RunId;
  createdAt: number;
  note: string;
  /** Who registered it (free text, as the caller names people). */
  by: string;
  // An immutable copy of what the model needs without its run:
  artifact: ModelArtifact;
  pipeline: FittedPipeline;
  classes?: string[];
  features: string[];
  spec: NormalizedSpec;
  metrics?: MetricValues;
  baselineMetrics?: MetricValues;
  cv?: CvSummary;
  finalTest?: FinalTestRecord;
  heldOut?: HeldOutSummary;
  decision?: RunDecision;
  env: RunEnvironment;
  run: RunSnapshot;
  datasetId: DatasetId;
  datasetVersionId?: DatasetVersionId;
  /** SHA-256 of the training data's canonical Arrow IPC bytes ('' when no record knew it). */
  fingerprint: string;
  /** Absent when the run predates dataset versions or its version was deleted before registration. */
  dataset?: DatasetVersionSnapshot;
  /** The dataset version's data contract at registration, when it had one. */
  contract?: DataContract;
  /** Set on a version made from an imported bundle rather than a run here (import-version.ts). */
  imported?: ImportedBundle;
  /** The distribution of its held-out predictions, for prediction-drift monitoring (absent on versions registered before it was kept). */
  predictionReference?: PredictionReference;
}

/** One move of an alias: from and to are version numbers; null = unset. */
export interface AliasEvent {
  id?: number;
  name: string;
  alias: string;
  from: number | null;
  to: number | null;
  at: number;
  by: string;
  note: string;
}

/**
 * One saved state of a model card's free-text sections (intended use, limitations, ...): the
 * whole set of sections each time, so any revision reads on its own.
 */
export interface CardRevision {
  id?: number;
  versionId: ModelVersionId;
  /** 1, 2, 3 ... per model version. */
  revision: number;
  sections: Record<string, string>;
  at: number;
  by: string;
  note: string;
}

export type LineageKind = 'dataset-version' | 'contract' | 'pipeline' | 'run' | 'model-version';

export interface LineageNode {
  id: string;
  kind: LineageKind;
  label: string;
  detail: string;
}

export interface Lineage {
  nodes: LineageNode[];
  /** from -> to: what was made from what. */
  edges: { from: string; to: string }[];
}
