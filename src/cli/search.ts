/**
 * `benchtop search`: a hyperparameter search on the studio's core. Every trial is
 * cross-validated (--cv K) or scored on the holdout; with --final-test the locked rows are
 * scored once, on the best configuration. Prints a table of trials and the best configuration,
 * or with --json one document.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Dataset } from '../core/data/types.ts';
import { benchtopError } from '../core/errors.ts';
import { selectBackend } from '../core/gpu/backend.ts';
import { neverCancelled } from '../core/jobs.ts';
import { runSearch } from '../core/search/run-search.ts';
import { createTrialPool, type TrialPool, type TrialPort } from '../core/search/trial-pool.ts';
import type { TrialPoolReply } from '../core/search/trial-worker.ts';
import type { SearchResult, TrialRecord } from '../core/search/types.ts';
import { parseSpec } from '../core/spec/parse.ts';
import type { BackendName, ExperimentSpec, SearchSpec } from '../core/spec/types.ts';
import { registerNodeBackend } from './node-backends.ts';
import { treeHistograms } from './tree-histograms.ts';
import { maxOf } from '../core/stats/extent.ts';

export interface SearchArgs {
  data: string;
  target: string;
  model: string;
  space: string;
  strategy?: string;
  trials?: number;
  timeBudget?: number;
  cv?: number;
  seed?: number;
  finalTest?: number;
  params?: string;
  /** Worker threads running trials; 1 = in this thread. */
  workers: number;
  backend: string;
  json: boolean;
}

/** The flags `search` takes (the shared parser knows them all; stray ones are refused here). */
export const SEARCH_FLAGS = ['data', 'target', 'model', 'space', 'strategy', 'trials', 'time-budget', 'cv', 'seed', 'final-test', 'params', 'workers', 'backend', 'json', 'help'];
/** Flags only `search` takes: other commands refuse them. */
export const SEARCH_ONLY_FLAGS = ['space', 'strategy', 'trials', 'time-budget', 'workers'];

export const SEARCH_USAGE = `search runs a hyperparameter search: --space FILE.json maps dotted spec paths to
distributions, e.g. {"model.learningRate": {"kind": "log-uniform", "low": 0.01, "high": 0.3},
"model.maxLeaves": {"kind": "int", "low": 4, "high": 64, "log": true}} (kinds: uniform, log-uniform,
int, categorical; "when" makes a parameter conditional), or a whole search object {"space": ...,
"metric": ..., "asha": ...} whose fields the flags override. Every trial is evaluated with --cv K
folds (default: a 20% holdout), the pipeline refitted per fold; with --final-test F the locked rows
are scored once, on the best configuration refitted on all other rows.

Search options:
  --space FILE.json        the search space (required)
  --strategy S             grid | random | tpe | asha (default tpe)
  --trials N               most configurations to try (default 20; grid: the whole grid)
  --time-budget S          stop proposing trials after S seconds
  --cv K                   K-fold cross-validation for every trial
  --final-test F           with --cv: lock away fraction F, scored once on the best configuration
  --seed N                 seed of the folds and of the proposals (default 42)
  --params JSON            fixed model parameters, e.g. '{"epochs":30}'
  --workers N              run trials on N worker threads (cpu backend; default 1 = this thread).
                           grid and random searches fill them all; tpe and asha run as many at once
                           as the search's "concurrency" allows (a search object field: it shapes
                           the proposals, so it is part of the spec), never depending on timing
  --model, --target, --data, --backend, --json as for train
`;

const usage = (reason: string) => benchtopError('cli_usage', { reason });

function num(name: string, v: unknown, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x)))
    throw usage(`--${name} must be ${integer ? 'an integer' : 'a number'}, got "${String(v)}"`);
  return x;
}

export function searchArgs(v: Record<string, unknown>): SearchArgs {
  const stray = Object.keys(v).find((k) => !SEARCH_FLAGS.includes(k) && v[k] !== undefined && v[k] !== false);
  if (stray) throw usage(`--${stray} is not a search option; search takes ${SEARCH_FLAGS.filter((f) => f !== 'help').map((f) => `--${f}`).join(', ')}`);
  for (const f of ['data', 'target', 'model', 'space'])
    if (typeof v[f] !== 'string' || v[f] === '') throw usage(`search needs --${f}`);
  const strategy = v.strategy as string | undefined;
  if (strategy !== undefined && !['grid', 'random', 'tpe', 'asha'].includes(strategy)) throw usage(`--strategy must be grid, random, tpe or asha, got "${strategy}"`);
  const backend = (v.backend as string | undefined) ?? 'cpu';
  if (!['cpu', 'wasm', 'webgpu'].includes(backend)) throw usage(`--backend must be cpu, wasm or webgpu, got "${backend}"`);
  const workers = num('workers', v.workers, true) ?? 1;
  if (workers < 1 || workers > 256) throw usage('--workers must be between 1 and 256');
  if (workers > 1 && backend !== 'cpu') throw usage('--workers runs trials on the cpu backend; leave out --backend');
  const args: SearchArgs = { data: v.data as string, target: v.target as string, model: v.model as string, space: v.space as string, workers, backend, json: (v.json as boolean | undefined) ?? false };
  if (strategy !== undefined) args.strategy = strategy;
  const trials = num('trials', v.trials, true);
  if (trials !== undefined) {
    if (trials < 1) throw usage('--trials must be at least 1');
    args.trials = trials;
  }
  const budget = num('time-budget', v['time-budget'], false);
  if (budget !== undefined) {
    if (!(budget > 0)) throw usage('--time-budget must be a positive number of seconds');
    args.timeBudget = budget;
  }
  const cv = num('cv', v.cv, true);
  if (cv !== undefined) args.cv = cv;
  const seed = num('seed', v.seed, true);
  if (seed !== undefined) args.seed = seed;
  const finalTest = num('final-test', v['final-test'], false);
  if (finalTest !== undefined) {
    if (cv === undefined) throw usage('--final-test needs --cv');
    if (!(finalTest > 0 && finalTest < 1)) throw usage('--final-test must be in (0, 1)');
    args.finalTest = finalTest;
  }
  if (v.params !== undefined) args.params = v.params as string;
  return args;
}

async function readJson(path: string, flag: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (e) {
    throw benchtopError('spec_invalid', { field: flag, reason: e instanceof Error ? e.message : String(e) });
  }
}

/** The experiment the flags describe; --space holds a space, or a search object with one. */
export async function searchSpec(args: SearchArgs): Promise<ExperimentSpec> {
  const file = await readJson(args.space, '--space');
  if (!file || typeof file !== 'object' || Array.isArray(file)) throw benchtopError('spec_invalid', { field: '--space', reason: 'must be a JSON object: a space {"model.x": {...}} or a search {"space": {...}}' });
  const record = file as Record<string, unknown>;
  const isSearch = typeof record.space === 'object' && record.space !== null && !('kind' in record.space);
  const search: Record<string, unknown> = isSearch ? { ...record } : { space: record };
  if (args.strategy !== undefined) search.strategy = args.strategy;
  if (args.trials !== undefined) search.trials = args.trials;
  if (args.timeBudget !== undefined) search.timeBudgetS = args.timeBudget;
  let params: Record<string, unknown> = {};
  if (args.params !== undefined) {
    try {
      params = JSON.parse(args.params) as Record<string, unknown>;
    } catch (e) {
      throw benchtopError('spec_invalid', { field: '--params', reason: e instanceof Error ? e.message : String(e) });
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw benchtopError('spec_invalid', { field: '--params', reason: 'must be a JSON object of model parameters' });
  }
  return parseSpec({
    version: 1,
    target: args.target,
    model: { ...params, kind: args.model },
    ...(args.cv !== undefined ? { split: { kind: 'kfold', k: args.cv, ...(args.finalTest !== undefined ? { finalTest: args.finalTest } : {}) } } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    backend: args.backend,
    search: search as unknown as SearchSpec,
  });
}

const fmt = (v: number | undefined | null): string => (v === undefined || v === null || Number.isNaN(v) ? 'n/a' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4));
const fmtValue = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : fmt(v)) : JSON.stringify(v));

function trialTable(result: SearchResult): string[] {
  const params = Object.keys(result.spec.search!.space).sort();
  const asha = result.trials.some((t) => t.rung !== undefined);
  const head = ['#', 'trial', ...(asha ? ['resource'] : []), ...params, result.metric, '± std', 'status', 'time'];
  const row = (t: TrialRecord) => [
    String(t.index + 1), String(t.trial + 1), ...(asha ? [String(t.resource)] : []),
    ...params.map((p) => (p in t.params ? fmtValue(t.params[p]) : '-')),
    fmt(t.score), fmt(t.std), t.status === 'failed' ? `failed (${t.error?.code ?? '?'})` : 'done', `${(t.durationMs / 1000).toFixed(1)} s`,
  ];
  const rows = [head, ...result.trials.map(row)];
  const widths = head.map((_, i) => maxOf(rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i < 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

/**
 * One worker thread running trials. Worker threads do not inherit the tsx loader the CLI's
 * main thread registered, so the worker registers it before loading the TypeScript core.
 */
function nodeTrialPort(): TrialPort {
  const code = `
const { parentPort } = require('node:worker_threads');
(async () => {
  const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
  register();
  const { createTrialWorker } = await import(${JSON.stringify(new URL('../core/search/trial-worker.ts', import.meta.url).href)});
  const handle = createTrialWorker((reply) => parentPort.postMessage(reply), async () => {
    const tf = await import(${JSON.stringify(import.meta.resolve('@tensorflow/tfjs'))});
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  });
  parentPort.on('message', (m) => void handle(m));
})();`;
  const worker = new Worker(code, { eval: true });
  let terminated = false;
  return {
    post: (m) => worker.postMessage(m),
    listen(onReply, onError) {
      worker.on('message', (r: TrialPoolReply) => onReply(r));
      worker.on('error', (e) => onError(e.message));
      worker.on('exit', (code) => !terminated && onError(`exited with code ${code}`));
    },
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
}

/** Trials on `threads` worker threads (at most the machine's cores). */
export function nodeTrialPool(dataset: Dataset, threads: number): TrialPool {
  const n = Math.max(1, Math.min(threads, availableParallelism()));
  return createTrialPool(dataset, Array.from({ length: n }, nodeTrialPort));
}

export async function searchCommand(args: SearchArgs, load: (path: string) => Promise<Dataset>): Promise<string> {
  const t0 = performance.now();
  const spec = await searchSpec(args);
  const dataset = await load(args.data);
  await registerNodeBackend(args.backend as BackendName);
  const tf = await import('@tensorflow/tfjs');
  const active = await selectBackend(tf, args.backend as BackendName);
  const pool = args.workers > 1 ? nodeTrialPool(dataset, args.workers) : undefined;
  let result: SearchResult;
  try {
    result = await runSearch(dataset, spec, {
      tf,
      cancel: neverCancelled,
      histograms: treeHistograms(),
      ...(pool ? { executor: pool } : {}),
      onEvent: (e) => {
        if (args.json || e.type !== 'trial') return;
        const t = e.trial;
        process.stderr.write(`trial ${t.index + 1}${t.resource !== undefined ? ` (resource ${t.resource})` : ''}: ${t.status === 'done' ? fmt(t.score) : `failed: ${t.error?.message ?? ''}`}\n`);
      },
    });
  } finally {
    pool?.dispose();
  }
  const durationMs = Math.round(performance.now() - t0);
  const search = result.spec.search!;
  if (args.json) {
    const { state: _state, ...rest } = result;
    return JSON.stringify({
      task: result.spec.task,
      model: result.spec.model.kind,
      strategy: search.strategy,
      ...rest,
      dataset: { fingerprint: dataset.fingerprint, rows: dataset.rows, columns: dataset.columns.length },
      seed: result.spec.seed,
      backend: active.backend,
      durationMs,
    }) + '\n';
  }
  const split = result.spec.split;
  const lines = [
    `${dataset.name}: ${dataset.rows} rows, ${dataset.columns.length} columns (sha256 ${dataset.fingerprint.slice(0, 12)})`,
    `${result.spec.task} · ${result.spec.model.kind} · ${search.strategy} search · ${result.direction} ${result.metric} · seed ${result.spec.seed}`,
    split.kind === 'kfold' ? `every trial: ${split.k}-fold cross-validation${split.finalTest > 0 ? `, ${Math.round(split.finalTest * 100)}% locked final test set` : ''}` : `every trial: holdout (${Math.round(split.testSize * 100)}% test)`,
    '',
    ...trialTable(result),
    '',
  ];
  if (result.best) {
    lines.push(`best: trial ${result.best.trial + 1}, ${result.metric} ${fmt(result.best.score)}${result.best.std !== undefined ? ` ± ${fmt(result.best.std)}` : ''}`);
    for (const [k, v] of Object.entries(result.best.params)) lines.push(`  ${k} = ${fmtValue(v)}`);
  } else lines.push('best: none (no trial finished)');
  if (result.finalTest)
    lines.push('', `locked final test set (${result.finalTest.rows} rows, scored once): ${Object.entries(result.finalTest.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  if (result.nested) lines.push('', `nested CV (${result.nested.folds.length} outer folds): ${result.metric} ${fmt(result.nested.mean)} ± ${fmt(result.nested.std)}`);
  if (result.importance.length > 1)
    lines.push('', 'parameter importance (share of score variance):', ...result.importance.map((p) => `  ${p.param.padEnd(28)} ${(p.importance * 100).toFixed(0).padStart(3)}%`));
  lines.push('', `${result.trials.length} trials, stopped: ${result.stopReason}; done in ${(durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n') + '\n';
}
