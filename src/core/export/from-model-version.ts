/**
 * The bridge from a registered model version (track/registry-types.ts) to what the export
 * code takes: the model card's input (model-card/types.ts) and a bundle's input
 * (bundle/types.ts). Everything comes from the version record, which holds its own copy of the
 * run's numbers, so a card or a bundle looks the same after the run is deleted. The caller adds
 * only what the record cannot hold (the lineage with stored ancestors, the card's edited text,
 * example rows and exact training-row counts from the stored data, when it is still there).
 *
 * The record keeps a summary of the held-out report (values and intervals), made by trackedRun
 * with the bootstrap's defaults (1000 resamples, the run's seed); the bundle's full report is
 * rebuilt from it with those figures. A version imported from a bundle carries the bundle's own
 * metrics, training rows, lineage and examples (record.imported) and gives them back verbatim.
 */
import { benchtopError } from '../errors.ts';
import type { HeldOutMetric, HeldOutReport } from '../evaluate/held-out-report.ts';
import { importedLineage } from '../track/import-version.ts';
import type { Lineage as TrackLineage, LineageKind, ModelVersionRecord } from '../track/registry-types.ts';
import type { HeldOutSummary, MetricValues } from '../track/types.ts';
import type { DataContract } from '../validate/contract/types.ts';
import type { BundleDecision, BundleInput, BundleMetrics, ExampleRows, Lineage as BundleLineage } from './bundle/types.ts';
import { metricSource } from './model-card/card-input.ts';
import { CARD_SECTION_KEYS, type CardSectionKey, type ModelCardInput, type ParamValue } from './model-card/types.ts';

/** What trackedRun's bootstrap used for the record's intervals (held-out-async.ts default). */
export const RECORD_RESAMPLES = 1000;

/** What the caller knows beyond the record. */
export interface VersionContext {
  /** The version's lineage (lineageOf: with the dataset version's stored ancestors); an imported version uses its bundle's. */
  lineage: TrackLineage;
  /** The card's free text in force, by registry section key ("intended-use"); missing keys get the generated default. */
  sections?: Record<string, string>;
  /** A few raw input rows from the stored training data; none when it is gone. */
  examples?: ExampleRows;
  /** Exact rows the model trained on and was scored on, re-planned from the stored data. */
  rows?: { train: number; test: number };
  /** The contract to bundle when the record holds none (generated from the stored data). */
  contract?: DataContract;
  /** Versions of this Benchtop, for a version recorded without them. */
  libraries?: { benchtop: string; tfjs: string };
}

// ---- card sections: the registry stores kebab-case keys, the card uses camelCase ----

export const sectionKeyOf = (card: CardSectionKey): string => card.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const CARD_KEYS = new Map(CARD_SECTION_KEYS.map((k) => [sectionKeyOf(k), k]));

/** The card's key of a registry section key, or undefined for a key the card has no section for. */
export const cardKeyOf = (key: string): CardSectionKey | undefined => CARD_KEYS.get(key);

/** Registry sections -> the card's `sections` (unknown keys are left out: the card has nowhere to put them). */
export function cardSectionsOf(sections: Record<string, string> | undefined): Partial<Record<CardSectionKey, string>> {
  const out: Partial<Record<CardSectionKey, string>> = {};
  for (const [key, text] of Object.entries(sections ?? {})) {
    const card = cardKeyOf(key);
    if (card) out[card] = text;
  }
  return out;
}

// ---- lineage ----

/**
 * The relation of an edge into a node of this kind, worded to read from -> relation -> to:
 * "customers v1 described-by Data contract", "Pipeline used-by Run", "Run registered-as churn@2".
 */
const RELATION: Record<LineageKind, string> = {
  'dataset-version': 'parent-of',
  contract: 'described-by',
  pipeline: 'input-to',
  run: 'used-by',
  'model-version': 'registered-as',
};

/** The registry's lineage as a bundle carries it: node details dropped, each edge named. */
export function bundleLineage(lineage: TrackLineage): BundleLineage {
  const kinds = new Map(lineage.nodes.map((n) => [n.id, n.kind]));
  return {
    nodes: lineage.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.label.length > 500 ? `${n.label.slice(0, 499)}…` : n.label })),
    edges: lineage.edges.map((e) => ({ from: e.from, to: e.to, relation: RELATION[kinds.get(e.to) ?? 'model-version'] })),
  };
}

/** The lineage a card or bundle of the version carries. */
export const versionLineage = (mv: ModelVersionRecord, ctx: Pick<VersionContext, 'lineage'>): BundleLineage =>
  mv.imported ? importedLineage(mv) : bundleLineage(ctx.lineage);

// ---- metrics ----

/** A record's held-out summary as a full report (resamples and seed as trackedRun used them). */
export function reportOfSummary(summary: Pick<HeldOutSummary, 'rows' | 'level' | 'metrics'>, seed: number, resamples = RECORD_RESAMPLES): HeldOutReport {
  return {
    rows: summary.rows,
    level: summary.level,
    resamples,
    seed,
    metrics: summary.metrics.map((m): HeldOutMetric => ({ key: m.key, value: m.value, ci: m.ci ? [m.ci[0], m.ci[1]] : null })),
  };
}

/** Values without intervals (the baseline's, which the record keeps as plain numbers) as a report. */
function reportOfValues(values: MetricValues, like: HeldOutReport): HeldOutReport {
  return {
    rows: like.rows,
    level: like.level,
    resamples: like.resamples,
    seed: like.seed,
    metrics: Object.entries(values).map(([key, v]) => ({ key, value: Number.isFinite(v) ? v : null, ci: null })),
  };
}

const finiteOrNull = (values: MetricValues): Record<string, number | null> => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));

/** The bundle's metrics of a version: the imported bundle's own, or rebuilt from the record. */
export function versionMetrics(mv: ModelVersionRecord): BundleMetrics {
  if (mv.imported) return structuredClone(mv.imported.metrics);
  const seed = mv.spec.seed;
  const heldOut: HeldOutReport = mv.heldOut
    ? reportOfSummary(mv.heldOut, seed)
    : // Runs recorded before held-out summaries kept only values.
      reportOfValues(mv.metrics ?? {}, { rows: 0, level: 0.95, resamples: 0, seed, metrics: [] });
  const out: BundleMetrics = { source: metricSource(mv.spec, false), heldOut };
  if (mv.baselineMetrics) out.baseline = reportOfValues(mv.baselineMetrics, heldOut);
  const fin = mv.heldOut?.finalTest;
  if (fin) out.finalTest = reportOfSummary({ rows: fin.rows, level: heldOut.level, metrics: fin.metrics }, seed);
  if (mv.cv) out.cv = { folds: mv.cv.folds, mean: finiteOrNull(mv.cv.mean), std: finiteOrNull(mv.cv.std) };
  return out;
}

/** The saved binary decision rule, when the version has one. */
export function versionDecision(mv: ModelVersionRecord): BundleDecision | undefined {
  const d = mv.decision;
  if (mv.spec.task !== 'binary' || !d || d.threshold === undefined) return undefined;
  // A threshold picked on post-hoc calibrated probabilities means nothing on the model's raw ones,
  // and the calibrator is not in the bundle: score by the most probable class instead.
  if (d.calibration) return undefined;
  return { threshold: d.threshold, posLabel: d.posLabel ?? 1, ...(d.rule ? { rule: d.rule } : {}) };
}

/**
 * Rows trained on and scored on when the stored data is gone: scored = the held-out rows; trained
 * = the rows with a target less the scored ones (and a holdout's gap). Under plain k-fold the
 * registered model is the first fold's, whose size the record does not keep: its share of the
 * rows, (k - 1) / k, rounded down.
 */
export function derivedRows(mv: ModelVersionRecord): { train: number; test: number } {
  const test = mv.heldOut?.rows ?? 0;
  const target = mv.dataset?.columns.find((c) => c.name === mv.spec.target);
  const labelled = mv.dataset ? mv.dataset.rows - (target?.missing ?? 0) : test;
  const split = mv.spec.split;
  let train: number;
  if (split.kind === 'holdout') train = labelled - test - split.gap;
  else if (mv.heldOut?.finalTest) train = labelled - mv.heldOut.finalTest.rows - split.gap;
  else train = Math.floor((labelled * (split.k - 1)) / split.k);
  return { train: Math.max(0, train), test };
}

const iso = (ms: number): string => new Date(Number.isFinite(ms) ? ms : 0).toISOString();

function libraries(mv: ModelVersionRecord, ctx: VersionContext): { benchtop: string; tfjs: string } {
  const fallback = ctx.libraries ?? { benchtop: 'unknown', tfjs: 'unknown' };
  return { benchtop: mv.env.benchtop || fallback.benchtop, tfjs: mv.env.tfjs || fallback.tfjs };
}

function training(mv: ModelVersionRecord, ctx: VersionContext): BundleInput['training'] {
  if (mv.imported) return { ...mv.imported.training };
  const rows = ctx.rows ?? derivedRows(mv);
  return {
    datasetName: mv.dataset?.datasetName ?? mv.run.datasetName,
    fingerprint: mv.fingerprint,
    ...(mv.datasetVersionId ? { versionId: mv.datasetVersionId } : {}),
    seed: mv.spec.seed,
    trainRows: rows.train,
    testRows: rows.test,
  };
}

/** The model card's input: every number from the record, free text from `ctx.sections`. */
export function modelCardInputFromVersion(mv: ModelVersionRecord, ctx: VersionContext): ModelCardInput {
  const metrics = versionMetrics(mv);
  const decision = versionDecision(mv);
  const train = training(mv, ctx);
  const contract = mv.contract ?? ctx.contract;
  const spec = mv.spec;
  const network = spec.model.kind === 'mlp' || spec.model.kind === 'logistic';
  const sections = cardSectionsOf(ctx.sections);
  return {
    name: mv.name,
    version: mv.version,
    createdAt: iso(mv.createdAt),
    model: { kind: mv.artifact.kind, format: mv.artifact.format, params: structuredClone(spec.model) as unknown as { [key: string]: ParamValue } },
    task: spec.task,
    target: spec.target,
    features: [...mv.pipeline.features],
    ...(mv.classes ? { classes: [...mv.classes] } : {}),
    pipeline: { steps: mv.pipeline.steps.map((s) => ({ kind: s.spec.kind, inputs: s.inputs.length, outputs: s.outputs.length })), modelInputs: mv.pipeline.outputNames.length },
    lineage: versionLineage(mv, ctx),
    libraries: libraries(mv, ctx),
    training: {
      datasetName: train.datasetName,
      fingerprint: train.fingerprint,
      ...(train.versionId ? { versionId: train.versionId } : {}),
      rows: mv.dataset?.rows ?? train.trainRows + train.testRows,
      columns: mv.dataset?.columns.length ?? contract?.columns.length ?? mv.features.length + 1,
      trainRows: train.trainRows,
      testRows: train.testRows,
      ...(contract ? { contract } : {}),
    },
    protocol: {
      split: spec.split,
      seed: spec.seed,
      ...(mv.env.backend && mv.env.backend !== 'unknown' ? { backend: mv.env.backend } : {}),
      ...(network ? { validationFraction: spec.training.validationFraction, earlyStopping: spec.training.earlyStopping.enabled } : {}),
      ...(mv.decision?.calibration ? { calibration: mv.decision.calibration } : {}),
    },
    evaluation: {
      source: metrics.source,
      metrics: metrics.heldOut,
      ...(metrics.baseline ? { baseline: metrics.baseline } : {}),
      ...(metrics.finalTest ? { finalTest: metrics.finalTest } : {}),
      ...(metrics.cv ? { cv: metrics.cv } : {}),
      ...(decision ? { decision } : {}),
      ...(mv.run.warnings?.length ? { notes: [...mv.run.warnings] } : {}),
    },
    ...(Object.keys(sections).length ? { sections } : {}),
  };
}

/** A bundle's input for the version; `card` is the rendered model card (modelCard of the input above). */
export function bundleInputFromVersion(mv: ModelVersionRecord, ctx: VersionContext & { card: string }): BundleInput {
  const contract = mv.contract ?? ctx.contract;
  if (!contract)
    throw benchtopError('bundle_export_failed', {
      reason: `version ${mv.id} records no data contract and its training data is no longer stored to make one from; a bundle must carry the contract its inputs are checked against`,
    });
  const decision = versionDecision(mv);
  const examples = mv.imported?.examples ?? ctx.examples ?? { columns: [...mv.pipeline.features], rows: [] };
  return {
    name: mv.name,
    version: mv.version,
    createdAt: iso(mv.createdAt),
    ...(mv.imported?.description ? { description: mv.imported.description } : {}),
    artifact: mv.artifact,
    pipeline: mv.pipeline,
    spec: mv.spec,
    ...(mv.classes ? { classes: [...mv.classes] } : {}),
    ...(decision ? { decision } : {}),
    contract,
    metrics: versionMetrics(mv),
    lineage: versionLineage(mv, ctx),
    training: training(mv, ctx),
    examples,
    card: ctx.card,
    libraries: libraries(mv, ctx),
    ...(mv.predictionReference ? { predictionReference: mv.predictionReference } : {}),
  };
}
