/**
 * Benchtop vs scikit-learn with 5-fold CV and default settings on scikit-learn's bundled
 * datasets (breast cancer, digits, wine, diabetes). scikit-learn is the peer in the same run:
 * bench/sklearn_peer.py exports the data (so both sides see identical rows) and scores
 * LogisticRegression / Ridge and MLPClassifier / MLPRegressor. Needs Debian's python3-sklearn;
 * without it the bench says so and stops. Prints one JSON line and a Markdown table.
 *   npm run bench:sklearn
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ingest } from '../src/core/data/ingest.ts';
import { neverCancelled } from '../src/core/jobs.ts';
import { plan } from '../src/core/spec/plan.ts';
import type { ModelSpec } from '../src/core/spec/types.ts';
import { runExperiment } from '../src/core/train/run-experiment.ts';

const PYTHON = '/usr/bin/python3';
interface PeerModel { model: string; mean: number; std: number; seconds: number }
interface PeerDataset { path: string; task: string; rows: number; features: number; metric: string; models: Record<string, PeerModel> }

let peer: { sklearn: string; datasets: Record<string, PeerDataset> };
try {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found`);
  peer = JSON.parse(execFileSync(PYTHON, ['bench/sklearn_peer.py', mkdtempSync(join(tmpdir(), 'sk-'))], { encoding: 'utf8', maxBuffer: 1 << 26 }));
} catch (e) {
  console.log(JSON.stringify({ bench: 'sklearn-compare', skipped: `scikit-learn peer unavailable (apt-get install python3-sklearn): ${(e as Error).message.split('\n')[0]}` }));
  process.exit(0);
}

await tf.setBackend('cpu');
const rows: Record<string, unknown>[] = [];
for (const [name, d] of Object.entries(peer.datasets)) {
  const ds = await ingest(readFileSync(d.path, 'utf8'), { name: `${name}.csv` });
  const classification = d.task === 'classification';
  const models: Record<string, ModelSpec> = classification
    ? { linear: { kind: 'logistic' }, mlp: { kind: 'mlp' } }
    : { linear: { kind: 'linear', l2: 1 / ds.rows }, mlp: { kind: 'mlp' } };
  for (const [key, model] of Object.entries(models)) {
    const spec = plan({ version: 1, target: 'target', model, split: { kind: 'kfold', k: 5 }, seed: 0, backend: 'cpu' }, ds);
    const t0 = performance.now();
    const r = await runExperiment(ds, spec, { tf, cancel: neverCancelled });
    const seconds = (performance.now() - t0) / 1000;
    const metric = classification ? 'accuracy' : 'r2';
    const ours = { mean: r.cv!.mean[metric]!, std: r.cv!.std[metric]! };
    const theirs = d.models[key]!;
    rows.push({
      dataset: name, rows: d.rows, features: d.features, metric, model: key,
      benchtop: model.kind, benchtop_mean: +ours.mean.toFixed(4), benchtop_std: +ours.std.toFixed(4), benchtop_s: +seconds.toFixed(1),
      sklearn: theirs.model, sklearn_mean: +theirs.mean.toFixed(4), sklearn_std: +theirs.std.toFixed(4), sklearn_s: +theirs.seconds.toFixed(1),
      within_one_std: Math.abs(ours.mean - theirs.mean) <= Math.max(ours.std, theirs.std),
    });
  }
}
console.log(JSON.stringify({ bench: 'sklearn-compare', sklearn: peer.sklearn, folds: 5, rows }));
console.log('\n| dataset | metric | Benchtop model | Benchtop mean ± std | scikit-learn model | scikit-learn mean ± std | within 1 std |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(`| ${r.dataset} | ${r.metric} | ${r.benchtop} | ${r.benchtop_mean} ± ${r.benchtop_std} | ${r.sklearn} | ${r.sklearn_mean} ± ${r.sklearn_std} | ${r.within_one_std ? 'yes' : 'no'} |`);
