/**
 * The execute phase: split -> fit preprocessing on training rows -> fit model and baseline
 * -> predict held-out rows -> metrics. Shared by the studio worker and the CLI, so both give
 * the same numbers for the same spec, data, seed and backend.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.ts';
import { benchtopError } from '../errors.ts';
import { computeMetrics } from '../evaluate/registry.ts';
import { frameFromTable, frameToMatrix } from '../features/frame.ts';
import { TREE_MODELS } from '../features/auto-pipeline.ts';
import { applyPipeline, fitPipeline, type FittedPipeline } from '../features/run-pipeline.ts';
import { throwIfCancelled, type CancelToken } from '../jobs.ts';
import { baseline } from '../models/baseline.ts';
import { getModel } from '../models/registry.ts';
import type { FitData, TrainedModel, WarmSlot } from '../models/types.ts';
import type { HistogramBuilderFactory } from '../models/gbdt/histogram.ts';
import { createRng } from '../random.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import type { CvSummary, MetricValues } from '../track/types.ts';
import { encodeTarget, type EncodedTarget } from './encode-target.ts';
import { assertFoldsUsable, makeSplits } from './make-splits.ts';
import { sanityChecksFor, shouldRunSanity } from './sanity-checks.ts';
import { holdoutSplit } from '../split/stratified-holdout.ts';
import type { EpochRecord, SanityReport, TrainEvent } from './events.ts';
import { minOf } from '../stats/extent.ts';

export interface RunOptions {
  tf: typeof tfjs;
  cancel: CancelToken;
  onEvent?: (e: TrainEvent) => void;
  /** Evaluate on this dataset instead of splitting (the model trains on all of `dataset`). */
  testData?: Dataset;
  /** Tree models: histogram builder (worker pool, WebGPU); default the CPU loop. */
  histograms?: HistogramBuilderFactory;
  /** Warm start for a model that can resume (hyperparameter search, ASHA): see FitContext.warm. */
  warm?: WarmSlot;
  /**
   * Return the reported fit's model (ExperimentResult.model) instead of disposing it, for
   * explanations: the holdout model, the final-test refit when there is a locked final test
   * set, else (plain CV) the first fold's. The caller then owns it and must dispose it.
   */
  keepModel?: boolean;
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
  /** The baseline's predictions on the same rows, same layout as `values`. */
  baseline: Float64Array;
}

export interface ExperimentResult {
  spec: NormalizedSpec;
  classes?: string[];
  /** Holdout metrics, or the mean over all folds (and repeats) under cross-validation. */
  metrics: MetricValues;
  baselineMetrics: MetricValues;
  cv?: CvSummary;
  /** The locked final test set, evaluated once on a model refitted on every other row. */
  finalTest?: { metrics: MetricValues; baselineMetrics: MetricValues; rows: number };
  history: EpochRecord[];
  bestEpoch?: number;
  /** Pre-training sanity checks of the first trained network (logistic, mlp), when enabled. */
  sanity?: SanityReport;
  predictions: Predictions;
  /** The fitted pipeline of the model whose history is reported (holdout / final refit / first fold). */
  pipeline: FittedPipeline;
  /** That model, only with RunOptions.keepModel; the caller disposes it. */
  model?: TrainedModel;
  trainRows: number;
  testRows: number;
}

const MIN_ROWS = 4;
const MIN_VALIDATION_ROWS = 20;

export async function runExperiment(dataset: Dataset, spec: NormalizedSpec, opts: RunOptions): Promise<ExperimentResult> {
  const classification = spec.task !== 'regression';
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  if (target.rows.length < MIN_ROWS) throw benchtopError('data_too_few_rows', { rows: target.rows.length, min: MIN_ROWS });
  const width = classification ? target.classes!.length : 1;
  const rng = createRng(spec.seed);
  const all = Int32Array.from(target.rows.keys());

  if (opts.testData) {
    const test = opts.testData;
    for (const f of [...spec.features, spec.target])
      if (!test.columns.some((c) => c.name === f)) throw benchtopError('test_data_schema', { column: f });
    const testTarget = encodeTarget(test.table, spec.target, spec.task, target.classes);
    opts.onEvent?.({ type: 'phase', phase: 'train' });
    const testAll = Int32Array.from(testTarget.rows.keys());
    const r = await fitAndEvaluate(dataset, target, all, test, testTarget, testAll, spec, opts, rng, undefined, undefined, true, opts.keepModel);
    return {
      spec, classes: target.classes, metrics: r.metrics, baselineMetrics: r.baselineMetrics, history: r.history, bestEpoch: r.bestEpoch,
      ...(r.sanity ? { sanity: r.sanity } : {}),
      predictions: { row: testTarget.rows, fold: new Int32Array(testAll.length), yTrue: testTarget.y, values: r.values, width, baseline: r.baseValues },
      pipeline: r.pipeline, trainRows: all.length, testRows: testAll.length,
      ...(r.model ? { model: r.model } : {}),
    };
  }

  const plan = makeSplits(spec, dataset.table, target);
  assertFoldsUsable(plan.folds);
  const cv = spec.split.kind === 'kfold';
  const perFold: MetricValues[] = [];
  const perFoldBaseline: MetricValues[] = [];
  const parts: { rows: Int32Array; fold: number; values: Float64Array; baseValues: Float64Array }[] = [];
  let first: FoldResult | undefined;
  try {
    for (let f = 0; f < plan.folds.length; f++) {
      throwIfCancelled(opts.cancel);
      const { train, test } = plan.folds[f]!;
      opts.onEvent?.({ type: 'phase', phase: 'train', ...(cv ? { fold: f, folds: plan.folds.length } : {}) });
      const keep = opts.keepModel === true && f === 0 && !plan.finalTest;
      const r = await fitAndEvaluate(dataset, target, train, dataset, target, test, spec, opts, cv ? rng.fork(`fold${f}`) : rng, cv ? f : undefined, undefined, f === 0, keep);
      perFold.push(r.metrics);
      perFoldBaseline.push(r.baselineMetrics);
      parts.push({ rows: test, fold: f, values: r.values, baseValues: r.baseValues });
      first ??= r;
    }
  } catch (e) {
    // A later fold failing or being cancelled must not leak the first fold's kept model (keepModel).
    first?.model?.dispose();
    throw e;
  }
  let finalTest: ExperimentResult['finalTest'];
  let reported = first!;
  if (plan.finalTest) {
    throwIfCancelled(opts.cancel);
    opts.onEvent?.({ type: 'phase', phase: 'train', message: 'final model on all cross-validation rows' });
    const { train, test } = plan.finalTest;
    const r = await fitAndEvaluate(dataset, target, train, dataset, target, test, spec, opts, rng.fork('final'), undefined, undefined, false, opts.keepModel);
    finalTest = { metrics: r.metrics, baselineMetrics: r.baselineMetrics, rows: test.length };
    parts.push({ rows: test, fold: -1, values: r.values, baseValues: r.baseValues });
    reported = r;
  }
  const total = parts.reduce((s, p) => s + p.rows.length, 0);
  const predictions: Predictions = {
    row: new Int32Array(total), fold: new Int32Array(total), yTrue: classification ? new Int32Array(total) : new Float64Array(total),
    values: new Float64Array(total * width), width, baseline: new Float64Array(total * width),
  };
  let at = 0;
  for (const p of parts) {
    p.rows.forEach((pos, i) => {
      predictions.row[at + i] = target.rows[pos]!;
      predictions.fold[at + i] = p.fold;
      predictions.yTrue[at + i] = target.y[pos]!;
    });
    predictions.values.set(p.values, at * width);
    predictions.baseline.set(p.baseValues, at * width);
    at += p.rows.length;
  }
  const summary = cv ? summarize(perFold) : undefined;
  return {
    spec, classes: target.classes,
    metrics: summary ? summary.mean : perFold[0]!,
    baselineMetrics: cv ? summarize(perFoldBaseline).mean : perFoldBaseline[0]!,
    ...(summary ? { cv: summary } : {}),
    ...(finalTest ? { finalTest } : {}),
    history: reported.history, bestEpoch: reported.bestEpoch, predictions, pipeline: reported.pipeline,
    ...(reported.model ? { model: reported.model } : {}),
    ...(first!.sanity ? { sanity: first!.sanity } : {}),
    trainRows: plan.folds[0]!.train.length, testRows: cv ? total - (finalTest?.rows ?? 0) : plan.folds[0]!.test.length,
  };
}

export interface FoldResult {
  sanity?: SanityReport;
  pipeline: FittedPipeline;
  extraMetrics?: MetricValues;
  metrics: MetricValues;
  baselineMetrics: MetricValues;
  values: Float64Array;
  /** The baseline's predictions on the same test rows. */
  baseValues: Float64Array;
  history: EpochRecord[];
  bestEpoch?: number;
  /** The fitted model, only when asked to keep it (`keep`); otherwise it is disposed. */
  model?: TrainedModel;
}

/**
 * `train`/`test` are positions into `target.rows`/`testTarget.rows`. Validation rows for
 * early stopping are carved from `train` only; preprocessing is fitted on the remaining
 * training rows only.
 */
export async function fitAndEvaluate(
  dataset: Dataset,
  target: EncodedTarget,
  train: Int32Array,
  testData: Dataset,
  testTarget: EncodedTarget,
  test: Int32Array,
  spec: NormalizedSpec,
  opts: RunOptions,
  rng: ReturnType<typeof createRng>,
  fold: number | undefined,
  /** Also score the fitted model on these positions of `target` (learning curves score the training rows). */
  extra?: Int32Array,
  /** Run the pre-training sanity checks on this fit (once per experiment: the first fit). */
  checkSanity = false,
  /** Return the fitted model in the result instead of disposing it (the caller disposes it). */
  keep = false,
): Promise<FoldResult> {
  const classification = spec.task !== 'regression';
  const iterative = spec.model.kind === 'mlp' || spec.model.kind === 'logistic' || spec.model.kind === 'gbdt';
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
  const k = classification ? target.classes!.length : 1;
  const fitY = pickY(target.y, fit);
  const { fitted: pipeline, frame } = fitPipeline(
    spec.pipeline,
    frameFromTable(dataset.table, dataset.columns, spec.features, fitRows),
    { rng: rng.fork('pipeline'), task: spec.task, k, y: fitY, allowMissing: TREE_MODELS.has(spec.model.kind) },
  );
  const transform = (ds: Dataset, rows: Int32Array) => frameToMatrix(applyPipeline(pipeline, frameFromTable(ds.table, ds.columns, spec.features, rows)));
  const d = pipeline.outputNames.length;
  const data: FitData = { X: frameToMatrix(frame), n: fit.length, d, y: fitY, k };
  if (TREE_MODELS.has(spec.model.kind)) data.categorical = ordinalColumns(pipeline);
  if (val) data.val = { X: transform(dataset, pick(target.rows, val)), n: val.length, y: pickY(target.y, val) };
  const Xtest = transform(testData, pick(testTarget.rows, test));
  const yTest = pickY(testTarget.y, test);

  const def = getModel(spec.model.kind, spec.task);
  const ctx = { tf: opts.tf, task: spec.task, rng: rng.fork('model'), cancel: opts.cancel, training: spec.training, onEvent: opts.onEvent, fold, ...(opts.histograms ? { histograms: opts.histograms } : {}), ...(opts.warm ? { warm: opts.warm } : {}) };
  let sanity: SanityReport | undefined;
  const net = spec.model as { epochs?: number; batchSize?: number };
  const plannedSteps = (net.epochs ?? 0) * Math.ceil(data.n / Math.max(1, Math.min(net.batchSize ?? data.n, data.n)));
  if (checkSanity && shouldRunSanity(spec.training.sanityChecks, plannedSteps)) {
    sanity = (await sanityChecksFor(spec.model, data, ctx)) ?? undefined;
    if (sanity) opts.onEvent?.({ type: 'sanity', ...(fold !== undefined ? { fold } : {}), report: sanity });
  }
  const model = await def.fit(spec.model as never, data, ctx);
  let kept = false;
  try {
    throwIfCancelled(opts.cancel);
    opts.onEvent?.({ type: 'phase', phase: 'evaluate', fold });
    const values = await model.predict(Xtest, test.length);
    const base = await baseline.fit({ kind: 'baseline', strategy: classification ? 'prior' : 'mean' }, data, ctx);
    const baseValues = await base.predict(Xtest, test.length);
    const metricsOf = (v: Float64Array): MetricValues =>
      classification
        ? computeMetrics(spec.task, { yTrue: yTest as Int32Array, proba: v, k })
        : computeMetrics(spec.task, { yTrue: yTest as Float64Array, yPred: v });
    let extraMetrics: MetricValues | undefined;
    if (extra) {
      const v = await model.predict(transform(dataset, pick(target.rows, extra)), extra.length);
      const y = pickY(target.y, extra);
      extraMetrics = classification
        ? computeMetrics(spec.task, { yTrue: y as Int32Array, proba: v, k })
        : computeMetrics(spec.task, { yTrue: y as Float64Array, yPred: v });
    }
    kept = keep;
    return {
      pipeline, metrics: metricsOf(values), baselineMetrics: metricsOf(baseValues), values, baseValues, history: model.history, bestEpoch: model.bestEpoch,
      ...(extraMetrics ? { extraMetrics } : {}),
      ...(sanity ? { sanity } : {}),
      ...(keep ? { model } : {}),
    };
  } finally {
    if (!kept) model.dispose();
  }
}

/** 1 for each model input that an ordinal step made (category codes): tree models split those as categories. */
export function ordinalColumns(pipeline: FittedPipeline): Uint8Array {
  const codes = new Set(pipeline.steps.filter((s) => s.spec.kind === 'ordinal').flatMap((s) => s.outputs));
  return Uint8Array.from(pipeline.outputNames, (name) => (codes.has(name) ? 1 : 0));
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
  return minOf(counts.values());
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
