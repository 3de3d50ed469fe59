/**
 * The evaluation page's data: everything a sceptical reviewer asks of one finished run,
 * assembled in the worker (or the CLI) from the run's stored held-out predictions, the
 * dataset version it was trained on and, for explanations, its fitted model. The UI only
 * renders these objects; it never recomputes a metric.
 */
import type { CvSummary } from '../../track/types.ts';
import type { HeldOutReport } from '../held-out-report.ts';
import type { CalibrationCurves, GainLiftCurves, PrecisionRecallCurves, RocCurves } from '../curves/index.ts';
import type { CalibrationMethod } from '../calibration/index.ts';
import type { ConfusionCells, CostMatrix, ThresholdChoice, ThresholdMetrics } from '../threshold/index.ts';
import type { SliceFilter, SlicePredicate, SliceReport, FairnessReport } from '../slices/index.ts';
import type { Comparison } from '../uncertainty/index.ts';
import type { FeatureImportance } from '../explain/permutation-importance.ts';
import type { PartialDependence } from '../explain/partial-dependence.ts';
import type { BeeswarmFeature, ShapRank, Waterfall } from '../explain/shap-summary.ts';
import type { Task } from '../../spec/types.ts';

/** Which held-out rows: the holdout (or pooled out-of-fold rows under CV), or the locked final test set. */
export type EvaluationRows = 'held-out' | 'final-test';

/** The decision rule saved with a run (and later with its model bundle). */
export interface RunDecision {
  /** Binary: predict the positive class when its probability >= threshold. */
  threshold?: number;
  /** How the threshold was chosen, in words the page shows ("maximises F1 on held-out rows"). */
  rule?: string;
  /** Class index treated as positive (binary). Default 1. */
  posLabel?: number;
  /** Cost matrix a cost-based threshold was chosen under. */
  cost?: CostMatrix;
  /** Post-hoc calibration fitted on the calibration half of the held-out rows. */
  calibration?: CalibrationMethod;
}

export interface EvaluationRequest {
  rows?: EvaluationRows;
  /** Binary: class index treated as positive. Default: the saved decision's, else 1. */
  posLabel?: number;
  /** Binary: decision threshold for the confusion matrix and thresholded metrics. Default: the saved decision's, else 0.5. */
  threshold?: number;
  /** Fills the threshold table's cost column and the cost-minimising choice. */
  cost?: CostMatrix;
  /**
   * Post-hoc calibration: fitted on a seeded, stratified half of the chosen rows, everything
   * else is then reported on the other half (the page says so). 'none' (default) uses all rows.
   */
  calibration?: CalibrationMethod | 'none';
  /** Bootstrap resamples for the headline intervals. Default 1000. */
  resamples?: number;
  /** Slicing: columns to slice by (default: every categorical/boolean feature and up to 8 numeric ones), quantile bins, user filters. */
  slices?: { columns?: string[]; bins?: number; filters?: (SlicePredicate | SliceFilter)[] };
  /** Column whose groups the fairness gaps compare (classification). */
  sensitive?: string;
}

/** One row of the error analysis. */
export interface ErrorRow {
  /** 0-based row index in the evaluated table. */
  row: number;
  fold: number;
  /** Truth and prediction as the user reads them: class labels, or numbers for regression. */
  actual: string | number;
  predicted: string | number;
  /** Classification: probability given to the predicted class; regression: absolute error. */
  confidence: number;
  /** Per-row loss: log loss of the true class (classification), squared error (regression). */
  loss: number;
  /** The row's feature values as text, feature order of the spec. */
  values: Record<string, string>;
  /** The note saved for this row, if any. */
  note?: string;
}

export interface RegressionDiagnostics {
  /** Downsampled (actual, predicted) pairs for a scatter plot. */
  points: { actual: number; predicted: number; row: number }[];
  /** Residual histogram (actual - predicted). */
  residuals: { edges: number[]; counts: number[] };
}

export interface RunEvaluation {
  runId: string;
  task: Task;
  classes?: string[];
  rows: EvaluationRows;
  /** Rows behind every number below (after taking out the calibration half, if any). */
  count: number;
  /** Every applicable metric with a percentile bootstrap interval. */
  metrics: HeldOutReport;
  /** The baseline's report on exactly the same rows. */
  baseline: HeldOutReport;
  /** Model vs baseline, paired on the same rows, in words. */
  versusBaseline: Comparison;
  cv?: CvSummary;
  /** The decision in force for this view (request overrides, else saved, else defaults). */
  decision: RunDecision;
  /** The saved decision, if any. */
  savedDecision?: RunDecision;
  /** Classification: at the decision threshold (binary) or argmax. Rows are indices into `count`'s row list: use `rowIds`. */
  confusion?: ConfusionCells;
  /** Table row index of each evaluated row, in the order confusion.rows refers to. */
  rowIds: number[];
  /** Binary: metrics at the threshold, and the thresholds that maximise F-beta, Youden's J, or minimise cost. */
  threshold?: { at: ThresholdMetrics; choices: ThresholdChoice[]; posLabel: number };
  curves?: { roc: RocCurves; pr: PrecisionRecallCurves; calibration: CalibrationCurves; gainLift: GainLiftCurves };
  regression?: RegressionDiagnostics;
  slices: SliceReport;
  fairness?: FairnessReport;
  /** Highest-loss rows (and, for classification, most confident mistakes first), at most 100. */
  errors: ErrorRow[];
  /** Learning-curve reading is on the train page; this says train vs held-out when both exist. */
  notes: string[];
}

export type ExplainRequest =
  | { kind: 'permutation'; repeats?: number; metric?: string; maxRows?: number }
  | { kind: 'partial-dependence'; features: [string] | [string, string]; ice?: boolean; gridSize?: number; maxRows?: number }
  | {
      kind: 'shap';
      maxRows?: number;
      background?: number;
      /** Table row whose waterfall is shown (explained first). */
      row?: number;
      /** Class whose output is explained. Default: the positive class (binary), the waterfall row's predicted class (multiclass). */
      output?: number;
    };

export type Explanation =
  | { kind: 'permutation'; metric: string; repeats: number; rows: number; importances: FeatureImportance[] }
  | { kind: 'partial-dependence'; result: PartialDependence }
  | {
      kind: 'shap';
      /** 'tree' (exact TreeSHAP) or 'kernel' (sampling estimate). */
      method: 'tree' | 'kernel';
      rows: number;
      ranking: ShapRank[];
      beeswarm: BeeswarmFeature[];
      /** The per-prediction breakdown of `row` (or of the first explained row). */
      waterfall: Waterfall;
      /** Output (class) the values explain. */
      output: number;
      /** What the values add up to: the trees' margin (log-odds for classifiers) or the model's prediction (probability, value). */
      scale?: 'margin' | 'prediction';
      /** Table row of each explained row, in the beeswarm's row order. */
      rowIds?: number[];
      /** Table row of the waterfall. */
      waterfallRow?: number;
    };

/** Whether the explanation used the model kept from training or a deterministic refit (same spec, data, seed). */
export interface ExplainResult {
  explanation: Explanation;
  model: 'kept' | 'refit';
  /** What the reader should know: which fit is explained, on which rows, sampling. */
  notes?: string[];
}

export interface RunComparison {
  a: string;
  b: string;
  rows: number;
  comparison: Comparison;
  /** Present when both runs are cross-validated with the same folds: Nadeau-Bengio on per-fold scores. */
  cvTest?: { metric: string; t: number; p: number; verdict: string };
}
