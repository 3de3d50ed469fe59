/**
 * Random search vs TPE vs ASHA on three small tasks (bench/search/datasets.ts), each over
 * several seeds: the best cross-validated score after n configurations and the wall time of
 * each search. The claim under test: TPE reaches random search's final score in fewer trials,
 * ASHA in less time.
 *
 * Every search tunes the same gradient-boosted trees (100 boosting rounds, early stopping on)
 * over the same space (learning rate, leaves, rows per leaf, L2, row and feature sampling)
 * with 3-fold CV, one trial at a time on this thread, CPU histograms. ASHA trains on rungs of
 * 11, 33 and 100 rounds (reduction factor 3) and counts a configuration's score only from the
 * full 100 rounds; its "trials" are the configurations it started. A promotion continues the
 * boosting its lower rung left (warm start); --cold-asha adds "asha-cold", the same search
 * retraining every promotion from scratch (same scores, the time warm starts save). TPE draws its first 10
 * trials at random (the library default; 4 with --quick, which runs only 10 trials).
 * Scores are each task's default search metric (log loss, RMSE, ROC-AUC).
 *
 * Prints one JSON object on stdout and a Markdown table on stderr.
 *   npm run bench:search -- [--quick] [--seeds 10] [--trials 40] [--cold-asha]
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { neverCancelled } from '../../src/core/jobs.ts';
import { sequentialExecutor } from '../../src/core/search/executor.ts';
import { runSearch } from '../../src/core/search/run-search.ts';
import { WarmStore } from '../../src/core/search/warm-store.ts';
import type { ExperimentSpec, SearchSpace } from '../../src/core/spec/types.ts';
import { printJson } from '../gbdt/print-json.ts';
import { benchTasks } from './datasets.ts';
import { summarize, table, type SearchRun } from './summarize.ts';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    trials: { type: 'string' },
    'cold-asha': { type: 'boolean', default: false },
  },
});
const quick = opt.quick ?? false;
const SEEDS = Number(opt.seeds ?? (quick ? 2 : 10));
const TRIALS = Number(opt.trials ?? (quick ? 10 : 40));
const STARTUP = quick ? 4 : 10;
const CHECKPOINTS = [...new Set([Math.ceil(TRIALS / 4), Math.ceil(TRIALS / 2), Math.ceil((3 * TRIALS) / 4), TRIALS])];

const SPACE: SearchSpace = {
  'model.learningRate': { kind: 'log-uniform', low: 0.01, high: 0.5 },
  'model.maxLeaves': { kind: 'int', low: 2, high: 64, log: true },
  'model.minSamplesLeaf': { kind: 'int', low: 2, high: 50, log: true },
  'model.l2': { kind: 'log-uniform', low: 0.001, high: 10 },
  'model.subsample': { kind: 'uniform', low: 0.5, high: 1 },
  'model.colsample': { kind: 'uniform', low: 0.5, high: 1 },
};

await tf.setBackend('cpu');
await tf.ready();
const tasks = await benchTasks();
// Warm-up (JIT, tfjs kernels) so the first timed search is not charged for it.
await runSearch(tasks[0]!.dataset, { version: 1, target: tasks[0]!.target, model: { kind: 'gbdt', rounds: 20 }, split: { kind: 'kfold', k: 3 }, search: { strategy: 'random', trials: 3, space: SPACE } }, { tf, cancel: neverCancelled });
const runs: SearchRun[] = [];
const started = Date.now();
for (const task of tasks) {
  for (let seed = 0; seed < SEEDS; seed++) {
    const strategies: SearchRun['strategy'][] = ['random', 'tpe', 'asha', ...(opt['cold-asha'] ? (['asha-cold'] as const) : [])];
    for (const strategy of strategies) {
      const asha = strategy === 'asha' || strategy === 'asha-cold';
      const spec: ExperimentSpec = {
        version: 1,
        target: task.target,
        ...(task.features ? { features: task.features } : {}),
        model: { kind: 'gbdt', rounds: 100 },
        split: { kind: 'kfold', k: 3 },
        seed,
        search: { strategy: asha ? 'asha' : (strategy as 'random' | 'tpe'), trials: TRIALS, space: SPACE, tpe: { startupTrials: STARTUP }, ...(asha ? { asha: { minResource: 11, maxResource: 100, reductionFactor: 3 } } : {}) },
      };
      const t0 = performance.now();
      // asha-cold: a store that keeps nothing, so every promotion retrains from scratch.
      const cold = strategy === 'asha-cold' ? { executor: sequentialExecutor(task.dataset, { tf }, new WarmStore({ maxEntries: 0 })) } : {};
      const r = await runSearch(task.dataset, spec, { tf, cancel: neverCancelled, ...cold });
      const wallMs = performance.now() - t0;
      runs.push({ task: task.name, strategy, seed, metric: r.metric, direction: r.direction, curve: r.bestSoFar, wallMs });
      process.stderr.write(`${task.name} seed ${seed} ${strategy}: best ${r.best?.score.toFixed(4) ?? '-'} in ${(wallMs / 1000).toFixed(1)} s\n`);
    }
  }
}

const summaries = summarize(runs, CHECKPOINTS);
process.stderr.write('\n' + table(summaries, CHECKPOINTS) + '\n');
process.stdout.write(
  printJson({
    bench: 'search',
    quick,
    seeds: SEEDS,
    trials: TRIALS,
    checkpoints: CHECKPOINTS,
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', node: process.version },
    totalS: Math.round((Date.now() - started) / 100) / 10,
    summaries,
    runs: runs.map((r) => ({ task: r.task, strategy: r.strategy, seed: r.seed, wallS: Math.round(r.wallMs) / 1000, curve: r.curve.map((p) => [p.trials, p.best, Math.round(p.elapsedMs)]) })),
  }, 4) + '\n',
);
