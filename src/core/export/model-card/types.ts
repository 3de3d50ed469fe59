/**
 * What a model card is made from. Every number in a card comes from these tracked inputs (the
 * run, its evaluation, the dataset version, the contract); the free-text sections are the
 * only thing a person writes, through `sections`, and each has a generated default.
 */
import type { HeldOutReport } from '../../evaluate/held-out-report.ts';
import type { FairnessReport, SliceReport } from '../../evaluate/slices/index.ts';
import type { CalibrationCurves } from '../../evaluate/curves/index.ts';
import type { NormalizedSplit, Task } from '../../spec/types.ts';
import type { DataContract } from '../../validate/contract/types.ts';
import type { BundleDecision, Lineage, MetricSource } from '../bundle/types.ts';

/** The editable free-text sections, by key; Markdown, shown verbatim. */
export type CardSectionKey =
  | 'summary'
  | 'intendedUse'
  | 'outOfScopeUse'
  | 'whenNotToUse'
  | 'trainingDataNotes'
  | 'limitations'
  | 'ethicalConsiderations'
  | 'monitoring';

export const CARD_SECTION_KEYS: readonly CardSectionKey[] = [
  'summary',
  'intendedUse',
  'outOfScopeUse',
  'whenNotToUse',
  'trainingDataNotes',
  'limitations',
  'ethicalConsiderations',
  'monitoring',
];

/** A dataset's datasheet, as far as it is known (all text; all optional). */
export interface Datasheet {
  description?: string;
  source?: string;
  licence?: string;
  collection?: string;
  preprocessing?: string;
  knownIssues?: string;
}

export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };

export interface ModelCardInput {
  name: string;
  version: number;
  /** ISO 8601; from the model version, never the clock. */
  createdAt: string;
  model: {
    kind: string;
    /** Artifact layout version, when the model was saved. */
    format?: number;
    /** The model's hyperparameters (the normalized spec's model entry). */
    params: { [key: string]: ParamValue };
  };
  task: Task;
  target: string;
  features: string[];
  classes?: string[];
  /** The fitted pipeline's steps, as kind and column counts; and the model's input width. */
  pipeline: { steps: { kind: string; inputs: number; outputs: number }[]; modelInputs: number };
  lineage: Lineage;
  libraries: { benchtop: string; tfjs: string };
  training: {
    datasetName: string;
    fingerprint: string;
    versionId?: string;
    /** Rows and columns of the dataset version. */
    rows: number;
    columns: number;
    /** Rows the reported model was trained on and scored on. */
    trainRows: number;
    testRows: number;
    datasheet?: Datasheet;
    contract?: DataContract;
  };
  protocol: {
    split: NormalizedSplit;
    seed: number;
    /** Evaluated on a separate test file instead of a split. */
    testFile?: { name: string; fingerprint: string; rows: number };
    backend?: string;
    validationFraction?: number;
    earlyStopping?: boolean;
    /** Post-hoc calibration applied before the numbers were computed. */
    calibration?: 'sigmoid' | 'isotonic';
  };
  evaluation: {
    source: MetricSource;
    metrics: HeldOutReport;
    baseline?: HeldOutReport;
    /** The paired model-vs-baseline verdict, in words (from the evaluation). */
    versusBaseline?: string;
    finalTest?: HeldOutReport;
    cv?: { folds: number; mean: Record<string, number | null>; std: Record<string, number | null> };
    slices?: SliceReport;
    fairness?: { column: string; report: FairnessReport };
    calibration?: CalibrationCurves;
    decision?: BundleDecision;
    notes?: string[];
  };
  /** Free text; a missing key gets its generated default. */
  sections?: Partial<Record<CardSectionKey, string>>;
}
