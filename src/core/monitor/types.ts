/**
 * Batch monitoring: what scoring a new batch with a registered model reports besides its
 * predictions. The drift report compares each input column (and the model's predictions) with
 * the distributions the model version keeps from training; performance compares metrics on a
 * labelled batch with the version's held-out numbers; a shadow comparison scores the same rows
 * with a second version. Plain JSON-serialisable data: stored as a monitoring run, sent to the
 * UI, printed by the CLI.
 */
import type { EffectReading, EffectMeasure } from '../validate/shift/effect.ts';

/** Verdict of one column: 'insufficient' when either side has fewer values than `minSamples`; 'skipped' when the kind has no distribution to compare (free text) or there is no reference. */
export type FeatureVerdict = 'ok' | 'warn' | 'drift' | 'insufficient' | 'skipped';

/** The worst verdict among the columns ('insufficient' only when no column could be judged). */
export type OverallVerdict = 'ok' | 'warn' | 'drift' | 'insufficient';

/** A pair of lines: at or above `warn` the reading warns; at or above `drift` it flags drift. */
export interface WarnDrift {
  warn: number;
  drift: number;
}

/**
 * When a column counts as drifted. A p-value alone flags trivia on large batches, so a test
 * counts only when significant (p < alpha) AND its effect size reaches the line; PSI counts by
 * itself (it is an effect size). Defaults: defaultDriftThresholds().
 */
export interface DriftThresholds {
  /** Population stability index: 0.1 warn, 0.25 drift (the credit-scoring convention). */
  psi: WarnDrift;
  /** Significance level of the KS and chi-squared tests. Default 0.01. */
  alpha: number;
  /** KS statistic (largest gap between the two CDFs) a significant KS test must reach: 0.1 / 0.2. */
  ks: WarnDrift;
  /** Cohen's w a significant chi-squared test must reach: 0.1 / 0.3. */
  cohenW: WarnDrift;
  /** Rise in the share of missing cells (current minus reference, 0..1): 0.05 / 0.2. */
  missingRise: WarnDrift;
  /** Fewer non-missing values than this on either side: verdict 'insufficient'. Default 50. */
  minSamples: number;
}

/** A statistical test of "same distribution", with its effect size and sample sizes beside the p-value. */
export interface DriftTest {
  name: 'ks' | 'chi_squared';
  statistic: number;
  pValue: number;
  /** Degrees of freedom (chi-squared). */
  dof?: number;
  /** Effect size: the KS statistic itself, or Cohen's w for chi-squared. */
  effect: { measure: EffectMeasure; value: number; reading: EffectReading };
  nReference: number;
  nCurrent: number;
  /** p < alpha. */
  significant: boolean;
}

/** A distance between the two distributions (no p-value): PSI, Wasserstein-1, Jensen-Shannon. */
export interface DriftDistance {
  name: 'psi' | 'wasserstein' | 'jensen_shannon';
  value: number;
  /** Wasserstein only: the distance in reference standard deviations (NaN when that is 0). */
  standardized?: number;
  effect: { measure: EffectMeasure; value: number; reading: EffectReading };
}

/** One PSI bin as charts draw it: the reference's and the current batch's share. */
export interface DriftBin {
  /** "≤ 3.2", "> 9.1", or the category. */
  label: string;
  /** Inclusive upper edge of a numeric bin; absent for the last bin and categories. */
  upper?: number;
  reference: number;
  current: number;
}

/** One column's (or prediction's) drift. */
export interface FeatureDrift {
  column: string;
  kind: 'numeric' | 'categorical' | 'skipped';
  /** Non-missing values on each side. */
  nReference: number;
  nCurrent: number;
  /** Share of missing cells: reference null when the reference does not know its row count. */
  missingReference: number | null;
  missingCurrent: number;
  /** Numeric and categorical. */
  psi?: DriftDistance;
  bins?: DriftBin[];
  /** Numeric: two-sample KS against the reference CDF. */
  ks?: DriftTest;
  /** Numeric: Wasserstein-1 between the reference and the batch. */
  wasserstein?: DriftDistance;
  /** Categorical: chi-squared test of homogeneity (reference counts vs batch counts). */
  chiSquared?: DriftTest;
  /** Categorical: Jensen-Shannon distance (base 2). */
  jensenShannon?: DriftDistance;
  /** Categorical: labels the reference never saw. */
  unseen?: string[];
  /** Numeric: reference vs batch mean and median, for a sentence. */
  mean?: { reference: number; current: number };
  median?: { reference: number; current: number };
  verdict: FeatureVerdict;
  /** Why the verdict is what it is, one short sentence each ("PSI 0.31 ≥ 0.25"). */
  reasons: string[];
}

/** How each statistic was computed from the reference (stored with the report, shown on request). */
export interface DriftMethod {
  /** 'summary': the reference is the contract's summary (99 percentiles, 10 PSI bins, label shares); 'sample': raw values. */
  reference: 'summary' | 'sample';
  notes: string[];
}

export interface DriftReport {
  /** Input columns, in the contract's order. */
  features: FeatureDrift[];
  /** Prediction columns ("prediction", "p(yes)"); empty when the version keeps no prediction reference. */
  predictions: FeatureDrift[];
  /** Why there is no prediction drift, when there is none. */
  predictionsNote?: string;
  verdict: OverallVerdict;
  /** Counts of feature verdicts (inputs only). */
  counts: Record<FeatureVerdict, number>;
  thresholds: DriftThresholds;
  method: DriftMethod;
}

/** Held-out metric vs the same metric on the labelled batch. */
export interface PerformanceRow {
  metric: string;
  /** The version's held-out value and bootstrap interval (the model card's numbers). */
  card: number | null;
  cardCi: [number, number] | null;
  level: number;
  current: number | null;
  /** Bootstrap interval of the batch's value (same level). */
  currentCi: [number, number] | null;
  /** current - card. */
  delta: number | null;
  higherIsBetter: boolean;
  /**
   * 'worse': outside the card's interval on the bad side (a concept-drift signal) while the
   * batch's own interval excludes the card's value; 'better': the same on the good side; 'ok':
   * otherwise; 'insufficient': too few labelled rows; 'no-reference': the card has no value.
   */
  verdict: 'ok' | 'worse' | 'better' | 'insufficient' | 'no-reference';
}

export interface PerformanceReport {
  target: string;
  /** Batch rows with a known target. */
  rows: number;
  /** Rows whose target is missing or (classifiers) a label the model does not know. */
  skipped: number;
  metrics: PerformanceRow[];
  /** The headline metric's verdict (ROC AUC / accuracy / RMSE, as the registry lists). */
  verdict: PerformanceRow['verdict'];
  headline: string;
}

/** Two versions scored on the same rows. */
export interface ShadowComparison {
  /** "name@3" of the version whose predictions are returned, and of the shadow. */
  primary: string;
  shadow: string;
  rows: number;
  task: 'binary' | 'multiclass' | 'regression';
  /** Share of rows with the same predicted label (classifiers); null for regression. */
  agreement: number | null;
  /** Mean |difference| of class probabilities (averaged over classes both know) or of predicted values. */
  meanAbsDelta: number;
  maxAbsDelta: number;
  /** Predicted labels: counts[i][j] = rows primary called labels[i] and shadow labels[j]. */
  confusion: { labels: string[]; counts: number[][] } | null;
  /** With the target in the batch: the paired test compare runs uses (paired bootstrap, and McNemar for classifiers). */
  paired: ShadowPairedTest | null;
}

export interface ShadowPairedTest {
  metric: string;
  primary: number | null;
  shadow: number | null;
  /** primary - shadow, with its paired-bootstrap interval. */
  difference: number | null;
  ci: [number, number] | null;
  level: number;
  higherIsBetter: boolean;
  /** McNemar's p on the labels (classifiers); null for regression. */
  mcnemarP: number | null;
  winner: 'primary' | 'shadow' | null;
  sentence: string;
  rows: number;
}

/** Milliseconds per phase. */
export interface MonitoringTimings {
  read: number;
  check: number;
  score: number;
  drift: number;
  performance: number;
  shadow: number;
  export: number;
  total: number;
}

export type PredictionsFormat = 'csv' | 'parquet' | 'arrow';

/**
 * One monitoring run as stored (table monitoringRuns, schema v5): a batch scored by a model
 * version with what was found. The predictions themselves are not stored (they go to the user
 * as a file); their SHA-256 is, so a saved file can be matched to its run.
 */
export interface MonitoringRunRecord {
  /** "mon-" + time + random; the key. */
  id: string;
  /** The model version scored with ("name@3") and its parts, for the indexes. */
  versionId: string;
  modelName: string;
  version: number;
  /** The alias the caller named ("champion"), when it was resolved through one. */
  alias?: string;
  createdAt: number;
  /** The batch file's name, byte size and SHA-256. */
  file: { name: string; bytes: number; sha256: string };
  rows: number;
  /** Contract findings that did not stop scoring. */
  warnings: string[];
  predictions: { format: PredictionsFormat; name: string; bytes: number; sha256: string; columns: string[] };
  /** null when drift was not asked for. */
  drift: DriftReport | null;
  /** null when the batch has no target column. */
  performance: PerformanceReport | null;
  /** null when no shadow version was asked for. */
  shadow: ShadowComparison | null;
  backend: string;
  timings: MonitoringTimings;
  note?: string;
}
