/**
 * A model bundle: one zip that carries a trained model out of the studio (or the CLI) with
 * everything needed to use it responsibly elsewhere: the fitted pipeline, the model's data,
 * the data contract its inputs must keep, its metrics with intervals, its lineage and its
 * model card. Layout (format version 1):
 *
 *   manifest.json        this file's BundleManifest: what the rest is, with a SHA-256 per file
 *   pipeline.json        the FittedPipeline (raw columns -> model inputs)
 *   spec.json            the normalized ExperimentSpec it was trained with (for reproduction)
 *   contract.json        the DataContract of the training data
 *   model/model.json     the ModelArtifact without its blobs; `blobs` lists their names
 *   model/<blob>         one file per binary blob (little-endian numbers)
 *   model-card.md        the model card (Markdown with YAML front matter)
 *   examples.csv         a few rows of raw input, in the columns the model reads
 *
 * Every JSON file is canonical (sorted keys, see canonical-json.ts), entries are sorted and
 * dated 1980-01-01, so exporting the same model twice gives the same bytes.
 */
import type { ColumnKind, InferredType } from '../../data/types.ts';
import type { HeldOutReport } from '../../evaluate/held-out-report.ts';
import type { FittedPipeline } from '../../features/run-pipeline.ts';
import type { ModelArtifact } from '../../models/artifact.ts';
import type { ModelKind, NormalizedSpec, Task } from '../../spec/types.ts';
import type { DataContract, DatetimeRange, NumericRange } from '../../validate/contract/types.ts';
import type { PredictionReference } from '../../monitor/prediction-reference.ts';

export const BUNDLE_FORMAT = 'benchtop.bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/** One node of the model's lineage graph: a dataset, a dataset version, a run, a model version. */
export interface LineageNode {
  /** Unique within the graph; letters, digits and . _ : @ / + -, at most 200 characters. */
  id: string;
  /** What it is: 'dataset', 'dataset-version', 'run', 'model', 'model-version', ... (kebab-case). */
  kind: string;
  /** What a person reads: "penguins.json v2", "run 2024-05-01 14:03 (mlp)". */
  label: string;
}

export interface LineageEdge {
  from: string;
  to: string;
  /** How `to` came from `from`: 'derived', 'trained-on', 'produced', ... (kebab-case). */
  relation: string;
}

export interface Lineage {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** Which rows the headline metrics come from. */
export type MetricSource = 'holdout' | 'out-of-fold' | 'test-file';

export interface BundleMetrics {
  source: MetricSource;
  /** Every applicable metric on those rows with a bootstrap interval. */
  heldOut: HeldOutReport;
  /** The baseline on exactly the same rows. */
  baseline?: HeldOutReport;
  /** The locked final test set, scored once by the exported (refitted) model. */
  finalTest?: HeldOutReport;
  /** Per-fold mean and std; null where a metric was undefined in some fold. */
  cv?: { folds: number; mean: Record<string, number | null>; std: Record<string, number | null> };
}

/** The binary decision rule saved with the model: predict posLabel when its probability >= threshold. */
export interface BundleDecision {
  threshold: number;
  posLabel: number;
  /** How it was chosen, in words. */
  rule?: string;
}

/** One input column the model reads, from the data contract. */
export interface InputColumn {
  name: string;
  kind: ColumnKind;
  type: InferredType;
  required: boolean;
  nullable: boolean;
  maxMissingShare: number;
  range?: NumericRange | DatetimeRange;
  allowedValues?: string[];
  allowUnseen?: boolean;
}

export interface BundleFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  name: string;
  version: number;
  /** ISO 8601 UTC, taken from the input (never the clock), so exports are reproducible. */
  createdAt: string;
  description?: string;
  model: { kind: ModelKind; format: number; task: Task; inputs: number; outputs: number };
  libraries: { benchtop: string; tfjs: string };
  /** The input signature: raw columns in the order the pipeline reads them. */
  input: { columns: InputColumn[] };
  output: { task: Task; target: string; classes?: string[]; value?: 'number'; decision?: BundleDecision };
  training: {
    datasetName: string;
    fingerprint: string;
    versionId?: string;
    seed: number;
    trainRows: number;
    testRows: number;
  };
  metrics: BundleMetrics;
  lineage: Lineage;
  /** The held-out predictions' distribution, for prediction-drift monitoring; absent in bundles written before it was kept. */
  predictionReference?: PredictionReference;
  /** Every other entry, sorted by path. */
  files: BundleFile[];
}

/** A few raw input rows, as text (null = missing). */
export interface ExampleRows {
  columns: string[];
  rows: (string | null)[][];
}

/** Everything exportBundle needs; the registry's model versions and the CLI both build one. */
export interface BundleInput {
  /** Model name: 1-100 characters. */
  name: string;
  /** Model version number (1, 2, ...). */
  version: number;
  /** ISO 8601 time the model version was created. */
  createdAt: string;
  description?: string;
  artifact: ModelArtifact;
  pipeline: FittedPipeline;
  spec: NormalizedSpec;
  classes?: string[];
  decision?: BundleDecision;
  contract: DataContract;
  metrics: BundleMetrics;
  lineage: Lineage;
  training: BundleManifest['training'];
  examples: ExampleRows;
  /** The rendered model card (modelCard()). */
  card: string;
  /** Versions the model was trained with. */
  libraries: { benchtop: string; tfjs: string };
  /** Written to the manifest when given. */
  predictionReference?: PredictionReference;
}

/** A bundle read back: every part checked against its schema and its hash. */
export interface Bundle {
  manifest: BundleManifest;
  artifact: ModelArtifact;
  pipeline: FittedPipeline;
  /** The training spec, kept for reproduction; only its task, target, features and seed are checked and used. */
  spec: NormalizedSpec;
  contract: DataContract;
  card: string;
  examplesCsv: string;
}
