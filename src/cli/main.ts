/**
 * `benchtop train ...`: the studio's core in Node, for reproducing and automating experiments.
 * stdout carries only the result (one JSON document with --json); everything else goes to
 * stderr. Failures print the coded message and exit non-zero, never a stack trace.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { benchtopError, serializeError, type SerializedError } from '../core/errors.ts';
import { ingest } from '../core/data/ingest.ts';
import type { Dataset } from '../core/data/types.ts';
import { neverCancelled } from '../core/jobs.ts';
import { selectBackend } from '../core/gpu/backend.ts';
import { parseSpec } from '../core/spec/parse.ts';
import { plan } from '../core/spec/plan.ts';
import type { BackendName, ExperimentSpec } from '../core/spec/types.ts';
import { runExperiment } from '../core/train/run-experiment.ts';
import { learningCurve } from '../core/train/learning-curve.ts';
import { parseCommand, USAGE, type TrainArgs } from './args.ts';
import { profileCommand } from './profile.ts';
import { explainCommand } from './explain.ts';
import { heldOutReports } from '../core/evaluate/held-out-report.ts';
import { registerNodeBackend } from './node-backends.ts';
import { treeHistograms } from './tree-histograms.ts';
import { predictionsCsv } from './predictions-csv.ts';
import { featureMatrix, featureMatrixCsv } from '../core/features/feature-matrix.ts';
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { ColumnKind } from '../core/data/types.ts';
import { writeTrainBundle, type WrittenBundle } from './train-bundle.ts';
import { scoreCommand } from './score.ts';
import { cardCommand } from './card.ts';
import { searchCommand } from './search.ts';
import { linkCommand } from './link.ts';
import { runLinkCommand } from './run-link.ts';

async function loadFile(path: string, missingTokens?: string[], kinds?: Record<string, ColumnKind>): Promise<Dataset> {
  let blob: Blob;
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a regular file');
    blob = await openAsBlob(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw benchtopError('file_read_failed', { name: path, reason });
  }
  return ingest(blob, { name: basename(path), ...(missingTokens ? { missingTokens } : {}), ...(kinds ? { kinds } : {}) });
}

async function buildSpec(args: TrainArgs): Promise<ExperimentSpec> {
  let base: Record<string, unknown> = { version: 1 };
  if (args.spec) {
    try {
      base = JSON.parse(await readFile(args.spec, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw benchtopError('spec_invalid', { field: args.spec, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  let params: Record<string, unknown> = {};
  if (args.params) {
    try {
      params = JSON.parse(args.params) as Record<string, unknown>;
    } catch (e) {
      throw benchtopError('spec_invalid', { field: '--params', reason: e instanceof Error ? e.message : String(e) });
    }
    if (!params || typeof params !== 'object' || Array.isArray(params))
      throw benchtopError('spec_invalid', { field: '--params', reason: 'must be a JSON object of model parameters' });
  }
  const baseModel = (base.model ?? {}) as Record<string, unknown>;
  const kind = args.model ?? (baseModel.kind as string | undefined) ?? 'mlp';
  const spec: Record<string, unknown> = {
    ...base,
    model: { ...(baseModel.kind === kind ? baseModel : {}), ...params, kind },
    backend: args.backend,
  };
  if (args.target !== undefined) spec.target = args.target;
  if (args.task !== undefined) spec.task = args.task;
  if (args.seed !== undefined) spec.seed = args.seed;
  const baseSplit = (base.split ?? {}) as Record<string, unknown>;
  if (args.cv !== undefined || args.testSize !== undefined || args.split !== undefined) {
    const [how, column] = args.split ? [args.split.split(':')[0]!, args.split.slice(args.split.indexOf(':') + 1)] : [undefined, undefined];
    const cv = args.cv ?? (baseSplit.kind === 'kfold' ? (baseSplit.k as number | undefined) : undefined);
    if (cv !== undefined) {
      const families: Record<string, string> = { random: 'kfold', stratified: 'stratified', group: 'group', time: 'time-series' };
      spec.split = {
        kind: 'kfold',
        k: cv,
        ...(how ? { strategy: families[how] } : {}),
        ...(how && how !== 'random' && how !== 'stratified' ? { column } : {}),
        ...(args.finalTest !== undefined ? { finalTest: args.finalTest } : {}),
      };
    } else {
      spec.split = {
        kind: 'holdout',
        ...(args.testSize !== undefined ? { testSize: args.testSize } : {}),
        ...(how ? { strategy: how } : {}),
        ...(how && how !== 'random' && how !== 'stratified' ? { column } : {}),
      };
    }
  }
  if (args.pipeline !== undefined && args.pipeline !== 'auto') {
    try {
      spec.pipeline = JSON.parse(await readFile(args.pipeline, 'utf8')) as unknown;
    } catch (e) {
      throw benchtopError('spec_invalid', { field: '--pipeline', reason: e instanceof Error ? e.message : String(e) });
    }
  } else if (args.pipeline === 'auto') {
    spec.pipeline = 'auto';
  }
  return parseSpec(spec);
}

async function train(args: TrainArgs): Promise<void> {
  const t0 = performance.now();
  const spec = await buildSpec(args);
  const dataset = await loadFile(args.data);
  const testData = args.testData ? await loadFile(args.testData) : undefined;
  const normalized = plan(args.sanity ? { ...spec, training: { ...spec.training, sanityChecks: 'always' } } : spec, dataset);
  await registerNodeBackend(normalized.backend);
  const tf = await import('@tensorflow/tfjs');
  const active = await selectBackend(tf, normalized.backend as BackendName);
  const result = await runExperiment(dataset, normalized, {
    tf,
    cancel: neverCancelled,
    histograms: treeHistograms(),
    ...(testData ? { testData } : {}),
    ...(args.out !== undefined ? { keepModel: true } : {}),
    onEvent: (e) => {
      if (!args.json && e.type === 'phase' && e.phase === 'train' && e.fold !== undefined) process.stderr.write(`fold ${e.fold + 1}/${e.folds ?? '?'} ${e.phase}\n`);
    },
  });
  let bundle: WrittenBundle | undefined;
  try {
    if (args.out !== undefined) bundle = await writeTrainBundle({ ...args, out: args.out }, { dataset, ...(testData ? { testData } : {}), spec: normalized, result, tf, backend: active.backend });
  } finally {
    result.model?.dispose();
  }
  const curve = args.learningCurve ? await learningCurve(dataset, normalized, { tf, cancel: neverCancelled }) : undefined;
  if (args.predictionsOut) await writeFile(args.predictionsOut, predictionsCsv(result));
  if (args.featuresOut) await writeFile(args.featuresOut, featureMatrixCsv(featureMatrix(dataset, normalized)));
  // Every applicable metric with a bootstrap CI, from the same rows --predictions-out writes.
  const evaluation = args.json ? heldOutReports(result.predictions, { task: normalized.task, ...(result.classes ? { classes: result.classes } : {}), seed: normalized.seed }) : undefined;
  const doc = {
    task: normalized.task,
    model: normalized.model.kind,
    metrics: result.metrics,
    baseline: result.baselineMetrics,
    ...(result.cv ? { cv: { folds: result.cv.folds, mean: result.cv.mean, std: result.cv.std } } : {}),
    ...(result.finalTest ? { finalTest: result.finalTest } : {}),
    ...(evaluation ? { evaluation } : {}),
    ...(result.sanity ? { sanity: result.sanity } : {}),
    ...(curve ? { learningCurve: curve } : {}),
    ...(bundle ? { bundle } : {}),
    pipeline: result.pipeline.steps.map((s) => ({ kind: s.spec.kind, inputs: s.inputs, outputs: s.outputs })),
    dataset: { fingerprint: dataset.fingerprint, rows: dataset.rows, columns: dataset.columns.length },
    ...(testData ? { testDataset: { fingerprint: testData.fingerprint, rows: testData.rows, columns: testData.columns.length } } : {}),
    seed: normalized.seed,
    backend: active.backend,
    ...(active.adapter ? { adapter: active.adapter } : {}),
    trainRows: result.trainRows,
    testRows: result.testRows,
    ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch, epochs: result.history.length } : {}),
    durationMs: Math.round(performance.now() - t0),
    spec: normalized,
  };
  if (args.json) {
    process.stdout.write(JSON.stringify(doc) + '\n');
    return;
  }
  const lines = [
    `${dataset.name}: ${dataset.rows} rows, ${dataset.columns.length} columns (sha256 ${dataset.fingerprint.slice(0, 12)})`,
    `${normalized.task} · ${normalized.model.kind} · backend ${active.backend}${active.adapter ? ` (${active.adapter})` : ''} · seed ${normalized.seed}`,
    result.cv ? `${result.cv.folds}-fold cross-validation (mean ± std)` : `train ${result.trainRows} rows, test ${result.testRows} rows`,
    '',
    `${'metric'.padEnd(20)}${'model'.padStart(12)}${'baseline'.padStart(12)}`,
    ...(result.finalTest
      ? [`locked final test set (${result.finalTest.rows} rows): ${Object.entries(result.finalTest.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`, '']
      : []),
    ...Object.entries(result.metrics).map(
      ([k, v]) =>
        `${k.padEnd(20)}${fmt(v).padStart(12)}${fmt(result.baselineMetrics[k]).padStart(12)}${result.cv ? `  ± ${fmt(result.cv.std[k])}` : ''}`,
    ),
    ...(args.sanity && result.sanity
      ? ['', 'sanity checks:', ...result.sanity.checks.map((c) => `  [${c.status}] ${c.title}: ${c.detail}`)]
      : args.sanity
        ? ['', 'sanity checks: not applicable (they check gradient-trained networks: logistic, mlp)']
        : []),
    ...(curve
      ? ['', `learning curve (${curve.metric}):`, ...curve.points.map((p) => `  ${String(p.trainRows).padStart(7)} rows  train ${fmt(p.trainScore)}  held-out ${fmt(p.testScore)}`), `  ${curve.reading}`]
      : []),
    ...(bundle ? ['', `model bundle: ${bundle.path} (${bundle.name} v${bundle.version}, ${bundle.bytes} bytes, sha256 ${bundle.sha256.slice(0, 12)})`] : []),
    '',
    `done in ${(doc.durationMs / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const fmt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(4));

export async function main(argv: string[]): Promise<number> {
  // tfjs and Dawn print notices with console.log; stdout is reserved for the result.
  console.log = console.error;
  const json = argv.includes('--json');
  let profiling = false;
  try {
    const cmd = parseCommand(argv);
    if (cmd.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (cmd.kind === 'profile') {
      profiling = true;
      const outcome = await profileCommand(cmd.args, loadFile);
      process.stdout.write(outcome.output);
      return outcome.code;
    }
    if (cmd.kind === 'explain') {
      process.stdout.write(await explainCommand(cmd.args, (path, kinds) => loadFile(path, undefined, kinds)));
      return 0;
    }
    if (cmd.kind === 'score') {
      const scored = await scoreCommand(cmd.args, (path, kinds) => loadFile(path, undefined, kinds));
      process.stdout.write(scored.output);
      return scored.code;
    }
    if (cmd.kind === 'card') {
      process.stdout.write(await cardCommand(cmd.args));
      return 0;
    }
    if (cmd.kind === 'search') {
      process.stdout.write(await searchCommand(cmd.args, (path) => loadFile(path)));
      return 0;
    }
    if (cmd.kind === 'link') {
      const made = await linkCommand(cmd.args, (path) => loadFile(path));
      if (made.note) process.stderr.write(`note: ${made.note}\n`);
      process.stdout.write(made.output);
      return 0;
    }
    if (cmd.kind === 'run-link') {
      const replay = await runLinkCommand(cmd.args, (path) => loadFile(path));
      process.stdout.write(replay.output);
      return replay.code;
    }
    await train(cmd.args);
    return 0;
  } catch (e) {
    const err: SerializedError = serializeError(e);
    process.stderr.write(`error[${err.code}]: ${err.message}\n`);
    if (json) process.stdout.write(JSON.stringify({ error: err }) + '\n');
    // profile promises CI jobs: 2 = the file (or contract) could not be read.
    return err.code === 'cli_usage' || profiling ? 2 : 1;
  }
}
