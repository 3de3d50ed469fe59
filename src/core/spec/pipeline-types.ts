/**
 * Pipeline step specs. Every step takes its input columns by name (`columns`, names as they
 * are at that point of the pipeline) or by type (`select`); with neither, the step's own
 * default selection applies (see each step's module). Steps run in order; each is fitted on
 * training rows only and stored with its fitted state.
 */

export type ColumnSelect = 'numeric' | 'label' | 'datetime' | 'text' | 'all';

export interface StepBase {
  /** Input columns by name. */
  columns?: string[];
  /** Input columns by type, when `columns` is absent. */
  select?: ColumnSelect;
}

/** Fill missing values; optionally add a 0/1 "was missing" column. */
export interface ImputeStep extends StepBase {
  kind: 'impute';
  /** Default 'median' for numeric columns; labels always use 'most-frequent' or 'constant'. */
  strategy?: 'mean' | 'median' | 'most-frequent' | 'constant';
  /** Value for strategy 'constant' (number for numeric columns, text for labels). Default 0 / "(missing)". */
  fillValue?: number | string;
  /** Add `<col>__missing` when training rows had missing values. Default true. */
  indicator?: boolean;
}

export interface ScaleStep extends StepBase {
  kind: 'scale';
  /** standard (z-score), min-max (to [0, 1]), robust (median/IQR), max-abs (to [-1, 1]). Default 'standard'. */
  method?: 'standard' | 'min-max' | 'robust' | 'max-abs';
}

export interface TransformStep extends StepBase {
  kind: 'transform';
  /** log1p (x >= 0 only), yeo-johnson (standardised afterwards, as scikit-learn's PowerTransformer), quantile-normal. Default 'yeo-johnson'. */
  method?: 'log1p' | 'yeo-johnson' | 'quantile-normal';
  /**
   * Quantiles for quantile-normal. Default 1000 (capped at the training row count).
   * @minimum 2
   * @multipleOf 1
   */
  quantiles?: number;
}

export interface OneHotStep extends StepBase {
  kind: 'one-hot';
  /**
   * Levels seen fewer times than this in training go to the `<col>=(other)` bucket, where unseen levels also go. Default 1.
   * @minimum 1
   * @multipleOf 1
   */
  minFrequency?: number;
  /**
   * Most levels kept (the most frequent); the rest go to (other). Default 50.
   * @minimum 1
   * @multipleOf 1
   */
  maxLevels?: number;
}

export interface OrdinalStep extends StepBase {
  kind: 'ordinal';
  /** Code for levels unseen in training. Default -1. */
  unknownValue?: number;
}

export interface HashingStep extends StepBase {
  kind: 'hashing';
  /**
   * Output columns per input column. Default 32.
   * @minimum 1
   * @maximum 4096
   * @multipleOf 1
   */
  width?: number;
}

export interface TargetEncodeStep extends StepBase {
  kind: 'target-encode';
  /**
   * Smoothing towards the global mean: m in (sum + m*prior)/(count + m). Default 10.
   * @minimum 0
   */
  smoothing?: number;
  /**
   * Folds for out-of-fold encoding of the training rows. Default 5.
   * @minimum 2
   * @maximum 20
   * @multipleOf 1
   */
  folds?: number;
}

export type DatetimePart = 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'dayofyear';

export interface DatetimePartsStep extends StepBase {
  kind: 'datetime-parts';
  /** Calendar parts to extract (UTC). Default ['year', 'month', 'day', 'weekday', 'hour']. */
  parts?: DatetimePart[];
  /** Add sin/cos encodings of month, weekday, hour, dayofyear. Default true. */
  cyclical?: boolean;
  /** Add days since the earliest training timestamp. Default true. */
  elapsed?: boolean;
}

export interface BinStep extends StepBase {
  kind: 'bin';
  /** Default 'quantile'. */
  strategy?: 'uniform' | 'quantile';
  /**
   * Default 5.
   * @minimum 2
   * @maximum 255
   * @multipleOf 1
   */
  bins?: number;
  /** ordinal: bin index; one-hot: one column per bin. Default 'ordinal'. */
  encode?: 'ordinal' | 'one-hot';
}

export interface TextStep extends StepBase {
  kind: 'text';
  /** Token hashing or TF-IDF over the top-k training tokens. Default 'tfidf'. */
  method?: 'hashing' | 'tfidf';
  /**
   * Hashing width or TF-IDF vocabulary size. Default 64.
   * @minimum 1
   * @maximum 4096
   * @multipleOf 1
   */
  width?: number;
}

export interface InteractionsStep extends StepBase {
  kind: 'interactions';
}

export interface DropStep extends StepBase {
  kind: 'drop';
}

export interface SelectStep extends StepBase {
  kind: 'select-features';
  /** variance: drop columns with variance <= threshold; mutual-info: keep the top k; l1: keep non-zero weights of an L1 linear model. Default 'variance'. */
  method?: 'variance' | 'mutual-info' | 'l1';
  /**
   * Variance threshold. Default 0.
   * @minimum 0
   */
  threshold?: number;
  /**
   * Columns kept by mutual-info. Default 20.
   * @minimum 1
   * @multipleOf 1
   */
  k?: number;
  /**
   * L1 penalty strength for method 'l1'. Default 0.01.
   * @exclusiveMinimum 0
   */
  alpha?: number;
}

/** @discriminator kind */
export type PipelineStep =
  | ImputeStep
  | ScaleStep
  | TransformStep
  | OneHotStep
  | OrdinalStep
  | HashingStep
  | TargetEncodeStep
  | DatetimePartsStep
  | BinStep
  | TextStep
  | InteractionsStep
  | DropStep
  | SelectStep;

export type StepKind = PipelineStep['kind'];
