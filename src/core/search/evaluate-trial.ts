/**
 * A trial's score: the experiment's own cross-validation (or holdout) on the trial's spec,
 * the pipeline refitted in every fold, the same folds and generators runExperiment uses, so a
 * trial scores what a run of its spec would report. The locked final test rows are carved out
 * first and no trial ever fits or scores them. Under nested CV, a trial sees only the training
 * rows of its outer fold, split again the way the experiment splits.
 */
import type { Dataset } from '../data/types.ts';
import type { CancelToken } from '../jobs.ts';
import { throwIfCancelled } from '../jobs.ts';
import { createRng } from '../random.ts';
import type { NormalizedSplit, NormalizedSpec } from '../spec/types.ts';
import type { Fold } from '../split/fold.ts';
import { encodeTarget, type EncodedTarget } from '../train/encode-target.ts';
import { assertFoldsUsable, makeSplits } from '../train/make-splits.ts';
import { fitAndEvaluate, type FoldResult, type RunOptions } from '../train/run-experiment.ts';
import type { MetricValues } from '../track/types.ts';
import type { WarmStore } from './warm-store.ts';

export interface TrialRequest {
  index: number;
  /** The trial's experiment: the search's base spec with the trial's values (and ASHA resource) set; no `search`. */
  spec: NormalizedSpec;
  /** Nested CV: run on the training rows of outer fold `outer` of `folds`. */
  nested?: { outer: number; folds: number };
  /**
   * ASHA warm start: `key` names the configuration (its folds add `#fold`); the fit continues
   * a state stored under it, and stores its own when `keep` (not the top rung).
   */
  warm?: { key: string; keep: boolean };
}

export interface TrialScore {
  /** Mean over the folds of every metric. */
  metrics: MetricValues;
  /** Population std over the folds. */
  std: MetricValues;
  folds: number;
}

/** The rows a search may use, and how to split them. */
export interface SearchRows {
  target: EncodedTarget;
  /** Evaluation folds, positions into target.rows. */
  folds: Fold[];
  /** The locked final test set (positions into target.rows): refit on `train`, scored once on `test`. */
  finalTest?: Fold;
}

const pick = (a: Int32Array, positions: Int32Array) => Int32Array.from(positions, (p) => a[p]!);

/** The target restricted to some of its positions (a nested fold's training rows). */
export function restrictTarget(target: EncodedTarget, positions: Int32Array): EncodedTarget {
  const y = target.y instanceof Int32Array ? Int32Array.from(positions, (p) => target.y[p]!) : Float64Array.from(positions, (p) => target.y[p]!);
  return { rows: pick(target.rows, positions), y, ...(target.classes ? { classes: target.classes } : {}) };
}

/** The experiment's split without its locked set: inner searches split rows that are already held apart. */
function withoutFinalTest(split: NormalizedSplit): NormalizedSplit {
  return split.kind === 'kfold' ? { ...split, finalTest: 0 } : split;
}

/** The outer folds of nested CV: the fold family of the experiment's split, over the rows outside the locked set. */
function outerSplit(spec: NormalizedSpec, k: number): NormalizedSplit {
  const s = spec.split;
  const classification = spec.task !== 'regression';
  const byHoldout = { random: 'kfold', stratified: 'stratified', group: 'group', time: 'time-series', column: classification ? 'stratified' : 'kfold' } as const;
  const strategy = s.kind === 'kfold' ? s.strategy : byHoldout[s.strategy];
  const column = strategy === 'kfold' || strategy === 'stratified' ? {} : s.column !== undefined ? { column: s.column } : {};
  return { kind: 'kfold', k, strategy, repeats: 1, gap: s.gap, maxTrainSize: 0, finalTest: 0, ...column };
}

/** The search's rows: the experiment's split, or under nested CV the inner split of one outer fold. */
export function searchRows(dataset: Dataset, spec: NormalizedSpec, nested?: { outer: number; folds: number }): SearchRows {
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  const plan = makeSplits(spec, dataset.table, target);
  if (!nested) {
    assertFoldsUsable(plan.folds);
    return { target, folds: plan.folds, ...(plan.finalTest ? { finalTest: plan.finalTest } : {}) };
  }
  const outer = outerFolds(dataset, spec, nested.folds);
  const fold = outer.folds[nested.outer]!;
  const inner = restrictTarget(outer.target, fold.train);
  const folds = makeSplits({ ...spec, split: withoutFinalTest(spec.split) }, dataset.table, inner).folds;
  assertFoldsUsable(folds);
  return { target: inner, folds };
}

/** Nested CV's outer folds over the rows outside the locked final test set (positions into the returned target). */
export function outerFolds(dataset: Dataset, spec: NormalizedSpec, k: number): { target: EncodedTarget; folds: Fold[] } {
  const full = encodeTarget(dataset.table, spec.target, spec.task);
  const locked = makeSplits(spec, dataset.table, full).finalTest;
  const pool = locked ? restrictTarget(full, locked.train) : full;
  const seed = createRng(spec.seed).fork('nested-outer').int(2 ** 31);
  const folds = makeSplits({ ...spec, seed, split: outerSplit(spec, k) }, dataset.table, pool).folds;
  assertFoldsUsable(folds);
  return { target: pool, folds };
}

/** Mean and population std of each metric across folds. */
function summarize(perFold: MetricValues[]): { mean: MetricValues; std: MetricValues } {
  const mean: MetricValues = {}, std: MetricValues = {};
  for (const key of Object.keys(perFold[0] ?? {})) {
    const v = perFold.map((m) => m[key]!);
    const mu = v.reduce((a, b) => a + b, 0) / v.length;
    mean[key] = mu;
    std[key] = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length);
  }
  return { mean, std };
}

type FitOptions = Pick<RunOptions, 'tf' | 'histograms' | 'onEvent'> & { cancel: CancelToken };

/** Cross-validates the trial's spec on the search's rows (with `warm`, continuing its folds' stored trainings). */
export async function evaluateTrial(dataset: Dataset, request: TrialRequest, opts: FitOptions & { warm?: WarmStore }): Promise<TrialScore> {
  const spec = request.spec;
  const rows = searchRows(dataset, spec, request.nested);
  const rng = createRng(spec.seed);
  const cv = spec.split.kind === 'kfold';
  const perFold: MetricValues[] = [];
  for (let f = 0; f < rows.folds.length; f++) {
    throwIfCancelled(opts.cancel);
    const { train, test } = rows.folds[f]!;
    const { warm: store, ...fitOpts } = opts;
    const w = request.warm;
    const foldOpts = store && w ? { ...fitOpts, warm: store.slot(`${w.key}#${f}`, w.keep) } : fitOpts;
    const r = await fitAndEvaluate(dataset, rows.target, train, dataset, rows.target, test, spec, foldOpts, cv ? rng.fork(`fold${f}`) : rng, cv ? f : undefined);
    perFold.push(r.metrics);
  }
  const { mean, std } = summarize(perFold);
  return { metrics: mean, std, folds: perFold.length };
}

/**
 * Fit `spec` on `train` and score it on `test` (positions into `target.rows`) once: the
 * locked final test set after a search, or an outer test fold under nested CV.
 */
export function refitAndScore(dataset: Dataset, target: EncodedTarget, fold: Fold, spec: NormalizedSpec, opts: FitOptions, label: string): Promise<FoldResult> {
  return fitAndEvaluate(dataset, target, fold.train, dataset, target, fold.test, spec, opts, createRng(spec.seed).fork(label), undefined);
}
