/**
 * The execute phase: split -> fit preprocessing on training rows -> fit model and baseline
 * -> predict held-out rows -> metrics. Shared by the studio worker and the CLI, so both give
 * the same numbers for the same spec, data, seed and backend.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Table } from 'apache-arrow';
import type { Dataset } from '../data/types.ts';
import { benchtopError } from '../errors.ts';
import { computeMetrics } from '../evaluate/registry.ts';
import { fitPipeline, transformPipeline } from '../features/pipeline.ts';
import { throwIfCancelled, type CancelToken } from '../jobs.ts';
import { baseline } from '../models/baseline.ts';
import { getModel } from '../models/registry.ts';
import type { FitData } from '../models/types.ts';
import { createRng } from '../random.ts';
import { foldRows, kfoldAssignment } from '../split/kfold.ts';
import { holdoutSplit } from '../split/stratified-holdout.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import type { CvSummary, MetricValues } from '../track/types.ts';
import { encodeTarget, type EncodedTarget } from './encode-target.ts';
import type { EpochRecord, TrainEvent } from './events.ts';

export interface RunOptions {
  tf: typeof tfjs;
  cancel: CancelToken;
  onEvent?: (e: TrainEvent) => void;
  /** Evaluate on this dataset instead of splitting (the model trains on all of `dataset`). */
  testData?: Dataset;
}

/** Held-out predictions: one entry per evaluated row. */
export interface Predictions {
  /** 0-based row index in the evaluated table (the test file under testData, else the dataset). */
  row: Int32Array;
  /** Fold that evaluated the row (0 for a holdout). */
  fold: Int32Array;
  /** Encoded truth: class index or value. */
  yTrue: Int32Array | Float64Array;
  /** n*k probabilities (classification) or n values (regression). */
  values: Float64Array;
  width: number;
}

export interface ExperimentResult {
  spec: NormalizedSpec;
  classes?: string[];
  metrics: MetricValues;
  baselineMetrics: MetricValues;
  cv?: CvSummary;
  history: EpochRecord[];
  bestEpoch?: number;
  predictions: Predictions;
  trainRows: number;
  testRows: number;
}

const MIN_ROWS = 4;
const MIN_VALIDATION_ROWS = 20;

export async function runExperiment(dataset: Dataset, spec: NormalizedSpec, opts: RunOptions): Promise<ExperimentResult> {
  const classification = spec.task !== 'regression';
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  if (target.rows.length < MIN_ROWS) throw benchtopError('data_too_few_rows', { rows: target.rows.length, min: MIN_ROWS });
  const strata = classification && spec.split.stratify ? (target.y as Int32Array) : undefined;
  const width = classification ? target.classes!.length : 1;
  const rng = createRng(spec.seed);

  if (opts.testData) {
    const test = opts.testData;
    for (const f of [...spec.features, spec.target])
      if (!test.columns.some((c) => c.name === f)) throw benchtopError('test_data_schema', { column: f });
    const testTarget = encodeTarget(test.table, spec.target, spec.task, target.classes);
    opts.onEvent?.({ type: 'phase', phase: 'train' });
    const all = Int32Array.from(target.rows.keys());
    const r = await fitAndEvaluate(dataset, target, all, test.table, testTarget, Int32Array.from(testTarget.rows.keys()), spec, opts, rng, undefined);
    return {
      spec, classes: target.classes, metrics: r.metrics, baselineMetrics: r.baselineMetrics, history: r.history, bestEpoch: r.bestEpoch,
      predictions: { row: testTarget.rows, fold: new Int32Array(testTarget.rows.length), yTrue: testTarget.y, values: r.values, width },
      trainRows: all.length, testRows: testTarget.rows.length,
    };
  }

  if (spec.split.kind === 'holdout') {
    if (strata) checkStrata(strata, target.classes!, 2);
    const { train, test } = holdoutSplit(target.rows.length, spec.split.testSize, rng.fork('split'), strata);
    opts.onEvent?.({ type: 'phase', phase: 'train' });
    const r = await fitAndEvaluate(dataset, target, train, dataset.table, target, test, spec, opts, rng, undefined);
    return {
      spec, classes: target.classes, metrics: r.metrics, baselineMetrics: r.baselineMetrics, history: r.history, bestEpoch: r.bestEpoch,
      predictions: { row: pick(target.rows, test), fold: new Int32Array(test.length), yTrue: pickY(target.y, test), values: r.values, width },
      trainRows: train.length, testRows: test.length,
    };
  }

  const k = spec.split.k;
  if (strata) checkStrata(strata, target.classes!, k);
  const assignment = kfoldAssignment(target.rows.length, k, spec.seed, strata);
  const perFold: MetricValues[] = [];
  const perFoldBaseline: MetricValues[] = [];
  const n = target.rows.length;
  const values = new Float64Array(n * width);
  let history: EpochRecord[] = [];
  let bestEpoch: number | undefined;
  for (let f = 0; f < k; f++) {
    throwIfCancelled(opts.cancel);
    opts.onEvent?.({ type: 'phase', phase: 'train', fold: f, folds: k });
    const { train, test } = foldRows(assignment, f);
    const r = await fitAndEvaluate(dataset, target, train, dataset.table, target, test, spec, opts, rng.fork(`fold${f}`), f);
    perFold.push(r.metrics);
    perFoldBaseline.push(r.baselineMetrics);
    test.forEach((pos, i) => values.set(r.values.subarray(i * width, (i + 1) * width), pos * width));
    if (f === 0) {
      history = r.history;
      bestEpoch = r.bestEpoch;
    }
  }
  const cv = summarize(perFold);
  return {
    spec, classes: target.classes, metrics: cv.mean, baselineMetrics: summarize(perFoldBaseline).mean, cv, history, bestEpoch,
    predictions: { row: target.rows, fold: assignment, yTrue: target.y, values, width },
    trainRows: n, testRows: n,
  };
}

interface FoldResult {
  metrics: MetricValues;
  baselineMetrics: MetricValues;
  values: Float64Array;
  history: EpochRecord[];
  bestEpoch?: number;
}

/**
 * `train`/`test` are positions into `target.rows`/`testTarget.rows`. Validation rows for
 * early stopping are carved from `train` only; preprocessing is fitted on the remaining
 * training rows only.
 */
async function fitAndEvaluate(
  dataset: Dataset,
  target: EncodedTarget,
  train: Int32Array,
  testTable: Table,
  testTarget: EncodedTarget,
  test: Int32Array,
  spec: NormalizedSpec,
  opts: RunOptions,
  rng: ReturnType<typeof createRng>,
  fold: number | undefined,
): Promise<FoldResult> {
  const classification = spec.task !== 'regression';
  const iterative = spec.model.kind === 'mlp' || spec.model.kind === 'logistic';
  let fit = train;
  let val: Int32Array | undefined;
  if (iterative && spec.training.validationFraction > 0 && train.length >= MIN_VALIDATION_ROWS) {
    const trainY = classification ? (pickY(target.y, train) as Int32Array) : undefined;
    const canStratify = trainY && minClassCount(trainY) >= 2;
    const s = holdoutSplit(train.length, spec.training.validationFraction, rng.fork('validation'), canStratify ? trainY : undefined);
    fit = pick(train, s.train);
    val = pick(train, s.test);
  }
  const fitRows = pick(target.rows, fit);
  const pipeline = fitPipeline(dataset.table, dataset.columns, spec.features, fitRows, spec.preprocess);
  const d = pipeline.outputNames.length;
  const k = classification ? target.classes!.length : 1;
  const data: FitData = {
    X: transformPipeline(pipeline, dataset.table, fitRows),
    n: fit.length,
    d,
    y: pickY(target.y, fit),
    k,
  };
  if (val) data.val = { X: transformPipeline(pipeline, dataset.table, pick(target.rows, val)), n: val.length, y: pickY(target.y, val) };
  const Xtest = transformPipeline(pipeline, testTable, pick(testTarget.rows, test));
  const yTest = pickY(testTarget.y, test);

  const def = getModel(spec.model.kind, spec.task);
  const ctx = { tf: opts.tf, task: spec.task, rng: rng.fork('model'), cancel: opts.cancel, training: spec.training, onEvent: opts.onEvent, fold };
  const model = await def.fit(spec.model as never, data, ctx);
  try {
    throwIfCancelled(opts.cancel);
    opts.onEvent?.({ type: 'phase', phase: 'evaluate', fold });
    const values = await model.predict(Xtest, test.length);
    const base = await baseline.fit({ kind: 'baseline' }, data, ctx);
    const baseValues = await base.predict(Xtest, test.length);
    const metricsOf = (v: Float64Array): MetricValues =>
      classification
        ? computeMetrics(spec.task, { yTrue: yTest as Int32Array, proba: v, k })
        : computeMetrics(spec.task, { yTrue: yTest as Float64Array, yPred: v });
    return { metrics: metricsOf(values), baselineMetrics: metricsOf(baseValues), values, history: model.history, bestEpoch: model.bestEpoch };
  } finally {
    model.dispose();
  }
}

function pick(source: Int32Array, positions: Int32Array): Int32Array {
  return Int32Array.from(positions, (p) => source[p]!);
}

function pickY(y: Int32Array | Float64Array, positions: Int32Array): Int32Array | Float64Array {
  return y instanceof Int32Array ? Int32Array.from(positions, (p) => y[p]!) : Float64Array.from(positions, (p) => y[p]!);
}

function minClassCount(y: Int32Array): number {
  const counts = new Map<number, number>();
  for (const c of y) counts.set(c, (counts.get(c) ?? 0) + 1);
  return Math.min(...counts.values());
}

function checkStrata(y: Int32Array, classes: string[], min: number): void {
  const counts = new Array<number>(classes.length).fill(0);
  for (const c of y) counts[c]! += 1;
  counts.forEach((count, c) => {
    if (count < min) throw benchtopError('split_class_too_small', { value: classes[c], count, min });
  });
}

/** Mean and population std (numpy's default ddof=0) of each metric across folds. */
function summarize(perFold: MetricValues[]): CvSummary {
  const mean: MetricValues = {};
  const std: MetricValues = {};
  for (const key of Object.keys(perFold[0] ?? {})) {
    const v = perFold.map((m) => m[key]!);
    const mu = v.reduce((a, b) => a + b, 0) / v.length;
    mean[key] = mu;
    std[key] = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length);
  }
  return { folds: perFold.length, mean, std, perFold };
}
