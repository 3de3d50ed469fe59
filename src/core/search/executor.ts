/**
 * Who runs a trial. The search decides what to run; an executor runs it, here in this thread
 * (sequentialExecutor), or in a pool of workers that each hold the dataset. A trial request is
 * plain data, so a pool can post it as it is: the worker calls evaluateTrial on its copy of
 * the dataset and posts the score back.
 */
import type { Dataset } from '../data/types.ts';
import type { CancelToken } from '../jobs.ts';
import type { RunOptions } from '../train/run-experiment.ts';
import { evaluateTrial, type TrialRequest, type TrialScore } from './evaluate-trial.ts';
import { WarmStore } from './warm-store.ts';

export interface TrialExecutor {
  /** Trials it can run at once. */
  readonly slots: number;
  /** Resolves with the trial's cross-validated score; rejects with the trial's error (or `cancelled`). */
  run(request: TrialRequest, cancel: CancelToken): Promise<TrialScore>;
  /** Frees the warm-start states it keeps (ASHA); the search calls it when it ends. */
  release?(): void;
}

/** One trial at a time in this thread, on the given tfjs and histogram builder, keeping warm-start states here. */
export function sequentialExecutor(dataset: Dataset, opts: Pick<RunOptions, 'tf' | 'histograms'>, warm: WarmStore = new WarmStore()): TrialExecutor {
  return {
    slots: 1,
    run: (request, cancel) => evaluateTrial(dataset, request, { ...opts, cancel, warm }),
    release: () => warm.release(),
  };
}
