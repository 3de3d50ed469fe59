/**
 * Refits the one model a run reports — the holdout model, the final-test refit when the split
 * locks a final test set, else (plain cross-validation) the first fold's — without the other
 * folds. Every random choice of a fit comes from `createRng(seed).fork(...)` labels that do not
 * depend on what ran before (fork is pure), so the same spec, the same data and the same
 * backend give the same model a run kept: explanations of a run that is no longer in memory
 * (another tab, a reload, the CLI) explain the same model.
 */
import type { Dataset } from '../data/types.ts';
import { benchtopError } from '../errors.ts';
import type { FittedPipeline } from '../features/run-pipeline.ts';
import type { TrainedModel } from '../models/types.ts';
import { createRng } from '../random.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import { encodeTarget } from './encode-target.ts';
import { assertFoldsUsable, makeSplits } from './make-splits.ts';
import { fitAndEvaluate, type RunOptions } from './run-experiment.ts';

export interface ReportedFit {
  model: TrainedModel;
  pipeline: FittedPipeline;
  /** Fold number the reported fit has in the run's predictions: 0 (holdout, first fold, test file) or -1 (final test). */
  fold: number;
  /** Table rows of the evaluated table (the test file under testData) the fit was scored on. */
  testRows: Int32Array;
  /** Encoded truth of those rows and the model's predictions (n x width). */
  yTrue: Int32Array | Float64Array;
  values: Float64Array;
  /** Table rows of `dataset` the fit trained on (validation rows carved out for early stopping included). */
  trainRows: Int32Array;
  classes?: string[];
}

export async function refitReported(dataset: Dataset, spec: NormalizedSpec, opts: RunOptions): Promise<ReportedFit> {
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  const rng = createRng(spec.seed);
  const pick = (rows: Int32Array, positions: Int32Array) => Int32Array.from(positions, (p) => rows[p]!);
  const pickY = (y: Int32Array | Float64Array, positions: Int32Array) =>
    y instanceof Int32Array ? Int32Array.from(positions, (p) => y[p]!) : Float64Array.from(positions, (p) => y[p]!);
  if (opts.testData) {
    const test = opts.testData;
    for (const f of [...spec.features, spec.target])
      if (!test.columns.some((c) => c.name === f)) throw benchtopError('test_data_schema', { column: f });
    const testTarget = encodeTarget(test.table, spec.target, spec.task, target.classes);
    const all = Int32Array.from(target.rows.keys());
    const testAll = Int32Array.from(testTarget.rows.keys());
    const r = await fitAndEvaluate(dataset, target, all, test, testTarget, testAll, spec, opts, rng, undefined, undefined, false, true);
    return {
      model: r.model!, pipeline: r.pipeline, fold: 0, testRows: testTarget.rows, yTrue: testTarget.y, values: r.values, trainRows: target.rows,
      ...(target.classes ? { classes: target.classes } : {}),
    };
  }
  const plan = makeSplits(spec, dataset.table, target);
  assertFoldsUsable(plan.folds);
  const cv = spec.split.kind === 'kfold';
  // The same fold, rng and fold number runExperiment gives the reported fit.
  const [fold, fit, fitRng, foldArg] = plan.finalTest
    ? [-1, plan.finalTest, rng.fork('final'), undefined]
    : [0, plan.folds[0]!, cv ? rng.fork('fold0') : rng, cv ? 0 : undefined];
  const r = await fitAndEvaluate(dataset, target, fit.train, dataset, target, fit.test, spec, opts, fitRng, foldArg, undefined, false, true);
  return {
    model: r.model!, pipeline: r.pipeline, fold, testRows: pick(target.rows, fit.test), yTrue: pickY(target.y, fit.test), values: r.values,
    trainRows: pick(target.rows, fit.train),
    ...(target.classes ? { classes: target.classes } : {}),
  };
}
