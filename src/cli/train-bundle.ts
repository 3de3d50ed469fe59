/**
 * `benchtop train --out DIR`: the reported fit's model as a bundle, with the same evaluation
 * (evaluateRun on the run's held-out rows, and its locked final test rows) and card the studio
 * would make. The file is DIR/<name>-v1.zip: the CLI has no model registry, so every export is
 * version 1 of its name.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../core/data/types.ts';
import { benchtopError } from '../core/errors.ts';
import { evaluateRun } from '../core/evaluate/run-evaluation/evaluate-run.ts';
import type { RunEvaluation } from '../core/evaluate/run-evaluation/types.ts';
import { exampleRows } from '../core/export/bundle/example-rows.ts';
import { exportBundle } from '../core/export/bundle/export-bundle.ts';
import { sha256Hex } from '../core/export/bundle/sha256.ts';
import type { BundleInput, Lineage } from '../core/export/bundle/types.ts';
import { heldOutPredictionReference } from '../core/monitor/prediction-reference.ts';
import { bundleDecision, bundleMetrics, modelCardInputFromRun } from '../core/export/model-card/card-input.ts';
import { modelCard } from '../core/export/model-card/model-card.ts';
import { asRunId } from '../core/ids.ts';
import type { NormalizedSpec } from '../core/spec/types.ts';
import type { ExperimentResult } from '../core/train/run-experiment.ts';
import { generateContract } from '../core/validate/contract/generate.ts';
import { BENCHTOP_VERSION } from '../core/version.ts';
import type { TrainArgs } from './args.ts';

export interface WrittenBundle {
  path: string;
  name: string;
  version: number;
  bytes: number;
  sha256: string;
}

/** penguins.json + mlp -> penguins-mlp: a file-name-safe default model name. */
export function defaultBundleName(dataPath: string, kind: string): string {
  const stem = basename(dataPath, extname(dataPath)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').slice(0, 80);
  return `${stem || 'model'}-${kind}`;
}

function createdAtOf(args: TrainArgs): string {
  if (args.createdAt) return new Date(Date.parse(args.createdAt)).toISOString();
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

function lineageOf(dataset: Dataset, testData: Dataset | undefined, spec: NormalizedSpec, name: string): Lineage {
  const data = { id: `dataset:${dataset.fingerprint.slice(0, 16)}`, kind: 'dataset', label: dataset.name };
  const run = { id: `run:${spec.model.kind}-seed${spec.seed}`, kind: 'run', label: `benchtop train (${spec.model.kind}, seed ${spec.seed})` };
  const model = { id: `model:${name}@1`, kind: 'model-version', label: `${name} v1` };
  const nodes = [data, run, model];
  const edges = [
    { from: data.id, to: run.id, relation: 'trained' },
    { from: run.id, to: model.id, relation: 'produced' },
  ];
  if (testData) {
    const test = { id: `dataset:${testData.fingerprint.slice(0, 16)}`, kind: 'dataset', label: testData.name };
    if (test.id !== data.id) nodes.splice(1, 0, test);
    edges.splice(1, 0, { from: test.id, to: run.id, relation: 'evaluated' });
  }
  return { nodes, edges };
}

/**
 * Rows the exported model trained on and was scored on. The final-test refit trains on every
 * cross-validation row (each scored once out of fold) and is scored on the locked rows; any
 * other reported fit is the run's own holdout, test file or first fold.
 */
function reportedRows(result: ExperimentResult): { train: number; test: number } {
  if (!result.finalTest) return { train: result.trainRows, test: result.testRows };
  const cvRows = new Set<number>();
  result.predictions.fold.forEach((f, i) => f >= 0 && cvRows.add(result.predictions.row[i]!));
  return { train: cvRows.size, test: result.finalTest.rows };
}

export async function writeTrainBundle(
  args: TrainArgs & { out: string },
  ctx: { dataset: Dataset; testData?: Dataset; spec: NormalizedSpec; result: ExperimentResult; tf: typeof tfjs; backend: string },
): Promise<WrittenBundle> {
  const { dataset, testData, spec, result, tf } = ctx;
  const model = result.model;
  if (!model) throw benchtopError('bundle_export_failed', { reason: 'the run kept no model to export' });
  if (!model.save) throw benchtopError('model_bundle_unsupported', { model: spec.model.kind });
  const artifact = await model.save();
  const name = args.name ?? defaultBundleName(args.data, spec.model.kind);
  const p = result.predictions;
  const artifacts = { row: p.row, fold: p.fold, yTrue: p.yTrue, values: p.values, width: p.width, baseline: p.baseline, notes: {}, ...(result.classes ? { classes: result.classes } : {}) };
  const run = { id: asRunId('cli'), spec, ...(result.cv ? { cv: result.cv } : {}) };
  const source = testData ?? dataset;
  const sensitive = args.sensitive !== undefined && spec.task === 'binary' ? { sensitive: args.sensitive } : {};
  const evaluation = await evaluateRun({ run, artifacts, source, request: { ...sensitive } });
  const finalTestEvaluation: RunEvaluation | undefined = result.finalTest ? await evaluateRun({ run, artifacts, source, request: { rows: 'final-test' } }) : undefined;
  const contract = generateContract(dataset.table, dataset.columns, { datasetName: dataset.name, fingerprint: dataset.fingerprint });
  const lineage = lineageOf(dataset, testData, spec, name);
  const tfjsVersion = (tf.version as Record<string, string>).tfjs ?? tf.version_core;
  const libraries = { benchtop: BENCHTOP_VERSION, tfjs: tfjsVersion };
  const createdAt = createdAtOf(args);
  const src = {
    model: { name, version: 1, createdAt, format: artifact.format },
    run: { spec, ...(result.cv ? { cv: result.cv } : {}), env: { backend: ctx.backend, ...libraries } },
    evaluation,
    ...(finalTestEvaluation ? { finalTestEvaluation } : {}),
    ...(args.sensitive !== undefined && evaluation.fairness ? { sensitiveColumn: args.sensitive } : {}),
    dataset: { name: dataset.name, fingerprint: dataset.fingerprint, rows: dataset.rows, columns: dataset.columns.length },
    ...(testData ? { testFile: { name: testData.name, fingerprint: testData.fingerprint, rows: testData.rows } } : {}),
    contract,
    pipeline: result.pipeline,
    rows: reportedRows(result),
    lineage,
    libraries,
  };
  const decision = bundleDecision(evaluation);
  // The held-out predictions' distribution, for prediction-drift monitoring of the bundle's batches.
  const predictionReference = heldOutPredictionReference(artifacts, spec.task, decision);
  const { rows } = src;
  const input: BundleInput = {
    name,
    version: 1,
    createdAt,
    artifact,
    pipeline: result.pipeline,
    spec,
    ...(result.classes ? { classes: result.classes } : {}),
    ...(decision ? { decision } : {}),
    contract,
    metrics: bundleMetrics(src),
    lineage,
    training: { datasetName: dataset.name, fingerprint: dataset.fingerprint, seed: spec.seed, trainRows: rows.train, testRows: rows.test },
    examples: exampleRows(dataset.table, result.pipeline.features),
    card: modelCard(modelCardInputFromRun(src)),
    libraries,
    ...(predictionReference ? { predictionReference } : {}),
  };
  const bytes = exportBundle(input);
  await mkdir(args.out, { recursive: true });
  const path = join(args.out, `${name}-v1.zip`);
  await writeFile(path, bytes);
  return { path, name, version: 1, bytes: bytes.length, sha256: sha256Hex(bytes) };
}
