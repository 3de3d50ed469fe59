/**
 * A hyperparameter search, in phases: check the spec -> plan -> search (every trial
 * cross-validated on the rows outside the locked test set) -> score the best configuration
 * once on the locked final test set -> optionally nested CV -> report.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.ts';
import { benchtopError, isBenchtopError } from '../errors.ts';
import type { CancelToken } from '../jobs.ts';
import type { HistogramBuilderFactory } from '../models/gbdt/histogram.ts';
import { applyParams } from '../spec/apply-params.ts';
import { normalize } from '../spec/normalize.ts';
import { ashaResourceField } from '../spec/normalize-search.ts';
import { parseSpec } from '../spec/parse.ts';
import { plan } from '../spec/plan.ts';
import type { ExperimentSpec, NormalizedSpec } from '../spec/types.ts';
import { outerFolds, refitAndScore, searchRows } from './evaluate-trial.ts';
import { sequentialExecutor, type TrialExecutor } from './executor.ts';
import { paramImportance } from './importance.ts';
import { createProposer, type Proposer } from './propose.ts';
import { searchLoop, type LoopResult } from './search-loop.ts';
import { sameConfig } from './space.ts';
import { checkResume, resumedTrials } from './search-state.ts';
import { bestTrial, bestSoFar } from './summary.ts';
import type { JobSpec, NestedFoldResult, SearchEvent, SearchResult, SearchState, TrialRecord } from './types.ts';

export interface SearchOptions {
  tf: typeof tfjs;
  cancel: CancelToken;
  onEvent?: (e: SearchEvent) => void;
  /** Tree models: histogram builder for the in-thread fits (default the CPU loop). */
  histograms?: HistogramBuilderFactory;
  /** Runs the trials (a worker pool); default one at a time in this thread. */
  executor?: TrialExecutor;
  /** Continue from a saved state: its finished trials are reused, and the search proposes what it would have next. */
  resume?: SearchState;
  now?: () => number;
}

/** The trial's experiment: the base with the job's values, ASHA's resource, and no search. */
function trialSpec(base: ExperimentSpec, job: JobSpec, dataset: Dataset): NormalizedSpec {
  const spec = applyParams(base, job.params);
  if (job.resource !== undefined) {
    const model = spec.model as unknown as Record<string, unknown>;
    model[ashaResourceField(spec.model!.kind)!] = job.resource;
  }
  return plan(spec, dataset);
}

export async function runSearch(dataset: Dataset, spec: ExperimentSpec, opts: SearchOptions): Promise<SearchResult> {
  const executor = opts.executor ?? sequentialExecutor(dataset, { tf: opts.tf, ...(opts.histograms ? { histograms: opts.histograms } : {}) });
  try {
    return await searchWith(dataset, spec, opts, executor);
  } finally {
    // Warm-start states (ASHA) live as long as the search.
    executor.release?.();
  }
}

async function searchWith(dataset: Dataset, spec: ExperimentSpec, opts: SearchOptions, executor: TrialExecutor): Promise<SearchResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  if (!spec.search) throw benchtopError('spec_invalid', { field: 'search', reason: 'the experiment has no search; add "search": {"space": {...}}' });
  parseSpec(spec);
  const planned = plan(spec, dataset);
  const search = planned.search!;
  const metric = search.metric!;
  const direction = search.direction!;
  const { search: _search, ...base } = normalize(spec);
  const { search: _planned, ...plannedBase } = planned;
  if (opts.resume) checkResume(opts.resume, spec, dataset.fingerprint);
  const rows = searchRows(dataset, plannedBase);
  const fitOpts = { tf: opts.tf, cancel: opts.cancel, ...(opts.histograms ? { histograms: opts.histograms } : {}) };
  const loss = (score: number) => (direction === 'maximize' ? -score : score);
  const phases = 1 + (search.nestedCv?.outer ?? 0);
  const budgetMs = search.timeBudgetS !== undefined ? (search.timeBudgetS * 1000) / phases : undefined;

  const searchOnce = (proposer: Proposer, outer: number | undefined, nestedFolds: number | undefined, elapsedBefore: number): Promise<LoopResult> => {
    const top = proposer.rungs ? proposer.rungs.length - 1 : undefined;
    let best: number | undefined;
    return searchLoop({
      proposer,
      lag: search.concurrency,
      slots: executor.slots,
      loss,
      cancel: opts.cancel,
      now,
      ...(budgetMs !== undefined ? { budgetMs } : {}),
      elapsedBefore,
      resumed: resumedTrials(opts.resume, outer),
      run: async (job) => {
        // ASHA: a promotion continues the training its lower rung left (warm-store.ts); the top rung keeps nothing.
        const warm = job.rung !== undefined && top !== undefined ? { warm: { key: `${outer ?? 'main'}/${job.trial}`, keep: job.rung < top } } : {};
        const s = await executor.run(
          { index: job.index, spec: trialSpec(base, job, dataset), ...(outer !== undefined ? { nested: { outer, folds: nestedFolds! } } : {}), ...warm },
          opts.cancel,
        );
        return { score: s.metrics[metric]!, std: s.std[metric]!, metrics: s.metrics };
      },
      onTrial: (record, resumed) => {
        const r = outer !== undefined ? { ...record, outer } : record;
        // Best so far by completion (the result's bestSoFar is by proposal order); full trainings only.
        if (r.status === 'done' && Number.isFinite(r.score) && (top === undefined || r.rung === top) && (best === undefined || loss(r.score!) < loss(best))) best = r.score!;
        opts.onEvent?.({ type: 'trial', trial: r, resumed, ...(best !== undefined ? { best } : {}) });
      },
    }).then((res) => (outer === undefined ? res : { ...res, trials: res.trials.map((t) => ({ ...t, outer })) }));
  };

  opts.onEvent?.({ type: 'phase', phase: 'search' });
  const proposer = createProposer(search, planned.seed);
  const main = await searchOnce(proposer, undefined, undefined, opts.resume?.elapsedMs ?? 0);
  const top = proposer.rungs ? proposer.rungs.length - 1 : undefined;
  const best = bestTrial(main.trials, loss, top);
  const bestSpec = best ? trialSpec(base, best, dataset) : undefined;
  // A cancel during the refits ends the search like one between trials: the result and its state come back.
  const stopped = (e: unknown) => {
    if (!(isBenchtopError(e) && e.code === 'cancelled' && opts.cancel.cancelled)) throw e;
  };

  let finalTest: SearchResult['finalTest'];
  const earlier = opts.resume?.finalTest;
  if (best && earlier && sameConfig(earlier.params, best.params)) {
    // Scored in an earlier session: the locked rows are not scored again.
    finalTest = earlier.result;
  } else if (bestSpec && rows.finalTest && !opts.cancel.cancelled) {
    opts.onEvent?.({ type: 'phase', phase: 'final-test' });
    try {
      const r = await refitAndScore(dataset, rows.target, rows.finalTest, bestSpec, fitOpts, 'final');
      finalTest = { metrics: r.metrics, baselineMetrics: r.baselineMetrics, rows: rows.finalTest.test.length };
    } catch (e) {
      stopped(e);
    }
  }

  const innerTrials: TrialRecord[] = [];
  let nested: SearchResult['nested'];
  if (search.nestedCv && !opts.cancel.cancelled) {
    const k = search.nestedCv.outer;
    const outer = outerFolds(dataset, planned, k);
    const folds: NestedFoldResult[] = [];
    for (let o = 0; o < k && !opts.cancel.cancelled; o++) {
      opts.onEvent?.({ type: 'phase', phase: 'nested', outer: o });
      const p = createProposer(search, planned.seed);
      const inner = await searchOnce(p, o, k, 0);
      innerTrials.push(...inner.trials);
      const pick = bestTrial(inner.trials, loss, p.rungs ? p.rungs.length - 1 : undefined);
      if (!pick || inner.stopReason === 'cancelled') continue;
      try {
        const r = await refitAndScore(dataset, outer.target, outer.folds[o]!, trialSpec(base, pick, dataset), fitOpts, `nested${o}`);
        folds.push({ outer: o, params: pick.params, innerScore: pick.score!, score: r.metrics[metric]!, trials: inner.trials.length });
      } catch (e) {
        stopped(e);
      }
    }
    if (folds.length > 0) {
      const mean = folds.reduce((a, f) => a + f.score, 0) / folds.length;
      nested = { folds, mean, std: Math.sqrt(folds.reduce((a, f) => a + (f.score - mean) ** 2, 0) / folds.length) };
    }
  }

  const scored = main.trials.filter((t) => t.status === 'done' && Number.isFinite(t.score) && (top === undefined || t.rung === 0));
  const state: SearchState = {
    version: 1, spec, datasetFingerprint: dataset.fingerprint, elapsedMs: main.elapsedMs, trials: [...main.trials, ...innerTrials],
    ...(finalTest && best ? { finalTest: { params: best.params, result: finalTest } } : {}),
  };
  return {
    spec: planned,
    metric,
    direction,
    trials: main.trials,
    ...(best && bestSpec
      ? { best: { index: best.index, trial: best.trial, params: best.params, score: best.score!, ...(best.std !== undefined ? { std: best.std } : {}), ...(best.metrics ? { metrics: best.metrics } : {}), spec: bestSpec } }
      : {}),
    bestSoFar: bestSoFar(main.trials, loss, top),
    importance: paramImportance(search.space, scored.map((t) => ({ params: t.params, score: t.score! }))),
    ...(finalTest ? { finalTest } : {}),
    ...(nested ? { nested } : {}),
    stopReason: opts.cancel.cancelled ? 'cancelled' : main.stopReason,
    durationMs: now() - started,
    state,
  };
}
