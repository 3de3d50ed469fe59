/**
 * Assembles the evaluation page of one finished run from its stored predictions: normalize the
 * request (decision.ts) -> choose the rows (held-out or final test; calibration split) ->
 * metrics with intervals for the model and the baseline on the same rows -> paired comparison
 * -> confusion, threshold, curves or regression diagnostics -> slices, fairness -> errors.
 * Every number comes from the existing core functions on those rows; nothing is recomputed in
 * the UI. The heavy phases (bootstraps, slices) yield to the event loop, report progress and
 * stop on cancel.
 */
import type { Dataset } from '../../data/types.ts';
import { benchtopError } from '../../errors.ts';
import { throwIfCancelled, type CancelToken, type ProgressFn } from '../../jobs.ts';
import type { RunArtifacts, RunRecord } from '../../track/types.ts';
import { applyCalibrator, fitCalibrator } from '../calibration/index.ts';
import { calibrationCurves, gainLiftCurves, precisionRecallCurves, rocCurves } from '../curves/index.ts';
import { predictedClasses } from '../predicted-classes.ts';
import { fairnessReport, sliceMetrics, type SliceFilter, type SlicePredicate } from '../slices/index.ts';
import { chooseThreshold, confusionCells, predictAtThreshold, thresholdRowAt } from '../threshold/index.ts';
import type { ClassificationData, RegressionData } from '../types.ts';
import { compareModels } from '../uncertainty/index.ts';
import { calibrationSplit } from './calibration-split.ts';
import { resolveDecision } from './decision.ts';
import { errorAnalysis } from './error-analysis.ts';
import { evalDataAt, pooledRows, reportOf } from './held-out-async.ts';
import { regressionDiagnostics } from './regression-diagnostics.ts';
import { defaultSliceColumnNames, sliceColumns } from './slice-columns.ts';
import type { EvaluationRequest, RunEvaluation } from './types.ts';

export interface EvaluateRunInput {
  run: Pick<RunRecord, 'id' | 'spec' | 'cv' | 'decision'>;
  artifacts: Pick<RunArtifacts, 'row' | 'fold' | 'yTrue' | 'values' | 'width' | 'baseline' | 'classes' | 'notes'>;
  /** The table the predictions' rows index: the run's dataset version. */
  source: Pick<Dataset, 'table' | 'columns'>;
  request?: EvaluationRequest;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

const phaseOf = (onProgress: ProgressFn | undefined, phase: string): ProgressFn | undefined =>
  onProgress ? (p) => onProgress({ ...p, phase }) : undefined;

function sliceMetricNames(task: string): string[] {
  if (task === 'regression') return ['rmse', 'mae'];
  return task === 'binary' ? ['accuracy', 'roc_auc', 'log_loss'] : ['accuracy', 'log_loss'];
}

export async function evaluateRun(input: EvaluateRunInput): Promise<RunEvaluation> {
  const { run, artifacts, source, cancel, onProgress } = input;
  const request = input.request ?? {};
  const spec = run.spec;
  const task = spec.task;
  const classification = task !== 'regression';
  const seed = spec.seed;
  const rowsKind = request.rows ?? 'held-out';
  if (rowsKind !== 'held-out' && rowsKind !== 'final-test')
    throw benchtopError('evaluation_invalid', { field: 'rows', reason: `must be 'held-out' or 'final-test', got ${String(rowsKind)}` });
  const resamples = request.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 1) throw benchtopError('evaluation_invalid', { field: 'resamples', reason: `must be an integer >= 1, got ${resamples}` });
  const resolved = resolveDecision(task, request, run.decision);
  const notes: string[] = [];

  let idx = pooledRows(artifacts, rowsKind);
  if (idx.length === 0)
    throw benchtopError('run_rows_missing', { rows: rowsKind === 'final-test' ? 'locked final test' : 'held-out', hint: rowsKind === 'final-test' ? 'its split has no locked final test set' : undefined });
  if (rowsKind === 'held-out' && spec.split.kind === 'kfold')
    notes.push(`Held-out rows pool the ${spec.split.k} folds' out-of-fold predictions, one per row${spec.split.repeats > 1 ? ' (the first repeat)' : ''}; each row was scored by the model that did not train on it.`);
  if (rowsKind === 'final-test') notes.push('These are the locked final test rows, scored once by the model refitted on every other row.');

  let model = evalDataAt(artifacts, idx, task);
  if (resolved.calibration !== 'none') {
    const cls = model as ClassificationData;
    const split = calibrationSplit(cls.yTrue, seed);
    if (split.fit.length < 2 || split.report.length < 2)
      throw benchtopError('evaluation_invalid', { field: 'calibration', reason: `${idx.length} rows are too few to set half aside for fitting a calibrator` });
    const fitData = evalDataAt(artifacts, split.fit.map((j) => idx[j]!), task) as ClassificationData;
    const calibrator = fitCalibrator(fitData, { method: resolved.calibration });
    idx = split.report.map((j) => idx[j]!);
    const raw = evalDataAt(artifacts, idx, task) as ClassificationData;
    model = { ...raw, proba: applyCalibrator(calibrator, raw.proba) };
    notes.push(
      `Post-hoc calibration (${resolved.calibration === 'sigmoid' ? 'Platt scaling' : 'isotonic regression'}) was fitted on a seeded, stratified half of these rows (${split.fit.length} rows); every number here is reported on the other half (${split.report.length} rows), so it is not judged on the rows it was fitted on.`,
    );
  }
  const baseline = evalDataAt(artifacts, idx, task, artifacts.baseline);
  const rowIds = idx.map((i) => artifacts.row[i]!);
  const folds = idx.map((i) => artifacts.fold[i]!);
  const classes = artifacts.classes;
  const reportOpts = { task, seed, resamples, ...(classes ? { classes } : {}), ...(cancel ? { cancel } : {}) };

  const metrics = await reportOf(model, { ...reportOpts, ...opt('onProgress', phaseOf(onProgress, 'metrics')) });
  const baselineReport = await reportOf(baseline, { ...reportOpts, ...opt('onProgress', phaseOf(onProgress, 'baseline')) });
  const versusBaseline = await compareModels(model, baseline, {
    seed, resamples, stratify: classification, names: { a: 'the model', b: 'the baseline' },
    ...opt('cancel', cancel), ...opt('onProgress', phaseOf(onProgress, 'compare')),
  });

  throwIfCancelled(cancel);
  onProgress?.({ phase: 'curves', fraction: 0 });
  const view: Partial<Pick<RunEvaluation, 'confusion' | 'threshold' | 'curves' | 'regression' | 'fairness'>> = {};
  let predicted: Int32Array | undefined;
  if (classification) {
    const cls = model as ClassificationData;
    const binary = task === 'binary';
    predicted = binary ? predictAtThreshold(cls, resolved.threshold, resolved.posLabel) : predictedClasses(cls);
    view.confusion = binary ? confusionCells(cls, { threshold: resolved.threshold, posLabel: resolved.posLabel }) : confusionCells(cls);
    if (binary) {
      const threshold = thresholdView(cls, resolved.posLabel, resolved.threshold, resolved.decision.cost, notes);
      if (threshold) view.threshold = threshold;
    }
    const pos = binary ? { posLabel: resolved.posLabel } : {};
    view.curves = { roc: rocCurves(cls, pos), pr: precisionRecallCurves(cls, pos), calibration: calibrationCurves(cls, pos), gainLift: gainLiftCurves(cls, pos) };
  } else {
    view.regression = regressionDiagnostics(model as RegressionData, rowIds, seed);
  }

  throwIfCancelled(cancel);
  const rowsI32 = Int32Array.from(rowIds);
  const names = request.slices?.columns ?? defaultSliceColumnNames(source.columns, spec.features);
  const filters = (request.slices?.filters ?? []) as readonly (SlicePredicate | SliceFilter)[];
  const filterNames = [...new Set(filters.flatMap((f) => ('where' in f ? (Array.isArray(f.where) ? f.where : [f.where]) : [f]).map((p: SlicePredicate) => p.column)))].filter(
    (c) => !names.includes(c),
  );
  const slices = await sliceMetrics(model, sliceColumns(source, names, rowsI32), {
    metrics: sliceMetricNames(task),
    seed,
    ...(request.slices?.bins !== undefined ? { bins: request.slices.bins } : {}),
    ...(filters.length ? { filters, filterColumns: sliceColumns(source, filterNames, rowsI32) } : {}),
    ...opt('cancel', cancel),
    ...opt('onProgress', phaseOf(onProgress, 'slices')),
  });
  if (task === 'binary' && resolved.threshold !== 0.5)
    notes.push('Slice accuracies count the most probable class as the prediction (a 0.5 threshold); the confusion matrix, threshold metrics and fairness use the chosen threshold.');

  if (request.sensitive !== undefined) {
    if (task !== 'binary') throw benchtopError('evaluation_invalid', { field: 'sensitive', reason: 'fairness gaps compare binary decisions; this run is ' + task });
    const [column] = sliceColumns(source, [request.sensitive], rowsI32);
    view.fairness = fairnessReport(model as ClassificationData, column!.values, { posLabel: resolved.posLabel, threshold: resolved.threshold });
  }

  throwIfCancelled(cancel);
  onProgress?.({ phase: 'errors', fraction: 0 });
  const errors = errorAnalysis({
    data: model, ...(predicted ? { predicted } : {}), ...(classes ? { classes } : {}), rowIds, folds, source, features: spec.features, notes: artifacts.notes,
  });
  onProgress?.({ phase: 'errors', fraction: 1 });
  return {
    runId: run.id, task, ...(classes ? { classes: [...classes] } : {}), rows: rowsKind, count: idx.length,
    metrics, baseline: baselineReport, versusBaseline, ...(run.cv ? { cv: run.cv } : {}),
    decision: resolved.decision, ...(run.decision ? { savedDecision: run.decision } : {}),
    ...view, rowIds, slices, errors, notes,
  };
}

/** Binary: metrics at the decision threshold and the thresholds each objective would pick. */
function thresholdView(
  data: ClassificationData,
  posLabel: number,
  threshold: number,
  cost: RunEvaluation['decision']['cost'],
  notes: string[],
): RunEvaluation['threshold'] {
  const opts = { posLabel, ...(cost ? { cost } : {}) };
  let choices;
  try {
    choices = [chooseThreshold(data, { kind: 'f-beta', beta: 1 }, opts), chooseThreshold(data, { kind: 'youden' }, opts)];
    if (cost) choices.push(chooseThreshold(data, { kind: 'cost', cost }, opts));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    notes.push(`No threshold can be chosen: ${e.message}`);
    return undefined;
  }
  // Every choice was computed on the same table (same rows, beta 1, cost): share one copy, so
  // it crosses the worker boundary once (structured clone keeps shared references).
  const table = choices[0]!.table;
  for (const c of choices) c.table = table;
  return { at: thresholdRowAt(table, threshold), choices, posLabel };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
