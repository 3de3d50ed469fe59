/**
 * What every explanation works on: a model seen only through batched predictions on a numeric
 * matrix of "input columns". Explanations never look inside the model (except TreeSHAP, which
 * reads a TreeEnsemble), so they work for every model kind.
 *
 * The input columns are whatever the caller decides to explain in:
 *  - the model's own input features (the pipeline's output matrix): adapter.ts `matrixModel`;
 *  - the original table columns: adapter.ts `columnEncoding` + `pipelineModel` encode each
 *    table column as one numeric column (labels become category codes) and compose
 *    "decode -> pipeline.apply -> model.predict" inside `predict`, so permuting or fixing a
 *    raw column re-runs the whole pipeline.
 */
import type { CancelToken, ProgressFn } from '../../jobs.ts';

/**
 * Predictions for n rows of a row-major n x p matrix: n x outputs values, row-major
 * (class probabilities for classification, one value for regression). Called with many rows
 * at once; it must not keep or mutate `rows` (the buffer is reused for the next batch).
 */
export type PredictFn = (rows: Float64Array, n: number) => Promise<Float64Array>;

/** One input column. */
export interface ExplainFeature {
  name: string;
  /**
   * Present when the column holds category codes 0..categories.length-1 (NaN = missing):
   * partial dependence then uses each code as a grid point, and summaries show the labels.
   */
  categories?: readonly string[];
}

/** A model as the explanations see it. */
export interface ExplainModel {
  /** The p input columns, in matrix order. */
  features: readonly ExplainFeature[];
  /** Values per predicted row: k class probabilities, or 1. */
  outputs: number;
  predict: PredictFn;
}

/** What every long-running explanation accepts. */
export interface ExplainRunOptions {
  cancel?: CancelToken;
  onProgress?: ProgressFn;
  /** Most rows handed to one predict call (memory bound of a batch). Default 65,536. */
  maxBatchRows?: number;
}

/**
 * SHAP values of n rows, one set per output. `values[(i * outputs + o) * p + j]` is feature j's
 * contribution to output o of row i; for every row and output,
 *   expected[o] + sum_j values[(i * outputs + o) * p + j] == output[i * outputs + o].
 * TreeSHAP explains the margin (raw score before the link); KernelSHAP explains the model's
 * predictions (or their logit when asked).
 */
export interface ShapValues {
  n: number;
  p: number;
  outputs: number;
  values: Float64Array;
  /** Base value per output: the expected model output over the background / training covers. */
  expected: Float64Array;
  /** The explained output of each row, n x outputs. */
  output: Float64Array;
  /** Feature names, in matrix order. */
  names: readonly string[];
}
