/**
 * Assembles a ModelCardInput (and the bundle's metrics) from tracked records: a run, its
 * evaluation (evaluateRun), the dataset version and its contract. The CLI calls it after
 * `train`, the studio with a model version from the registry; both get the same card.
 */
import type { FittedPipeline } from '../../features/run-pipeline.ts';
import type { RunEvaluation } from '../../evaluate/run-evaluation/types.ts';
import type { NormalizedSpec } from '../../spec/types.ts';
import type { CvSummary } from '../../track/types.ts';
import type { DataContract } from '../../validate/contract/types.ts';
import type { BundleDecision, BundleMetrics, Lineage, MetricSource } from '../bundle/types.ts';
import type { CardSectionKey, Datasheet, ModelCardInput, ParamValue } from './types.ts';

export interface CardSource {
  model: { name: string; version: number; createdAt: string; format?: number };
  /** The run's normalized spec and, under cross-validation, its per-fold summary. */
  run: { spec: NormalizedSpec; cv?: CvSummary; env?: { backend?: string; benchtop: string; tfjs: string } };
  /** evaluateRun of the run's held-out rows. */
  evaluation: RunEvaluation;
  /** evaluateRun of the locked final test rows, when the split has one. */
  finalTestEvaluation?: RunEvaluation;
  /** The column fairness gaps were computed for (the evaluation request's `sensitive`). */
  sensitiveColumn?: string;
  dataset: { name: string; fingerprint: string; versionId?: string; rows: number; columns: number; datasheet?: Datasheet };
  testFile?: { name: string; fingerprint: string; rows: number };
  contract?: DataContract;
  pipeline: FittedPipeline;
  /** Rows the reported model trained on and was scored on. */
  rows: { train: number; test: number };
  lineage: Lineage;
  libraries: { benchtop: string; tfjs: string };
  sections?: Partial<Record<CardSectionKey, string>>;
}

export function metricSource(spec: NormalizedSpec, testFile: boolean): MetricSource {
  return testFile ? 'test-file' : spec.split.kind === 'kfold' ? 'out-of-fold' : 'holdout';
}

const finiteOrNull = (values: Record<string, number>): Record<string, number | null> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));

/** The saved binary decision rule, when the run has one. */
export function bundleDecision(evaluation: RunEvaluation): BundleDecision | undefined {
  const d = evaluation.savedDecision;
  if (evaluation.task !== 'binary' || !d || d.threshold === undefined) return undefined;
  // A threshold picked on post-hoc calibrated probabilities means nothing on the model's raw ones,
  // and the calibrator is not in the bundle: score by the most probable class instead.
  if (d.calibration) return undefined;
  return { threshold: d.threshold, posLabel: d.posLabel ?? 1, ...(d.rule ? { rule: d.rule } : {}) };
}

export function bundleMetrics(src: Pick<CardSource, 'run' | 'evaluation' | 'finalTestEvaluation' | 'testFile'>): BundleMetrics {
  const { evaluation: e, run } = src;
  const cv = run.cv ?? e.cv;
  return {
    source: metricSource(run.spec, src.testFile !== undefined),
    heldOut: e.metrics,
    baseline: e.baseline,
    ...(src.finalTestEvaluation ? { finalTest: src.finalTestEvaluation.metrics } : {}),
    ...(cv ? { cv: { folds: cv.folds, mean: finiteOrNull(cv.mean), std: finiteOrNull(cv.std) } } : {}),
  };
}

export function modelCardInputFromRun(src: CardSource): ModelCardInput {
  const { spec } = src.run;
  const e = src.evaluation;
  const metrics = bundleMetrics(src);
  const decision = bundleDecision(e);
  const network = spec.model.kind === 'mlp' || spec.model.kind === 'logistic' || spec.model.kind === 'gbdt';
  const calibration = e.decision.calibration;
  return {
    name: src.model.name,
    version: src.model.version,
    createdAt: src.model.createdAt,
    model: { kind: spec.model.kind, ...(src.model.format !== undefined ? { format: src.model.format } : {}), params: structuredClone(spec.model) as unknown as { [key: string]: ParamValue } },
    task: spec.task,
    target: spec.target,
    features: [...src.pipeline.features],
    ...(e.classes ? { classes: [...e.classes] } : {}),
    pipeline: { steps: src.pipeline.steps.map((s) => ({ kind: s.spec.kind, inputs: s.inputs.length, outputs: s.outputs.length })), modelInputs: src.pipeline.outputNames.length },
    lineage: src.lineage,
    libraries: { ...src.libraries },
    training: {
      datasetName: src.dataset.name,
      fingerprint: src.dataset.fingerprint,
      ...(src.dataset.versionId ? { versionId: src.dataset.versionId } : {}),
      rows: src.dataset.rows,
      columns: src.dataset.columns,
      trainRows: src.rows.train,
      testRows: src.rows.test,
      ...(src.dataset.datasheet ? { datasheet: { ...src.dataset.datasheet } } : {}),
      ...(src.contract ? { contract: src.contract } : {}),
    },
    protocol: {
      split: spec.split,
      seed: spec.seed,
      ...(src.testFile ? { testFile: { ...src.testFile } } : {}),
      ...(src.run.env?.backend ? { backend: src.run.env.backend } : {}),
      ...(network ? { validationFraction: spec.training.validationFraction, earlyStopping: spec.training.earlyStopping.enabled } : {}),
      ...(calibration ? { calibration } : {}),
    },
    evaluation: {
      source: metrics.source,
      metrics: e.metrics,
      baseline: e.baseline,
      versusBaseline: e.versusBaseline.verdict.sentence,
      ...(metrics.finalTest ? { finalTest: metrics.finalTest } : {}),
      ...(metrics.cv ? { cv: metrics.cv } : {}),
      slices: e.slices,
      ...(e.fairness && src.sensitiveColumn ? { fairness: { column: src.sensitiveColumn, report: e.fairness } } : {}),
      ...(e.curves ? { calibration: e.curves.calibration } : {}),
      ...(decision ? { decision } : {}),
      ...(e.notes.length ? { notes: [...e.notes] } : {}),
    },
    ...(src.sections ? { sections: { ...src.sections } } : {}),
  };
}
