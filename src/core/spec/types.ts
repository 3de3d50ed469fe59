/**
 * ExperimentSpec v1: the source of truth for a run. Plain JSON, versioned. Everything a run
 * needs to be reproduced is here, except the data itself, which is named by fingerprint.
 * `normalize()` fills every default documented below; the JSON Schema in
 * `experiment-spec.schema.json` is generated from this file (`npm run schema`).
 */

import type { PipelineStep } from './pipeline-types.ts';
import type { NormalizedSearch, SearchSpec } from './search-types.ts';

export type { PipelineStep } from './pipeline-types.ts';
export type {
  AshaSpec, CategoricalParam, IntParam, LogUniformParam, NestedCvSpec, NormalizedSearch, ParamCondition, ParamSpec, ParamValue,
  SearchSpace, SearchSpec, SearchStrategy, TpeSpec, UniformParam, WhenGreater, WhenIn,
} from './search-types.ts';

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
   * time-series: cap on the training window (rows); 0 = an expanding training set. Default 0.
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

/**
 * The number every model must beat, as scikit-learn's DummyClassifier / DummyRegressor:
 * prior (class frequencies as probabilities), most-frequent (all probability on the majority
 * class), stratified (random labels drawn with the training frequencies, seeded), mean, median.
 */
export interface BaselineModel {
  kind: 'baseline';
  /** Default 'prior' for classification, 'mean' for regression. */
  strategy?: 'prior' | 'most-frequent' | 'stratified' | 'mean' | 'median';
}

export type OptimizerName = 'adam' | 'adamw' | 'sgd';

/** Constant learning rate. */
export interface ConstantSchedule {
  kind: 'constant';
}
/** Multiply the learning rate by `factor` every `every` epochs. */
export interface StepSchedule {
  kind: 'step';
  /**
   * Default 10.
   * @minimum 1
   * @multipleOf 1
   */
  every?: number;
  /**
   * Default 0.5.
   * @exclusiveMinimum 0
   * @maximum 1
   */
  factor?: number;
}
/** Linear warm-up, then cosine decay to `minFactor` x the base rate at the last epoch. */
export interface CosineSchedule {
  kind: 'cosine';
  /**
   * Default 0.
   * @minimum 0
   * @multipleOf 1
   */
  warmupEpochs?: number;
  /**
   * Default 0.
   * @minimum 0
   * @maximum 1
   */
  minFactor?: number;
}
/** Multiply the learning rate by `factor` after `patience` epochs without validation improvement. */
export interface PlateauSchedule {
  kind: 'plateau';
  /**
   * Default 0.5.
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  factor?: number;
  /**
   * Default 5.
   * @minimum 1
   * @multipleOf 1
   */
  patience?: number;
  /**
   * Lowest multiple of the base rate. Default 0.001.
   * @minimum 0
   * @maximum 1
   */
  minFactor?: number;
}
/** @discriminator kind */
export type Schedule = ConstantSchedule | StepSchedule | CosineSchedule | PlateauSchedule;

/** Options shared by the gradient-trained models (logistic, mlp). */
export interface NetOptions {
  /**
   * Maximum epochs.
   * @minimum 1
   * @maximum 100000
   * @multipleOf 1
   */
  epochs?: number;
  /**
   * Mini-batch size.
   * @minimum 1
   * @maximum 1048576
   * @multipleOf 1
   */
  batchSize?: number;
  /**
   * Base learning rate.
   * @exclusiveMinimum 0
   * @maximum 10
   */
  learningRate?: number;
  /** Default 'adam'. */
  optimizer?: OptimizerName;
  /**
   * SGD momentum. Default 0.9.
   * @minimum 0
   * @exclusiveMaximum 1
   */
  momentum?: number;
  /**
   * Decoupled weight decay for adamw (per step, times the learning rate). Default 0.01 for adamw, else 0.
   * @minimum 0
   */
  weightDecay?: number;
  /** Learning-rate schedule. Default constant. */
  schedule?: Schedule;
  /**
   * Clip the global gradient norm to this value; 0 = off. Default 0.
   * @minimum 0
   */
  clipNorm?: number;
  /** 'balanced' weights each class by n / (k * count), as scikit-learn. Default 'none'. */
  classWeight?: 'none' | 'balanced';
}

/** Logistic regression (binary: sigmoid; multiclass: softmax) with L2, L1 or elastic-net penalties. */
export interface LogisticModel extends NetOptions {
  kind: 'logistic';
  /**
   * L2 penalty on weights (not bias), per sample: adds l2/2 * ||w||^2 to the mean loss. Default 1e-4.
   * @minimum 0
   */
  l2?: number;
  /**
   * L1 penalty on weights, per sample: adds l1 * ||w||_1 (proximal step, so weights reach exactly 0). Default 0.
   * @minimum 0
   */
  l1?: number;
}

/**
 * Linear regression. Squared loss: ordinary least squares / ridge solved exactly, elastic net
 * (l1 > 0) by coordinate descent with scikit-learn's ElasticNet objective
 * 1/(2n)||y - Xw||^2 + l1 ||w||_1 + l2/2 ||w||^2. Huber loss: scikit-learn's HuberRegressor.
 */
export interface LinearModel {
  kind: 'linear';
  /**
   * L2 penalty (see above). Default 0 (plain least squares; a tiny jitter keeps it solvable).
   * @minimum 0
   */
  l2?: number;
  /**
   * L1 penalty (see above). Default 0.
   * @minimum 0
   */
  l1?: number;
  /** Default 'squared'. */
  loss?: 'squared' | 'huber';
  /**
   * Huber threshold in units of the fitted scale (scikit-learn's epsilon). Default 1.35.
   * @exclusiveMinimum 1
   */
  huberEpsilon?: number;
}

/**
 * Units in one hidden layer.
 * @minimum 1
 * @maximum 4096
 * @multipleOf 1
 */
export type HiddenUnits = number;

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'gelu';

/** Multi-layer perceptron trained on the chosen backend. */
export interface MlpModel extends NetOptions {
  kind: 'mlp';
  /**
   * Units per hidden layer. Default [64, 32].
   * @maxItems 16
   */
  hiddenLayers?: HiddenUnits[];
  /** Hidden activation. Default 'relu'. */
  activation?: Activation;
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
  /** Batch normalisation after each hidden layer's linear map. Default false. */
  batchNorm?: boolean;
  /** 'auto' = cross-entropy (classification) / mse (regression). Default 'auto'. */
  loss?: 'auto' | 'cross-entropy' | 'focal' | 'mse' | 'mae' | 'huber';
  /**
   * Focal loss focusing parameter. Default 2.
   * @minimum 0
   */
  focalGamma?: number;
  /**
   * Huber loss threshold (in standardised target units). Default 1.
   * @exclusiveMinimum 0
   */
  huberDelta?: number;
}

/** k-nearest neighbours on the (scaled) features; distances on the GPU when the backend has one. */
export interface KnnModel {
  kind: 'knn';
  /**
   * Neighbours. Default 5.
   * @minimum 1
   * @maximum 1000
   * @multipleOf 1
   */
  k?: number;
  /** 'distance' weights neighbours by 1/distance, as scikit-learn. Default 'uniform'. */
  weights?: 'uniform' | 'distance';
}

/** Gaussian naive Bayes (classification), as scikit-learn's GaussianNB. */
export interface NaiveBayesModel {
  kind: 'naive-bayes';
  /**
   * Portion of the largest feature variance added to every variance. Default 1e-9.
   * @minimum 0
   */
  varSmoothing?: number;
}

/**
 * Histogram gradient-boosted trees (LightGBM / scikit-learn HistGradientBoosting style):
 * leaf-wise trees on binned features, learned missing-value directions, early stopping on the
 * validation rows (training.earlyStopping: patience in rounds; the best round is kept).
 */
export interface GradientBoostedTreesModel {
  kind: 'gbdt';
  /**
   * Boosting rounds (multiclass grows one tree per class per round). Default 100.
   * @minimum 1
   * @maximum 10000
   * @multipleOf 1
   */
  rounds?: number;
  /**
   * Shrinkage of every tree's leaf values. Default 0.1.
   * @exclusiveMinimum 0
   * @maximum 1
   */
  learningRate?: number;
  /**
   * Leaves per tree. Default 31.
   * @minimum 2
   * @maximum 4096
   * @multipleOf 1
   */
  maxLeaves?: number;
  /**
   * Depth limit; 0 = none. Default 0.
   * @minimum 0
   * @maximum 64
   * @multipleOf 1
   */
  maxDepth?: number;
  /**
   * Training rows per leaf, at least. Default 20.
   * @minimum 1
   * @multipleOf 1
   */
  minSamplesLeaf?: number;
  /**
   * Hessian sum per leaf, at least. Default 0.001.
   * @minimum 0
   */
  minChildWeight?: number;
  /**
   * L2 penalty on leaf values. Default 0.
   * @minimum 0
   */
  l2?: number;
  /**
   * A split must gain more than this. Default 0.
   * @minimum 0
   */
  minGainToSplit?: number;
  /**
   * Value bins per feature (one more holds missing values). Default 255.
   * @minimum 2
   * @maximum 255
   * @multipleOf 1
   */
  maxBins?: number;
  /** 'auto' = log-loss (classification) / squared (regression). Default 'auto'. */
  loss?: 'auto' | 'log-loss' | 'squared' | 'absolute' | 'huber';
  /**
   * Huber loss: delta is this quantile of the absolute residuals, every round. Default 0.9.
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  huberAlpha?: number;
  /**
   * Fraction of rows drawn for each round. Default 1.
   * @exclusiveMinimum 0
   * @maximum 1
   */
  subsample?: number;
  /**
   * Fraction of features drawn for each tree. Default 1.
   * @exclusiveMinimum 0
   * @maximum 1
   */
  colsample?: number;
  /** 'balanced' weights each class by n / (k * count), as scikit-learn. Default 'none'. */
  classWeight?: 'none' | 'balanced';
}

/** Random forest (splitter 'best') or extremely randomised trees (splitter 'random'). */
export interface RandomForestModel {
  kind: 'random-forest';
  /**
   * Trees. Default 100.
   * @minimum 1
   * @maximum 5000
   * @multipleOf 1
   */
  trees?: number;
  /** 'best' = random forest; 'random' = extra-trees (one random threshold per feature). Default 'best'. */
  splitter?: 'best' | 'random';
  /**
   * Fraction of features drawn at every split; 0 = sqrt(features) for classification, all for regression. Default 0.
   * @minimum 0
   * @maximum 1
   */
  maxFeatures?: number;
  /**
   * Depth limit; 0 = none. Default 0.
   * @minimum 0
   * @maximum 64
   * @multipleOf 1
   */
  maxDepth?: number;
  /**
   * Leaves per tree; 0 = unlimited. Default 0.
   * @minimum 0
   * @multipleOf 1
   */
  maxLeaves?: number;
  /**
   * Training rows per leaf, at least. Default 1.
   * @minimum 1
   * @multipleOf 1
   */
  minSamplesLeaf?: number;
  /** Draw the rows of every tree with replacement. Default true for 'best', false for 'random'. */
  bootstrap?: boolean;
  /**
   * Value bins per feature. Default 255.
   * @minimum 2
   * @maximum 255
   * @multipleOf 1
   */
  maxBins?: number;
  /** 'balanced' weights each class by n / (k * count). Default 'none'. */
  classWeight?: 'none' | 'balanced';
}

/**
 * A member of an ensemble: any single model.
 * @discriminator kind
 */
export type MemberModel = BaselineModel | LogisticModel | LinearModel | MlpModel | KnnModel | NaiveBayesModel | GradientBoostedTreesModel | RandomForestModel;

/** Soft voting (average of member probabilities / predictions) or stacking (a linear/logistic model on out-of-fold member predictions). */
export interface EnsembleModel {
  kind: 'ensemble';
  /** Default 'soft-vote'. */
  method?: 'soft-vote' | 'stack';
  /**
   * Two to eight members.
   * @minItems 2
   * @maxItems 8
   */
  members: MemberModel[];
  /**
   * Folds for the stacking meta-model's out-of-fold predictions. Default 5.
   * @minimum 2
   * @maximum 10
   * @multipleOf 1
   */
  folds?: number;
}

/** @discriminator kind */
export type ModelSpec = MemberModel | EnsembleModel;
export type ModelKind = ModelSpec['kind'];

/** Stop when the validation loss stops improving; the best weights are restored. */
export interface EarlyStopping {
  /** Turn early stopping on. Default true. */
  enabled?: boolean;
  /** What to watch on the validation rows: the loss, or a metric by its scikit-learn name (accuracy, roc_auc, r2, ...). Default 'loss'. */
  monitor?: string;
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
  /**
   * Sanity checks (loss at initialisation, overfit one batch, inputs matter, finite gradients)
   * before training a network: 'auto' runs them before a long training (at least ten times the
   * checks' own optimiser steps, so they cost at most a tenth of it), 'always' before every
   * network fit, 'off' never. Default 'auto'.
   */
  sanityChecks?: 'auto' | 'always' | 'off';
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
  /**
   * Hyperparameter search over this experiment (see SearchSpec): every trial is this spec with
   * the trial's values set, evaluated with `split`. A plain run ignores it. Default: none.
   */
  search?: SearchSpec;
}

/** What `normalize` returns: every default filled in. */
export interface NormalizedSpec {
  version: 1;
  data: DataRef;
  target: string;
  task: Task;
  features: string[];
  split: NormalizedSplit;
  /** The model with every default filled (see modelDefaults). */
  model: ModelSpec;
  pipeline: PipelineStep[];
  training: { validationFraction: number; earlyStopping: Required<EarlyStopping>; sanityChecks: 'auto' | 'always' | 'off' };
  seed: number;
  backend: BackendName | 'auto';
  /** Present only on a search's spec: metric and direction filled (and ASHA's resources). */
  search?: NormalizedSearch;
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
