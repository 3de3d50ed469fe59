/**
 * Tree-model quality beside the native learners: 5-fold CV with each learner's default
 * settings on scikit-learn's bundled datasets (breast cancer, digits, wine, diabetes) and two
 * of Benchtop's bundled samples (penguins: species; cars: miles per gallon).
 *
 * Everyone sees the same rows and the same folds: the scikit-learn datasets come from
 * bench/gbdt/peers.py (export-sklearn), the samples are encoded here (bench/gbdt/encode-sample.ts:
 * ordinal codes, NaN for missing), features are float32 for everyone, and the fold ids
 * (bench/gbdt/folds.ts: stratified for classification, seed fixed) go to Python in
 * datasets.json. The peers return held-out predictions; every metric is then computed here
 * with Benchtop's metric code (itself checked against scikit-learn), identically for all.
 *
 * Models: Benchtop gbdt and random-forest (fitGbdt / fitForest with default parameters),
 * scikit-learn HistGradientBoosting and RandomForest, XGBoost (XGBClassifier/XGBRegressor).
 * Metrics per fold: classification accuracy, log loss, ROC-AUC (one-vs-rest macro for more
 * than two classes); regression RMSE and R². Reported as mean ± std over the folds (population
 * std, numpy's default). "Within 1 std" = |mean - best mean| <= max(own std, best's std), the
 * rule bench/sklearn-compare.ts uses.
 *
 * Prints one JSON object on stdout; the Markdown table goes to --markdown FILE, else stderr.
 *   npm run bench:gbdt-quality -- [--markdown FILE] [--samples penguins,cars] [--folds 5] [--seed 0]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { accuracy } from '../../src/core/evaluate/accuracy.ts';
import { logLoss } from '../../src/core/evaluate/log-loss.ts';
import { r2 } from '../../src/core/evaluate/r2.ts';
import { rmse } from '../../src/core/evaluate/rmse.ts';
import { rocAuc } from '../../src/core/evaluate/roc-auc.ts';
import { fitForest } from '../../src/core/models/gbdt/fit-forest.ts';
import { fitGbdt } from '../../src/core/models/gbdt/fit-gbdt.ts';
import { resolveForestParams, resolveGbdtParams } from '../../src/core/models/gbdt/params.ts';
import type { FitData } from '../../src/core/models/types.ts';
import { createRng } from '../../src/core/random.ts';
import type { Task } from '../../src/core/spec/types.ts';
import { encodeSample, type EncodedDataset } from './encode-sample.ts';
import { makeFolds } from './folds.ts';
import { printJson } from './print-json.ts';
import { markdownTable, summarise, type Summary } from './quality-table.ts';

const PYTHON = '/usr/bin/python3';
const PEERS_PY = join(import.meta.dirname, 'peers.py');
const SAMPLES = join(import.meta.dirname, '../../static/samples');
const PEERS = ['sklearn-hist', 'sklearn-rf', 'xgboost'] as const;

const { values: opt } = parseArgs({
  options: {
    markdown: { type: 'string' },
    samples: { type: 'string', default: 'penguins,cars' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string', default: String(availableParallelism()) },
  },
});
const K = Number(opt.folds);
const seed = Number(opt.seed);
const startedAt = new Date().toISOString();
const work = mkdtempSync(join(tmpdir(), 'benchtop-gbdt-quality-'));
const skipped: Record<string, string> = {};

type Dataset = Omit<EncodedDataset, 'dropped' | 'categorical' | 'classes'> & { folds: number[]; dropped?: string[]; categorical?: string[] };
const datasets: Record<string, Dataset> = {};

function python(args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync(PYTHON, [PEERS_PY, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, unknown>;
}

// 1. Data: scikit-learn's datasets (through Python), then the bundled samples.
if (!existsSync(PYTHON)) skipped.python = `${PYTHON} not found: no scikit-learn datasets, no peers`;
else {
  const r = python(['export-sklearn', join(work, 'sklearn.json')]);
  if (r.skipped) skipped['sklearn-datasets'] = String(r.skipped);
  else {
    const exported = JSON.parse(readFileSync(join(work, 'sklearn.json'), 'utf8')) as Record<string, Omit<Dataset, 'folds'>>;
    for (const [name, ds] of Object.entries(exported)) datasets[name] = { ...ds, folds: [] };
  }
}
for (const id of opt.samples.split(',').filter(Boolean)) {
  const { classes: _classes, ...ds } = encodeSample(SAMPLES, id);
  datasets[id] = { ...ds, folds: [] };
}
for (const ds of Object.values(datasets)) {
  // Everyone trains on float32 values (Benchtop's FitData is float32; peers.py casts too).
  ds.X = ds.X.map((row) => Array.from(Float32Array.from(row)));
  ds.folds = makeFolds(ds.y, K, ds.task === 'classification', seed);
}
// JSON turns NaN into null, which peers.py reads back as NaN.
writeFileSync(join(work, 'datasets.json'), JSON.stringify(datasets));

// 2. Held-out predictions per model, dataset and fold (n_test*k probabilities, or n_test values).
interface ModelRun { predictions: number[][]; seconds: number; settings: string }
const runs: Record<string, Record<string, ModelRun>> = {};
const versions: Record<string, string> = {};

const taskOf = (ds: Dataset): Task => (ds.task === 'regression' ? 'regression' : ds.k > 2 ? 'multiclass' : 'binary');

function foldData(ds: Dataset, f: number, train: boolean): { X: Float32Array; n: number; y: number[] } {
  const idx = ds.folds.flatMap((g, i) => ((g === f) !== train ? [i] : []));
  const d = ds.columns.length;
  const X = new Float32Array(idx.length * d);
  idx.forEach((i, r) => X.set(ds.X[i]!, r * d));
  return { X, n: idx.length, y: idx.map((i) => ds.y[i]!) };
}

for (const kind of ['benchtop-gbdt', 'benchtop-rf'] as const) {
  runs[kind] = {};
  for (const [name, ds] of Object.entries(datasets)) {
    const predictions: number[][] = [];
    const t0 = performance.now();
    for (let f = 0; f < K; f++) {
      const tr = foldData(ds, f, true);
      const te = foldData(ds, f, false);
      const data: FitData = {
        X: tr.X, n: tr.n, d: ds.columns.length, k: ds.k,
        y: ds.task === 'regression' ? Float64Array.from(tr.y) : Int32Array.from(tr.y),
      };
      const opts = { task: taskOf(ds), rng: createRng(seed) };
      const model = kind === 'benchtop-gbdt' ? await fitGbdt(data, resolveGbdtParams(), opts) : await fitForest(data, resolveForestParams(), opts);
      predictions.push(Array.from(model.predict(te.X, te.n)));
    }
    const settings = kind === 'benchtop-gbdt' ? 'defaults (GBDT_DEFAULTS; no validation rows, so no early stopping)' : 'defaults (FOREST_DEFAULTS)';
    runs[kind][name] = { predictions, seconds: (performance.now() - t0) / 1000, settings };
    console.error(`[bench:gbdt-quality] ${kind} ${name}: ${runs[kind][name].seconds.toFixed(1)} s`);
  }
}

if (!skipped.python) {
  for (const peer of PEERS) {
    const r = python(['quality', work, '--peer', peer, '--threads', opt.threads]);
    if (r.skipped) {
      skipped[peer] = String(r.skipped);
      continue;
    }
    versions[peer] = String(r.version);
    runs[peer] = r.datasets as Record<string, ModelRun>;
    console.error(`[bench:gbdt-quality] ${peer} done`);
  }
}

// 3. Metrics, the same code for every model.
function foldMetrics(ds: Dataset, f: number, pred: number[]): Record<string, number> {
  const te = foldData(ds, f, false);
  if (ds.task === 'regression') {
    const data = { yTrue: Float64Array.from(te.y), yPred: Float64Array.from(pred) };
    return { rmse: rmse(data), r2: r2(data) };
  }
  let proba = Float64Array.from(pred, (p) => Math.min(1, Math.max(0, p)));
  // A model that returns P(class 1) only for a binary task: make it two columns.
  if (proba.length === te.n && ds.k === 2) proba = Float64Array.from({ length: 2 * te.n }, (_, j) => (j % 2 ? proba[j >> 1]! : 1 - proba[j >> 1]!));
  const data = { yTrue: Int32Array.from(te.y), proba, k: ds.k };
  return { accuracy: accuracy(data), log_loss: logLoss(data), roc_auc: rocAuc(data) };
}

const summaries: Summary[] = [];
for (const [name, ds] of Object.entries(datasets)) {
  const perModel: Record<string, { folds: Record<string, number>[]; seconds: number; settings: string }> = {};
  for (const [model, byDataset] of Object.entries(runs)) {
    const run = byDataset[name];
    if (!run) continue;
    perModel[model] = { folds: run.predictions.map((p, f) => foldMetrics(ds, f, p)), seconds: run.seconds, settings: run.settings };
  }
  summaries.push(summarise(name, ds, perModel));
}

const table = markdownTable(summaries, K);
if (opt.markdown) writeFileSync(opt.markdown, table);
else console.error('\n' + table);

console.log(
  printJson(
    {
      bench: 'gbdt-quality',
      started: startedAt,
      finished: new Date().toISOString(),
      folds: K,
      seed,
      versions,
      within_rule: '|mean - best mean| <= max(own std, best std), per metric',
      datasets: summaries,
      ...(Object.keys(skipped).length ? { skipped } : {}),
      work_dir: work,
    },
    6,
  ),
);
