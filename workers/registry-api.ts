/**
 * The model registry's part of the worker contract (StudioApi extends it; implemented in
 * registry-handlers.ts). What crosses to the UI are summaries: model data, pipelines and other
 * blobs stay in the worker, and files (bundles, ONNX models) come back as transferred bytes.
 * Failures reject like every StudioApi call: an Error whose name is the stable code.
 */
import type { Progress } from '../src/core/jobs.ts';
import type { ModelKind, Task } from '../src/core/spec/types.ts';

/** A registered model in the models list. */
export interface RegisteredModelSummary {
  name: string;
  description: string;
  createdAt: number;
  /** Alias -> version number. */
  aliases: Record<string, number>;
  /** Versions stored now. */
  versions: number;
  /** The newest stored version's number; null when every version was deleted. */
  latest: number | null;
  /** What the newest version is, for the list. */
  kind?: ModelKind;
  task?: Task;
  target?: string;
  /** When the newest version was registered. */
  updatedAt: number;
}

/** One metric of the held-out rows, with its bootstrap interval at `level`. */
export interface HeadlineMetric {
  key: string;
  value: number | null;
  ci: [number, number] | null;
  level: number;
  /** Rows it was computed on. */
  rows: number;
}

/** A model version as lists show it (no model data). */
export interface ModelVersionSummary {
  /** "name@version". */
  id: string;
  name: string;
  version: number;
  createdAt: number;
  note: string;
  by: string;
  runId: string;
  /** Whether the run is still stored here (then the UI links to it). */
  runStored: boolean;
  kind: ModelKind;
  task: Task;
  target: string;
  datasetName: string;
  /** The task's headline metric (ROC AUC, accuracy or RMSE) of the held-out rows; null when the version has none. */
  headline: HeadlineMetric | null;
  /** Aliases pointing at this version, sorted. */
  aliases: string[];
  /** Set when the version came from an imported bundle. */
  imported?: { from: string; sha256: string };
}

/** A lineage graph: nodes in order from the data to the model, edges "made from". */
export interface LineageGraph {
  nodes: { id: string; kind: string; label: string; detail: string }[];
  edges: { from: string; to: string; relation: string }[];
}

export interface ModelVersionDetail extends ModelVersionSummary {
  lineage: LineageGraph;
  /** Raw input columns the model reads, in order. */
  features: string[];
  classes?: string[];
  /** The split, in words ("holdout 20%, stratified", "5-fold CV"). */
  split: string;
  seed: number;
  backend: string;
  fingerprint: string;
  datasetVersionId?: string;
  /** Every held-out metric with its interval (the headline among them). */
  metrics: HeadlineMetric[];
  /** Input columns the bundled contract checks; null when the version records none (one is made from stored data on export). */
  contractColumns: number | null;
  /** Whether ONNX export covers this model kind. */
  onnx: boolean;
  /** Model kinds ONNX export covers (for the message when it does not). */
  onnxKinds: string[];
  /** The saved binary decision threshold, when there is one. */
  threshold?: number;
}

export interface CardSectionView {
  /** Registry section key ("intended-use"). */
  key: string;
  title: string;
  /** The text in force: the person's latest wording, or the generated default. */
  text: string;
  /** True when a person wrote it (false: the generated default). */
  edited: boolean;
}

export interface CardRevisionView {
  revision: number;
  at: number;
  by: string;
  note: string;
  /** Keys of the sections a person had written as of this revision. */
  sections: string[];
  /** The written text of each of those sections. */
  texts: Record<string, string>;
}

export interface ModelCardView {
  /** The whole card (Markdown with YAML front matter), exactly as a bundle carries it. */
  markdown: string;
  sections: CardSectionView[];
  /** Oldest first. */
  revisions: CardRevisionView[];
}

/** A file made in the worker (bytes transferred). */
export interface ExportedFile {
  name: string;
  bytes: Uint8Array;
  /** SHA-256 (hex) of the bytes. */
  sha256: string;
}

export interface ScoreResult {
  /** The file scored. */
  name: string;
  rows: number;
  task: Task;
  /** Header of the predictions CSV: row, prediction, then one probability column per class. */
  columns: string[];
  /** The first rows of the CSV as cells. */
  preview: string[][];
  /** The whole predictions CSV. */
  csv: string;
  /** Contract findings that did not stop scoring (shift, unseen labels allowed). */
  warnings: string[];
  /** The compute backend the model ran on. */
  backend: string;
}

export interface ImportBundleOptions {
  /** Register under this name (default: the name in the bundle's manifest). */
  name?: string;
  note?: string;
  by?: string;
}

export interface RegistryApi {
  /**
   * Register a finished run's stored model as the next version of `name` (created when new).
   * When the run's dataset version has no saved data contract, one is generated from its data
   * and saved first, so the version carries the contract its inputs are checked against.
   * Registering the same run under the same name again returns that version.
   */
  registerRun(runId: string, name: string, note?: string, by?: string): Promise<ModelVersionSummary>;
  listModels(): Promise<RegisteredModelSummary[]>;
  /** One registered model (registered_model_not_found when it is gone). */
  registeredModel(name: string): Promise<RegisteredModelSummary>;
  /** A model's versions, newest first. */
  modelVersions(name: string): Promise<ModelVersionSummary[]>;
  /** One version with its lineage and metrics; `ref` is "name@3" or "name@champion". */
  modelVersion(ref: string): Promise<ModelVersionDetail>;
  /** Change what the registered model says about itself. */
  setModelDescription(name: string, description: string): Promise<RegisteredModelSummary>;
  /**
   * Point `alias` at a version (null removes it), logging who and why. The note is required:
   * an alias move without a reason cannot be audited later.
   */
  setAlias(name: string, alias: string, version: number | null, note: string, by?: string): Promise<RegisteredModelSummary>;
  /** Move the alias back to where it pointed before its last move (logged like any move). */
  rollbackAlias(name: string, alias: string, note?: string, by?: string): Promise<RegisteredModelSummary>;
  /** Every alias move of the model, oldest first. */
  aliasHistory(name: string): Promise<{ alias: string; from: number | null; to: number | null; at: number; by: string; note: string }[]>;
  /** The version's model card, its sections and their revision history. */
  modelCard(versionId: string): Promise<ModelCardView>;
  /**
   * Save the card's free-text sections (key -> text) as a new revision. Text equal to the
   * generated default is not stored (the default stays generated); nothing changes, and no
   * revision is made, when the result equals the current revision.
   */
  saveCardSections(versionId: string, sections: Record<string, string>, note: string, by?: string): Promise<ModelCardView>;
  /** The version as a Benchtop model bundle (.zip). */
  exportBundle(versionId: string): Promise<ExportedFile>;
  /** The version's model as ONNX (onnx_unsupported for kinds ONNX export does not cover). */
  exportOnnx(versionId: string): Promise<ExportedFile>;
  /** Check a bundle file (every part, and that its model loads) and register it as a new version. */
  importBundle(file: Blob, options: ImportBundleOptions): Promise<ModelVersionSummary>;
  /** Check a data file against the version's contract, then predict every row (cancellable job). */
  scoreFile(versionId: string, file: File, jobId: string, onProgress: (p: Progress) => void): Promise<ScoreResult>;
  /** model_alias_in_use unless force (then the aliases pointing at it are removed and logged). */
  deleteModelVersion(versionId: string, force: boolean): Promise<void>;
  deleteRegisteredModel(name: string, force: boolean): Promise<void>;
}
