/**
 * ExperimentSpec v1: the source of truth for a run. Plain JSON, versioned. Everything a run
 * needs to be reproduced is here, except the data itself, which is named by fingerprint.
 * `normalize()` fills every default documented below; the JSON Schema in
 * `experiment-spec.schema.json` is generated from this file (`npm run schema`).
 */

export type Task = 'binary' | 'multiclass' | 'regression';
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Which dataset the experiment runs on. */
export interface DataRef {
  /** SHA-256 fingerprint of the dataset's canonical Arrow IPC bytes. Checked before a re-run. */
  fingerprint?: string;
  /** Human-readable name (file name or sample name). Informational. */
  name?: string;
}

/** Hold out a fraction of rows for testing. */
export interface HoldoutSplit {
  kind: 'holdout';
  /**
   * Fraction of rows in the test set, in (0, 1). Default 0.2.
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  testSize?: number;
  /** Keep class proportions in train and test (classification only). Default true for classification. */
  stratify?: boolean;
}

/** K-fold cross-validation: every row is tested exactly once. */
export interface KFoldSplit {
  kind: 'kfold';
  /**
   * Number of folds, >= 2. Default 5.
   * @minimum 2
   * @maximum 100
   * @multipleOf 1
   */
  k?: number;
  /** Stratified folds (classification only). Default true for classification. */
  stratify?: boolean;
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

/** How raw columns become model inputs. Fitted on training rows only. */
export interface PreprocessSpec {
  /** Numeric columns: 'standardize' (z-score) or 'none'. Default 'standardize'. */
  numeric?: 'standardize' | 'none';
  /** Missing numeric values: replaced by the training 'median' or 'mean'. Default 'median'. Missingness is also added as an indicator column. */
  impute?: 'median' | 'mean';
  /**
   * Categorical/boolean columns are one-hot encoded; levels seen fewer than this many times in training encode as all zeros (like unseen levels). Default 1.
   * @minimum 1
   * @multipleOf 1
   */
  minFrequency?: number;
  /**
   * Most levels kept per categorical column (the most frequent). Default 50.
   * @minimum 1
   * @multipleOf 1
   */
  maxLevels?: number;
}

export interface ExperimentSpec {
  /** Spec format version. Always 1 for this format. */
  version: 1;
  data?: DataRef;
  /** Column to predict. */
  target: string;
  /** Task type. Default: inferred from the target column (numeric with many values -> regression; 2 classes -> binary; else multiclass). */
  task?: Task;
  /** Feature columns. Default: every column except the target, excluding text and datetime columns. */
  features?: string[];
  /** Evaluation split. Default {kind: 'holdout', testSize: 0.2, stratify: true for classification}. */
  split?: SplitSpec;
  /** Model to train. Default {kind: 'mlp'}. */
  model?: ModelSpec;
  preprocess?: PreprocessSpec;
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
  split: Required<HoldoutSplit> | Required<KFoldSplit>;
  model: Required<BaselineModel> | Required<LogisticModel> | Required<LinearModel> | Required<MlpModel>;
  preprocess: Required<PreprocessSpec>;
  training: { validationFraction: number; earlyStopping: Required<EarlyStopping> };
  seed: number;
  backend: BackendName | 'auto';
}
