/**
 * Hyperparameter search, part of ExperimentSpec (`search`). A search space maps a dotted path
 * into the experiment spec to a distribution; every trial is the experiment with those values
 * set, evaluated with the experiment's own split (cross-validation, the pipeline refitted in
 * every fold). A locked final test set (`split.finalTest`) is never used by a trial: it scores
 * the best configuration once, after the search.
 */

/** A value a categorical parameter can take: any JSON value (a number, a string, a whole pipeline step, a list of layer widths). */
export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };

/** The parameter is active only while `param` (another parameter of the space) takes one of these values. */
export interface WhenIn {
  param: string;
  /** @minItems 1 */
  in: ParamValue[];
}

/** The parameter is active only while the numeric parameter `param` is greater than `gt`. */
export interface WhenGreater {
  param: string;
  gt: number;
}

/** When a parameter applies; an inactive parameter is left at the experiment's own value and is not shown to the sampler. */
export type ParamCondition = WhenIn | WhenGreater;

/** Uniform on [low, high]. */
export interface UniformParam {
  kind: 'uniform';
  low: number;
  high: number;
  /**
   * Grid search only: this many evenly spaced values from low to high (both included).
   * @minimum 2
   * @maximum 1000
   * @multipleOf 1
   */
  steps?: number;
  when?: ParamCondition;
}

/** Log-uniform on [low, high] (low > 0): every factor of ten is equally likely. */
export interface LogUniformParam {
  kind: 'log-uniform';
  /** @exclusiveMinimum 0 */
  low: number;
  high: number;
  /**
   * Grid search only: this many values evenly spaced on the log scale from low to high.
   * @minimum 2
   * @maximum 1000
   * @multipleOf 1
   */
  steps?: number;
  when?: ParamCondition;
}

/** Integer in [low, high], both included; `log` draws it log-uniformly (low >= 1). */
export interface IntParam {
  kind: 'int';
  /** @multipleOf 1 */
  low: number;
  /** @multipleOf 1 */
  high: number;
  /** Draw on the log scale (widths, leaf counts). Default false. */
  log?: boolean;
  /**
   * Grid search: at most this many values, evenly spaced (on the log scale with `log`) and rounded. Default: every integer.
   * @minimum 2
   * @maximum 1000
   * @multipleOf 1
   */
  steps?: number;
  when?: ParamCondition;
}

/** One of `choices`, each equally likely a priori. */
export interface CategoricalParam {
  kind: 'categorical';
  /**
   * @minItems 1
   * @maxItems 1000
   */
  choices: ParamValue[];
  when?: ParamCondition;
}

/** @discriminator kind */
export type ParamSpec = UniformParam | LogUniformParam | IntParam | CategoricalParam;

/**
 * Parameter path -> distribution. A path names a field of the experiment spec under `model`,
 * `pipeline` or `training`, dots between the keys and list positions: `model.learningRate`,
 * `model.maxDepth`, `pipeline.0.kind`, `pipeline.2`, `training.earlyStopping.patience`.
 * Setting a `kind` (e.g. `model.kind`) starts that object afresh with the new kind's defaults,
 * so its other fields come from the space. Two shorthands build an MLP's `hiddenLayers`:
 * `model.layers` (how many hidden layers, 0 = none) and `model.units` (width of each); "width
 * only when depth > 0" is `"model.units": {"kind": "int", "low": 8, "high": 256, "log": true,
 * "when": {"param": "model.layers", "gt": 0}}`.
 */
export type SearchSpace = Record<string, ParamSpec>;

/**
 * Tree-structured Parzen estimator settings (Bergstra et al., 2011).
 */
export interface TpeSpec {
  /**
   * Trials drawn at random before the estimator takes over. Default 10.
   * @minimum 1
   * @maximum 1000
   * @multipleOf 1
   */
  startupTrials?: number;
  /**
   * Candidates drawn from the good-trials density per proposal; the one with the best good/bad density ratio wins. Default 24.
   * @minimum 1
   * @maximum 1000
   * @multipleOf 1
   */
  candidates?: number;
  /**
   * Fraction of the finished trials counted as good (at least one). Default 0.25.
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  gamma?: number;
}

/**
 * Asynchronous successive halving over the training length: epochs (mlp, logistic), boosting
 * rounds (gbdt) or trees (random-forest). Trials start at `minResource`; a trial is promoted to
 * the next rung (`reductionFactor` times the resource) once it is in the best 1/reductionFactor
 * of the trials finished on its rung. Rungs are minResource * reductionFactor^k, capped at maxResource.
 */
export interface AshaSpec {
  /**
   * Resource of the first rung. Default: maxResource / reductionFactor^2, at least 1.
   * @minimum 1
   * @multipleOf 1
   */
  minResource?: number;
  /**
   * Resource of the top rung. Default: the model's own epochs, rounds or trees.
   * @minimum 1
   * @multipleOf 1
   */
  maxResource?: number;
  /**
   * Default 3.
   * @minimum 2
   * @maximum 100
   * @multipleOf 1
   */
  reductionFactor?: number;
}

/**
 * Nested cross-validation: an unbiased estimate of the whole tuning procedure. The rows outside
 * the locked test set are split into `outer` folds (the fold family of the experiment's split);
 * on each, the same search (same strategy, trial cap and seed) runs on the training rows with
 * the experiment's split, and its best configuration, refitted on those rows, is scored on the
 * fold's test rows. The main search still picks the reported configuration. A time budget is
 * shared equally by the main search and the outer folds' searches.
 */
export interface NestedCvSpec {
  /**
   * Outer folds; each runs the whole search on its training rows and scores its pick on its test rows. Default 3.
   * @minimum 2
   * @maximum 20
   * @multipleOf 1
   */
  outer?: number;
}

export type SearchStrategy = 'grid' | 'random' | 'tpe' | 'asha';

export interface SearchSpec {
  /** What to search over (see SearchSpace). */
  space: SearchSpace;
  /** grid, random, tpe (Bayesian optimisation) or asha (random proposals, poor trials stopped early). Default 'tpe'. */
  strategy?: SearchStrategy;
  /**
   * Most trials (configurations) to run. Default: the whole grid for 'grid'; otherwise 20, or no cap when `timeBudgetS` is given.
   * @minimum 1
   * @maximum 100000
   * @multipleOf 1
   */
  trials?: number;
  /**
   * Stop proposing trials after this many seconds (the trials running then finish). Default: none.
   * @exclusiveMinimum 0
   */
  timeBudgetS?: number;
  /** Metric to optimise, by its scikit-learn name, from the cross-validated mean. Default roc_auc (binary), log_loss (multiclass), rmse (regression). */
  metric?: string;
  /** Default: the metric's own (maximize accuracy, minimize rmse, ...). */
  direction?: 'maximize' | 'minimize';
  /**
   * Trials that may run at once. Trial i is proposed from the results of trials 0..i-concurrency
   * only, so the proposals never depend on timing or on the machine's worker count. 1 lets
   * every proposal see every earlier result. Random and grid proposals ignore results, so their
   * trials use the whole pool whatever this says. Default 1.
   * @minimum 1
   * @maximum 256
   * @multipleOf 1
   */
  concurrency?: number;
  tpe?: TpeSpec;
  asha?: AshaSpec;
  /** Nested cross-validation of the whole search (costly: outer x trials fits). Default: off. */
  nestedCv?: NestedCvSpec;
}

/** The search with every default that does not need the data filled; plan() adds the metric and ASHA's resources. */
export interface NormalizedSearch {
  space: SearchSpace;
  strategy: SearchStrategy;
  /** Absent: no cap (a time budget stops the search). */
  trials?: number;
  timeBudgetS?: number;
  metric?: string;
  direction?: 'maximize' | 'minimize';
  concurrency: number;
  tpe: Required<TpeSpec>;
  asha?: AshaSpec;
  nestedCv?: Required<NestedCvSpec>;
}
