/**
 * ExperimentSpec v1: the source of truth for a run. Plain JSON, versioned. Everything a run
 * needs to be reproduced is here, except the data itself, which is named by fingerprint.
 * `normalize()` fills every default documented below; the JSON Schema in
 * `experiment-spec.schema.json` is generated from this file (`npm run schema`).
 */

import type { PipelineStep } from './pipeline-types.ts';

export type { PipelineStep } from './pipeline-types.ts';

export type Task = 'binary' | 'multiclass' | 'regression';
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Which dataset the experiment runs on. */
export interface DataRef {
  /** SHA-256 fingerprint of the dataset's canonical Arrow IPC bytes. Checked before a re-run. */
  fingerprint?: string;
  /** Human-readable name (file name or sample name). Informational. */
  name?: string;
}

/**
 * How rows are assigned to train and test:
 * - random: uniform at random (seeded);
 * - stratified: class proportions kept on both sides (classification);
 * - group: all rows sharing a value of `column` stay on one side;
 * - time: ordered by the datetime/numeric `column`; the latest rows are the test set, never shuffled;
 * - column: the user's own split column (`column`): test / train, true / false or 1 / 0 per row.
 */
export type HoldoutStrategy = 'random' | 'stratified' | 'group' | 'time' | 'column';

/** Hold out a fraction of rows for testing. */
export interface HoldoutSplit {
  kind: 'holdout';
  /**
   * Fraction of rows in the test set, in (0, 1). Default 0.2. Ignored by strategy 'column'.
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  testSize?: number;
  /** Default 'stratified' for classification, 'random' for regression. */
  strategy?: HoldoutStrategy;
  /** Group, time or split column for those strategies. */
  column?: string;
  /**
   * Time strategy: rows between the end of training and the start of the test set left out of both. Default 0.
   * @minimum 0
   * @multipleOf 1
   */
  gap?: number;
}

/** K-fold families, as scikit-learn's KFold, StratifiedKFold, GroupKFold, StratifiedGroupKFold and TimeSeriesSplit. */
export type KFoldStrategy = 'kfold' | 'stratified' | 'group' | 'stratified-group' | 'time-series';

/** K-fold cross-validation: every row is tested exactly once per repeat. */
export interface KFoldSplit {
  kind: 'kfold';
  /**
   * Number of folds, >= 2. Default 5.
   * @minimum 2
   * @maximum 100
   * @multipleOf 1
   */
  k?: number;
  /** Default 'stratified' for classification, 'kfold' for regression. */
  strategy?: KFoldStrategy;
  /** Group column (group, stratified-group) or time column (time-series). */
  column?: string;
  /**
   * Repeat the whole k-fold with fresh shuffles (not for group/time-series). Default 1.
   * @minimum 1
   * @maximum 20
   * @multipleOf 1
   */
  repeats?: number;
  /**
   * time-series: rows left out between each training window and its test fold. Default 0.
   * @minimum 0
   * @multipleOf 1
   */
  gap?: number;
  /**
   * time-series: cap on the training window (rows); 0 = expanding window. Default 0.
   * @minimum 0
   * @multipleOf 1
   */
  maxTrainSize?: number;
  /**
   * Fraction of rows locked away before cross-validation (chosen like a holdout with the same
   * strategy) and evaluated once, on a model refitted on all other rows. 0 = none. Default 0.
   * @minimum 0
   * @exclusiveMaximum 1
   */
  finalTest?: number;
}

/** @discriminator kind */
export type SplitSpec = HoldoutSplit | KFoldSplit;

/** Predicts the most frequent class (classification) or the training mean (regression). */
export interface BaselineModel {
  kind: 'baseline';
}

/** Logistic regression (binary: sigmoid; multiclass: softmax), trained with Adam mini-batches on the chosen backend. */
export interface LogisticModel {
  kind: 'logistic';
  /**
   * L2 penalty strength on weights (not bias), as in scikit-learn's 1/C scaled by rows. Default 1e-4.
   * @minimum 0
   */
  l2?: number;
  /**
   * Adam learning rate. Default 0.05.
   * @exclusiveMinimum 0
   * @maximum 10
   */
  learningRate?: number;
  /**
   * Maximum epochs. Default 200.
   * @minimum 1
   * @maximum 100000
   * @multipleOf 1
   */
  epochs?: number;
  /**
   * Mini-batch size. Default 256.
   * @minimum 1
   * @maximum 1048576
   * @multipleOf 1
   */
  batchSize?: number;
}

/** Ordinary least squares with an optional ridge penalty, solved exactly (normal equations). */
export interface LinearModel {
  kind: 'linear';
  /**
   * Ridge penalty on weights (not intercept). Default 0 (plain least squares; a tiny jitter keeps it solvable).
   * @minimum 0
   */
  l2?: number;
}

/**
 * Units in one hidden layer.
 * @minimum 1
 * @maximum 4096
 * @multipleOf 1
 */
export type HiddenUnits = number;

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'gelu';

/** Multi-layer perceptron trained with Adam on the chosen backend. */
export interface MlpModel {
  kind: 'mlp';
  /**
   * Units per hidden layer. Default [64, 32].
   * @maxItems 16
   */
  hiddenLayers?: HiddenUnits[];
  /** Hidden activation. Default 'relu'. */
  activation?: Activation;
  /**
   * Adam learning rate. Default 0.001.
   * @exclusiveMinimum 0
   * @maximum 10
   */
  learningRate?: number;
  /**
   * Maximum epochs. Default 100.
   * @minimum 1
   * @maximum 100000
   * @multipleOf 1
   */
  epochs?: number;
  /**
   * Mini-batch size. Default 32.
   * @minimum 1
   * @maximum 1048576
   * @multipleOf 1
   */
  batchSize?: number;
  /**
   * L2 penalty on weights. Default 0.
   * @minimum 0
   */
  l2?: number;
  /**
   * Dropout rate after each hidden layer, in [0, 1). Default 0.
   * @minimum 0
   * @exclusiveMaximum 1
   */
  dropout?: number;
}

/** @discriminator kind */
export type ModelSpec = BaselineModel | LogisticModel | LinearModel | MlpModel;
export type ModelKind = ModelSpec['kind'];

/** Stop when the validation loss stops improving; the best weights are restored. */
export interface EarlyStopping {
  /** Turn early stopping on. Default true. */
  enabled?: boolean;
  /**
   * Epochs without improvement before stopping. Default 10.
   * @minimum 1
   * @multipleOf 1
   */
  patience?: number;
  /**
   * Smallest decrease in validation loss that counts as improvement. Default 1e-4.
   * @minimum 0
   */
  minDelta?: number;
}

export interface TrainingSpec {
  /**
   * Fraction of the training rows held out (seeded, stratified) as validation for early stopping and the validation curve. Default 0.1; 0 turns validation off (early stopping then watches the training loss).
   * @minimum 0
   * @maximum 0.5
   */
  validationFraction?: number;
  earlyStopping?: EarlyStopping;
}

export interface ExperimentSpec {
  /** Spec format version. Always 1 for this format. */
  version: 1;
  data?: DataRef;
  /** Column to predict. */
  target: string;
  /** Task type. Default: inferred from the target column (numeric with many values -> regression; 2 classes -> binary; else multiclass). */
  task?: Task;
  /** Feature columns. Default: every column except the target, excluding free-text columns. */
  features?: string[];
  /** Evaluation split. Default {kind: 'holdout', testSize: 0.2, strategy: 'stratified' for classification, else 'random'}. */
  split?: SplitSpec;
  /** Model to train. Default {kind: 'mlp'}. */
  model?: ModelSpec;
  /**
   * Feature pipeline, fitted on training rows only (inside every fold). 'auto' chooses steps
   * per column type and model; `plan` expands it so a run records the exact steps. Default 'auto'.
   */
  pipeline?: 'auto' | PipelineStep[];
  training?: TrainingSpec;
  /**
   * Seed for the one generator that drives splits, shuffles and initialisers. Default 42.
   * @multipleOf 1
   * @minimum 0
   * @maximum 4294967295
   */
  seed?: number;
  /** Compute backend; 'auto' tries webgpu, webgl, wasm, cpu in that order. Default 'auto'. */
  backend?: BackendName | 'auto';
}

/** What `normalize` returns: every default filled in. */
export interface NormalizedSpec {
  version: 1;
  data: DataRef;
  target: string;
  task: Task;
  features: string[];
  split: NormalizedSplit;
  model: Required<BaselineModel> | Required<LogisticModel> | Required<LinearModel> | Required<MlpModel>;
  pipeline: PipelineStep[];
  training: { validationFraction: number; earlyStopping: Required<EarlyStopping> };
  seed: number;
  backend: BackendName | 'auto';
}

/** A split with every default filled; `column` only where the strategy needs one. */
export type NormalizedSplit =
  | { kind: 'holdout'; testSize: number; strategy: HoldoutStrategy; gap: number; column?: string }
  | {
      kind: 'kfold';
      k: number;
      strategy: KFoldStrategy;
      repeats: number;
      gap: number;
      maxTrainSize: number;
      finalTest: number;
      column?: string;
    };
