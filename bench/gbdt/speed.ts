/**
 * GBDT training speed against the native learners, on one machine in one run.
 *
 * Data: bench/gbdt/higgs-like.ts, a seeded HIGGS-like binary task (default 1,000,000 train rows
 * x 28 float features + 100,000 test rows), cached as float32 files (bench/gbdt/data-cache.ts)
 * that the Python peers read with numpy.fromfile, so every engine sees the same bytes.
 * Settings for everyone: 100 rounds, 31 leaves (leaf-wise), learning rate 0.1, 255 bins, no
 * early stopping, at least 20 rows per leaf, no L2 (XGBoost has no rows-per-leaf limit: it keeps
 * its min_child_weight=1 on the hessian sum; bench/gbdt/peers.py lists each peer's parameters).
 *
 * Engines:
 *  - benchtop-1t: fitGbdt with the CPU histogram loop on the main thread;
 *  - benchtop-pool: the same with the worker_threads pool (src/cli/gbdt-pool.ts, --threads), this
 *    thread building a share;
 *  - benchtop-1t-js (--js): benchtop-1t with the WebAssembly kernels off (the JavaScript loops),
 *    to see what the kernels give in the same run;
 *  - benchtop-webgpu (--gpu, when src/core/models/gbdt/gpu/ provides a builder): the WebGPU
 *    histogram builder on Dawn (npm `webgpu`);
 *  - sklearn-hist: HistGradientBoostingClassifier (OpenMP threads = --threads);
 *  - xgboost-hist: xgboost.train, tree_method=hist, lossguide, max_leaves 31, max_depth 0.
 *  With --single-thread-peers the two peers also run on 1 thread (-1t), the like-for-like figure
 *  for benchtop-1t. A peer that is not installed is skipped and named in `skipped`.
 *
 * Each repeat runs every engine once, in turn (interleaved, so a burst of load on a shared
 * machine hits all engines alike); figures are medians over repeats. Fit time includes binning
 * and input conversion for everyone (XGBoost's DMatrix); predict time is the 100,000 test rows.
 * ROC-AUC on the test rows, computed with sklearn's roc_auc_score for the peers and Benchtop's
 * binaryAuc (the same trapezoid, exact) for Benchtop. Prints one JSON object.
 *
 * With --model forest the same run times random forests instead: fitForest (50 trees, sqrt(d)
 * features per split, at least 5 rows per leaf, 255 bins) on one thread and through the pool,
 * against scikit-learn's RandomForestClassifier (exact splits, the same counts) as sklearn-rf.
 * Fully grown trees make it heavy: use --rows 200000 or so.
 *
 *   npm run bench:gbdt -- [--rows 1000000] [--test-rows N] [--features 28] [--repeats 3]
 *                         [--threads <cores>] [--seed 1] [--single-thread-peers] [--no-peers]
 *                         [--no-1t] [--js] [--gpu] [--only name,name...]  (engine names as in `results`)
 *                         [--model gbdt|forest]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { binaryAuc } from '../../src/core/evaluate/binary-auc.ts';
import { fitForest } from '../../src/core/models/gbdt/fit-forest.ts';
import { fitGbdt } from '../../src/core/models/gbdt/fit-gbdt.ts';
import type { HistogramBuilderFactory } from '../../src/core/models/gbdt/histogram.ts';
import { resolveForestParams, resolveGbdtParams } from '../../src/core/models/gbdt/params.ts';
import { useWasmKernels } from '../../src/core/models/gbdt/wasm-histogram.ts';
import type { FitData } from '../../src/core/models/types.ts';
import { createRng } from '../../src/core/random.ts';
import { nodeHistogramPool } from '../../src/cli/gbdt-pool.ts';
import { loadOrGenerate } from './data-cache.ts';
import { printJson } from './print-json.ts';
import { loadGpuHistograms } from './gpu-builder.ts';

const PYTHON = '/usr/bin/python3';
const PEERS_PY = join(import.meta.dirname, 'peers.py');

const { values: opt } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'test-rows': { type: 'string' },
    features: { type: 'string', default: '28' },
    repeats: { type: 'string', default: '3' },
    threads: { type: 'string', default: String(availableParallelism()) },
    seed: { type: 'string', default: '1' },
    'single-thread-peers': { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
    'no-1t': { type: 'boolean', default: false },
    gpu: { type: 'boolean', default: false },
    js: { type: 'boolean', default: false },
    only: { type: 'string' },
    model: { type: 'string', default: 'gbdt' },
  },
});
const forest = opt.model === 'forest';
if (!forest && opt.model !== 'gbdt') throw new Error(`--model must be gbdt or forest, got ${opt.model}`);
const n = Number(opt.rows);
const nTest = Number(opt['test-rows'] ?? Math.max(1000, Math.round(n / 10)));
const d = Number(opt.features);
const repeats = Math.max(1, Number(opt.repeats));
const threads = Math.max(1, Number(opt.threads));
const seed = Number(opt.seed);

/** The shared settings, in Benchtop's names; peers.py maps them to each peer's parameters. */
const settings = forest
  ? { model: 'forest', trees: 50, maxFeatures: 'sqrt', minSamplesLeaf: 5, maxBins: 255 }
  : { rounds: 100, maxLeaves: 31, learningRate: 0.1, maxBins: 255, minSamplesLeaf: 20, l2: 0, earlyStopping: false };

const startedAt = new Date().toISOString();
const loadStart = loadavg();
const data = loadOrGenerate(n, nTest, d, seed, settings);
let positives = 0;
for (const v of data.train.y) positives += v;

const fitData: FitData = { X: data.train.X, n, d, y: Int32Array.from(data.train.y), k: 2 };
const params = resolveGbdtParams(forest ? {} : { ...settings, earlyStoppingRounds: 0 });
// maxFeatures 0: sqrt(d) features per split for classification.
const forestParams = resolveForestParams({ trees: 50, maxFeatures: 0, minSamplesLeaf: 5, maxBins: 255 });

interface Run { fit: number; predict: number; auc: number; builder?: string }
interface Engine { name: string; threads: number; run(): Promise<Run> }

function benchtop(name: string, engineThreads: number, histograms: HistogramBuilderFactory | undefined, wasm = true): Engine {
  return {
    name,
    threads: engineThreads,
    async run() {
      useWasmKernels(wasm);
      let builder: string | undefined;
      // Wrap the factory to learn the builder's name ('cpu', 'workers(2)', 'webgpu').
      const factory: HistogramBuilderFactory | undefined = histograms
        ? async (m) => {
            const b = await histograms(m);
            builder = b.name;
            return b;
          }
        : undefined;
      let t = performance.now();
      const fitOpts = { task: 'binary' as const, rng: createRng(seed), histograms: factory };
      const model = forest ? await fitForest(fitData, forestParams, fitOpts) : await fitGbdt(fitData, params, fitOpts);
      const fit = (performance.now() - t) / 1000;
      useWasmKernels(true);
      t = performance.now();
      const proba = await model.predict(data.test.X, nTest);
      const predict = (performance.now() - t) / 1000;
      const k = proba.length / nTest;
      const p1 = k === 1 ? proba : proba.filter((_, j) => j % k === k - 1);
      return { fit, predict, auc: binaryAuc(data.test.y, p1), builder: builder ?? 'cpu (main thread)' };
    },
  };
}

const skipped: Record<string, string> = {};
const notes: Record<string, unknown> = {};
const peerInfo: Record<string, { version: string; params: unknown; notes: string[] }> = {};

function peer(name: string, script: string, peerThreads: number): Engine {
  return {
    name,
    threads: peerThreads,
    async run() {
      const out = execFileSync(PYTHON, [PEERS_PY, 'speed', data.dir, '--peer', script, '--threads', String(peerThreads), '--repeats', '1'], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      const r = JSON.parse(out) as { skipped?: string; version: string; params: unknown; notes: string[]; fit_s: number[]; predict_s: number[]; auc: number };
      if (r.skipped) throw new SkipPeer(r.skipped);
      peerInfo[name] = { version: r.version, params: r.params, notes: r.notes };
      return { fit: r.fit_s[0]!, predict: r.predict_s[0]!, auc: r.auc };
    },
  };
}
class SkipPeer extends Error {}

const engines: Engine[] = [];
if (!opt['no-1t']) engines.push(benchtop('benchtop-1t', 1, undefined));
if (opt.js) engines.push(benchtop('benchtop-1t-js', 1, undefined, false));
engines.push(benchtop('benchtop-pool', threads, nodeHistogramPool(threads)));
if (opt.gpu) {
  const gpu = await loadGpuHistograms();
  if ('factory' in gpu) {
    engines.push(benchtop('benchtop-webgpu', 1, gpu.factory));
    notes.gpu = gpu.adapter;
  } else skipped['benchtop-webgpu'] = gpu.skipped;
}
if (!opt['no-peers']) {
  if (!existsSync(PYTHON)) skipped.python = `${PYTHON} not found: no peers`;
  else {
    const peerThreads = opt['single-thread-peers'] && threads !== 1 ? [threads, 1] : [threads];
    for (const t of peerThreads) {
      const suffix = t === threads ? '' : '-1t';
      if (forest) engines.push(peer(`sklearn-rf${suffix}`, 'sklearn-rf', t));
      else engines.push(peer(`sklearn-hist${suffix}`, 'sklearn-hist', t), peer(`xgboost-hist${suffix}`, 'xgboost-hist', t));
    }
  }
}

const only = opt.only?.split(',').filter(Boolean);
if (only) for (const e of engines) if (!only.includes(e.name)) skipped[e.name] = 'not in --only';

const runs = new Map<string, Run[]>();
for (let r = 0; r < repeats; r++) {
  for (const e of engines) {
    if (skipped[e.name]) continue;
    try {
      const result = await e.run();
      runs.set(e.name, [...(runs.get(e.name) ?? []), result]);
      console.error(`[bench:gbdt] repeat ${r + 1}/${repeats} ${e.name}: fit ${result.fit.toFixed(2)} s, predict ${result.predict.toFixed(3)} s, auc ${result.auc.toFixed(4)}`);
    } catch (err) {
      if (!(err instanceof SkipPeer)) throw err;
      skipped[e.name] = err.message;
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

const results: Record<string, unknown> = {};
const fitMedian: Record<string, number> = {};
const aucOf: Record<string, number> = {};
for (const e of engines) {
  const rs = runs.get(e.name);
  if (!rs) continue;
  fitMedian[e.name] = median(rs.map((x) => x.fit));
  aucOf[e.name] = rs[rs.length - 1]!.auc;
  results[e.name] = {
    threads: e.threads,
    fit_s: r3(fitMedian[e.name]!),
    predict_s: r3(median(rs.map((x) => x.predict))),
    auc: r4(aucOf[e.name]!),
    fit_runs_s: rs.map((x) => r3(x.fit)),
    predict_runs_s: rs.map((x) => r3(x.predict)),
    ...(rs[0]!.builder ? { histograms: rs[0]!.builder } : {}),
    // Same seed, same data: the AUC must not move between repeats (a check on determinism).
    ...(new Set(rs.map((x) => x.auc)).size > 1 ? { auc_runs: rs.map((x) => x.auc) } : {}),
    ...(peerInfo[e.name] ?? {}),
  };
}

/** Benchtop engine vs peer: fit-time ratio (< 1: Benchtop faster) and AUC difference. */
const versus: Record<string, { fit_ratio: number; auc_diff: number }> = {};
for (const ours of Object.keys(fitMedian).filter((k) => k.startsWith('benchtop'))) {
  for (const theirs of Object.keys(fitMedian).filter((k) => !k.startsWith('benchtop'))) {
    versus[`${ours} / ${theirs}`] = { fit_ratio: r3(fitMedian[ours]! / fitMedian[theirs]!), auc_diff: r4(aucOf[ours]! - aucOf[theirs]!) };
  }
}

console.log(
  printJson(
    {
      bench: 'gbdt-speed',
      started: startedAt,
      finished: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, loadavg_start: loadStart.map(r3), loadavg_end: loadavg().map(r3), node: process.version },
      data: {
        generator: 'bench/gbdt/higgs-like.ts',
        rows: n,
        test_rows: nTest,
        features: d,
        seed,
        positive_rate: r4(positives / n),
        cache: data.dir,
        ...(data.fromCache ? { from_cache: true } : { generated_s: r3(data.generatedS) }),
      },
      settings,
      repeats,
      results,
      versus,
      goal: forest ? 'the pool faster than one thread (every core used); sklearn-rf for scale' : 'benchtop fit faster than xgboost-hist at the same AUC (within 0.002)',
      ...(Object.keys(skipped).length ? { skipped } : {}),
      ...(Object.keys(notes).length ? { notes } : {}),
    },
    3,
  ),
);
// Pool workers are unref'd, but a GPU device may keep the loop alive.
process.exit(0);
