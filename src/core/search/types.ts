/** What a search reports: trials, events, the result and the state it can be resumed from. */
import type { SerializedError } from '../errors.ts';
import type { ExperimentSpec, NormalizedSpec } from '../spec/types.ts';
import type { MetricValues } from '../track/types.ts';
import type { ParamConfig } from './space.ts';

/** A job the proposer chose: a configuration, and under ASHA the rung it trains on. */
export interface JobSpec {
  /** Position in the search's sequence of jobs (proposal order). */
  index: number;
  /** The configuration's number: equal to `index` except under ASHA, where a promoted configuration keeps its number. */
  trial: number;
  params: ParamConfig;
  /** ASHA: rung (0 = least training) and its resource (epochs, rounds or trees). */
  rung?: number;
  resource?: number;
}

export interface TrialRecord extends JobSpec {
  status: 'done' | 'failed';
  /** The search metric's cross-validated mean (absent when the trial failed). */
  score?: number;
  /** Its standard deviation across folds (population, as the run records). */
  std?: number;
  /** Every metric's cross-validated mean. */
  metrics?: MetricValues;
  error?: SerializedError;
  durationMs: number;
  /** When it finished, in ms since the search began (a resumed search counts on from its earlier time). */
  finishedAtMs: number;
  /** Nested cross-validation: the outer fold whose inner search ran this trial. */
  outer?: number;
}

/** Why the search stopped: every trial it was to run ran (trial cap, whole grid, ASHA drained), the time budget, or a cancel. */
export type StopReason = 'completed' | 'time' | 'cancelled';

export type SearchEvent =
  | { type: 'phase'; phase: 'search' | 'final-test' | 'nested'; outer?: number }
  /** A finished trial (`resumed`: taken from the saved state, not run); `best`: the best full-training score of its search so far. */
  | { type: 'trial'; trial: TrialRecord; resumed: boolean; best?: number };

/** Point i: the best full-training score among jobs 0..i (null before any). */
export interface BestSoFarPoint {
  index: number;
  /** Configurations started by then. */
  trials: number;
  elapsedMs: number;
  best: number | null;
}

export interface ParamImportance {
  param: string;
  /** Share of the score variance this parameter explains on its own, in [0, 1] (see importance.ts). */
  importance: number;
  /** Trials the estimate used. */
  trials: number;
}

/**
 * Everything needed to continue a search: with the same dataset, it proposes the same next
 * trials. Plain JSON: store it with the parent run, read it back after a reload.
 */
export interface SearchState {
  version: 1;
  /** The experiment (with its search) as given. */
  spec: ExperimentSpec;
  datasetFingerprint: string;
  /** Search time spent so far, so a time budget spans sessions. */
  elapsedMs: number;
  /** Finished trials: the main search's and, with nested CV, the inner searches' (with `outer`). */
  trials: TrialRecord[];
  /** The locked final test set's one evaluation, once made, and the configuration it scored: a resumed search does not score it again. */
  finalTest?: { params: ParamConfig; result: { metrics: MetricValues; baselineMetrics: MetricValues; rows: number } };
}

export interface NestedFoldResult {
  outer: number;
  /** The inner search's best configuration, refitted on the outer training rows. */
  params: ParamConfig;
  innerScore: number;
  /** Its score on the outer test rows. */
  score: number;
  trials: number;
}

export interface SearchResult {
  /** The planned experiment, search included (metric and direction filled). */
  spec: NormalizedSpec;
  metric: string;
  direction: 'maximize' | 'minimize';
  trials: TrialRecord[];
  best?: {
    index: number;
    trial: number;
    params: ParamConfig;
    score: number;
    std?: number;
    metrics?: MetricValues;
    /** The best trial's experiment, ready to run or record (no search). */
    spec: NormalizedSpec;
  };
  bestSoFar: BestSoFarPoint[];
  /** From the finished trials (under ASHA, from the first rung, where every configuration trains), most important first. */
  importance: ParamImportance[];
  /** The locked final test set, scored once on the best configuration refitted on every other row. */
  finalTest?: { metrics: MetricValues; baselineMetrics: MetricValues; rows: number };
  /** Nested cross-validation: the tuning procedure's estimate, mean and std over the outer folds. */
  nested?: { folds: NestedFoldResult[]; mean: number; std: number };
  stopReason: StopReason;
  durationMs: number;
  state: SearchState;
}
